"""Shared fixtures: the site is built once, strictly, and served on 127.0.0.1.

The build uses SITE_URL = the address the test server listens on, so the
canonical URLs the pages carry are the ones a browser test sees.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
# The lockfile tool and the link-target module the hooks use, importable by tests.
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "overrides" / "hooks")]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_configure(config):
    # Select with -m: the Pages workflow runs `-m "not browser and not zensical"`.
    config.addinivalue_line("markers", "browser: drives Debian's Chromium (/usr/bin/chromium)")
    config.addinivalue_line("markers", "zensical: needs .venv-zensical (make check-zensical installs it)")


def build(project: Path, site_dir: Path, site_url: str | None = "http://127.0.0.1:8000/", cwd: Path = None, **env):
    """Run a strict MkDocs build (from the project's folder unless cwd says
    otherwise); return the finished process (never raises). site_url=None
    builds as without SITE_URL (a local or preview build)."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environ.pop("SITE_URL", None)
    if site_url is not None:
        environ["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=cwd or project, capture_output=True, text=True, env=environ,
    )


@dataclass
class Site:
    dir: Path
    url: str  # with trailing slash

    def pages(self):
        """Built content pages (what the sitemap and nav should list), in path order."""
        found = []
        for path in sorted(self.dir.rglob("*.html")):
            if path.name == "404.html":
                continue
            if 'class="md-content__inner' in path.read_text(encoding="utf-8"):
                found.append(path)
        return found

    def url_of(self, path: Path) -> str:
        rel = path.relative_to(self.dir).as_posix()
        return urljoin(self.url, rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def soup(self, path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def page(self, url_path: str) -> Path:
        """The built file for a site path such as 'faq/'."""
        path = self.dir / url_path
        return path / "index.html" if url_path.endswith("/") or not url_path else path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files as a real host serves them, with the site's own 404 page."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        else:
            super().send_error(code, message, explain)


def serve(directory: Path, port: int):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


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
    httpd = serve(site.dir, port)
    yield site
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
