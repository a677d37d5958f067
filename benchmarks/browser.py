"""Page loads in Chromium on Lighthouse's mobile profile, the sites interleaved.

Every load is cold: a new browser context (empty cache), closed after it,
so nothing left open works in the background while another page is
measured. One load gives:

- what was fetched until the network settled, with nothing clicked or
  typed: requests, requests to other hosts, bytes sent by the host (gzip);
- first paint (FCP), Largest Contentful Paint and its element, and CLS, from
  the page's own PerformanceObserver entries;
- main-thread blocking: the part of every long task beyond 50 ms, as
  Lighthouse's Total Blocking Time counts it, at a 4x CPU slowdown.
"""

from __future__ import annotations

import statistics
from collections import Counter
from urllib.parse import urlsplit

# Lighthouse's mobile preset, applied by the browser: a mid-range phone on slow 4G.
VIEWPORT = {"width": 412, "height": 823}
MOBILE = dict(viewport=VIEWPORT, device_scale_factor=1.75, is_mobile=True, has_touch=True)
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1638.4 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
CPU_SLOWDOWN = 4
PROFILE = {
    "viewport": VIEWPORT,
    "device_scale_factor": 1.75,
    "latency_ms": 150,
    "download_kbit_s": 1638.4,
    "upload_kbit_s": 750,
    "cpu_slowdown": CPU_SLOWDOWN,
}
# Timings kept per load and summarised as medians.
TIMINGS = ["fcp", "lcp", "cls", "blocking"]
COUNTS = ["requests", "third_party", "bytes", "raw"]

PERF_SCRIPT = """
window.__bench = {lcp: 0, cls: 0, fcp: 0, lcpElement: '', blocking: 0, longTasks: 0};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    window.__bench.blocking += Math.max(0, e.duration - 50);
    window.__bench.longTasks += 1;
  }
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


def open_page(browser):
    """A new context and page on the mobile profile, throttled as Lighthouse's mobile preset."""
    context = browser.new_context(**MOBILE)
    context.add_init_script(PERF_SCRIPT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page


def load(browser, host, path: str) -> dict:
    """One cold load of host.url + path, until the network has settled."""
    urls: list[str] = []
    context, page = open_page(browser)
    page.on("request", lambda request: urls.append(request.url))
    host.take()
    page.goto(host.url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    host.settle(quiet=1.0)  # the search worker's own requests come after its script
    got = page.evaluate("window.__bench")
    context.close()
    hits = host.take()
    others = [u for u in urls if not u.startswith((host.url, "data:", "blob:"))]
    files: dict[str, int] = {}
    for hit in hits:
        files[hit.path] = files.get(hit.path, 0) + hit.sent
    return {
        "requests": len([u for u in urls if not u.startswith(("data:", "blob:"))]),
        "third_party": len(others),
        "third_party_hosts": sorted({urlsplit(u).netloc for u in others}),
        "bytes": sum(hit.sent for hit in hits),
        "raw": sum(hit.raw for hit in hits),
        "files": files,
        "fcp": got["fcp"],
        "lcp": got["lcp"],
        "cls": got["cls"],
        "blocking": got["blocking"],
        "long_tasks": got["longTasks"],
        "lcp_element": got["lcpElement"],
    }


def measure(browser, hosts: dict, pages: list[str], runs: int, log=lambda message: None) -> dict:
    """`runs` rounds; in each, every page loaded once per site, the sites' order alternating.

    Returns {site: {page: summary}}; a summary has the median of each figure
    and the runs behind the timings.
    """
    loads: dict[str, dict[str, list[dict]]] = {name: {p: [] for p in pages} for name in hosts}
    names = list(hosts)
    for r in range(runs):
        log(f"browser: round {r + 1}/{runs}, {len(pages)} pages x {len(names)} sites")
        for path in pages:
            for name in names if r % 2 == 0 else names[::-1]:
                loads[name][path].append(load(browser, hosts[name], path))
    return {name: {path: summarise(runs_) for path, runs_ in by_page.items()} for name, by_page in loads.items()}


def summarise(runs: list[dict]) -> dict:
    out = {key: statistics.median(r[key] for r in runs) for key in TIMINGS + COUNTS}
    out["runs"] = {key: [round(r[key], 4 if key == "cls" else 1) for r in runs] for key in TIMINGS}
    out["long_tasks"] = statistics.median(r["long_tasks"] for r in runs)
    out["third_party_hosts"] = sorted({h for r in runs for h in r["third_party_hosts"]})
    out["lcp_element"] = Counter(r["lcp_element"] for r in runs).most_common(1)[0][0]
    out["files"] = runs[0]["files"]  # the same files every time; the first load's
    return out
