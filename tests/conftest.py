"""Shared fixtures: each edition of the site is built once per run, strictly,
and the ones a browser visits are served on 127.0.0.1.

The suite runs in two processes (pytest-xdist, settings in pyproject.toml).
The first process (the controller, or the only one with `-n0`) picks a port
for each served edition and serves its folder for the whole run; whichever
process first asks for an edition builds it, under a lock, into a folder
they all share (support.Shared). An edition is built with SITE_URL = the
address it is served on, so the canonical URLs the pages carry are the ones
a browser test sees.

Editions, each built once: the site; Material's defaults on the same docs
("defaults", the bench's baseline overlay); the site without SITE_URL
("unpublished", as on a laptop or a preview host); the site with hostile
titles ("payload"); the site outside git; the print edition (`make pdf`)
and the offline edition (`make offline`). Building, serving and the browser
come from support.py, which the benchmark shares.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from support import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    PROJECT_PARTS,
    ROOT,
    Shared,
    Site,
    build,
    copy_project,
    free_port,
    launch_chromium,
    serve,
    strict_build_problem,
)

# The hooks' modules and the lockfile tool, importable by tests.
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "hooks")]

# Editions a browser visits: served by the controller for the whole run.
SERVED = ("site", "unpublished", "payload")
ENV = "HB_TESTS"  # where the controller tells the workers about the shared folder and the addresses


def pytest_configure(config):
    if hasattr(config, "workerinput"):
        return  # a worker: the controller has set everything up
    root = Path(tempfile.mkdtemp(prefix="handbook-tests-"))
    hosts, urls = [], {}
    for name in SERVED:
        folder = root / name
        folder.mkdir()
        host = serve(folder, free_port())
        hosts.append(host)
        urls[name] = host.url
    config._hb_hosts, config._hb_root = hosts, root
    os.environ[ENV] = json.dumps({"root": str(root), "urls": urls})
    # Every build of the run, copies of the project included, shares the
    # project's build cache (hooks/handbook/cache.py: preview cards, visible text).
    os.environ.setdefault("HANDBOOK_CACHE", str(ROOT / ".cache"))


def pytest_unconfigure(config):
    for host in getattr(config, "_hb_hosts", []):
        host.shutdown()
    if getattr(config, "_hb_root", None):
        shutil.rmtree(config._hb_root, ignore_errors=True)


def _setup() -> dict:
    return json.loads(os.environ[ENV])


@pytest.fixture(scope="session")
def shared() -> Shared:
    return Shared(Path(_setup()["root"]))


def served(shared: Shared, name: str, make) -> Site:
    """An edition that the controller serves, built by make(folder, url) once."""
    url = _setup()["urls"][name]
    return Site(shared.get(name, lambda folder: make(folder, url)), url)


@pytest.fixture(scope="session")
def site(shared) -> Site:
    """The site as published, served at the address it was built for."""
    return served(shared, "site", lambda out, url: strict_build_problem(build(ROOT, out, site_url=url)))


@pytest.fixture(scope="session")
def server(site) -> Site:
    """The site, for browser tests: the controller serves it for the whole run."""
    return site


@pytest.fixture(scope="session")
def unpublished(shared) -> Site:
    """The site built without SITE_URL, as on a laptop or a preview host, served on a port of its own."""
    return served(shared, "unpublished", lambda out, url: strict_build_problem(build(ROOT, out, site_url=None)))


@pytest.fixture(scope="session")
def outside_git(shared, tmp_path_factory) -> Path:
    """The site built from a copy of the project that is not a git checkout,
    run from another working directory (paths resolve from mkdocs.yml's folder)."""

    def make(out: Path) -> str | None:
        project = copy_project(tmp_path_factory.mktemp("no-git"))
        return strict_build_problem(build(project, out, cwd=tmp_path_factory.mktemp("elsewhere")))

    return shared.get("outside-git", make)


def _make(target: str, dist: Path, *extra: str) -> str | None:
    done = subprocess.run(
        ["make", "--no-print-directory", target, f"DIST={dist}", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    return None if done.returncode == 0 else f"make {target} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="session")
def print_edition(shared) -> Path:
    """`make pdf`'s output folder: handbook.pdf, and the page it printed (kept: KEEP_HTML=1)."""
    return shared.get("print", lambda dist: _make("pdf", dist, "KEEP_HTML=1"))


@pytest.fixture(scope="session")
def offline_edition(shared) -> Path:
    """`make offline`'s zip, unzipped as a reader would: the handbook-offline/ folder."""

    def make(dist: Path) -> str | None:
        if problem := _make("offline", dist):
            return problem
        archive = dist / "handbook-offline.zip"
        if not archive.exists() or (dist / "handbook-offline").exists():
            return f"make offline left {sorted(p.name for p in dist.iterdir())}, not the zip alone"
        with zipfile.ZipFile(archive) as z:
            if not all(name.startswith("handbook-offline/") for name in z.namelist()):
                return "the zip holds files outside handbook-offline/"
            z.extractall(dist / "unzipped")
        return None

    return shared.get("offline", make) / "unzipped" / "handbook-offline"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project to break one way (the real files are never touched)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


def csp_violations(context) -> list:
    """Every Content-Security-Policy violation in the context's pages from now on, as text."""
    found = []
    context.expose_binding("hbCspViolation", lambda source, text: found.append(text))
    context.add_init_script("""document.addEventListener("securitypolicyviolation", event =>
        window.hbCspViolation(`${location.pathname}: ${event.effectiveDirective} blocked `
                              + `${event.blockedURI || "inline"} ${event.sample || ""}`));""")
    context.on("console", lambda message: "Content Security Policy" in message.text and found.append(message.text))
    return found


@pytest.fixture(scope="session")
def defaults(shared, tmp_path_factory) -> Site:
    """Material's defaults on the same docs (benchmarks/overlays/baseline.yml),
    built as `make bench` builds them, once per run."""
    url = "http://127.0.0.1:8000/"

    def make(out: Path) -> str | None:
        project = copy_project(tmp_path_factory.mktemp("defaults"), [*PROJECT_PARTS, "benchmarks/overlays"])
        config = project / ".bench-baseline.yml"
        config.write_text((ROOT / "benchmarks" / "overlays" / "baseline.yml").read_text(encoding="utf-8"))
        done = build(project, out, site_url=url, config=config, strict=False)
        return None if done.returncode == 0 else f"exit {done.returncode}\n{done.stderr[-3000:]}"

    return Site(shared.get("defaults", make), url)
