"""The configurations the bench builds, and timed builds of them.

Every configuration other than mkdocs.yml itself is a small YAML file in
overlays/ that INHERITs mkdocs.yml and changes only what it names. MkDocs
resolves a configuration's paths (docs, hooks, plugin files) from the
folder of the file it is given, so an overlay is placed beside mkdocs.yml
(`.bench-<name>.yml`, removed again after the run) and written with the
paths of mkdocs.yml. Nothing here rewrites mkdocs.yml. Before a run the
overlays are checked against mkdocs.yml, so one that has drifted stops the
bench with its file named instead of measuring something else.
"""

from __future__ import annotations

import atexit
import logging
import os
import time
from pathlib import Path

import yaml

from support import build as mkdocs_build

from . import ROOT

OVERLAYS = ROOT / "benchmarks" / "overlays"
BASELINE = "baseline"
# What each feature costs: this site without one thing (overlay, what is taken away).
FEATURES = [
    ("without-palette", "the light/dark toggle (one light palette)"),
    ("without-extras", "the handbook's script (extra.js)"),
    ("without-features", "every feature flag"),
]
# What the handbook's own way of doing something saves: this site with
# Material's way back (overlay, what Material's way is). Checked as fixes
# are: they add or change, and take nothing away.
ALTERNATIVES = [
    ("material-palette", "Material's palette component instead of the handbook's dark/light control"),
    ("material-instant", "Material's instant navigation instead of speculation rules"),
    ("material-tooltips", "Material's tooltips instead of the handbook's glossary definitions"),
]
# Lists an overlay may take items from (compared item by item with mkdocs.yml's).
LISTS = ["theme.features", "hooks", "plugins", "extra_css", "extra_javascript", "markdown_extensions"]
# Mappings compared whole.
VALUES = ["theme.palette", "theme.font", "theme.custom_dir", "docs_dir", "strict"]
_placed: set[Path] = set()


