"""The built HTML, checked with a real parser: links, anchors, metadata, assets."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import urldefrag, urljoin, urlparse

# Attributes that make the browser fetch something when the page loads.
LOADED = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
]


def resolve(site, page_url, href):
    """The built file and fragment an internal href points to, or None if external."""
    absolute = urljoin(page_url, href)
    if not absolute.startswith(site.url):
        return None
    url, fragment = urldefrag(absolute)
    path = urlparse(url).path[len(urlparse(site.url).path) :]
    target = site.dir / path
    if target.is_dir() or path == "":
        target = target / "index.html"
    return target, fragment


def test_every_page_has_title_h1_description_and_lang(site):
    pages = site.pages()
    assert len(pages) >= 8
    for path in pages:
        soup = site.soup(path)
        where = path.relative_to(site.dir)
        assert soup.html.get("lang") == "en", where
        assert soup.title and soup.title.string.strip(), where
        assert len(soup.select("h1")) == 1, f"{where}: needs exactly one <h1>"
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta and len(meta["content"].strip()) > 20, f"{where}: meta description"


def test_internal_links_and_fragments_resolve(site):
    checked = 0
    for path in site.pages() + [site.dir / "404.html"]:
        soup = site.soup(path)
        page_url = site.url_of(path)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith(("mailto:", "javascript:")) or href == "#":
                continue
            hit = resolve(site, page_url, href)
            if hit is None:
                continue
            target, fragment = hit
            where = f"{path.relative_to(site.dir)} -> {href}"
            assert target.exists(), f"{where}: no such file"
            if fragment and target.suffix == ".html":
                ids = {el["id"] for el in site.soup(target).find_all(id=True)}
                assert fragment in ids, f"{where}: no element with id {fragment!r}"
            checked += 1
    assert checked > 50


def test_nothing_loads_from_another_host(site):
    for path in site.pages() + [site.dir / "404.html"]:
        soup = site.soup(path)
        page_url = site.url_of(path)
        for tag, attr in LOADED:
            for el in soup.find_all(tag, attrs={attr: True}):
                if tag == "link" and not set(el.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "icon",
                    "modulepreload",
                    "prefetch",
                    "manifest",
                }:
                    continue  # canonical, alternate: links, not loads
                url = el[attr].split()[0]
                hit = resolve(site, page_url, url)
                assert hit is not None, f"{path.relative_to(site.dir)}: <{tag}> loads {url} from another host"
                assert hit[0].exists(), f"{path.relative_to(site.dir)}: <{tag}> loads missing {url}"
        css = [s.string or "" for s in soup.find_all("style")]
        assert not any("@import" in c or "url(http" in c for c in css), path


def test_every_image_has_alt_text(site):
    for path in site.pages():
        for img in site.soup(path).find_all("img"):
            assert img.get("alt", "").strip(), f"{path.relative_to(site.dir)}: <img src={img.get('src')}> without alt"
        for svg in site.soup(path).select("article svg[role=img]"):
            labels = svg.get("aria-labelledby", "").split()
            assert labels and all(svg.find(id=i) for i in labels), f"{path}: diagram without an accessible name"


def test_sitemap_lists_every_page(site):
    tree = ET.parse(site.dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.findall(".//s:loc", ns)}
    assert listed == {site.url_of(p) for p in site.pages()}


def test_search_index_covers_every_page(site):
    """Material's own index (the offline edition's search); Pagefind's: test_search.py."""
    index = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for path in site.pages():
        rel = site.url_of(path)[len(site.url) :]
        if rel == "topics/":  # a list of links to indexed pages: `search: exclude` in its front matter
            assert rel not in locations
            continue
        assert rel in locations, f"{rel} is missing from the search index"
