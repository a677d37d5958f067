"""results.json -> results.md: tables only, no sentence depends on a number.

Why a figure is what it is belongs in report.md, written by a person.
"""

from __future__ import annotations

import statistics

from . import lighthouse
from .targets import own

MET = {True: "met", False: "**missed**", None: "not measured"}


def kib(n) -> str:
    return "-" if n is None else f"{n / 1024:.1f} KiB"


def ms(n) -> str:
    return "-" if n is None else f"{n:.0f} ms"


def ratio(a, b) -> str:
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "∞"
    return f"{a / b:.2f}"


def pair(a, b, fmt, with_ratio=True) -> str:
    cell = f"{fmt(a)} / {fmt(b)}"
    return f"{cell} ({ratio(a, b)})" if with_ratio else cell


def cell(x) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list], align: str | None = None) -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    for row in rows:
        row = list(row) + [""] * (len(header) - len(row))
        out.append("| " + " | ".join(cell(x) for x in row) + " |")
    return out + [""]


def changes_text(changes: list[str]) -> str:
    """'theme.features -a', 'theme.features -b' -> 'theme.features -a -b'."""
    grouped: dict[str, list[str]] = {}
    for change in changes:
        key, _, rest = change.partition(" ") if " -" in change or " +" in change else (change, "", "")
        grouped.setdefault(key, []).append(rest)
    return "; ".join(" ".join([key] + [r for r in rest if r]) for key, rest in grouped.items()) or "-"


