"""Publishing, checked without a browser: the Pages workflow, robots.txt, the
404 page, last-update dates, and the print and offline editions' HTML.

The browser checks of the same things live in test_publish_offline.py,
test_publish_print.py and test_publish_404.py.
"""

import re
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
PAGES_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}


def nav_pages(site):
    """The site's pages in reading order, as (title, site path), from the primary nav."""
    soup = site.soup(site.dir / "index.html")
    pages = {}
    for a in soup.select("nav.md-nav--primary a.md-nav__link[href]"):
        if "#" in a["href"]:
            continue  # the current page's table of contents
        path = urljoin(site.url, a["href"])[len(site.url) :]
        pages.setdefault(path, " ".join(a.get_text(" ", strip=True).split()))
    return [(title, path) for path, title in pages.items()]


def test_nav_pages_helper_sees_the_whole_nav(site):
    pages = nav_pages(site)
    assert pages[0] == ("Home", "")
    assert ("FAQ", "faq/") in pages
    assert len(pages) >= 8


# The Pages workflow


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_runs_on_push_to_main_and_by_hand(workflow):
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_workflow_pins_every_action_to_a_release_commit():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert {u.split("@")[0] for u, _ in uses} == PAGES_ACTIONS
    for ref, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", ref), f"{ref}: not pinned to a full commit SHA"
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{ref}: needs a '# vX.Y.Z' comment"


def test_workflow_permissions_are_minimal(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        assert job.get("timeout-minutes"), f"job {name} has no timeout-minutes"
        if name != "deploy":
            granted = job.get("permissions", {})
            assert "write" not in granted.values() and "id-token" not in granted, f"job {name}: {granted}"
    assert workflow["concurrency"]["group"]


def test_workflow_builds_strictly_for_the_pages_address_and_tests_without_a_browser(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    build_step = next(s for s in steps if s.get("run") == "make build")
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(s.get("id") == "pages" and s["uses"].startswith("actions/configure-pages@") for s in steps)
    assert any(s.get("run") == "make test-fast" for s in steps)
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest-fast:")[1].split("\n\n")[0]
    assert 'pytest -m "not browser and not zensical"' in recipe
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8").split("\nbuild:")[1].split("\n\n")[0]


# robots.txt, sitemap and the 404 page


def test_robots_txt_points_at_the_sitemap_on_site_url(site):
    robots = (site.dir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site.url}sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots
    assert "{" not in robots, "template syntax left in robots.txt"
    assert (site.dir / "sitemap.xml").exists()


def test_404_page_offers_search_and_the_home_page_with_absolute_links(site):
    soup = site.soup(site.dir / "404.html")
    assert soup.title.string.startswith("Page not found")
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})
    article = soup.select_one("article.md-content__inner")
    assert article.h1.get_text(strip=True) == "Page not found"
    form = article.find("form", attrs={"role": "search"})
    assert (
        form
        and form.get("method", "get").lower() == "get"
        and form.find("input", attrs={"name": "q", "type": "search"})
    )
    label = form.find("label")
    assert label and label["for"] == form.input["id"]
    home = article.find("a", string=re.compile("home page"))
    # Served at any missing address, so every link must work from any depth.
    assert form["action"].startswith("/") and home["href"].startswith("/")
    assert urljoin(site.url + "a/b/c/", home["href"]) in (site.url, site.url + ".")
    # The theme's header search is there too: the page extends the theme.
    assert soup.select_one("input.md-search__input")
    for tag in soup.find_all(["a", "link", "script"]):
        ref = tag.get("href") or tag.get("src")
        if ref and not ref.startswith(("#", "http", "mailto:", "data:", "javascript:")):
            assert ref.startswith("/"), f"404.html: relative {tag.name} {ref!r} breaks below the root"


# Last update


def test_every_page_shows_its_last_update_date(site):
    for path in site.pages():
        date = site.soup(path).select_one(".md-source-file .git-revision-date-localized-plugin-date")
        assert date and re.search(r"\b20\d\d\b", date.get_text()), f"{path.relative_to(site.dir)}: no last-update date"


def test_a_build_outside_git_from_another_directory_falls_back_to_the_build_date(outside_git):
    # Built from a copy without .git, run from another working directory
    # (conftest.outside_git): the glossary and the diagrams were found from
    # mkdocs.yml's folder, and the dates fall back to the build's.
    soup = BeautifulSoup((outside_git / "faq" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".git-revision-date-localized-plugin-date")
    three_hats = (outside_git / "three-hats" / "index.html").read_text(encoding="utf-8")
    assert "<abbr" in three_hats and "<svg" in three_hats


# The published build keeps clean URLs and carries neither edition


def test_published_build_has_clean_urls_and_no_print_page(site):
    assert not (site.dir / "print_page").exists()
    assert not (site.dir / "search" / "search_index.js").exists()
    assert (site.dir / "faq" / "index.html").exists()
    soup = site.soup(site.dir / "index.html")
    links = [a["href"] for a in soup.select("nav.md-nav--primary a[href]")]
    assert not [h for h in links if h.endswith(".html")], links


# The print edition's page (the PDF itself: test_publish_print.py)


@pytest.fixture(scope="module")
def print_page(print_edition):
    """The page `make pdf` printed (conftest.print_edition keeps it)."""
    return BeautifulSoup(
        (print_edition / "handbook-print" / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def test_print_page_holds_every_page_in_reading_order(site, print_page):
    keys = [
        s["id"]
        for s in print_page.select("#print-site-page section.print-page[id]")
        if not s["id"].startswith("section-")
    ]
    expected = [path.strip("/").replace("/", "-") or "index" for _, path in nav_pages(site)]
    assert keys == expected


def test_print_page_has_cover_contents_and_shows_link_targets(print_page):
    cover = print_page.select_one("#print-site-cover-page")
    assert cover and cover.h1.get_text(strip=True) == "Technical Leadership Handbook"
    assert print_page.select_one("#print-page-toc")
    assert "print-site-add-full-url" in print_page.select_one("#print-site-page")["class"]


def test_print_page_keeps_diagrams_faq_answers_and_tabs(site, print_page):
    article = print_page.select_one("#print-site-page")
    for selector in ["svg[role=img]", "details", ".tabbed-set", ".tabbed-block"]:
        on_site = sum(len(site.soup(p).select(f"article {selector}")) for p in site.pages())
        assert len(article.select(selector)) == on_site, selector
    assert article.select("svg[role=img]"), "the diagrams are missing"
    # Collapsed blocks print open: the cover's style opens them.
    assert "details::details-content" in print_page.select_one("#print-site-cover-page style").string


# The offline edition's HTML (opened from file:// in test_publish_offline.py)


def test_offline_build_uses_file_urls_and_inlines_the_search_index(offline_edition):
    assert (offline_edition / "search" / "search_index.js").exists()
    soup = BeautifulSoup((offline_edition / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("nav.md-nav--primary a[href]") if not a["href"].startswith("#")]
    assert "faq.html" in links
    assert not [h for h in links if h.endswith("/")], links
    # Search runs from file:// through the iframe-worker shim, shipped with the site.
    scripts = [s["src"] for s in soup.find_all("script", src=True)]
    assert "assets/javascripts/iframe-worker-shim.js" in scripts
    assert not [s for s in scripts if "://" in s or s.startswith("//")], scripts
