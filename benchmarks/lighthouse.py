"""Lighthouse, from the npm registry at an exact version, on Debian's Chromium.

Each run starts its own headless Chromium; the mobile preset throttles by
simulation, the desktop preset barely at all. The figures kept from each
report: the four category scores, the metrics, the render-blocking requests
Lighthouse names, the requests (and those to other hosts), and the audits
that lost points.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from support import CHROMIUM, CHROMIUM_ARGS

PACKAGE = "lighthouse@12.8.2"  # exact: scores move between Lighthouse releases
VERSION = PACKAGE.split("@")[1]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PRESETS = ["mobile", "desktop"]
METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "si": "speed-index",
}
BLOCKING_AUDITS = ["render-blocking-resources", "render-blocking-insight"]


def unavailable() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not (shutil.which("node") and shutil.which("npx")):
        return "Node.js is not installed"
    return None


def run(url: str, preset: str) -> dict:
    """One Lighthouse run; its figures, or {"error": ...}."""
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(["--headless"] + CHROMIUM_ARGS)
        cmd = [
            "npx",
            "--yes",
            PACKAGE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
            "--max-wait-for-load=30000",
            "--disable-full-page-screenshot",
            "--skip-audits=screenshot-thumbnails,final-screenshot",
        ]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        try:
            done = subprocess.run(
                cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300
            )
        except subprocess.TimeoutExpired:
            return {"error": "no report within 300 s"}
        if done.returncode != 0 or not out.exists():
            return {"error": done.stderr.strip()[-300:] or f"exit {done.returncode}"}
        return figures(json.loads(out.read_text(encoding="utf-8")))


def figures(report: dict) -> dict:
    audits = report["audits"]
    page = urlsplit(report["finalDisplayedUrl"]).netloc
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    blocking = []
    for audit_id in BLOCKING_AUDITS:
        items = (audits.get(audit_id) or {}).get("details", {}).get("items", [])
        if audit_id in audits:
            blocking = [item["url"] for item in items if item.get("url")]
            break
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if (
                ref["weight"]
                and audit["score"] is not None
                and audit["score"] < (0.9 if category == "performance" else 1)
            ):
                lost.append(f"{category}: {audit['title']}")
    element = (audits.get("largest-contentful-paint-element") or {}).get("details", {}).get("items", [])
    node = next((i for item in element for i in item.get("items", []) if i.get("node")), {}).get("node", {})
    return {
        "scores": {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        **{key: audits[audit_id].get("numericValue") for key, audit_id in METRICS.items()},
        "render_blocking": blocking,
        "requests": len(requests),
        "third_party": len(
            [r for r in requests if urlsplit(r["url"]).netloc not in ("", page) and not r["url"].startswith("data:")]
        ),
        "transfer_bytes": audits.get("total-byte-weight", {}).get("numericValue"),
        "lcp_element": node.get("snippet", "")[:80],
        "lost": lost,
    }


def measure(urls: dict[str, str], pages: list[str], runs: int, log=lambda message: None, presets=PRESETS) -> dict:
    """Every page of every site (name -> base URL), each preset, `runs` times, the sites interleaved.

    Returns {site: {page: {preset: figures}}}; with several runs, the scores
    and metrics are medians and `runs` keeps each run's performance score
    and total blocking time.
    """
    got: dict = {name: {p: {preset: [] for preset in presets} for p in pages} for name in urls}
    names = list(urls)
    for r in range(runs):
        for i, path in enumerate(pages):
            for preset in presets:
                for name in names if (r + i) % 2 == 0 else names[::-1]:
                    log(f"lighthouse {r + 1}/{runs} {name} /{path} {preset}")
                    got[name][path][preset].append(run(urls[name] + path, preset))
    return {
        name: {
            path: {preset: combine(runs_) for preset, runs_ in by_preset.items()} for path, by_preset in by_page.items()
        }
        for name, by_page in got.items()
    }


def combine(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0]["error"]}
    if len(ok) == 1:
        return {**ok[0], "runs": [ok[0]["scores"]["performance"]], "tbt_runs": [round(ok[0]["tbt"] or 0)]}
    middle = sorted(ok, key=lambda r: r["scores"]["performance"])[len(ok) // 2]
    return {
        **middle,
        "scores": {c: statistics.median(r["scores"][c] for r in ok) for c in CATEGORIES},
        **{key: statistics.median(r[key] for r in ok if r[key] is not None) for key in METRICS},
        "runs": [r["scores"]["performance"] for r in ok],
        "tbt_runs": [round(r["tbt"]) for r in ok if r["tbt"] is not None],
        "failed": len(runs) - len(ok),
    }
