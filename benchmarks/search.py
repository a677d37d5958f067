"""Measure the site search against Material's built-in engine on the same pages.

`measure(browser, sites, queries)` drives Material's search box in Chromium
on each served site and returns, per site, as plain data:

- hits per query kind: the first result on the right page, the section among
  the first three links, and the queries that found nothing;
- bytes of search files (gzip, as sent) a page load fetches before anyone
  searches, and those fetched from the load to the first search's results;
- time from the keystroke to the first result drawn: for a first search (the
  box focused and the query typed at once, so the engine may still be
  loading) and for later searches.

Run as a script, it builds this site and a variant that keeps Material's
built-in engine (the same mkdocs.yml without overrides/hooks/search.py), at
1x, 10x and 50x the pages (copies made as benchmarks/scale_hook.py
describes), measures them, prints a table and writes the figures as JSON:

    .venv/bin/python benchmarks/search.py --output benchmarks/search.json --markdown benchmarks/search.md
    .venv/bin/python benchmarks/search.py --engine pagefind --query "tech debt"   # one query, 1x only

Nothing here passes or fails: the query table's tests are tests/test_search.py.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search_queries.yml"
SCALE_HOOK = ROOT / "benchmarks" / "scale_hook.py"
SEARCH_HOOK = "overrides/hooks/search.py"
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
DESKTOP = {"viewport": {"width": 1350, "height": 940}}
GZIP_LEVEL = 6  # what static hosts and CDNs typically use
KEY_DELAY = 120  # ms between keys for a reader typing a query (about 100 words a minute)
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
# Site paths that belong to search, for either engine.
SEARCH_PATHS = (
    "pagefind/",
    "search/",
    "assets/javascripts/workers/",
    "assets/javascripts/lunr/",
    "assets/javascripts/search-engine.js",
)
SCALES = [1, 10, 50]
ENGINES = {"pagefind": "this site (Pagefind)", "material": "Material's built-in engine"}

# Marks the keystroke (keydown) and resolves when a result is drawn after it.
TIMER = """() => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  let t0 = null;
  input.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true, capture: true});
  window.__searched = new Promise((resolve, reject) => {
    setTimeout(() => resolve(null), 30000);  // no result: recorded as such
    const seen = new MutationObserver(() => {
      if (t0 !== null && (list.querySelector('.md-search-result__item') || /no matching/i.test(meta.textContent))) {
        seen.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    seen.observe(list.parentElement, {childList: true, subtree: true, characterData: true});
  });
}"""


def load_queries(path: Path = QUERIES) -> list[dict]:
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{"kind": kind, "query": str(q), "expected": expected} for kind in table for q, expected in table[kind]]


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def is_search_file(url: str, site_url: str) -> bool:
    return url.startswith(site_url) and urlsplit(url).path[len(urlsplit(site_url).path) :].startswith(SEARCH_PATHS)


class Recorder:
    """Search files a page requests (workers included), and their bytes as a host sends them.

    Bytes come from the build folder, gzip for text as a static host serves
    it, so the figure does not depend on the server or on what the browser
    reports for worker scripts.
    """

    def __init__(self, page, site_url: str, site_dir: Path):
        self.site_url, self.site_dir = site_url, site_dir
        self.seen: set[str] = set()
        self.files: list[str] = []
        page.on("request", self.requested)

    def requested(self, request):
        url = request.url.split("#")[0].split("?")[0]
        if is_search_file(url, self.site_url) and url not in self.seen:
            self.seen.add(url)
            self.files.append(urlsplit(url).path[len(urlsplit(self.site_url).path) :])

    def take(self) -> tuple[int, list[str]]:
        files, self.files = self.files, []
        return sum(sent(self.site_dir / f) for f in files if (self.site_dir / f).is_file()), files


def links(page) -> list[str]:
    return page.eval_on_selector_all(
        ".md-search-result__link", "els => els.map(e => { const u = new URL(e.href); return u.pathname + u.hash })"
    )


def type_query(page, query: str) -> float:
    """Fill the query in and release a key (Material searches then); ms to the first result drawn."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    page.evaluate(TIMER)
    page.keyboard.press("End")
    elapsed = page.evaluate("window.__searched")
    page.wait_for_timeout(150)  # Material draws results in batches
    return elapsed


def type_last_key(page, char: str) -> float:
    """Type one more character; ms from its keystroke to the first result drawn."""
    page.evaluate(TIMER)
    page.keyboard.type(char)
    elapsed = page.evaluate("window.__searched")
    page.wait_for_timeout(150)
    return elapsed


def clear(page) -> None:
    page.locator("input.md-search__input").fill("")
    page.keyboard.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")


def first_searches(browser, url: str, site_dir: Path, queries: list[dict]) -> list[dict]:
    """Each query as a first search: a fresh browser, a page load, the box focused, the query typed.

    Typed twice: at KEY_DELAY ms a key, as a reader types (the figure the
    300 ms target is about), and pasted at once on focus, the worst case,
    in which the engine is still loading when the query arrives.
    """
    rows = []
    for q in queries:
        row = {}
        for way in ("typed", "pasted"):
            context = browser.new_context(**DESKTOP)
            page = context.new_page()
            recorder = Recorder(page, url, site_dir)
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            before, before_files = recorder.take()
            page.locator("input.md-search__input").click()
            print(f"[search bench] {url} {way}: {q['query']!r}", file=sys.stderr)
            if way == "typed":
                page.keyboard.type(q["query"][:-1], delay=KEY_DELAY)
                page.wait_for_timeout(KEY_DELAY)
                row["ms_first_search_typed"] = type_last_key(page, q["query"][-1])
            else:
                row["ms_first_search"] = type_query(page, q["query"])
            page.wait_for_load_state("networkidle")
            at, files = recorder.take()
            found = links(page)
            if way == "pasted":
                page_right = bool(found) and found[0].split("#")[0] == "/" + q["expected"].split("#")[0]
                row.update(
                    results=found[:5],
                    page_right=page_right,
                    section_in_three="/" + q["expected"] in found[:3],
                    zero=not found,
                    bytes_before=before,
                    files_before=before_files,
                    bytes_first_search=before + at,
                    files_first_search=before_files + files,
                )
            context.close()
        rows.append({**q, **row})
    return rows


def later_searches(browser, url: str, queries: list[dict]) -> list[float]:
    """ms from the keystroke to the first result, engine running (after one search)."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.locator("input.md-search__input").click()
    type_query(page, "leader")
    times = []
    for q in queries:
        clear(page)
        times.append(type_query(page, q["query"]))
    context.close()
    return times


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(rows: list[dict], later: list[float]) -> dict:
    kinds = {}
    for row in rows:
        k = kinds.setdefault(row["kind"], {"queries": 0, "page_right": 0, "section_in_three": 0, "zero": 0})
        k["queries"] += 1
        for key in ("page_right", "section_in_three", "zero"):
            k[key] += int(row[key])
    total = {key: sum(k[key] for k in kinds.values()) for key in ("queries", "page_right", "section_in_three", "zero")}
    return {
        "kinds": kinds,
        "total": total,
        "zero_result_queries": [row["query"] for row in rows if row["zero"]],
        "bytes_before_search": statistics.median(row["bytes_before"] for row in rows),
        "bytes_first_search_median": statistics.median(row["bytes_first_search"] for row in rows),
        "bytes_first_search_max": max(row["bytes_first_search"] for row in rows),
        "ms_first_search_typed_median": median(row["ms_first_search_typed"] for row in rows),
        "ms_first_search_median": median(row["ms_first_search"] for row in rows),
        "searches_without_answer_in_30_s": sum(row["ms_first_search"] is None for row in rows),
        "ms_later_search_median": median(later),
        "queries": rows,
    }


def measure(browser, sites: dict[str, dict], queries: list[dict]) -> dict:
    """Figures per site. sites: name -> {"url": served URL with trailing slash, "dir": build folder}."""
    out = {}
    for name, site in sites.items():
        rows = first_searches(browser, site["url"], Path(site["dir"]), queries)
        later = later_searches(browser, site["url"], queries)
        out[name] = {**summarise(rows, later), "index": index_size(Path(site["dir"]))}
    return out


def index_size(site_dir: Path) -> dict:
    """What a search index weighs in the build, raw and as sent (gzip for text; Pagefind's files are gzip already)."""
    pagefind = site_dir / "pagefind"
    if pagefind.is_dir():
        files = [p for p in pagefind.rglob("*") if p.is_file()]
        index = [p for p in files if p.suffix in (".pf_meta", ".pf_index", ".pf_fragment")]
    else:
        files = index = [site_dir / "search" / "search_index.json"]
    return {
        "index_files": len(index),
        "index_bytes": sum(sent(p) for p in index),
        "all_search_bytes": sum(sent(p) for p in files),
        "largest_file_bytes": max(sent(p) for p in index),
    }


def sent(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if is_text(path) else len(data)


def is_text(path: Path) -> bool:
    return (mimetypes.guess_type(path.name)[0] or "").startswith(TEXT_TYPES)


# ---------------------------------------------------------------------------
# Serving: a static host on 127.0.0.1 that gzips text, as hosts do
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def serve(directory: Path):
    directory = directory.resolve()
    cache: dict[Path, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = unquote(urlsplit(self.path).path)
            target = (directory / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            status = 200
            if directory not in target.parents or not target.is_file():
                status, target = 404, directory / "404.html"
            payload = target.read_bytes()
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            compress = ctype.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
            if compress:
                payload = cache.setdefault(target, gzip.compress(payload, GZIP_LEVEL, mtime=0))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            if compress:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(payload)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------------------
# Building: this site, and the same site with Material's built-in engine
# ---------------------------------------------------------------------------


def build(work: Path, engine: str, factor: int) -> Path:
    """Build the handbook (copied factor times) with one engine; the site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = ROOT / "mkdocs.yml"
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Tolerant)
    hooks = [h for h in raw.get("hooks", []) if engine == "pagefind" or h != SEARCH_HOOK]
    overrides = {"site_dir": str(work / f"{engine}-{factor}x" / "site"), "hooks": [str(ROOT / h) for h in hooks]}
    if factor > 1:
        docs = work / f"{engine}-{factor}x" / "docs"
        shutil.copytree(ROOT / "docs", docs)
        nav = raw["nav"]
        pages = nav_files(nav)
        for k in range(2, factor + 1):
            for page in pages:
                shutil.copy2(docs / page, docs / copy_name(page, k))
            nav = nav + [{f"Copy {k}": rename(raw["nav"], k)}]
        overrides.update(docs_dir=str(docs), nav=nav, hooks=[str(SCALE_HOOK)] + overrides["hooks"], strict=False)
    cwd = os.getcwd()
    os.chdir(ROOT)  # snippets are read relative to the project
    try:
        config = load_config(str(config_file), **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    return Path(overrides["site_dir"])


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav and hooks, leaving MkDocs' own tags (!ENV ...) unresolved."""


_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_files(items) -> list[str]:
    found = []
    for item in items:
        for value in item.values() if isinstance(item, dict) else [item]:
            if isinstance(value, list):
                found += nav_files(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append(value)
    return found


def rename(items, k: int):
    return [
        copy_name(item, k)
        if isinstance(item, str)
        else {t: rename(v, k) if isinstance(v, list) else copy_name(v, k) for t, v in item.items()}
        for item in items
    ]


def copy_name(path: str, k: int) -> str:
    """The name benchmarks/scale_hook.py recognises: its ids get a --cNN suffix."""
    return f"{path[:-3]}--copy-{k:02d}.md" if path.endswith(".md") else path


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def table(results: dict, scaled: dict) -> str:
    names = list(results)
    lines = ["| Figure | " + " | ".join(ENGINES.get(n, n) for n in names) + " |", "|---|" + "---|" * len(names)]

    def row(label, values):
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    kinds = list(results[names[0]]["kinds"])
    for kind in kinds:
        row(
            f"{kind}: first result on the right page",
            [f"{r['kinds'][kind]['page_right']}/{r['kinds'][kind]['queries']}" for r in results.values()],
        )
        row(
            f"{kind}: section among the first three links",
            [f"{r['kinds'][kind]['section_in_three']}/{r['kinds'][kind]['queries']}" for r in results.values()],
        )
    row(
        "All queries: right page first",
        [f"{r['total']['page_right']}/{r['total']['queries']}" for r in results.values()],
    )
    row(
        "All queries: section in first three",
        [f"{r['total']['section_in_three']}/{r['total']['queries']}" for r in results.values()],
    )
    row("Queries with no result", [str(r["total"]["zero"]) for r in results.values()])
    row("Search bytes on a page load, before any search", [kib(r["bytes_before_search"]) for r in results.values()])
    row(
        "Search bytes from the load to the first results (median / max)",
        [f"{kib(r['bytes_first_search_median'])} / {kib(r['bytes_first_search_max'])}" for r in results.values()],
    )
    row(
        f"Last keystroke to first result, first search typed at {KEY_DELAY} ms a key (median)",
        [f"{r['ms_first_search_typed_median']:.0f} ms" for r in results.values()],
    )
    row(
        "Keystroke to first result, first search pasted on focus (median)",
        [f"{r['ms_first_search_median']:.0f} ms" for r in results.values()],
    )
    row(
        "Keystroke to first result, later searches (median)",
        [f"{r['ms_later_search_median']:.0f} ms" for r in results.values()],
    )
    for factor, by_engine in scaled.items():
        row(
            f"{factor}x pages: index as sent (files)",
            [f"{kib(by_engine[n]['index']['index_bytes'])} ({by_engine[n]['index']['index_files']})" for n in names],
        )
        row(
            f"{factor}x pages: search bytes to the first results (median / max)",
            [
                f"{kib(by_engine[n]['bytes_first_search_median'])} / {kib(by_engine[n]['bytes_first_search_max'])}"
                for n in names
            ],
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--scales",
        type=int,
        nargs="*",
        help=f"page multiples to build besides 1 (default {SCALES[1:]}, none with --query)",
    )
    parser.add_argument(
        "--scale-queries", type=int, default=6, help="queries per scaled build (one of each kind first)"
    )
    parser.add_argument("--query", action="append", help="measure only this query (repeatable) and list its results")
    parser.add_argument("--engine", action="append", choices=list(ENGINES), help="only this engine (repeatable)")
    parser.add_argument("--markdown", type=Path, help="write the table as Markdown here too")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="SEARCH_JSON",
        help="only redraw the table from saved figures (with --markdown to write it)",
    )
    args = parser.parse_args(argv)
    if args.render:
        data = json.loads(args.render.read_text(encoding="utf-8"))
        text = table(data["results"], data["scaled"])
        write_markdown(args.markdown, text, data["date"])
        print(text)
        return 0

    from playwright.sync_api import sync_playwright

    queries = load_queries()
    if args.query:
        known = {q["query"]: q for q in queries}
        queries = [known.get(q, {"kind": "adhoc", "query": q, "expected": ""}) for q in args.query]
    first_of_kind = list({q["kind"]: q for q in reversed(queries)}.values())[::-1]
    sample = (first_of_kind + [q for q in queries if q not in first_of_kind])[: args.scale_queries]
    scales = sorted({1, *(args.scales if args.scales is not None else [] if args.query else SCALES)})
    engines = args.engine or list(ENGINES)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp)
        built = {}
        for factor in scales:  # all builds first: Pagefind's indexer runs its own event loop
            for engine in engines:
                started = time.perf_counter()
                built[factor, engine] = build(work, engine, factor)
                print(
                    f"[search bench] built {engine} at {factor}x in {time.perf_counter() - started:.1f} s",
                    file=sys.stderr,
                )
        results, scaled = {}, {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for factor in scales:
                with contextlib.ExitStack() as stack:
                    served = {
                        e: {"url": stack.enter_context(serve(built[factor, e])), "dir": str(built[factor, e])}
                        for e in engines
                    }
                    print(f"[search bench] measuring {factor}x", file=sys.stderr)
                    scaled[factor] = measure(browser, served, queries if factor == 1 else sample)
            browser.close()
        results = scaled[1]
    if args.output:
        data = {
            "date": time.strftime("%Y-%m-%d"),
            "results": results,
            "scaled": {
                str(f): {e: {k: v for k, v in fig.items() if k != "queries"} for e, fig in by.items()}
                for f, by in scaled.items()
            },
        }
        args.output.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.query:
        for engine, figures in results.items():
            for row in figures["queries"]:
                print(f"{ENGINES[engine]}: {row['query']!r} -> {', '.join(row['results']) or 'nothing'}")
    text = table(results, scaled)
    write_markdown(args.markdown, text, time.strftime("%Y-%m-%d"))
    print(text)
    return 0


def write_markdown(path: Path | None, text: str, date: str) -> None:
    if path:
        path.write_text(
            f"# Search: this site's engine against Material's built-in one\n\n"
            f"Written by `make bench` (benchmarks/search.py) from `search.json`, run of {date}; "
            f"do not edit. The queries are tests/search_queries.yml.\n\n{text}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    sys.exit(main())
