"""The site search measured: how often it answers, how fast, and what it downloads.

`python -m benchmarks.search` (`make bench` runs it after the page loads)
builds the handbook twice from a copy of the project, serves both builds
on 127.0.0.1 as a static host does (support.Host, gzip) and drives Debian's
Chromium (support.launch_chromium):

- this site: mkdocs.yml as it is, Pagefind's index with the word lists and
  the engine (hooks/handbook/search_index.py, lexicon.py,
  overrides/assets/javascripts/search-engine.js), each query typed into
  the header search box;
- plain Pagefind: the same build, each query handed to Pagefind's own
  search (pagefind.js) in the page: no stop words, word families, field
  vocabulary or section ranking; the links are a page and its sub-results,
  in Pagefind's order;
- Material's engine: the same project with `extra: search_engine: material`
  (Material's built-in search, lunr), typed into the box.

On three sets of labelled reader queries: the tuning half
(tests/search_tuning.yml), the older table (tests/search_queries.yml) and
the held-out half (benchmarks/search_heldout.yml). Of the held-out half only
counts per kind are kept and printed, never a query or its results: it is
never used to decide a change. A query is answered when its first link is
on an expected page, and well answered when an expected section is among
the first three links (support.judged, as the tests judge); queries whose
`expect` is empty have no good answer and are counted apart.

Then, for this site and Material's engine: milliseconds from the last
keystroke to the first result drawn, typing at KEY_DELAY ms a key (once the
engine has started, and for a first search on a fresh page); and what a
first search downloads (gzip, as sent), by kind of file, the word lists
among them.

Writes benchmarks/search.json and benchmarks/search.md (tables only, with
the run's date and command). Nothing here passes or fails: the tests of the
search are tests/test_search.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from support import Host, build, copy_project, judged, launch_chromium, load_table, strict_build_problem

from . import ROOT
from . import results as record

OUTPUT = ROOT / "benchmarks"
SETS = {
    "tuning": ROOT / "tests" / "search_tuning.yml",
    "older": ROOT / "tests" / "search_queries.yml",
    "held-out": ROOT / "benchmarks" / "search_heldout.yml",
}
AGGREGATES_ONLY = {"held-out"}
ENGINES = {
    "this": "This site (Pagefind + word lists + engine)",
    "pagefind": "Plain Pagefind (no word lists)",
    "material": "Material's built-in engine",
}
# The configuration that keeps Material's own search, beside mkdocs.yml in the copy.
MATERIAL_CONFIG = "INHERIT: mkdocs.yml\nextra:\n  search_engine: material\n"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
KEY_DELAY = 120  # ms between keys, a reader typing about 100 words a minute
LATENCY_QUERIES = 20  # answerable tuning queries timed while typing, every n-th
FIRST_SEARCHES = 8  # fresh pages: first-search time and download
TARGET_MS = 300
TARGET_KIB = 150
# What a first search downloads, by kind (a path's first match, in order).
FILE_KINDS = [
    ("word lists (stop words, field vocabulary)", "/pagefind/words.json"),
    ("word families (WordNet, by first letter)", "/pagefind/words/"),
    ("words close in meaning (WordNet, by first two letters)", "/pagefind/meaning/"),
    ("Pagefind page records", "/pagefind/fragment/"),
    ("Pagefind index chunks", "/pagefind/index/"),
    ("Pagefind runtime (script, WebAssembly, metadata)", "/pagefind/"),
    ("the engine (search-engine.js)", "/assets/javascripts/search-engine.js"),
    ("Material's worker and index", "/search/"),
    ("Material's worker and index", "/assets/javascripts/workers/"),
    ("Material's worker and index", "/assets/javascripts/lunr/"),
]

# Marks the keystroke (keydown) and resolves with the ms until a result (or
# "no matching") is drawn after it.
TIMER = """() => {
  const input = document.querySelector('.md-search__input');
  const output = document.querySelector('.md-search-result');
  let t0 = null;
  input.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true, capture: true});
  window.__searched = new Promise(resolve => {
    setTimeout(() => resolve(null), 20000);
    const seen = new MutationObserver(() => {
      const meta = output.querySelector('.md-search-result__meta');
      if (t0 !== null && (output.querySelector('.md-search-result__item') || /no matching/i.test(meta?.textContent))) {
        seen.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    seen.observe(output, {childList: true, subtree: true, characterData: true});
  });
}"""
# Pagefind's own answer to each query, as links: a page, then its sub-results.
PLAIN_PAGEFIND = """async queries => {
  const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
  await pagefind.init();
  const site = new URL(document.baseURI).pathname;
  const path = url => '/' + new URL(url, document.baseURI).pathname.slice(site.length) + (new URL(url, document.baseURI).hash);
  const answers = {};
  for (const q of queries) {
    const found = await pagefind.search(q);
    const links = [];
    for (const result of (found?.results ?? []).slice(0, 5)) {
      const data = await result.data();
      links.push(path(data.url));
      for (const sub of data.sub_results) if (sub.url !== data.url) links.push(path(sub.url));
    }
    answers[q] = links;
  }
  return answers;
}"""


def log(message: str) -> None:
    print(f"[search bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The search box
# ---------------------------------------------------------------------------


def links(page) -> list[str]:
    return page.eval_on_selector_all(
        ".md-search-result__link", "els => els.map(e => { const u = new URL(e.href); return u.pathname + u.hash })"
    )


def clear(page) -> None:
    box = page.locator("input.md-search__input")
    box.fill("")
    page.keyboard.press("End")  # Material searches when a key is released
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")


def typed(page, query: str) -> list[str]:
    """The query filled into the box and one key released: exactly one search; its links."""
    clear(page)
    page.evaluate(TIMER)
    page.locator("input.md-search__input").fill(query)
    page.keyboard.press("End")
    page.evaluate("window.__searched")
    page.wait_for_timeout(100)  # Material draws results in batches
    return links(page)


def open_search(browser, url: str):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.locator("input.md-search__input").click()
    page.wait_for_function(
        "() => !/initiali/i.test(document.querySelector('.md-search-result__meta')?.textContent || 'initialising')",
        timeout=30_000,
    )
    return context, page


def answers_typed(browser, url: str, queries: list[str]) -> dict[str, list[str]]:
    context, page = open_search(browser, url)
    try:
        return {q: typed(page, q) for q in queries}
    finally:
        context.close()


def answers_plain_pagefind(browser, url: str, queries: list[str]) -> dict[str, list[str]]:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(url, wait_until="load")
    try:
        return page.evaluate(PLAIN_PAGEFIND, queries)
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def scored(rows, answers: dict[str, list[str]], keep_rows: bool) -> dict:
    """Counts per kind: answerable queries, right page first, section in the first three,
    no result; queries without a good answer, and how many of them got a result."""
    kinds: dict[str, dict[str, int]] = {}
    kept = []
    for kind, query, expected in rows:
        found = answers[query]
        k = kinds.setdefault(
            kind, {"queries": 0, "page_first": 0, "section_in_three": 0, "empty": 0, "no_answer": 0, "shown": 0}
        )
        if not expected:
            k["no_answer"] += 1
            k["shown"] += bool(found)
        else:
            page_first, in_three = judged(found, expected)
            k["queries"] += 1
            k["page_first"] += page_first
            k["section_in_three"] += in_three
            k["empty"] += not found
        if keep_rows:
            kept.append({"kind": kind, "query": query, "expected": expected, "links": found[:5]})
    total = {key: sum(k[key] for k in kinds.values()) for key in next(iter(kinds.values()))}
    return {"kinds": kinds, "total": total, **({"queries": kept} if keep_rows else {})}


# ---------------------------------------------------------------------------
# Speed and download
# ---------------------------------------------------------------------------


def keystroke_ms(page, query: str) -> float | None:
    """Type the query at KEY_DELAY ms a key; ms from its last keystroke to results drawn."""
    page.keyboard.type(query[:-1], delay=KEY_DELAY)
    page.wait_for_timeout(KEY_DELAY)
    page.evaluate(TIMER)
    page.keyboard.type(query[-1])
    return page.evaluate("window.__searched")


def typing_latency(browser, url: str, queries: list[str]) -> list[float | None]:
    """The engine started (one search done), each query typed into an emptied box."""
    context, page = open_search(browser, url)
    try:
        typed(page, "leader")
        times = []
        for query in queries:
            clear(page)
            times.append(keystroke_ms(page, query))
            page.wait_for_timeout(200)
        return times
    finally:
        context.close()


def kind_of(path: str) -> str:
    return next((kind for kind, prefix in FILE_KINDS if path.startswith(prefix)), "other")


def first_searches(browser, host: Host, queries: list[str]) -> list[dict]:
    """Each query as a first search on a fresh page (empty cache): the search bytes the
    load fetched, the time from the last keystroke to results, what the search fetched."""
    rows = []
    for query in queries:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        host.take()
        page.goto(host.url, wait_until="load")
        host.settle(quiet=0.5)
        on_load = [hit for hit in host.take() if kind_of(hit.path) != "other"]
        page.locator("input.md-search__input").click()
        ms = keystroke_ms(page, query)
        page.wait_for_timeout(300)
        host.settle(quiet=0.5)
        by_kind: dict[str, int] = {}
        for hit in host.take():
            by_kind[kind_of(hit.path)] = by_kind.get(kind_of(hit.path), 0) + hit.sent
        by_kind.pop("other", None)  # icons and fonts a page may fetch late: not search
        context.close()
        rows.append({"ms": ms, "bytes_on_load": sum(hit.sent for hit in on_load), "bytes": by_kind})
    return rows


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def speed_and_bytes(browser, host: Host, answerable: list[str]) -> dict:
    sample = answerable[:: max(1, len(answerable) // LATENCY_QUERIES)][:LATENCY_QUERIES]
    typing = typing_latency(browser, host.url, sample)
    first = first_searches(browser, host, sample[:FIRST_SEARCHES])
    kinds = sorted({k for row in first for k in row["bytes"]})
    totals = [sum(row["bytes"].values()) for row in first]
    return {
        "typing_queries": sample,
        "typing_ms": typing,
        "typing_ms_median": median(typing),
        "typing_ms_max": max((t for t in typing if t is not None), default=None),
        "typing_over_target": sum(1 for t in typing if t is None or t > TARGET_MS),
        "first_search_ms": [row["ms"] for row in first],
        "first_search_ms_median": median(row["ms"] for row in first),
        "bytes_on_load_max": max(row["bytes_on_load"] for row in first),
        "first_search_bytes_median": median(totals),
        "first_search_bytes_max": max(totals),
        "first_search_bytes_by_kind_median": {k: median(row["bytes"].get(k, 0) for row in first) for k in kinds},
    }


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def built(work: Path) -> dict[str, Path]:
    """This site and the Material-engine variant, built from one copy of the project."""
    project = copy_project(work / "project")
    (project / ".bench-material-search.yml").write_text(MATERIAL_CONFIG, encoding="utf-8")
    sites = {}
    for name, config in (("this", None), ("material", project / ".bench-material-search.yml")):
        log(f"building {name}")
        done = build(project, work / name, site_url=None, config=config)
        problem = strict_build_problem(done)
        if problem:
            raise SystemExit(f"search bench: the {name} build failed:\n{problem[-3000:]}")
        sites[name] = work / name
    return sites


def measure(work: Path, chosen: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    sets = {name: load_table(SETS[name]) for name in chosen}
    queries = sorted({q for rows in sets.values() for _, q, _ in rows})
    sites = built(work)
    hosts = {name: Host(folder) for name, folder in sites.items()}
    out: dict = {"sets": {}, "speed": {}}
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                answers = {}
                for engine in ENGINES:
                    log(f"{len(queries)} queries: {engine}")
                    host = hosts["material" if engine == "material" else "this"]
                    answer = answers_plain_pagefind if engine == "pagefind" else answers_typed
                    answers[engine] = answer(browser, host.url, queries)
                for name, rows in sets.items():
                    out["sets"][name] = {
                        engine: scored(rows, answers[engine], keep_rows=name not in AGGREGATES_ONLY)
                        for engine in ENGINES
                    }
                answerable = [q for _, q, expected in sets["tuning"] if expected]
                for engine in ("this", "material"):
                    log(f"speed and download: {engine}")
                    out["speed"][engine] = speed_and_bytes(browser, hosts[engine], answerable)
            finally:
                browser.close()
    finally:
        for host in hosts.values():
            host.shutdown()
    return out


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def percent(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f} %)" if d else "–"


def kib(n: float | None) -> str:
    return "–" if n is None else f"{n / 1024:.1f} KiB"


def ms(n: float | None) -> str:
    return "–" if n is None else f"{n:.0f} ms"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]


def render(data: dict) -> str:
    out = [
        "# Search: this site's engine, plain Pagefind and Material's engine",
        "",
        f"Written by `{data['run']['command']}` (benchmarks/search.py) on {data['run']['started']}, "
        f"commit {data['run']['commit']}; do not edit. Figures: search.json.",
        "",
        "A query counts as answered when the first result is on a page that answers it, and its",
        "section as found when an answering section is among the first three links",
        "(tests/support.py `judged`). Queries without a good answer are counted apart.",
        "",
    ]
    for name, by_engine in data["measures"]["sets"].items():
        out += [f"## {name.capitalize()} queries", ""]
        if name in AGGREGATES_ONLY:
            out += ["Counts only: the held-out half is never read to decide a change.", ""]
        rows = []
        kinds = list(next(iter(by_engine.values()))["kinds"])
        for kind in [*kinds, "all"]:
            for measure, label in (("page_first", "right page first"), ("section_in_three", "section in first three")):
                cells = []
                for figures in by_engine.values():
                    k = figures["total"] if kind == "all" else figures["kinds"][kind]
                    cells.append(percent(k[measure], k["queries"]))
                if kind == "all" or next(iter(by_engine.values()))["kinds"][kind]["queries"]:
                    rows.append([f"{kind}: {label}", *cells])
        rows.append(["answerable queries with no result", *(str(f["total"]["empty"]) for f in by_engine.values())])
        rows.append(
            [
                "queries without a good answer that got a result",
                *(f"{f['total']['shown']}/{f['total']['no_answer']}" for f in by_engine.values()),
            ]
        )
        out += table(["", *(ENGINES[e] for e in by_engine)], rows)
    speed = data["measures"]["speed"]
    out += ["## Speed and download", ""]
    names = list(speed)
    rows = [
        [
            f"last keystroke to results while typing, {len(speed[names[0]]['typing_ms'])} queries (median / max)",
            *(f"{ms(speed[n]['typing_ms_median'])} / {ms(speed[n]['typing_ms_max'])}" for n in names),
        ],
        [f"queries over {TARGET_MS} ms while typing", *(str(speed[n]["typing_over_target"]) for n in names)],
        [
            f"first search on a fresh page, last keystroke to results (median of {FIRST_SEARCHES})",
            *(ms(speed[n]["first_search_ms_median"]) for n in names),
        ],
        ["search bytes a page load fetches (max)", *(kib(speed[n]["bytes_on_load_max"]) for n in names)],
        [
            "what a first search downloads, gzip (median / max)",
            *(
                f"{kib(speed[n]['first_search_bytes_median'])} / {kib(speed[n]['first_search_bytes_max'])}"
                for n in names
            ),
        ],
    ]
    kinds = sorted({k for n in names for k in speed[n]["first_search_bytes_by_kind_median"]})
    for kind in kinds:
        rows.append(
            [
                f"of which {kind} (median)",
                *(kib(speed[n]["first_search_bytes_by_kind_median"].get(kind)) for n in names),
            ]
        )
    out += table(["", *(ENGINES[n] for n in names)], rows)
    out += [
        f"Targets: results within {TARGET_MS} ms of the last keystroke; a first search within {TARGET_KIB} KiB.",
        "",
    ]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder for search.json and search.md")
    parser.add_argument("--render", type=Path, metavar="SEARCH_JSON", help="only redraw search.md from saved figures")
    parser.add_argument(
        "--sets", nargs="+", choices=list(SETS), default=list(SETS), help="query sets to score (all; tuning first)"
    )
    args = parser.parse_args(argv)
    if args.render:
        data = record.read(args.render)
    else:
        run = {
            "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": "python -m benchmarks.search " + shlex.join(sys.argv[1:] if argv is None else argv),
            "commit": record.commit(ROOT),
            "machine": record.machine(),
        }
        work = Path(tempfile.mkdtemp(prefix="handbook-search-bench-"))
        try:
            data = {"run": run, "measures": measure(work, args.sets)}
        finally:
            shutil.rmtree(work, ignore_errors=True)
        record.save(data, args.output / "search.json")
    text = render(data)
    (args.output / "search.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
