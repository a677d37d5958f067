"""Figures read from a built site's files: no browser, no timing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from support import GZIP_LEVEL, render_blocking


def gz(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


def page_file(site: Path, path: str) -> Path:
    return site / path / "index.html"


def nav_pages(site: Path) -> list[str]:
    """Site paths of the pages in the home page's primary nav, home first, in nav order."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = [""]
    nav = soup.select_one("nav.md-nav--primary")
    for a in nav.select("a.md-nav__link[href]") if nav else []:
        path = urlsplit(urljoin("http://x/", a["href"])).path.lstrip("/")
        if path not in found and page_file(site, path).is_file():
            found.append(path)
    return found


def blocking(site: Path, path: str) -> dict:
    """The render-blocking references of one page: all, those on the site's own host, those in <head>."""
    html = page_file(site, path).read_text(encoding="utf-8")
    every = render_blocking(html)
    own = [ref for ref in every if not urlsplit(ref).netloc]
    return {
        "count": len(every),
        "same_host": len(own),
        "head": len(render_blocking(html, head_only=True)),
        "refs": every,
    }


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def search_index(site: Path) -> dict:
    """Material's search index: raw and gzip bytes (zeros when the site has none)."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return {"raw": 0, "gzip": 0, "docs": 0}
    data = index.read_bytes()
    return {"raw": len(data), "gzip": gz(data), "docs": len(json.loads(data)["docs"])}


def content_pages(site: Path) -> list[Path]:
    """Every built page with an article (what a reader lands on)."""
    return [
        p
        for p in site.rglob("*.html")
        if p.name != "404.html" and 'class="md-content__inner' in p.read_text(encoding="utf-8")
    ]


def nav_share(page: Path) -> float:
    """How much of a page's HTML is the primary nav (0-1)."""
    html = page.read_text(encoding="utf-8")
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    return len(str(nav)) / len(html) if nav else 0.0
