"""Nothing outside includes/ and docs/ can be pulled into the site.

pymdownx.snippets reads includes from its base_path, includes/, and refuses
`../` paths, but it resolves base_path from the working directory and it
follows symbolic links, and so does MkDocs when it copies docs/: a link such
as includes/passwd -> /etc/passwd would publish that file. This hook

- resolves base_path from the folder of mkdocs.yml, as MkDocs does docs_dir,
  so `mkdocs build -f path/to/mkdocs.yml` works from any directory (MkDocs'
  own `!relative` tag would do it too, but Zensical cannot read it);
- fails the build, naming the file, when anything under includes/ or docs/
  resolves (realpath) outside its folder, or when the snippets settings
  would let an include come from anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SNIPPETS = "pymdownx.snippets"


@event_priority(100)  # before anything reads the snippets settings
def on_config(config, **kwargs):
    settings = config["mdx_configs"].get(SNIPPETS, {})
    bases = settings.get("base_path")
    where = f"{os.path.basename(config.config_file_path)}: {SNIPPETS}"
    if not isinstance(bases, list) or len(bases) != 1:
        raise PluginError(f"{where}: base_path must name one folder, includes (found {bases!r})")
    if settings.get("restrict_base_path") is False or settings.get("url_download"):
        raise PluginError(f"{where}: restrict_base_path must stay on and url_download off")
    base = Path(os.path.dirname(config.config_file_path), bases[0])
    if not base.is_dir():
        raise PluginError(f"{where}: base_path {bases[0]} is not a folder beside mkdocs.yml")
    settings["base_path"] = [str(base)]
    return config


def escapes(folder: Path) -> list[str]:
    """Entries under folder (itself included) whose real path lies outside it."""
    if folder.is_symlink():
        return [f"{folder} is a symbolic link to {os.path.realpath(folder)}"]
    root = os.path.realpath(folder)
    found = []
    for parent, dirs, files in os.walk(folder):  # does not follow links, but lists them
        for name in dirs + files:
            path = os.path.join(parent, name)
            real = os.path.realpath(path)
            if os.path.commonpath([root, real]) != root:
                found.append(f"{os.path.relpath(path, folder.parent)} resolves to {real}, outside {folder.name}/")
    return found


@event_priority(100)  # before any other hook reads a file in includes/
def on_pre_build(config, **kwargs):
    found = []
    base = Path(config["mdx_configs"][SNIPPETS]["base_path"][0])
    for folder in (base, Path(config["docs_dir"])):
        found += escapes(folder)
    if found:
        raise PluginError("files may not point outside their folder:\n  " + "\n  ".join(found))
