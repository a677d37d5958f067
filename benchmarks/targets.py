"""The handbook's performance targets, each judged from the figures of one run.

A target is met (True), missed (False) or not measured in this run (None).
Comparisons are per page, this site against Material's defaults on the same
page; `misses` names the pages where a target is missed. Nothing here
explains a figure: that is report.md's job.
"""

from __future__ import annotations

FIRST_LOAD_RATIO = 0.8  # issue 26
SCALING_RATIO = 1.2


def evaluate(results: dict) -> list[dict]:
    pages = results["pages"]
    b = results.get("browser")
    lh = results.get("lighthouse", {})
    lh_ok = "this" in lh
    out = []

    def add(key, target, met, this, base, misses=()):
        out.append({"key": key, "target": target, "met": met, "this": this, "base": base, "misses": list(misses)})

    # Lighthouse: 100 in every category, both presets, every page.
    if lh_ok:
        below, failed = [], []
        for path in pages:
            for preset, r in lh["this"][path].items():
                if "error" in r:
                    failed.append(f"/{path} {preset}")
                else:
                    below += [f"/{path} {preset} {c} {v:g}" for c, v in r["scores"].items() if v < 100]
        base_below = sum(
            1
            for path in pages
            for r in lh["base"][path].values()
            if "scores" in r
            for v in r["scores"].values()
            if v < 100
        )
        add(
            "lighthouse",
            "Lighthouse 100 in all four categories, mobile and desktop, every page",
            not below and not failed,
            f"{len(below)} scores under 100" + (f", {len(failed)} runs failed" if failed else ""),
            f"{base_below} scores under 100",
            below + [f"{f} failed" for f in failed],
        )
    else:
        add(
            "lighthouse",
            "Lighthouse 100 in all four categories, mobile and desktop, every page",
            None,
            lh.get("skipped", "not run"),
            "-",
        )

    # Issue 26: Lighthouse mobile, on every page, medians of the runs.
    mobile = lh_ok and all("mobile" in lh[name][p] for name in ("this", "base") for p in pages)
    if mobile:
        got = {
            name: {p: lh[name][p]["mobile"] for p in pages if "error" not in lh[name][p]["mobile"]}
            for name in ("this", "base")
        }
        both = [p for p in pages if p in got["this"] and p in got["base"]]
        failed = [f"/{p} failed" for p in pages if p not in both]
        misses = [
            f"/{p} {got['this'][p]['tbt']:.0f} ms > {got['base'][p]['tbt']:.0f} ms"
            for p in both
            if got["this"][p]["tbt"] > got["base"][p]["tbt"]
        ]
        add(
            "lighthouse_tbt",
            f"Lighthouse mobile total blocking time at or below the defaults' on every page (median of {lh['runs']})",
            not misses and not failed,
            f"median {median([got['this'][p]['tbt'] for p in both]):.0f} ms" if both else "-",
            f"median {median([got['base'][p]['tbt'] for p in both]):.0f} ms" if both else "-",
            misses + failed,
        )
        score = {name: {p: got[name][p]["scores"]["performance"] for p in both} for name in ("this", "base")}
        misses = [
            f"/{p} {score['this'][p]:g} < {score['base'][p]:g}" for p in both if score["this"][p] < score["base"][p]
        ]
        add(
            "lighthouse_performance",
            f"Lighthouse mobile performance score at or above the defaults' on every page (median of {lh['runs']})",
            not misses and not failed,
            span(score["this"].values()),
            span(score["base"].values()),
            misses + failed,
        )
    else:
        for key in ("lighthouse_tbt", "lighthouse_performance"):
            add(key, f"Lighthouse mobile ({key})", None, lh.get("skipped", "no mobile runs"), "-")

    # Render-blocking requests: Lighthouse's audit when it ran, else the built HTML; the site's own host.
    if mobile:
        count = {name: {p: own(lh[name][p]["mobile"]) for p in pages} for name in ("this", "base")}
        source = "Lighthouse's render-blocking audit, mobile"
    else:
        count = {
            name: {p: results["static"][name]["pages"][p]["blocking"]["same_host"] for p in pages}
            for name in ("this", "base")
        }
        source = "the built HTML"
    misses = [
        f"/{p} {count['this'][p]} > {count['base'][p]}"
        for p in pages
        if count["this"][p] is None or count["base"][p] is None or count["this"][p] > count["base"][p]
    ]
    add(
        "render_blocking",
        f"Render-blocking requests per page no more than the defaults' ({source}; own host)",
        not misses,
        span(count["this"].values()),
        span(count["base"].values()),
        misses,
    )

    if b:
        for key, label in (
            ("lcp", "LCP"),
            ("fcp", "First paint (FCP)"),
            ("blocking", "Main-thread blocking (TBT-like)"),
        ):
            misses = [
                f"/{p} {b['this'][p][key]:.0f} ms > {b['base'][p][key]:.0f} ms"
                for p in pages
                if b["this"][p][key] > b["base"][p][key]
            ]
            add(
                key,
                f"{label} on the mobile profile at or below the defaults' on every page",
                not misses,
                f"median {median([b['this'][p][key] for p in pages]):.0f} ms",
                f"median {median([b['base'][p][key] for p in pages]):.0f} ms",
                misses,
            )
        ratios = {p: b["this"][p]["bytes"] / b["base"][p]["bytes"] for p in pages}
        misses = [f"/{p} x{r:.2f}" for p, r in ratios.items() if r > FIRST_LOAD_RATIO]
        add(
            "first_load",
            f"First load (gzip, all a cold load fetches) at most {FIRST_LOAD_RATIO} x the defaults' on every page",
            not misses,
            f"x{min(ratios.values()):.2f}-{max(ratios.values()):.2f}",
            f"{kib(min(b['base'][p]['bytes'] for p in pages))}-{kib(max(b['base'][p]['bytes'] for p in pages))}",
            misses,
        )
        worst = {name: {p: max(b[name][p]["runs"]["cls"]) for p in pages} for name in ("this", "base")}
        lh_cls = {(p, pr): r.get("cls") for p in pages for pr, r in lh["this"][p].items()} if lh_ok else {}
        misses = [f"/{p} {v:.4f}" for p, v in worst["this"].items() if v > 0]
        misses += [f"/{p} {v:.4f} (Lighthouse, {pr})" for (p, pr), v in lh_cls.items() if v]
        add(
            "cls",
            "CLS 0 on every page (every load)",
            not misses,
            f"worst {max(worst['this'].values()):.4f}",
            f"worst {max(worst['base'].values()):.4f}",
            misses,
        )
        third = {name: sum(b[name][p]["third_party"] for p in pages) for name in ("this", "base")}
        lh_third = sum(lh["this"][p][pr].get("third_party", 0) for p in pages for pr in lh["this"][p]) if lh_ok else 0
        add(
            "third_party",
            "0 third-party requests",
            third["this"] == 0 and lh_third == 0,
            str(third["this"] + lh_third),
            str(third["base"]),
            [f"/{p} {b['this'][p]['third_party_hosts']}" for p in pages if b["this"][p]["third_party"]],
        )
    else:
        for key in ("lcp", "fcp", "blocking", "first_load", "cls", "third_party"):
            add(key, key, None, "not run", "-")

    scaling = results.get("scaling", {})
    top = scaling.get("factors", [1, 50])[-1]
    label = f"Build time at {top}x the pages within {SCALING_RATIO} x {top} x the 1x build (every page copied)"
    if "ratio" in scaling:
        add("scaling", label, scaling["ratio"] <= SCALING_RATIO, f"x{scaling['ratio']:.2f}", "-")
    else:
        add("scaling", label, None, scaling.get("skipped", "not run"), "-")
    return out


def own(run: dict) -> int | None:
    """Render-blocking requests Lighthouse names on the page's own host."""
    if "render_blocking" not in run:
        return None
    host = lambda url: url.split("/")[2] if "://" in url else ""  # noqa: E731
    hosts = [host(u) for u in run["render_blocking"]]
    return sum(1 for h in hosts if h.startswith("127.0.0.1"))


def span(values) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{min(values)}" if min(values) == max(values) else f"{min(values)}-{max(values)}"


def median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"
