"""What each feature costs: this site rebuilt without it, measured beside it;
and what each of the handbook's own ways saves: this site with Material's
way back.

Each feature variant is an overlay (variants.FEATURES) that only takes
something away from mkdocs.yml; each alternative (variants.ALTERNATIVES)
puts Material's way back and takes nothing away. What an overlay changes is
read back from the configuration MkDocs loads and kept with the figures.
The site as configured and every variant are served together and loaded in
the same rounds (browser.py), so a busy moment of the machine touches them
all alike.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from support import Host

from . import ROOT, built, variants
from . import browser as loads


def measure(browser, work: Path, pages: list[str], runs: int, log=lambda message: None) -> dict:
    site = variants.site_facts()
    configs = {"as configured": (ROOT / "mkdocs.yml", True, [])}
    for name, _what in variants.FEATURES:
        configs[name] = (variants.placed(name), False, variants.check_variant(name, site))
    for name, _what in variants.ALTERNATIVES:
        configs[name] = (variants.placed(name), False, variants.check_fix(name, site))
    hosts = {}
    try:
        for name, (config, strict, _taken) in configs.items():
            hosts[name] = Host(work / f"feature-{name.replace(' ', '-')}")
            log(f"features: building {name}")
            variants.build(config, hosts[name].directory, hosts[name].url, strict=strict)
        figures = loads.measure(browser, hosts, pages, runs, log)
    finally:
        for host in hosts.values():
            host.shutdown()
    what = {
        "as configured": "as configured (mkdocs.yml)",
        **{name: f"without {what}" for name, what in variants.FEATURES},
        **dict(variants.ALTERNATIVES),
    }
    rows = []
    for name, (config, _strict, taken) in configs.items():
        f = figures[name]
        every = lambda key, f=f: [x for p in pages for x in f[p]["runs"][key]]  # noqa: E731
        rows.append(
            {
                "variant": name,
                "config": "mkdocs.yml" if config.name == "mkdocs.yml" else f"benchmarks/overlays/{name}.yml",
                "takes_away": what[name],
                "changes": taken,
                "bytes": statistics.median(f[p]["bytes"] for p in pages),
                "requests": statistics.median(f[p]["requests"] for p in pages),
                "render_blocking": built.blocking(hosts[name].directory, pages[0])["count"],
                "fcp": statistics.median(every("fcp")),
                "lcp": statistics.median(every("lcp")),
                "blocking": statistics.median(every("blocking")),
            }
        )
    return {"pages": pages, "runs": runs, "rows": rows}
