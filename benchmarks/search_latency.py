"""How fast Material's built-in search answers, on each site's home page.

A section module: `measure(browser, sites, queries) -> dict`, with `sites`
mapping a name to a served tests/support.py Site (its folder and URL). The
bench stores the dict under this module's name in results.json, and
render.py draws it with `table()`. A module for another search (the same
two functions) is added to __main__.SECTIONS the same way.
"""

from __future__ import annotations

import statistics

TITLE = "Search: key to first result (Material's search, desktop)"

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


def usable(site) -> str | None:
    """The site's search index as lower-case text, or None without Material's search."""
    index = site.dir / "search" / "search_index.json"
    return index.read_text(encoding="utf-8").lower() if index.is_file() else None


def measure(browser, sites: dict, queries: list[str]) -> dict:
    """Milliseconds from the key that completes a query to the frame showing its first result."""
    indexes = {name: usable(site) for name, site in sites.items()}
    chosen = [q for q in queries if all(i is not None and q in i for i in indexes.values())][:5]
    out = {"queries": chosen}
    for name, site in sites.items():
        if indexes[name] is None or not chosen:
            out[name] = {
                "error": "no Material search index on this site"
                if indexes[name] is None
                else "no query found in every index"
            }
            continue
        try:
            times = latencies(browser, site.url, chosen)
            out[name] = {"median_ms": statistics.median(times), "runs_ms": [round(t, 1) for t in times]}
        except Exception as error:  # a page without Material's search box times out
            out[name] = {"error": str(error).splitlines()[0][:200]}
    return out


def latencies(browser, url: str, queries: list[str]) -> list[float]:
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.click(".md-search__input", timeout=10000)
        page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && !/initiali/i.test(m.textContent); }",
            timeout=30000,
        )
        times = []
        for query in queries:
            page.fill(".md-search__input", "")
            page.keyboard.press("End")  # a keyup with the empty value clears the results
            page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
            page.fill(".md-search__input", query[:-1])  # fill fires no keyup: no search yet
            page.evaluate(SEARCH_SCRIPT)
            page.keyboard.press(query[-1])
            times.append(page.evaluate("window.__searchDone"))
        return times
    finally:
        context.close()


def table(data: dict) -> tuple[list[str], list[list]]:
    """Header and rows for results.md."""
    rows = []
    for name, got in data.items():
        if name == "queries":
            continue
        rows.append(
            [name, "failed: " + got["error"]]
            if "error" in got
            else [name, f"{got['median_ms']:.0f} ms", ", ".join(f"{t:.0f}" for t in got["runs_ms"])]
        )
    return ["Site", "Median", f"Runs, ms ({', '.join(data['queries'])})"], rows