def render(results: dict) -> str:
    out: list[str] = []
    w = out.extend
    run = results["run"]
    pages = results["pages"]
    w(
        [
            "# Benchmark figures: this handbook against Material's defaults",
            "",
            "Written by `make bench` from `results.json`; do not edit. What the figures mean is in "
            "`report.md`, written by a person.",
            "",
        ]
    )
    v = run["versions"]
    m = run["machine"]
    w(
        table(
            ["Run", ""],
            [
                ["Started", run["started"]],
                ["Took", f"{run.get('minutes', 0):.1f} minutes"],
                ["Command", f"`{run['command']}`"],
                ["Commit", run.get("commit") or "-"],
                ["Machine", f"{m['cpus']} CPUs ({m['usable_cpus']} usable), {m['memory_gib']} GiB, {m['system']}"],
                [
                    "Load average (1 min), start / end",
                    f"{run['load_average']['start']} / {run['load_average'].get('end', '-')}",
                ],
                ["Versions", ", ".join(f"{k} {val}" for k, val in v.items() if val)],
                [
                    "Sites",
                    f"this site: `{results['sites']['this']['config']}`; "
                    f"defaults: `{results['sites']['base']['config']}`",
                ],
            ],
            "ll",
        )
    )

    w(["## Targets", ""])
    w(
        table(
            ["Target", "This site", "Material's defaults", "", "Where missed"],
            [
                [
                    t["target"],
                    t["this"],
                    t["base"],
                    MET[t["met"]],
                    "; ".join(t["misses"][:12])
                    + (f"; and {len(t['misses']) - 12} more" if len(t["misses"]) > 12 else ""),
                ]
                for t in results["targets"]
            ],
            "lllll",
        )
    )

    b = results.get("browser")
    if b:
        p = b["profile"]
        w(
            [
                f"## Per page: loads on the mobile profile (median of {b['runs']})",
                "",
                f"Each cell: this site / defaults (ratio). Profile: {p['viewport']['width']}x{p['viewport']['height']}, "
                f"{p['cpu_slowdown']}x CPU slowdown, {p['latency_ms']} ms latency, {p['download_kbit_s']:.0f} kbit/s down; "
                "a new browser context for every load; the sites alternate within each round. *First load*: every "
                "byte the host sent until the network settled, nothing clicked or typed. *Blocking*: long tasks' "
                "time beyond 50 ms. *CLS*: the worst of the loads.",
                "",
            ]
        )
        rows = []
        for path in pages:
            t, d = b["this"][path], b["base"][path]
            rows.append(
                [
                    f"/{path}",
                    pair(t["bytes"], d["bytes"], kib),
                    f"{t['requests']:g} / {d['requests']:g}",
                    f"{t['third_party']:g} / {d['third_party']:g}",
                    pair(t["fcp"], d["fcp"], ms),
                    pair(t["lcp"], d["lcp"], ms),
                    pair(t["blocking"], d["blocking"], ms),
                    f"{max(t['runs']['cls']):.4f} / {max(d['runs']['cls']):.4f}",
                ]
            )
        med = lambda name, key: statistics.median(b[name][q][key] for q in pages)  # noqa: E731
        rows.append(
            [
                "**median**",
                pair(med("this", "bytes"), med("base", "bytes"), kib),
                "",
                "",
                pair(med("this", "fcp"), med("base", "fcp"), ms),
                pair(med("this", "lcp"), med("base", "lcp"), ms),
                pair(med("this", "blocking"), med("base", "blocking"), ms),
                "",
            ]
        )
        w(table(["Page", "First load, gzip", "Requests", "Third-party", "FCP", "LCP", "Blocking", "CLS"], rows))
        w(
            table(
                ["Page", "LCP element, this site", "LCP element, defaults", "Long tasks (median)"],
                [
                    [
                        f"/{q}",
                        b["this"][q]["lcp_element"],
                        b["base"][q]["lcp_element"],
                        f"{b['this'][q]['long_tasks']:g} / {b['base'][q]['long_tasks']:g}",
                    ]
                    for q in pages
                ],
                "lllr",
            )
        )
        hosts = sorted({h for name in ("this", "base") for q in pages for h in b[name][q]["third_party_hosts"]})
        w([f"Other hosts requested: {', '.join(hosts) or 'none'}.", ""])

    s = results["static"]
    lh = results.get("lighthouse", {})
    w(
        [
            "## Per page: render-blocking requests",
            "",
            "Counted in the built HTML (stylesheets, and scripts without `async`/`defer`, anywhere in the page; "
            "in brackets those in `<head>`) and by Lighthouse's render-blocking audit (mobile). Each cell: "
            "this site / defaults; on the site's own host, the defaults' font-host stylesheet apart.",
            "",
        ]
    )
    rows = []
    for path in pages:
        t, d = s["this"]["pages"][path]["blocking"], s["base"]["pages"][path]["blocking"]
        row = [
            f"/{path}",
            f"{t['same_host']} ({t['head']}) / {d['same_host']} ({d['head']})",
            f"{t['count'] - t['same_host']} / {d['count'] - d['same_host']}",
        ]
        if "this" in lh:
            row.append(f"{own(lh['this'][path]['mobile'])} / {own(lh['base'][path]['mobile'])}")
        rows.append(row)
    w(
        table(
            ["Page", "HTML, own host (in head)", "HTML, other hosts"]
            + (["Lighthouse, own host"] if "this" in lh else []),
            rows,
        )
    )
    home = s["this"]["pages"][pages[0]]["blocking"]["refs"], s["base"]["pages"][pages[0]]["blocking"]["refs"]
    w(
        [
            f"On /{pages[0]}: this site {', '.join(f'`{r}`' for r in home[0]) or 'none'}; "
            f"defaults {', '.join(f'`{r}`' for r in home[1]) or 'none'}.",
            "",
        ]
    )

    w([f"## Lighthouse {lighthouse.VERSION}", ""])
    if "this" not in lh:
        w([f"Not run: {lh.get('skipped', 'not run')}.", ""])
    else:
        presets = list(lh["this"][pages[0]])
        w(
            [
                f"Every page of both sites, {' and '.join(presets)} presets, {lh['runs']} run(s) each (median), the "
                "sites alternating. The mobile preset simulates a mid-range phone on slow 4G from a trace taken on "
                "this machine (Lantern).",
                "",
            ]
        )

        def get(site, path, preset, key, default=None):
            r = lh[site][path].get(preset, {})
            return default if "error" in r else r.get(key, default)

        if "mobile" in presets:
            w(["### Mobile, per page", "", "Each cell: this site / defaults (ratio). *TBT runs*: each run's total "
               "blocking time, this site | defaults.", ""])  # fmt: skip
            rows = []
            for path in pages:
                perf = [get(n, path, "mobile", "scores", {}).get("performance") for n in ("this", "base")]
                rows.append(
                    [
                        f"/{path}",
                        " / ".join("failed" if v is None else f"{v:g}" for v in perf),
                        pair(get("this", path, "mobile", "tbt"), get("base", path, "mobile", "tbt"), ms),
                        pair(get("this", path, "mobile", "lcp"), get("base", path, "mobile", "lcp"), ms),
                        pair(get("this", path, "mobile", "fcp"), get("base", path, "mobile", "fcp"), ms),
                        " | ".join(
                            ", ".join(str(x) for x in (get(n, path, "mobile", "tbt_runs") or ["-"]))
                            for n in ("this", "base")
                        ),
                    ]
                )
            w(table(["Page", "Performance", "TBT", "LCP", "FCP", "TBT runs, ms"], rows))

        def scores(r):
            return "failed" if "error" in r else " / ".join(f"{r['scores'][c]:g}" for c in lighthouse.CATEGORIES)

        w(["### Scores, per page", "", "Performance / accessibility / best practices / SEO.", ""])
        rows = [
            [f"/{path}"] + [scores(lh[n][path][preset]) for preset in presets for n in ("this", "base")]
            for path in pages
        ]
        w(
            table(
                ["Page"] + [f"{preset.capitalize()}, {who}" for preset in presets for who in ("this site", "defaults")],
                rows,
            )
        )
        lost = {}
        for name in ("this", "base"):
            for path in pages:
                for preset, r in lh[name][path].items():
                    for item in r.get("lost", []) + ([f"run failed: {r['error'][:120]}"] if "error" in r else []):
                        lost.setdefault((name, item), []).append(f"/{path} {preset}")
        w(
            table(
                ["Site", "Audit under 1 (performance: metric under 0.9)", "Where"],
                [
                    ["this site" if name == "this" else "defaults", item, ", ".join(where)]
                    for (name, item), where in sorted(lost.items())
                ],
                "lll",
            )
            if lost
            else ["No audit lost points.", ""]
        )

    w(["## Whole site", ""])
    bt = results["build"]
    w(
        table(
            ["Figure", "This site", "Defaults", "Ratio"],
            [
                [
                    f"Build time (median of {len(bt['this']['runs'])}, alternating)",
                    f"{bt['this']['median']:.2f} s",
                    f"{bt['base']['median']:.2f} s",
                    ratio(bt["this"]["median"], bt["base"]["median"]),
                ],
                [
                    "Site size, every file",
                    kib(s["this"]["size"]),
                    kib(s["base"]["size"]),
                    ratio(s["this"]["size"], s["base"]["size"]),
                ],
                [
                    "Search index, raw",
                    kib(s["this"]["index"]["raw"]),
                    kib(s["base"]["index"]["raw"]),
                    ratio(s["this"]["index"]["raw"], s["base"]["index"]["raw"]),
                ],
                [
                    "Search index, gzip",
                    kib(s["this"]["index"]["gzip"]),
                    kib(s["base"]["index"]["gzip"]),
                    ratio(s["this"]["index"]["gzip"], s["base"]["index"]["gzip"]),
                ],
            ],
        )
    )

    if b:
        heavy = max(pages, key=lambda q: b["this"][q]["bytes"])
        ft, fb = b["this"][heavy]["files"], b["base"][heavy]["files"]
        w([f"## Where a first load's bytes go (/{heavy}, the heaviest; gzip as sent)", ""])
        names = sorted(set(ft) | set(fb), key=lambda n: -max(ft.get(n, 0), fb.get(n, 0)))
        w(
            table(
                ["File", "This site", "Defaults"],
                [[n, kib(ft.get(n)), kib(fb.get(n))] for n in names]
                + [["**total**", kib(b["this"][heavy]["bytes"]), kib(b["base"][heavy]["bytes"])]],
            )
        )

    fc = results.get("features", {})
    w(["## What each feature costs, and what the handbook's own ways save", ""])
    if "rows" not in fc:
        w([f"Not run: {fc.get('skipped', 'not run')}.", ""])
    else:
        w(
            [
                f"This site rebuilt with one thing taken away, or with Material's own way put back in place of the "
                f"handbook's (an overlay in benchmarks/overlays/), loaded beside the site as configured in the same "
                f"rounds: {fc['runs']} loads of each of "
                f"{', '.join('/' + q for q in fc['pages'])} on the mobile profile. Bytes and requests: median over the "
                "pages; timings: median over every load. *Changes*: what the configuration MkDocs loads differs in.",
                "",
            ]
        )
        ref = fc["rows"][0]
        rows = []
        for r in fc["rows"]:
            same = r is ref
            diff = lambda key, fmt, same=same, r=r: "" if same else f" ({fmt(r[key] - ref[key])})"  # noqa: E731
            rows.append(
                [
                    r["takes_away"],
                    kib(r["bytes"]) + diff("bytes", lambda x: f"{x / 1024:+.1f}"),
                    f"{r['requests']:g}",
                    str(r["render_blocking"]),
                    ms(r["fcp"]) + diff("fcp", lambda x: f"{x:+.0f}"),
                    ms(r["lcp"]) + diff("lcp", lambda x: f"{x:+.0f}"),
                    ms(r["blocking"]) + diff("blocking", lambda x: f"{x:+.0f}"),
                    changes_text(r["changes"]),
                ]
            )
        w(
            table(
                ["Variant", "First load, gzip", "Requests", "Render-blocking", "FCP", "LCP", "Blocking", "Changes"],
                rows,
                "lrrrrrrl",
            )
        )

    sc = results.get("scaling", {})
    w([f"## Scaling: the handbook at {', '.join(f'{f}x' for f in sc.get('factors', [1, 10, 50]))} its pages", ""])
    if "rows" not in sc:
        w([f"Not run: {sc.get('skipped', 'not run')}.", ""])
    else:
        one = sc["rows"][0]
        w(
            [
                "Every nav page copied under a new name, one nav section per copy, built from a copy of the project "
                f"(the 1x build {len(one['runs'])} times, median; the others once). *Listing pages*: link-to-a-section "
                "and topics, which list the whole site, copied like every page, or kept once as a larger handbook "
                "would have them; their share is of the site's bytes. *Growth*: the build time per page over the 1x "
                "build's, which is t(Nx) / (N x t(1x)) when every page is copied.",
                "",
            ]
        )
        rows = []
        for r in sc["rows"]:
            listing = sum(r["html_by_group"].get(g, 0) for g in ("link-to-a-section", "topics"))
            rows.append(
                [
                    f"{r['factor']}x",
                    f"{r['overlay']}.yml",
                    "copied" if r["listings_copied"] else "once",
                    r["pages"],
                    f"{r['seconds']:.1f} s",
                    f"{1000 * r['seconds'] / r['pages']:.0f} ms",
                    f"{r['growth']:.2f}",
                    f"{kib(r['home_raw'])} ({100 * r['home_nav_share']:.0f}%)",
                    kib(r["size"]),
                    f"{100 * listing / r['size']:.0f}%",
                    f"{kib(r['index']['raw'])} / {kib(r['index']['gzip'])}",
                ]
            )
        w(
            table(
                [
                    "Size",
                    "Overlay",
                    "Listing pages",
                    "Pages",
                    "Build",
                    "Per page",
                    "Growth",
                    "Home page (nav share)",
                    "Site size",
                    "Listing pages' share",
                    "Search index raw / gzip",
                ],
                rows,
                "lllrrrrrrrr",
            )
        )
        w([f"`{name}.yml` changes: {changes_text(made)}." for name, made in sc.get("fixes", {}).items()] + [""])
        prof = sc.get("profile")
        if prof:
            w(
                [
                    f"### Where the {prof['factor']}x build's time goes ({prof['overlay']}.yml, cProfile)",
                    "",
                    f"One build under cProfile: {prof['wall_seconds']:.1f} s wall, {prof['profiled_seconds']:.1f} s "
                    "profiled. Time inside each step or event, callees included (so rows overlap), and its share of "
                    "the profiled build.",
                    "",
                ]
            )
            total = prof["profiled_seconds"]
            w(
                table(
                    ["Step or plugin event", "Seconds", "Share"],
                    [[k, f"{v:.1f}", f"{100 * v / total:.0f}%"] for k, v in prof["steps"] + prof["events"]],
                )
            )
            w(
                table(
                    ["Template (own code only)", "Seconds", "Share"],
                    [[k, f"{v:.2f}", f"{100 * v / total:.1f}%"] for k, v in prof["templates"]],
                )
            )

    return "\n".join(out).rstrip() + "\n"