def placed(name: str, root: Path = ROOT) -> Path:
    """overlays/<name>.yml, written beside root/mkdocs.yml so its paths mean what mkdocs.yml's do."""
    source = OVERLAYS / f"{name}.yml"
    if not source.is_file():
        raise OverlayError(f"{source.relative_to(ROOT)} is missing")
    path = root / f".bench-{name}.yml"
    path.write_text(
        f"# Placed here by benchmarks/variants.py from {source.relative_to(ROOT)}; removed after the run.\n"
        + source.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    _placed.add(path)
    return path


@atexit.register
def remove_placed() -> None:
    for path in _placed:
        path.unlink(missing_ok=True)
    _placed.clear()


class OverlayError(SystemExit):
    pass


def load(path: Path):
    """An MkDocs configuration as MkDocs itself reads it (INHERIT, !ENV and all)."""
    from mkdocs.config import load_config

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    old = os.getcwd()
    try:
        os.chdir(path.parent)
        return load_config(str(path))
    finally:
        os.chdir(old)
        quiet.setLevel(level)


def facts(config) -> dict[str, object]:
    """The settings the overlays change, in comparable form (hook modules by file, plugins by name)."""
    theme = config["theme"]
    return {
        "theme.features": list(theme.get("features") or []),
        "theme.palette": theme.get("palette"),
        "theme.font": theme.get("font"),
        "theme.custom_dir": str(Path(theme.dirs[0]).resolve()) if theme.custom_dir else None,
        "hooks": [
            str(Path(module.__file__).resolve().relative_to(Path(config.config_file_path).resolve().parent))
            for module in config["hooks"].values()
        ],
        "plugins": [name for name in config["plugins"] if not name.endswith(".py")],
        "plugin options": {
            f"{name}.{key}": value
            for name, plugin in config["plugins"].items()
            if not name.endswith(".py")
            for key, value in plugin.config.items()
        },
        "extra_css": [str(x) for x in config["extra_css"]],
        "extra_javascript": [str(x) for x in config["extra_javascript"]],
        "markdown_extensions": list(config["markdown_extensions"]),
        "docs_dir": str(Path(config["docs_dir"]).resolve()),
        "strict": config["strict"],
        "watch": [str(Path(w).resolve()) for w in config["watch"]],
    }


def changes(site: dict, variant: dict) -> list[str]:
    """What a variant changes, as '-item' / '+item' / 'key: value' lines."""
    out = []
    for key in LISTS:
        out += [f"{key} -{x}" for x in site[key] if x not in variant[key]]
        out += [f"{key} +{x}" for x in variant[key] if x not in site[key]]
    out += [f"{key}: {variant[key]!r}" for key in VALUES if variant[key] != site[key]]
    options = site["plugin options"]
    out += [
        f"plugins.{key}: {value!r}"
        for key, value in variant["plugin options"].items()
        if key in options and options[key] != value
    ]
    return out


def site_facts() -> dict:
    """What mkdocs.yml configures, for the overlays to be compared with."""
    return facts(load(ROOT / "mkdocs.yml"))


def check_baseline(name: str = BASELINE) -> list[str]:
    """The baseline's theme must be Material's own defaults; returns what it changes from this site."""
    import material

    defaults = yaml.safe_load((Path(material.__file__).parent / "templates" / "mkdocs_theme.yml").read_text())
    source = OVERLAYS / f"{name}.yml"
    config = load(placed(name))
    theme = config["theme"]
    wrong = [
        f"theme.{k}: {theme.get(k)!r}, Material's default {v!r}"
        for k, v in defaults.items()
        if k != "static_templates" and theme.get(k) != v
    ]
    extra = [k for k in theme if k not in defaults and k not in ("name", "locale", "palette", "custom_dir")]
    wrong += [f"theme.{k} set, Material has no default" for k in extra]
    if theme.get("palette"):
        wrong.append("theme.palette is set; Material's defaults have none")
    if (
        set(config["plugins"]) != {"material/search"}
        or config["hooks"]
        or config["extra_css"]
        or config["extra_javascript"]
    ):
        wrong.append("plugins other than search, hooks or extra CSS/JS")
    if wrong:
        raise OverlayError(f"{source.relative_to(ROOT)} is not Material's defaults: " + "; ".join(wrong))
    return changes(site_facts(), facts(config))


def check_variant(name: str, site: dict) -> list[str]:
    """A feature variant may only take things away from this site; returns what it takes."""
    path = OVERLAYS / f"{name}.yml"
    taken = changes(site, facts(load(placed(name))))
    added = [c for c in taken if " +" in c]
    if added:
        raise OverlayError(
            f"{path.relative_to(ROOT)} adds what mkdocs.yml does not have ({', '.join(added)}): "
            "restate the list from mkdocs.yml less what the variant takes away"
        )
    if not taken:
        raise OverlayError(f"{path.relative_to(ROOT)} changes nothing")
    return taken


def check_fix(name: str, site: dict) -> list[str]:
    """A candidate fix, or Material's way put back (ALTERNATIVES), may add or
    change settings but take nothing away; returns what it changes."""
    path = OVERLAYS / f"{name}.yml"
    made = changes(site, facts(load(placed(name))))
    taken = [c for c in made if " -" in c]
    if taken or not made:
        raise OverlayError(
            f"{path.relative_to(ROOT)} "
            + (
                f"takes away what mkdocs.yml has ({', '.join(taken)}): restate the list from mkdocs.yml"
                if taken
                else "changes nothing: mkdocs.yml may have taken it; drop it from SCALING_FIXES or ALTERNATIVES"
            )
        )
    return made


def build(config: Path, site_dir: Path, site_url: str, strict: bool = False, cwd: Path = ROOT) -> float:
    """One MkDocs build in a new process; wall seconds. A failed build stops the bench."""
    start = time.perf_counter()
    done = mkdocs_build(cwd, site_dir, site_url, config=config, strict=strict)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{done.stdout}\n{done.stderr[-4000:]}")
    return seconds
