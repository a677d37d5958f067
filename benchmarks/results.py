"""The record of a run: when, on what, with which versions and command; results.json in and out."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from support import CHROMIUM

PACKAGES = ["mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-minify-plugin", "playwright"]


def machine() -> dict:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) * 1024
    return {
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem / 2**30, 1),
        "system": f"{platform.system()} {platform.machine()}",
    }


def versions(lighthouse: str) -> dict:
    out = {"python": platform.python_version(), **{name: version(name) for name in PACKAGES}}
    out["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    out["node"] = (
        subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        if shutil.which("node")
        else None
    )
    out["lighthouse"] = lighthouse
    return out


def commit(root: Path) -> str | None:
    done = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return done.stdout.strip() or None


def record(root: Path, lighthouse: str, args: dict) -> dict:
    return {
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m benchmarks " + shlex.join(sys.argv[1:]),
        "options": args,
        "commit": commit(root),
        "machine": machine(),
        "versions": versions(lighthouse),
        "load_average": {"start": round(os.getloadavg()[0], 2)},
    }


def save(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
