"""Benchmark this handbook against Material's defaults; write benchmarks/report.md.

Run it with `make bench` (about 20 minutes on two cores). In one run it:

1. builds this site and a *baseline*: the same docs/ with Material's defaults
   (this mkdocs.yml with `theme` cut down to `name: material`, default fonts,
   no custom_dir, extra CSS/JS, hooks or plugins other than search; the
   Markdown extensions stay so the pages render), five times each, timed;
2. serves both on 127.0.0.1 with gzip, as a static host does, and drives
   Debian's Chromium through Playwright: requests and bytes of a cold first
   load, bytes of a click from another page, LCP and CLS from the browser's
   own PerformanceObserver entries, and how long search takes to answer;
3. runs Lighthouse (from the npm registry, exact version) on every page of
   this site with the mobile and desktop presets, and on the baseline's home
   page for comparison, if Node.js is installed;
4. builds synthetic copies of the handbook at 1x, 10x and 50x its pages and
   reports how build time, search index and page weight grow;
5. rebuilds this site with one feature taken away at a time (the palette
   toggle, tooltips, instant navigation, the section hook, the handbook's
   CSS and JS, every feature flag) and measures what each one costs.

Nothing here is a pass/fail check: the budgets are tests/test_budgets.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import gzip
import http.server
import json
import mimetypes
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "report.md"
SCALE_HOOK = ROOT / "benchmarks" / "scale_hook.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LIGHTHOUSE = "lighthouse@12.8.2"  # exact: scores move between Lighthouse releases
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GZIP_LEVEL = 6  # what static hosts and CDNs typically use
# Lighthouse's mobile preset, applied by the browser for the LCP/CLS loads:
# a mid-range phone on a slow 4G connection.
MOBILE = dict(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True)
MOBILE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1638.4 * 1024 / 8,
                  "uploadThroughput": 750 * 1024 / 8}
MOBILE_CPU_SLOWDOWN = 4
DESKTOP = dict(viewport={"width": 1350, "height": 940})
# Words the handbook is about; the first ones found in both search indexes are typed.
QUERIES = ["influence", "mentor", "architect", "diplomat", "conflict", "trust", "decision", "team",
           "leader", "technical"]
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
# (copies, variant): the handbook as configured, then two variants that show
# where super-linear growth comes from.
SCALES = [(1, ""), (10, ""), (50, ""), (10, "no-minify"), (10, "tabs+prune")]
# What each feature costs: this site built again with one thing taken away
# (key, what is taken away), measured the same way on a few pages.
FEATURE_VARIANTS = [
    ("palette", "the light/dark palette toggle (light palette only)"),
    ("tooltips", "Material's tooltips (`content.tooltips`)"),
    ("instant", "instant navigation (`navigation.instant`, `.progress`)"),
    ("sections", "the section hook (copy buttons, short links)"),
    ("extras", "the handbook's CSS and JS"),
    ("features", "every feature flag"),
]
COST_PAGES = 3


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


# ---------------------------------------------------------------------------
# Configuration: read mkdocs.yml without resolving its tags, write variants.
# ---------------------------------------------------------------------------

@dataclass
class Tagged:
    """A YAML value with a tag this loader does not resolve (!ENV, !relative, !!python/name:...)."""
    tag: str
    value: object


class TolerantLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader, suffix, node):
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(tag, value)


TolerantLoader.add_multi_constructor("!", _construct_tagged)
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class TaggedDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper, data: Tagged):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


TaggedDumper.add_representer(Tagged, _represent_tagged)


def load_config(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=TolerantLoader)


def write_config(config: dict, path: Path) -> Path:
    path.write_text(yaml.dump(config, Dumper=TaggedDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def absolutise(value, docs: Path):
    """Resolve `!relative` tags (MkDocs' own) against the real project before the file moves."""
    if isinstance(value, Tagged) and value.tag == "!relative":
        where = str(value.value or "$config_dir")
        if where.startswith("$docs_dir"):
            return str(docs / where[len("$docs_dir"):].lstrip("/"))
        if where.startswith("$config_dir"):
            return str(ROOT / where[len("$config_dir"):].lstrip("/"))
        return str(ROOT / where)
    if isinstance(value, dict):
        return {k: absolutise(v, docs) for k, v in value.items()}
    if isinstance(value, list):
        return [absolutise(v, docs) for v in value]
    return value


def baseline_config(site_url: str) -> dict:
    """This project's mkdocs.yml with Material's defaults instead of our theme setup."""
    config = absolutise(load_config(ROOT / "mkdocs.yml"), ROOT / "docs")
    keep = {k: v for k, v in config.items() if k not in {
        "theme", "plugins", "hooks", "extra", "extra_css", "extra_javascript", "extra_templates",
        "watch", "docs_dir", "site_dir", "strict", "site_url"}}
    return {
        **keep,
        "site_url": site_url,
        "docs_dir": str(ROOT / "docs"),
        "theme": {"name": "material"},
        "plugins": ["search"],
    }


def relocated_config(site_url: str, docs: Path) -> dict:
    """This project's mkdocs.yml, buildable from a file elsewhere: project paths absolute, not strict."""
    config = absolutise(load_config(ROOT / "mkdocs.yml"), ROOT / "docs")
    theme = config["theme"]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    config.update({
        "docs_dir": str(docs),
        "site_url": site_url,
        "strict": False,
        "hooks": [str(ROOT / h) for h in config.get("hooks", [])],
        "plugins": project_paths(config.get("plugins", [])),
    })
    # Snippets' base_path is read from the folder of mkdocs.yml (overrides/hooks/confined.py).
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = extension["pymdownx.snippets"]
            options["base_path"] = [str(ROOT / base) for base in options.get("base_path", [])]
    config.pop("watch", None)
    return config


def scaled_project(work: Path, factor: int, site_url: str, variant: str = "") -> Path:
    """The handbook with every nav page copied factor-1 times under new names, in a generated nav."""
    docs = work / "docs"
    config = relocated_config(site_url, docs)
    shutil.copytree(ROOT / "docs", docs)
    base_nav = config.get("nav") or [str(p.relative_to(docs).as_posix()) for p in sorted(docs.rglob("*.md"))]
    pages = nav_files(base_nav)
    nav = list(base_nav)
    for k in range(2, factor + 1):
        for page in pages:
            (docs / copy_name(page, k)).write_text((docs / page).read_text(encoding="utf-8"), encoding="utf-8")
        nav.append({f"Copy {k}": rename_nav(base_nav, k)})
    theme = config["theme"]
    config["nav"] = nav
    # The copies' ids are made unique by the first hook (section ids must be unique site-wide).
    config["hooks"] = [str(SCALE_HOOK)] + config["hooks"]
    if variant == "no-minify":
        config["plugins"] = [p for p in config["plugins"] if "minify" not in (p if isinstance(p, dict) else {p: 0})]
    elif variant == "tabs+prune" and isinstance(theme, dict):
        theme["features"] = list(theme.get("features") or []) + ["navigation.tabs", "navigation.prune"]
    elif variant:
        raise ValueError(f"unknown variant {variant!r}")
    return write_config(config, work / "mkdocs.yml")


def project_paths(value):
    """Plugin options naming a file of the project (overrides/x.html) made absolute for a config elsewhere."""
    if isinstance(value, str) and "/" in value and "://" not in value and not value.startswith("/") \
            and (ROOT / value).exists():
        return str(ROOT / value)
    if isinstance(value, dict):
        return {k: project_paths(v) for k, v in value.items()}
    if isinstance(value, list):
        return [project_paths(v) for v in value]
    return value


def nav_files(items) -> list[str]:
    found = []
    for item in items:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                found += nav_files(value)
            elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
                found.append(value)
    return found


def rename_nav(items, k: int):
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(copy_name(item, k))
        elif isinstance(item, dict):
            out.append({title: rename_nav(value, k) if isinstance(value, list) else copy_name(value, k)
                        for title, value in item.items()})
    return out


def copy_name(path: str, k: int) -> str:
    if "://" in path or not path.endswith(".md"):
        return path
    return f"{path[:-3]}--copy-{k:02d}.md"


# ---------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------

def build(config: Path, site_dir: Path, site_url: str, strict: bool) -> float:
    """One MkDocs build from the project root (snippet paths are relative to it); seconds."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    if strict:
        cmd.insert(4, "--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def nav_pages(site: Path) -> list[str]:
    """Site paths of the pages in the primary nav, home first, in nav order."""
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):]
    nav = nav[: nav.index("md-sidebar--secondary")] if "md-sidebar--secondary" in nav else nav
    found = [""]
    for href in re.findall(r'<a href="([^"#]*)"[^>]*class="md-nav__link', nav) + re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"#]*)"', nav):
        path = urlsplit(urljoin("http://x/", href)).path.lstrip("/")
        if path not in found and (site / path / "index.html").exists():
            found.append(path)
    return found


# ---------------------------------------------------------------------------
# A static host on 127.0.0.1: gzip for text, 304s, a cache lifetime, 404 page.
# ---------------------------------------------------------------------------

@dataclass
class Hit:
    path: str
    status: int
    raw: int
    sent: int


class Host:
    def __init__(self, directory: Path):
        self.directory = directory.resolve()
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
                host.handle(self, body=True)

            def do_HEAD(self):
                host.handle(self, body=False)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def take(self) -> list[Hit]:
        hits, self.hits = self.hits, []
        return hits

    def settle(self, quiet: float = 0.5, timeout: float = 15.0) -> None:
        """Wait until no request has been in flight for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.inflight == 0 and time.monotonic() - self.last >= quiet:
                return
            time.sleep(0.05)

    def handle(self, h, body: bool):
        with self._lock:
            self.inflight += 1
            self.last = time.monotonic()
        try:
            self.respond(h, body)
        finally:
            with self._lock:
                self.inflight -= 1
                self.last = time.monotonic()

    def respond(self, h, body: bool):
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
                self.hits.append(Hit(path, 301, 0, 0))
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.directory / "404.html"
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
                    self.hits.append(Hit(path, 304, 0, 0))
                    return
            except (TypeError, ValueError):
                pass
        payload = data
        compress = ctype.startswith(TEXT_TYPES) and "gzip" in h.headers.get("Accept-Encoding", "")
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
        self.hits.append(Hit(path, status, len(data), len(payload) if body else 0))


# ---------------------------------------------------------------------------
# Browser measurements
# ---------------------------------------------------------------------------

PERF_SCRIPT = """
window.__bench = {lcp: 0, cls: 0, fcp: 0, lcpElement: '', blocking: 0};
// Main-thread blocking: the part of every long task beyond 50 ms, as Total Blocking Time counts it.
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__bench.blocking += Math.max(0, e.duration - 50);
}).observe({type: 'longtask', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__bench.fcp = e.startTime;
}).observe({type: 'paint', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    window.__bench.lcp = e.startTime;
    const el = e.element;
    window.__bench.lcpElement = el ? `<${el.tagName.toLowerCase()}> ${(el.textContent || '').trim().slice(0, 32)}` : e.url;
  }
}).observe({type: 'largest-contentful-paint', buffered: true});
// CLS as the browser defines it: the worst session window of unexpected shifts.
let win = 0, first = 0, last = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    if (win && e.startTime - last < 1000 && e.startTime - first < 5000) win += e.value;
    else { win = e.value; first = e.startTime; }
    last = e.startTime;
    window.__bench.cls = Math.max(window.__bench.cls, win);
  }
}).observe({type: 'layout-shift', buffered: true});
"""

SEARCH_SCRIPT = """
() => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  let t0 = null;
  input.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true, capture: true});
  window.__searchDone = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('no result within 15 s')), 15000);
    const seen = new MutationObserver(() => {
      if (t0 !== null && list.querySelector('.md-search-result__item')) {
        seen.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    seen.observe(list, {childList: true, subtree: true});
  });
}
"""


@dataclass
class PageFigures:
    requests: int = 0
    third_party: int = 0
    third_party_hosts: set = field(default_factory=set)
    raw: int = 0
    gzip: int = 0
    nav_requests: int = 0
    nav_bytes: int = 0
    nav_instant: bool = False
    files: dict = field(default_factory=dict)  # path -> bytes sent, first load
    lcp: float = 0.0
    cls: float = 0.0
    fcp: float = 0.0
    fcp_runs: list = field(default_factory=list)
    lcp_elements: list = field(default_factory=list)
    blocking: float = 0.0
    blocking_runs: list = field(default_factory=list)
    lcp_runs: list = field(default_factory=list)
    cls_runs: list = field(default_factory=list)


def open_context(browser, mobile: bool):
    context = browser.new_context(**(MOBILE if mobile else DESKTOP))
    context.add_init_script(PERF_SCRIPT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if mobile:
        cdp.send("Network.emulateNetworkConditions", MOBILE_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": MOBILE_CPU_SLOWDOWN})
    return context, page, cdp


def page_loads(browser, host: Host, pages: list[str]) -> dict[str, PageFigures]:
    """Each page cold (empty cache), then a click from it to the next page in the nav.

    The click's figures belong to the page clicked to, so every page gets both.
    """
    figures = {path: PageFigures() for path in pages}
    for i, path in enumerate(pages):
        target = pages[(i + 1) % len(pages)]
        counting = {"into": figures[path], "click": False}

        def on_request(request, counting=counting):
            if request.url.startswith(("data:", "blob:")):
                return
            f = counting["into"]
            if counting["click"]:
                f.nav_requests += 1
                return
            f.requests += 1
            if not request.url.startswith(host.url):
                f.third_party += 1
                f.third_party_hosts.add(urlsplit(request.url).netloc)

        context, page, _ = open_context(browser, mobile=False)
        page.on("request", on_request)
        host.take()
        page.goto(host.url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        host.settle()
        for hit in host.take():
            figures[path].raw += hit.raw
            figures[path].gzip += hit.sent
            figures[path].files[hit.path] = figures[path].files.get(hit.path, 0) + hit.sent

        if target == path:  # a single page: nothing to click to
            context.close()
            continue
        counting.update(into=figures[target], click=True)
        url = host.url + target
        page.evaluate("""url => {
          window.__sameDocument = true;
          let a = [...document.querySelectorAll('a[href]')].find(a => a.href === url);
          if (!a) { a = document.createElement('a'); a.href = url; document.body.append(a); }
          a.click();
        }""", url)
        page.wait_for_url(url)
        page.wait_for_load_state("load")
        host.settle()
        figures[target].nav_bytes = sum(hit.sent for hit in host.take())
        figures[target].nav_instant = bool(page.evaluate("window.__sameDocument === true"))
        context.close()
    return figures


def paint_metrics(browser, hosts: dict[str, Host], pages: list[str], runs: int,
                  figures: dict[str, dict[str, PageFigures]]) -> None:
    """LCP, CLS and blocking of `runs` cold loads per page on the mobile profile, the sites interleaved.

    Each load gets a new browser context (an empty cache), closed after it, so no
    page left open elsewhere works in the background while another is measured.
    """
    for path in pages:
        for _ in range(runs):
            for name, host in hosts.items():
                context, page, _ = open_context(browser, mobile=True)
                page.goto(host.url + path, wait_until="load")
                page.wait_for_timeout(400)  # late shifts and the last LCP candidate
                got = page.evaluate("window.__bench")
                context.close()
                f = figures[name][path]
                f.lcp_runs.append(got["lcp"])
                f.cls_runs.append(got["cls"])
                f.fcp_runs.append(got["fcp"])
                f.lcp_elements.append(got["lcpElement"])
                f.blocking_runs.append(got["blocking"])
        for name in hosts:
            f = figures[name][path]
            f.lcp, f.cls, f.fcp, f.blocking = (statistics.median(x) for x in (f.lcp_runs, f.cls_runs, f.fcp_runs, f.blocking_runs))


def search_latency(browser, host: Host, queries: list[str]) -> tuple[float, list[float]]:
    """Median ms from the key that completes a query to the first result on screen."""
    context, page, _ = open_context(browser, mobile=False)
    page.goto(host.url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/initiali/i.test(m.textContent); }", timeout=30000)
    times = []
    for query in queries:
        page.fill(".md-search__input", "")
        page.keyboard.press("End")  # a keyup with the empty value clears the results
        page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
        page.fill(".md-search__input", query[:-1])  # fill fires no keyup: no search yet
        page.evaluate(SEARCH_SCRIPT)
        page.keyboard.press(query[-1])
        times.append(page.evaluate("window.__searchDone"))
    context.close()
    return statistics.median(times), times


# ---------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------

def lighthouse_available() -> str | None:
    return shutil.which("npx") if shutil.which("node") else None


def lighthouse(url: str, desktop: bool, out: Path) -> dict:
    flags = " ".join(["--headless"] + CHROMIUM_ARGS)
    cmd = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}", "--max-wait-for-load=30000",
           "--disable-full-page-screenshot", "--skip-audits=screenshot-thumbnails,final-screenshot"]
    if desktop:
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    lost = []
    for c in CATEGORIES[1:]:
        for ref in data["categories"][c]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{c}: {audit['title']}")
    lcp = data["audits"]["largest-contentful-paint"]["numericValue"]
    cls = data["audits"]["cumulative-layout-shift"]["numericValue"]
    perf_notes = [data["audits"][r["id"]]["title"] for r in data["categories"]["performance"]["auditRefs"]
                  if r["weight"] and (data["audits"][r["id"]]["score"] or 0) < 0.9]
    return {"scores": scores, "lost": lost, "lcp": lcp, "cls": cls, "perf_notes": perf_notes}


# ---------------------------------------------------------------------------
# Scaling
# ---------------------------------------------------------------------------

COPY_SUFFIX = re.compile(r"--copy-\d+")


def page_group(location: str) -> str:
    """The handbook page a built path or index location was copied from."""
    first = location.split("#")[0].strip("/").split("/")[0].removesuffix(".html")
    return COPY_SUFFIX.sub("", first) or "index"


def scaling(work: Path, site_url: str) -> list[dict]:
    rows = []
    for factor, variant in SCALES:
        project = work / f"x{factor}{variant}"
        project.mkdir()
        config = scaled_project(project, factor, site_url, variant)
        site = project / "site"
        log(f"scaling: building {factor}x {variant}")
        seconds = build(config, site, site_url, strict=False)
        index = (site / "search" / "search_index.json").read_bytes()
        pages = [p for p in site.rglob("*.html") if 'class="md-content__inner' in p.read_text(encoding="utf-8")]
        largest = max(pages, key=lambda p: p.stat().st_size)
        home = (site / "index.html").read_text(encoding="utf-8")
        nav = home[home.index("md-nav--primary"):]
        nav = nav[: nav.index("md-sidebar--secondary")] if "md-sidebar--secondary" in nav else nav
        index_by_page: dict[str, int] = {}
        for doc in json.loads(index)["docs"]:
            group = page_group(doc["location"])
            index_by_page[group] = index_by_page.get(group, 0) + len(json.dumps(doc))
        html_by_page: dict[str, int] = {}
        for p in site.rglob("*.html"):
            group = page_group(p.relative_to(site).as_posix())
            html_by_page[group] = html_by_page.get(group, 0) + p.stat().st_size
        rows.append({
            "factor": factor, "variant": variant, "pages": len(pages), "seconds": seconds,
            "index_raw": len(index), "index_gzip": gz(index),
            "largest": largest.relative_to(site).as_posix(), "largest_raw": largest.stat().st_size,
            "largest_gzip": gz(largest.read_bytes()), "size": site_size(site),
            "home_raw": len(home.encode()), "home_gzip": gz(home.encode()), "home_nav": len(nav.encode()),
            "index_by_page": index_by_page, "html_by_page": html_by_page,
        })
        shutil.rmtree(project)
    return rows


def variant_config(work: Path, key: str, site_url: str) -> Path:
    """This site's mkdocs.yml with one feature taken away (FEATURE_VARIANTS), written to work/."""
    config = relocated_config(site_url, ROOT / "docs")
    theme = config["theme"]
    features = list(theme.get("features") or [])
    if key == "palette":
        # The first palette with a scheme, as a single mapping: Material then renders no toggle.
        first = next(p for p in theme["palette"] if p.get("scheme"))
        theme["palette"] = {k: first[k] for k in ("scheme", "primary", "accent") if k in first}
    elif key == "tooltips":
        theme["features"] = [f for f in features if f != "content.tooltips"]
    elif key == "instant":
        theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    elif key == "sections":
        config["hooks"] = [h for h in config["hooks"] if not h.endswith("/sections.py")]
    elif key == "extras":
        config.pop("extra_css", None)
        config.pop("extra_javascript", None)
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and isinstance(plugin.get("minify"), dict):
                for option in ("js_files", "css_files"):
                    plugin["minify"].pop(option, None)
    elif key == "features":
        theme["features"] = []
    else:
        raise ValueError(f"unknown feature variant {key!r}")
    return write_config(config, work / f"variant-{key}.yml")


def feature_costs(browser, work: Path, this_site: Path, pages: list[str], runs: int) -> list[dict]:
    """First-load bytes of the home page and main-thread blocking on `pages`, per variant.

    "as configured" is this site again, measured alongside the variants (the loads are
    interleaved), so the differences are not skewed by how busy the machine was.
    """
    sites = {"": this_site}
    for key, _ in FEATURE_VARIANTS:
        log(f"features: building without {key}")
        sites[key] = work / f"variant-{key}"
        build(variant_config(work, key, "http://127.0.0.1:8000/"), sites[key], "http://127.0.0.1:8000/", strict=False)
    hosts = {key: Host(site) for key, site in sites.items()}
    try:
        figures = {key: page_loads(browser, host, pages[:1]) for key, host in hosts.items()}
        for key in figures:
            figures[key].update({p: PageFigures() for p in pages if p not in figures[key]})
        log(f"features: blocking and LCP, {runs} mobile loads per page and variant")
        paint_metrics(browser, hosts, pages, runs, figures)
    finally:
        for host in hosts.values():
            host.close()
    rows = []
    for key, what in [("", "nothing (as configured)")] + FEATURE_VARIANTS:
        f = figures[key]
        rows.append({
            "key": key, "what": what, "pages": pages, "gzip": f[pages[0]].gzip, "requests": f[pages[0]].requests,
            "blocking": statistics.median(x for p in pages for x in f[p].blocking_runs),
            "lcp": statistics.median(x for p in pages for x in f[p].lcp_runs),
        })
    return rows


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def signed_kib(n: float) -> str:
    return f"{n / 1024:+.1f} KiB"


def ratio(a: float, b: float) -> str:
    if b == 0:
        return "n/a" if a == 0 else "∞"
    return f"{a / b:.2f}"


def machine() -> str:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) * 1024
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("node") else "not installed"
    from importlib.metadata import version
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {mem / 2**30:.1f} GiB memory, "
            f"{platform.system()} {platform.machine()}; {chromium}; Python {platform.python_version()}, "
            f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, Playwright {version('playwright')}; "
            f"Node.js {node}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds, page loads and queries per median (5)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1x/10x/50x builds")
    parser.add_argument("--no-features", action="store_true", help="skip measuring what each feature costs")
    parser.add_argument("--pages", type=int, default=0, help="measure only the first N nav pages (a quick look)")
    parser.add_argument("--output", type=Path, default=REPORT, help="where to write the report")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make chromium`")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    try:
        return run(args, work, started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work: Path, started: float) -> int:
    from playwright.sync_api import sync_playwright

    loadavg_start = os.getloadavg()[0]
    sites = {"this": work / "this-site", "base": work / "baseline-site"}
    configs = {"this": ROOT / "mkdocs.yml"}
    # Builds first, with a placeholder address; the served copy is rebuilt for its real port below.
    build_times = {}
    for name in ("this", "base"):
        if name == "base":
            configs["base"] = write_config(baseline_config("http://127.0.0.1:8000/"), work / "baseline.yml")
        times = []
        for i in range(args.runs):
            log(f"build {name} {i + 1}/{args.runs}")
            times.append(build(configs[name], sites[name], "http://127.0.0.1:8000/", strict=(name == "this")))
        build_times[name] = times

    hosts = {name: Host(sites[name]) for name in sites}
    # Rebuild each site for the address it is served on, so canonical URLs match.
    for name in sites:
        if name == "base":
            configs["base"] = write_config(baseline_config(hosts[name].url), work / "baseline.yml")
        build(configs[name], sites[name], hosts[name].url, strict=(name == "this"))

    pages = nav_pages(sites["this"])[: args.pages or None]
    figures: dict[str, dict[str, PageFigures]] = {name: {} for name in sites}
    summary: dict[str, dict] = {name: {"build": statistics.median(build_times[name]), "build_runs": build_times[name],
                                       "size": site_size(sites[name])} for name in sites}
    for name in sites:
        index = (sites[name] / "search" / "search_index.json").read_bytes()
        summary[name]["index_raw"], summary[name]["index_gzip"] = len(index), gz(index)
        summary[name]["index_by_page"] = {}
        for doc in json.loads(index)["docs"]:
            group = page_group(doc["location"])
            summary[name]["index_by_page"][group] = summary[name]["index_by_page"].get(group, 0) + len(json.dumps(doc))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in sites:
                log(f"browser: first loads and clicks, {name}")
                figures[name] = page_loads(browser, hosts[name], pages)
            log(f"browser: LCP and CLS, {args.runs} mobile loads per page and site")
            paint_metrics(browser, hosts, pages, args.runs, figures)
            indexes = [(sites[name] / "search" / "search_index.json").read_text(encoding="utf-8").lower() for name in sites]
            queries = [q for q in QUERIES if all(q in index for index in indexes)][: args.runs]
            for name in sites:
                log(f"browser: search, {name}")
                summary[name]["search"], summary[name]["search_runs"] = search_latency(browser, hosts[name], queries)
                summary[name]["queries"] = queries
            costs = []
            if not args.no_features:
                # The home page and the two pages that blocked the main thread longest.
                worst = sorted(pages[1:], key=lambda p: -figures["this"][p].blocking)[: COST_PAGES - 1]
                costs = feature_costs(browser, work, sites["this"], pages[:1] + worst, args.runs)
        finally:
            browser.close()

    lh: dict[str, dict] = {"this": {}, "base": {}}
    lh_note = ""
    if args.no_lighthouse:
        lh_note = "Lighthouse was skipped (--no-lighthouse)."
    elif not lighthouse_available():
        lh_note = "Node.js is not installed on this machine, so Lighthouse was skipped."
    else:
        out = work / "lh.json"
        plan = [("this", path) for path in pages] + [("base", "")]
        for name, path in plan:
            for preset in ("mobile", "desktop"):
                log(f"lighthouse {name} /{path} {preset}")
                try:
                    lh[name].setdefault(path, {})[preset] = lighthouse(hosts[name].url + path, preset == "desktop", out)
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    lh[name].setdefault(path, {})[preset] = {"error": str(error)[:300]}
                out.unlink(missing_ok=True)

    for host in hosts.values():
        host.close()

    scale_rows = [] if args.no_scaling else scaling(work, "http://127.0.0.1:8000/")
    loads = (loadavg_start, os.getloadavg()[0])
    report = render(pages, figures, summary, lh, lh_note, scale_rows, costs, args, time.perf_counter() - started, loads)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    log(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


def render(pages, figures, summary, lh, lh_note, scale_rows, costs, args, elapsed, loads) -> str:
    this, base = figures["this"], figures["base"]
    out: list[str] = []
    w = out.append
    w("# Benchmark: this handbook against Material's defaults")
    w("")
    w(f"Written by `make bench` (benchmarks/bench.py) on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC "
      f"in {elapsed / 60:.1f} minutes.")
    w("")
    w(f"Machine: {machine()}. Load average (1 min) {loads[0]} at the start, {loads[1]} at the end: timings "
      "on a busy machine run slower, sizes do not change.")
    w("")
    w("## How it was measured")
    w("")
    w("- **This site** is `mkdocs.yml` as committed. The **baseline** is the same docs/ and Markdown "
      "extensions with Material's defaults: `theme: {name: material}` (so Roboto from the font host), "
      "no custom_dir, no extra CSS/JS, no hooks, only the `search` plugin.")
    w(f"- Both are served on 127.0.0.1 by a small threaded Python host that gzips text (level {GZIP_LEVEL}), "
      "answers If-Modified-Since with 304 and sends `Cache-Control: max-age=600`, as static hosts do. "
      "There is no network beyond this machine, so the baseline's font request fails at once: it counts "
      "as a third-party request, and the font files it would fetch on a real network are in no figure.")
    w("- Chromium is Debian's, driven by Playwright. *First load*: a fresh profile (empty cache), desktop "
      "viewport, until the network is idle, so the search worker and index count. *Click*: from the page "
      "before it in the nav (the home page from the last page), already loaded, a click on a link to the "
      "page; bytes are what the host sent after the click. This site uses instant navigation (it fetches "
      "only the new page's HTML); the baseline, with Material's defaults, loads the whole page, "
      "its assets from the browser cache.")
    w(f"- *LCP* and *CLS* come from the page's own PerformanceObserver entries, median of {args.runs} cold "
      "loads (each in a new browser context) with Lighthouse's mobile profile applied by the browser: 412×823 viewport, "
      f"{MOBILE_CPU_SLOWDOWN}× CPU slowdown, 150 ms latency, 1.6 Mbit/s down.")
    w(f"- *Search*: on the home page (desktop), milliseconds from the key that completes a query to the "
      f"frame that shows its first result, median of {len(summary['this']['queries'])} queries "
      f"({', '.join(summary['this']['queries'])}).")
    w(f"- *Build*: wall time of `mkdocs build` in a new process, median of {args.runs}. Sizes in KiB "
      "(1,024 bytes); *gzip* is what went over the wire. Ratio = this site ÷ baseline; below 1 means "
      "this site is lighter or faster.")
    w("")

    # --- targets ---
    heavy = max(pages, key=lambda p: this[p].gzip)
    heavy_base = max(pages, key=lambda p: base[p].gzip)
    lcp_worst = max(pages, key=lambda p: this[p].lcp)
    cls_worst = max(f.cls for f in this.values())
    third = sum(f.third_party for f in this.values())
    over = byte_figures_over(pages, this, base, summary)
    lh_this = lh.get("this", {})
    below = [(path, preset, c, r["scores"][c]) for path, presets in lh_this.items()
             for preset, r in presets.items() if "scores" in r for c in CATEGORIES if r["scores"][c] < 100]
    errors = [(path, preset) for path, presets in lh_this.items() for preset, r in presets.items() if "error" in r]
    w("## Targets")
    w("")
    w("| Target | This site | Baseline | Met |")
    w("|---|---|---|---|")
    if lh_this:
        got = "100 everywhere" if not below and not errors else (
            f"{len(below)} score(s) under 100: " + ", ".join(f"/{p} {pr} {c} {v}" for p, pr, c, v in below)
            + (f"; {len(errors)} run(s) failed" if errors else ""))
        base_home = lh.get("base", {}).get("", {})
        base_got = "; ".join(f"{pr} " + "/".join(str(r["scores"][c]) for c in CATEGORIES)
                             for pr, r in base_home.items() if "scores" in r) or "-"
        w(f"| Lighthouse 100 in all four categories, mobile and desktop, every page ({len(lh_this)} pages) "
          f"| {got} | home: {base_got} | {'yes' if not below and not errors else 'no'} |")
    else:
        w(f"| Lighthouse 100 in all four categories | not run: {lh_note} | - | n/a |")
    w(f"| LCP under 1.5 s on the mobile profile (worst page) | {this[lcp_worst].lcp / 1000:.2f} s (/{lcp_worst}) "
      f"| {max(f.lcp for f in base.values()) / 1000:.2f} s | {'yes' if this[lcp_worst].lcp < 1500 else 'no'} |")
    w(f"| CLS 0 on every page | {cls_worst:.4f} | {max(f.cls for f in base.values()):.4f} | {'yes' if cls_worst == 0 else 'no'} |")
    w(f"| No third-party request | {third} | {sum(f.third_party for f in base.values())} | {'yes' if third == 0 else 'no'} |")
    w(f"| Heaviest first load at or below the baseline's (gzip) | {kib(this[heavy].gzip)} (/{heavy}) "
      f"| {kib(base[heavy_base].gzip)} (/{heavy_base}) | {'yes' if this[heavy].gzip <= base[heavy_base].gzip else 'no'} |")
    total = 3 * len(pages) + 3
    w(f"| Every byte figure at or below the baseline's | {total - len(over)} of {total} at or below, "
      f"{len(over)} above | - | {'yes' if not over else 'no'} |")
    w("")

    # --- whole site ---
    s, sb = summary["this"], summary["base"]
    w("## Whole site")
    w("")
    w("| Figure | This site | Baseline | Ratio |")
    w("|---|---:|---:|---:|")
    w(f"| Build time (median of {args.runs}) | {s['build']:.2f} s | {sb['build']:.2f} s | {ratio(s['build'], sb['build'])} |")
    w(f"| Total site size (every built file) | {kib(s['size'])} | {kib(sb['size'])} | {ratio(s['size'], sb['size'])} |")
    w(f"| Search index, raw | {kib(s['index_raw'])} | {kib(sb['index_raw'])} | {ratio(s['index_raw'], sb['index_raw'])} |")
    w(f"| Search index, gzip | {kib(s['index_gzip'])} | {kib(sb['index_gzip'])} | {ratio(s['index_gzip'], sb['index_gzip'])} |")
    w(f"| Search: key to first result (median of {args.runs}) | {s['search']:.0f} ms | {sb['search']:.0f} ms | {ratio(s['search'], sb['search'])} |")
    w("")
    w(f"Builds, s: this site {', '.join(f'{x:.2f}' for x in s['build_runs'])}; baseline "
      f"{', '.join(f'{x:.2f}' for x in sb['build_runs'])}. Search, ms: this site "
      f"{', '.join(f'{x:.0f}' for x in s['search_runs'])}; baseline {', '.join(f'{x:.0f}' for x in sb['search_runs'])}.")
    w("")

    # --- per page ---
    w("## Per page: first load and a click from another page")
    w("")
    w("Each cell: this site / baseline (ratio).")
    w("")
    w("| Page | Requests | Third-party | Same-origin raw | Same-origin gzip | Click: requests | Click: bytes (gzip) |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for path in pages:
        t, b = this[path], base[path]
        w(f"| /{path} | {t.requests} / {b.requests} ({ratio(t.requests, b.requests)}) "
          f"| {t.third_party} / {b.third_party} "
          f"| {kib(t.raw)} / {kib(b.raw)} ({ratio(t.raw, b.raw)}) "
          f"| {kib(t.gzip)} / {kib(b.gzip)} ({ratio(t.gzip, b.gzip)}) "
          f"| {t.nav_requests} / {b.nav_requests} "
          f"| {kib(t.nav_bytes)} / {kib(b.nav_bytes)} ({ratio(t.nav_bytes, b.nav_bytes)}) |")
    hosts = sorted({h for f in [*base.values(), *this.values()] for h in f.third_party_hosts})
    instant = {name: all(f.nav_instant for f in figures[name].values()) for name in figures}
    w("")
    w(f"Third-party hosts requested: {', '.join(hosts) or 'none'}. Clicks handled by instant navigation: "
      f"this site {'all' if instant['this'] else 'not all'}, baseline {'all' if instant['base'] else 'none (full page loads)'}.")
    w("")
    w(f"## Per page: LCP and CLS on the mobile profile (median of {args.runs} loads)")
    w("")
    w("| Page | LCP this site | LCP baseline | Ratio | FCP this site | FCP baseline | CLS this site | CLS baseline | Blocking this site | Blocking baseline | LCP element (this site) |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for path in pages:
        t, b = this[path], base[path]
        element = max(set(t.lcp_elements), key=t.lcp_elements.count).replace("|", "\\|") if t.lcp_elements else "-"
        w(f"| /{path} | {t.lcp:.0f} ms | {b.lcp:.0f} ms | {ratio(t.lcp, b.lcp)} | {t.fcp:.0f} ms | {b.fcp:.0f} ms "
          f"| {t.cls:.4f} | {b.cls:.4f} | {t.blocking:.0f} ms | {b.blocking:.0f} ms | {element}… |")
    w("")
    w("*Blocking*: main-thread time beyond 50 ms in each long task until the load event, as Lighthouse's "
      "Total Blocking Time counts it (at the 4× CPU slowdown).")
    w("")
    w("LCP runs, ms, this site: " + "; ".join(f"/{p} " + ", ".join(f"{x:.0f}" for x in this[p].lcp_runs) for p in pages) + ".")
    w("")

    # --- lighthouse ---
    w(f"## Lighthouse {LIGHTHOUSE.split('@')[1]}")
    w("")
    if lh_note:
        w(lh_note)
    else:
        w("Scores: performance / accessibility / best practices / SEO. Lighthouse starts its own headless "
          "Chromium (Debian's) per run and throttles by simulation on the mobile preset. The baseline is run "
          "on its home page only, to keep `make bench` short.")
        w("")
        w("| Site | Page | Mobile | Desktop | LCP, mobile (Lighthouse) | What lost points |")
        w("|---|---|---|---|---:|---|")
        for name, title in (("this", "this site"), ("base", "baseline")):
            for path, presets in lh.get(name, {}).items():
                cells, lost = [], []
                for preset in ("mobile", "desktop"):
                    r = presets.get(preset, {})
                    if "scores" in r:
                        cells.append(" / ".join(str(r["scores"][c]) for c in CATEGORIES))
                        lost += [f"{x} ({preset})" for x in r["lost"] + [f"performance: {n}" for n in r["perf_notes"]]
                                 if f"{x} ({preset})" not in lost]
                    else:
                        cells.append("failed")
                        lost.append(f"{preset} run failed: {r.get('error', '?')[:120]}")
                lcp = presets.get("mobile", {}).get("lcp")
                w(f"| {title} | /{path} | {cells[0]} | {cells[1]} | {f'{lcp:.0f} ms' if lcp else '-'} "
                  f"| {'; '.join(lost) or 'nothing'} |")
    w("")

    # --- where the bytes go ---
    w(f"## Where a first load's bytes go (/{heavy}, gzip as sent)")
    w("")
    w("| File | This site | Baseline |")
    w("|---|---:|---:|")
    files_t, files_b = this[heavy].files, base[heavy].files
    for name in sorted(set(files_t) | set(files_b), key=lambda n: -max(files_t.get(n, 0), files_b.get(n, 0))):
        w(f"| {name} | {kib(files_t[name]) if name in files_t else '-'} | {kib(files_b[name]) if name in files_b else '-'} |")
    w(f"| **total** | **{kib(this[heavy].gzip)}** | **{kib(base[heavy].gzip)}** |")
    w("")

    # --- feature costs ---
    w("## What each feature costs")
    w("")
    if not costs:
        w("Skipped (--no-features).")
    else:
        w(f"This site built again with one thing taken away, and measured alongside the site as configured: "
          f"the home page's first load (desktop, cold, gzip as sent) and the main-thread *Blocking* of "
          f"{args.runs} mobile-profile loads of each of {len(costs[0]['pages'])} pages "
          f"({', '.join('/' + p for p in costs[0]['pages'])}), median of all of them. A negative change is "
          "what taking the feature away would save.")
        w("")
        w("| Taken away | First load, / | Change | Requests | Blocking | Change | LCP |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        ref = costs[0]
        for r in costs:
            same = r is ref
            bytes_change = "-" if same else signed_kib(r["gzip"] - ref["gzip"])
            blocking_change = "-" if same else f"{r['blocking'] - ref['blocking']:+.0f} ms"
            w(f"| {r['what']} | {kib(r['gzip'])} | {bytes_change} | {r['requests']} "
              f"| {r['blocking']:.0f} ms | {blocking_change} | {r['lcp']:.0f} ms |")
    w("")

    # --- missed targets ---
    w("## Targets missed: why, and what it would take")
    w("")
    w(explain_misses(pages, this, base, summary, lh, below, errors, over, heavy, costs))
    w("")

    # --- scaling ---
    w("## Scaling: the handbook at 1×, 10× and 50× its pages")
    w("")
    if not scale_rows:
        w("Skipped (--no-scaling).")
    else:
        w("Every nav page copied under a new name (`skills--copy-07.md`), one generated nav section per copy, "
          "this site's full configuration, one build each (built non-strict: copies' same-page anchors are "
          "renamed by benchmarks/scale_hook.py).")
        w("")
        w("| Size | Pages | Build | per page | Search index raw / gzip | Largest page raw / gzip | Home page raw / gzip (nav share) | Site size |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in scale_rows:
            variant = {"no-minify": ", HTML not minified", "tabs+prune": ", `navigation.tabs` + `navigation.prune`"}.get(r["variant"], "")
            w(f"| {r['factor']}×{variant} | {r['pages']} | {r['seconds']:.1f} s | {1000 * r['seconds'] / r['pages']:.0f} ms "
              f"| {kib(r['index_raw'])} / {kib(r['index_gzip'])} "
              f"| {kib(r['largest_raw'])} / {kib(r['largest_gzip'])} (/{r['largest'].removesuffix('index.html')}) "
              f"| {kib(r['home_raw'])} / {kib(r['home_gzip'])} ({100 * r['home_nav'] / r['home_raw']:.0f}%) "
              f"| {kib(r['size'])} |")
        w("")
        w(explain_scaling(scale_rows))
    w("")
    return "\n".join(out)


def byte_figures_over(pages, this, base, summary) -> list[str]:
    over = []
    for path in pages:
        t, b = this[path], base[path]
        for what, a, c in (("first load raw", t.raw, b.raw), ("first load gzip", t.gzip, b.gzip),
                           ("click", t.nav_bytes, b.nav_bytes)):
            if a > c:
                over.append(f"/{path} {what} ×{ratio(a, c)}")
    for what, key in (("site size", "size"), ("search index raw", "index_raw"), ("search index gzip", "index_gzip")):
        if summary["this"][key] > summary["base"][key]:
            over.append(f"{what} ×{ratio(summary['this'][key], summary['base'][key])}")
    return over


def median_of(figures, attr) -> float:
    return statistics.median(getattr(f, attr) for f in figures.values())


def summarise(over: list[str]) -> str:
    """'/a first load gzip ×1.05', ... -> 'first load gzip ×1.05-1.08 (10 pages); ...'."""
    kinds: dict[str, list[float]] = {}
    for item in over:
        what, factor = item.rsplit(" ×", 1)
        kind = what.split(" ", 1)[1] if what.startswith("/") else what
        kinds.setdefault(kind, []).append(float(factor))
    return "; ".join(f"{k} ×{min(v):.2f}" + (f"–{max(v):.2f}" if max(v) > min(v) else "")
                     + (f" ({len(v)} pages)" if len(v) > 1 else "") for k, v in kinds.items())


def explain_misses(pages, this, base, summary, lh, below, errors, over, heavy, costs) -> str:
    parts = []
    theme = load_config(ROOT / "mkdocs.yml").get("theme", {})
    features = len(theme.get("features") or []) if isinstance(theme, dict) else 0
    if over:
        t, b = this[heavy].files, base[heavy].files
        html_t = max((n for n in t if n.endswith("/") or n.endswith(".html")), key=lambda n: t[n], default=None)
        html_b = max((n for n in b if n.endswith("/") or n.endswith(".html")), key=lambda n: b[n], default=None)
        only_t = {n: v for n, v in t.items() if n not in b}
        only_b = {n: v for n, v in b.items() if n not in t}
        extra = sum(only_t.values()) - sum(only_b.values())
        html_gap = (t.get(html_t, 0) - b.get(html_b, 0)) if html_t and html_b else 0
        palette = sum(v for n, v in only_t.items() if "palette" in n)
        own = {n: v for n, v in only_t.items() if not n.startswith("/assets/") and n.endswith((".css", ".js"))}
        index_gap = {g: v - summary["base"]["index_by_page"].get(g, 0) for g, v in summary["this"]["index_by_page"].items()}
        index_lead = [g for g, v in sorted(index_gap.items(), key=lambda kv: -kv[1]) if v > 0][:2]
        parts.append(
            f"**Bytes.** {len(over)} byte figure(s) are above the baseline's: {summarise(over)}. "
            f"On /{heavy} the first load is {kib(this[heavy].gzip - base[heavy].gzip)} heavier. "
            f"Files only this site loads: {', '.join(f'{n} {kib(v)}' for n, v in only_t.items()) or 'none'}"
            f"{'; only the baseline: ' + ', '.join(f'{n} {kib(v)}' for n, v in only_b.items()) if only_b else ''} "
            f"(net {kib(extra)}). The page's HTML is {kib(html_gap)} heavier, although it is minified and the "
            "baseline's is not. These bytes are the features the handbook adds to Material's defaults: the "
            "light/dark palette toggle (the palette stylesheet and a toggle icon per palette), instant navigation "
            "(it fetches sitemap.xml to learn which links it may take over), copy-link buttons beside every "
            "section heading (two labelled buttons each, styled and run by the handbook's own CSS and JS), "
            "topic tags and the last-updated line. A click costs more for the same reason: instant navigation "
            "fetches only the new page's HTML, and this site's HTML is the heavier one. The search index is "
            f"larger mostly through {' and '.join(index_lead) or 'no page in particular'}, pages whose listings "
            "only this site's plugins and hooks fill in.\n\n"
            f"What it would take: drop the palette setting altogether ({kib(palette)} and a request per first "
            "load; Material loads its palette stylesheet for any palette, so a light-only palette saves less), fold "
            f"the handbook's CSS and JS ({kib(sum(own.values()))} in {len(own)} requests, already minified) "
            "into the page, and lighten the copy buttons' markup (for instance one shared button that the "
            "script moves to the heading in focus, instead of two per heading). "
            f"{cost_summary(costs, 'gzip')}"
            "Each trades a feature, or some of its robustness "
            "without JavaScript, for a few KiB, so the report leaves the choice to the handbook's owners. "
            "On a real network the comparison turns the other way: the baseline also downloads Roboto from "
            "the font host (a stylesheet and several font files, tens of KiB), which no figure here "
            "includes and this site never needs.")
    if below or errors:
        lost = sorted({x for presets in lh.get("this", {}).values() for r in presets.values() for x in r.get("lost", [])})
        perf = sorted({n for presets in lh.get("this", {}).values() for r in presets.values() for n in r.get("perf_notes", [])})
        parts.append(
            f"**Lighthouse.** Scores under 100: {', '.join(f'/{p} {pr} {c} {v}' for p, pr, c, v in below) or 'none'}"
            f"{'; failed runs: ' + ', '.join(f'/{p} {pr}' for p, pr in errors) if errors else ''}. "
            f"Audits that failed outside performance: {', '.join(lost) or 'none'}. "
            f"Performance metrics scoring under 0.9: {', '.join(perf) or 'none'}. A performance score under "
            "100 on the mobile preset comes from Total Blocking Time or LCP under Lighthouse's simulated "
            "4× CPU slowdown. The long tasks are Material's JavaScript bundle starting up and the style and "
            "layout work it triggers; the *Blocking* column above measures it: "
            f"{median_of(this, 'blocking'):.0f} ms per page on this site against "
            f"{median_of(base, 'blocking'):.0f} ms for the baseline (medians). This site asks the bundle for "
            f"more: {features} feature flags (the baseline none), the palette toggle and the handbook's script, "
            "on a larger page (tags, copy buttons, last-updated line). The palette toggle costs most: as the "
            "page starts, Material's palette component marks the body as switching palettes (a rule that "
            "turns off every element's transitions), sets the palette attributes and reads the header's "
            "computed colour for the browser's theme-color, so the whole page's style is computed again, "
            "twice, inside the bundle's first task. "
            f"{cost_summary(costs, 'blocking')}"
            f"{baseline_performance(lh)}"
            "The figure also swings with how busy this 2-core machine is, so scores move by "
            "several points between runs (see the load average above). What it would take: a light-only site "
            "or one that follows the system setting without a toggle, fewer feature flags and less markup "
            "per page; the bundle itself cannot be split or deferred from a theme override.")
    lcp_missed = [p for p in pages if this[p].lcp >= 1500]
    if lcp_missed:
        parts.append(
            f"**LCP.** The median is 1.5 s or more on {', '.join(f'/{p} ({this[p].lcp:.0f} ms)' for p in lcp_missed)}; "
            f"the baseline's on the same pages: {', '.join(f'{base[p].lcp:.0f} ms' for p in lcp_missed)}. "
            "The largest element is the article's first paragraph, and it is not in the first frame: the first "
            "paint (FCP) shows the header, and the paragraph follows once the browser has parsed and laid out "
            "everything Material puts before the article (the nav, the table of contents), at a quarter of "
            "the CPU's speed. Its timing swings by hundreds of milliseconds between loads on a busy 2-core "
            "machine (see the runs above). What it would take: less markup before the article (`navigation.prune`, "
            "fewer nav and table-of-contents entries), or a smaller render-blocking stylesheet than Material's 22 KiB.")
    cls_missed = [p for p in pages if this[p].cls > 0]
    if cls_missed:
        parts.append(f"**CLS.** Layout shifts on {', '.join(f'/{p} {this[p].cls:.4f}' for p in cls_missed)}.")
    return "\n\n".join(parts) or "None: every target is met."


def baseline_performance(lh) -> str:
    """A sentence on the baseline's own mobile performance score, when Lighthouse ran on it."""
    score = lh.get("base", {}).get("", {}).get("mobile", {}).get("scores", {}).get("performance")
    if score is None or score >= 100:
        return ""
    return (f"Material's defaults themselves score {score} on the same machine and preset: every feature "
            "here runs on top of the same bundle start-up, so 100 on every page is out of reach on this machine. ")


def cost_summary(costs: list[dict], key: str) -> str:
    """One sentence from the feature-cost table: what taking each feature away saves, largest first."""
    if not costs:
        return ""
    ref = costs[0]
    saves = sorted(((ref[key] - r[key], r["what"]) for r in costs[1:] if r["key"] != "features"), reverse=True)
    saves = [(n, what) for n, what in saves if n > 0][:3]
    if not saves:
        return ""
    unit = (lambda n: kib(n)) if key == "gzip" else (lambda n: f"{n:.0f} ms")
    return ("Measured (see *What each feature costs*), taking away " + "; ".join(
        f"{what} saves {unit(n)}" for n, what in saves) + ". ")


def explain_scaling(rows) -> str:
    main = {r["factor"]: r for r in rows if not r["variant"]}
    variants = {r["variant"]: r for r in rows if r["variant"]}
    if len(main) < 3:
        return ""
    one, mid, top = (main[k] for k in sorted(main))
    grow = top["pages"] / mid["pages"]
    lines = [f"From {mid['factor']}× to {top['factor']}× the pages grow ×{grow:.1f}, the build time "
             f"×{top['seconds'] / mid['seconds']:.1f}, the search index ×{top['index_raw'] / mid['index_raw']:.1f}, "
             f"the site ×{top['size'] / mid['size']:.1f} and the home page alone ×{top['home_raw'] / mid['home_raw']:.1f}. "
             "Three things grow faster than the page count:"]
    bullets = [
        f"- **Every page carries the whole nav.** With `navigation.sections` and without `navigation.prune`, "
        f"Material writes the full nav tree into every page: it is {100 * one['home_nav'] / one['home_raw']:.0f}% of "
        f"the home page at {one['factor']}×, {100 * mid['home_nav'] / mid['home_raw']:.0f}% at {mid['factor']}× and "
        f"{100 * top['home_nav'] / top['home_raw']:.0f}% at {top['factor']}×. Each page grows with the page count, "
        "so the site's HTML, and every step that handles it, grow with its square."]
    fix = variants.get("tabs+prune")
    same = main.get(fix["factor"]) if fix else None
    if fix and same:
        bullets[-1] += (f" The fix, measured at {fix['factor']}×: `navigation.tabs` with `navigation.prune` "
                        f"(only the open tab's part of the nav is written) takes the home page from "
                        f"{kib(same['home_raw'])} to {kib(fix['home_raw'])} and the build from "
                        f"{same['seconds']:.1f} s to {fix['seconds']:.1f} s. At today's size it changes little, "
                        "so it is worth switching on when the handbook passes a hundred pages or so.")
    # Pages whose own size grows with the site (listings), beyond the nav every page gains.
    per_copy = lambda r, g: r["html_by_page"].get(g, 0) / r["factor"]  # noqa: E731
    nav_growth = top["home_raw"] / one["home_raw"]
    listing = sorted((g for g in one["html_by_page"] if per_copy(one, g) and g != "index"
                      and per_copy(top, g) / per_copy(one, g) > 2 * nav_growth),
                     key=lambda g: -top["html_by_page"][g])
    if listing:
        index_share = sum(top["index_by_page"].get(g, 0) for g in listing) / top["index_raw"]
        html_share = sum(top["html_by_page"][g] for g in listing) / top["size"]
        bullets.append(
            f"- **Pages that list the whole site**: {', '.join(listing)}. Each copy of them grows with the site "
            f"(×{min(per_copy(top, g) / per_copy(one, g) for g in listing):.0f} or more per copy from "
            f"{one['factor']}× to {top['factor']}×, against ×{nav_growth:.1f} for the home page), and there is one "
            f"per copy, so together they grow with the square: at {top['factor']}× they are {100 * html_share:.0f}% of "
            f"the site and {100 * index_share:.0f}% of the search index. A real handbook {top['factor']} times larger "
            "would have one of each, growing linearly, so this part is an artefact of copying; "
            "`search: exclude: true` in their front matter would keep them out of the index at any size.")
    nomin = variants.get("no-minify")
    same = main.get(nomin["factor"]) if nomin else None
    if nomin and same:
        share = 1 - nomin["seconds"] / same["seconds"]
        bullets.append(
            f"- **Minifying the HTML** (htmlmin, pure Python) costs time in proportion to the HTML written: "
            f"{100 * share:.0f}% of the {same['factor']}× build ({same['seconds']:.1f} s against {nomin['seconds']:.1f} s "
            f"without it), for {100 * (1 - same['size'] / nomin['size']):.0f}% less on disk. It is linear in the "
            "HTML, so it inherits the square from the nav and the listings; with the nav fix above it stays "
            "proportionate, and at today's size it adds a fraction of a second.")
    bullets.append("- Linear, as they should be: the search index per page of prose, the short-link pages "
                   "(`s/<id>/`, one small file per section), and the per-page work of Markdown and the hooks.")
    return "\n\n".join([lines[0], "\n".join(bullets)])


if __name__ == "__main__":
    sys.exit(main())
