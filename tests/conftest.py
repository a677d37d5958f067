"""Shared fixtures: the site is built once, strictly, and served on 127.0.0.1.

The build uses SITE_URL = the address the test server listens on, so the
canonical URLs the pages carry are the ones a browser test sees. Building,
serving and the browser come from support.py, which the benchmark shares.
"""

import sys
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, ROOT, Site, build, free_port, launch_chromium, serve  # noqa: F401

# The lockfile tool and the link-target module the hooks use, importable by tests.
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "overrides" / "hooks")]


def pytest_configure(config):
    # Select with -m: the Pages workflow runs `-m "not browser and not zensical"`.
    config.addinivalue_line("markers", "browser: drives Debian's Chromium (/usr/bin/chromium)")
    config.addinivalue_line("markers", "zensical: needs .venv-zensical (make check-zensical installs it)")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site")
    done = build(ROOT, out, site_url=url)
    assert done.returncode == 0, f"strict build failed:\n{done.stdout}\n{done.stderr}"
    assert "WARNING" not in done.stderr, done.stderr
    return Site(out, url)


@pytest.fixture(scope="session")
def server(site):
    port = int(site.url.rsplit(":", 1)[1].strip("/"))
    host = serve(site.dir, port)
    yield site
    host.shutdown()


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
