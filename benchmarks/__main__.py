"""`python -m benchmarks` (what `make bench` runs): measure, write results.json, render results.md.

In one run, the site as configured (mkdocs.yml) and Material's defaults on
the same docs (overlays/baseline.yml) are built alternately, served side by
side on 127.0.0.1 with gzip, loaded in Chromium on the mobile profile in
interleaved rounds, and audited by Lighthouse on every page; then the site
is rebuilt without each feature, and at 1x, 10x and 50x its pages.
`--render results.json` redraws the tables from a saved run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from support import CHROMIUM, Host, launch_chromium

from . import ROOT, built, features, lighthouse, profiling, render, scaling, targets, variants
from . import browser as loads
from . import results as record

OUTPUT = ROOT / "benchmarks"
# The search is measured by benchmarks/search.py, which `make bench` runs after this
# (search.json and search.md): the site search against plain Pagefind and Material's engine, answers, speed and download.
# Candidate fixes for the build's growth, built at the largest scale (overlays/<name>.yml).
SCALING_FIXES = ["scaling-prune"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def options(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="loads per page and site, and builds, per median (5)")
    parser.add_argument("--pages", type=int, default=0, help="only the first N nav pages (all)")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page, site and preset, for medians (3)"
    )
    parser.add_argument(
        "--lighthouse-presets",
        type=lambda v: v.split(","),
        default=lighthouse.PRESETS,
        help="Lighthouse presets to run (mobile,desktop); the targets of issue 26 need mobile",
    )
    parser.add_argument(
        "--feature-pages", type=int, default=3, help="pages measured per feature variant: home and the most blocked (3)"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-features", action="store_true", help="skip what each feature costs")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1x/10x/50x builds and the profile")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling the largest build")
    parser.add_argument(
        "--factors",
        type=lambda v: [int(x) for x in v.split(",")],
        default=scaling.FACTORS,
        help="page multiples to build, smallest first (1,10,50)",
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="folder for results.json and results.md (benchmarks/)"
    )
    parser.add_argument("--check", action="store_true", help="only check the overlays against mkdocs.yml")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="only judge the targets again and redraw results.md beside a results.json",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = options(argv)
    if args.render:  # the verdicts are judged again, so a change to targets.py shows
        results = record.read(args.render)
        results["targets"] = targets.evaluate(results)
        record.save(results, args.render)
        write_tables(results, args.render.parent)
        return 0
    # Every overlay is checked before anything is measured.
    site_facts = variants.site_facts()
    base_changes = variants.check_baseline()
    for name, _ in variants.FEATURES:
        variants.check_variant(name, site_facts)
    for name, _ in variants.ALTERNATIVES:
        variants.check_fix(name, site_facts)
    fixes = {name: variants.check_fix(name, site_facts) for name in SCALING_FIXES}
    if args.check:
        log(f"every overlay in {variants.OVERLAYS.relative_to(ROOT)} matches mkdocs.yml")
        return 0
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make chromium`")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    try:
        results = measure(args, work, base_changes, fixes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["run"]["minutes"] = round((time.perf_counter() - started) / 60, 1)
    results["run"]["load_average"]["end"] = round(os.getloadavg()[0], 2)
    results["targets"] = targets.evaluate(results)
    args.output.mkdir(parents=True, exist_ok=True)
    record.save(results, args.output / "results.json")
    write_tables(results, args.output)
    return 0


def write_tables(results: dict, folder: Path) -> None:
    path = folder / "results.md"
    path.write_text(render.render(results), encoding="utf-8")
    log(f"wrote {folder / 'results.json'} and {path}")


def measure(args, work: Path, base_changes: list[str], fixes: dict[str, list[str]]) -> dict:
    from playwright.sync_api import sync_playwright

    lh_missing = None if args.no_lighthouse else lighthouse.unavailable()
    results: dict = {
        "run": record.record(
            ROOT,
            lighthouse.PACKAGE if not (args.no_lighthouse or lh_missing) else None,
            {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        ),
        "sites": {
            "this": {"config": "mkdocs.yml"},
            "base": {"config": f"benchmarks/overlays/{variants.BASELINE}.yml", "changes": base_changes},
        },
    }
    configs = {"this": (ROOT / "mkdocs.yml", True), "base": (variants.placed(variants.BASELINE), False)}
    hosts = {name: Host(work / name) for name in configs}
    try:
        times = {name: [] for name in configs}
        for r in range(args.runs):
            for name in list(configs) if r % 2 == 0 else list(configs)[::-1]:
                log(f"build {name} {r + 1}/{args.runs}")
                config, strict = configs[name]
                times[name].append(variants.build(config, hosts[name].directory, hosts[name].url, strict=strict))
        results["build"] = {name: {"runs": t, "median": statistics.median(t)} for name, t in times.items()}
        pages = built.nav_pages(hosts["this"].directory)[: args.pages or None]
        results["pages"] = pages
        results["static"] = {
            name: {
                "size": built.site_size(host.directory),
                "index": built.search_index(host.directory),
                "pages": {p: {"blocking": built.blocking(host.directory, p)} for p in pages},
            }
            for name, host in hosts.items()
        }

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                results["browser"] = {
                    "runs": args.runs,
                    "profile": loads.PROFILE,
                    **loads.measure(browser, hosts, pages, args.runs, log),
                }
                if args.no_features:
                    results["features"] = {"skipped": "--no-features"}
                else:
                    blocked = sorted(pages[1:], key=lambda p: -results["browser"]["this"][p]["blocking"])
                    chosen = pages[:1] + blocked[: args.feature_pages - 1]
                    results["features"] = features.measure(browser, work, chosen, args.runs, log)
            finally:
                browser.close()

        if args.no_lighthouse or lh_missing:
            results["lighthouse"] = {"skipped": "--no-lighthouse" if args.no_lighthouse else lh_missing}
        else:
            results["lighthouse"] = {
                "runs": args.lighthouse_runs,
                **lighthouse.measure(
                    {name: host.url for name, host in hosts.items()},
                    pages,
                    args.lighthouse_runs,
                    log,
                    presets=args.lighthouse_presets,
                ),
            }
    finally:
        for host in hosts.values():
            host.shutdown()

    if args.no_scaling:
        results["scaling"] = {"skipped": "--no-scaling"}
    else:
        try:
            results["scaling"] = scaling.measure(work, min(args.runs, 3), list(fixes), log, args.factors)
        except SystemExit as error:  # a failed build: recorded, so the loads measured above are kept
            log(f"scaling failed: {str(error)[-300:]}")
            results["scaling"] = {"skipped": f"failed: {str(error)[-300:]}"}
            args.no_profile = True
        else:
            results["scaling"]["fixes"] = fixes
        if not args.no_profile:
            factor = args.factors[-1]
            log(f"profiling the {factor}x build")
            config = scaling.project(work / "profile", factor)
            results["scaling"]["profile"] = {
                "factor": factor,
                "overlay": "site",
                **profiling.profile(config, work / "profile" / "site", work / "profile", scaling.URL),
            }
    return results


if __name__ == "__main__":
    sys.exit(main())
