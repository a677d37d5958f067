"""Where one build's time goes, from Python's own profiler (cProfile).

The build runs under `python -m cProfile` in a new process; the profile is
read with pstats into three views:

- the plugin and hook events (`on_page_content`, `on_post_page`, ...) with
  the time spent inside each, callees included;
- the build's own steps: Markdown to HTML, rendering the page template,
  writing files;
- Jinja templates by file, time in the template's own code: which part of
  Material's page template costs most (the nav, the table of contents).

Profiling slows a build down (about 1.5x), so these are shares of a
profiled build, not wall times.
"""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

# The build's own steps (MkDocs and Jinja functions), with callees.
STEPS = {
    ("mkdocs/structure/pages.py", "render"): "Markdown to HTML (Page.render)",
    ("jinja2/environment.py", "render"): "rendering Jinja templates (Template.render)",
    ("mkdocs/commands/build.py", "_build_page"): "building pages (_build_page: template, events, writing)",
    ("mkdocs/utils/__init__.py", "write_file"): "writing files",
    ("mkdocs/commands/build.py", "_populate_page"): "reading and converting pages (_populate_page)",
    ("mkdocs/commands/build.py", "build"): "the whole build (build)",
}


def profile(config: Path, site_dir: Path, cwd: Path, site_url: str) -> dict:
    out = site_dir.parent / f"{site_dir.name}.prof"
    cmd = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site_dir),
    ]
    start = time.perf_counter()
    done = subprocess.run(
        cmd,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url},
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"profiled build of {config} failed:\n{done.stderr[-4000:]}")
    stats = pstats.Stats(str(out)).stats  # {(file, line, name): (cc, nc, tottime, cumtime, callers)}
    out.unlink()
    total = max(v[3] for v in stats.values())
    events, steps, templates = {}, {}, {}
    for (file, _line, name), (_cc, _nc, tottime, cumtime, _callers) in stats.items():
        path = file.replace(os.sep, "/")
        if name.startswith("on_") and path.endswith(".py") and not path.endswith("mkdocs/plugins.py"):
            events[f"{owner(path)} {name}"] = events.get(f"{owner(path)} {name}", 0) + cumtime
        for (suffix, fn), label in STEPS.items():
            if name == fn and path.endswith(suffix):
                steps[label] = max(steps.get(label, 0), cumtime)
        if path.endswith(".html") or path.endswith(".xml"):
            key = template(path)
            templates[key] = templates.get(key, 0) + tottime
    top = lambda d, n: [[k, round(v, 3)] for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n] if v >= 0.005]  # noqa: E731
    return {
        "wall_seconds": seconds,
        "profiled_seconds": total,
        "events": top(events, 14),
        "steps": top(steps, 10),
        "templates": top(templates, 10),
    }


def owner(path: str) -> str:
    """Who a plugin event belongs to: 'material/plugins/search', 'overrides/hooks/sections.py', ..."""
    if "/site-packages/" in path:
        parts = path.split("/site-packages/", 1)[1].split("/")
        return "/".join(parts[:3]).removesuffix(".py") if parts[0] == "material" else parts[0]
    parts = path.split("/")
    for anchor in ("overrides", "benchmarks"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return parts[-1]


def template(path: str) -> str:
    parts = path.split("/")
    for anchor in ("templates", "overrides"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    return parts[-1]
