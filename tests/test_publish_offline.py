"""The offline edition works from file:// after unzipping: pages, links and
search, in Debian's Chromium. The zip is made by `make offline`, the same
command a person runs."""

from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unzipped(offline_edition) -> Path:
    """`make offline`'s zip, unzipped (conftest.offline_edition checks the zip holds one folder)."""
    return offline_edition


def h1(page):
    return page.locator("article h1").first.evaluate(
        "el => [...el.childNodes].filter(n => !n.classList?.contains('headerlink')).map(n => n.textContent).join('').trim()"
    )


@pytest.fixture
def page(browser, unzipped):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors, page.foreign = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("request", lambda r: urlparse(r.url).scheme not in ("file", "data", "blob") and page.foreign.append(r.url))
    yield page
    context.close()


def test_every_link_on_every_page_opens_a_file(unzipped):
    from bs4 import BeautifulSoup

    # 404.html is for web hosts, which serve it at any depth; its links are absolute.
    pages = sorted(p for p in unzipped.rglob("*.html") if p.name != "404.html")
    assert len(pages) >= 8
    broken = []
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = a["href"].split("#")[0]
            if not href or href.startswith(("http:", "https:", "mailto:", "javascript:")):
                continue
            target = (path.parent / href).resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(unzipped)}: {a['href']}")
    assert not broken, f"links that open nothing from file://: {broken}"


def test_pages_and_links_work_from_file_urls(page, unzipped):
    page.goto((unzipped / "index.html").as_uri())
    assert h1(page) == "What technical leadership is"
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="The three hats").first.click()
    page.wait_for_url("**/three-hats.html")
    assert h1(page) == "The three hats"
    # A link inside the content, to a section of another page.
    page.locator("article a[href^='faq.html']").first.click()
    page.wait_for_url("**/faq.html*")
    assert h1(page) == "FAQ"
    page.go_back()
    page.wait_for_url("**/three-hats.html")
    # Stylesheets and scripts load: Material styles the header and runs.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert page.evaluate("document.body.classList.length >= 0 && typeof document$ !== 'undefined'")
    assert not page.errors, page.errors
    assert not page.foreign, page.foreign


def test_search_finds_a_section_from_file_urls(page, unzipped):
    page.goto((unzipped / "skills.html").as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("diplomat")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__link').length > 0", timeout=10000)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__link", "els => els.map(e => { const u = new URL(e.href); return u.pathname + u.hash })"
    )
    found = [h for h in hrefs if h.endswith("/three-hats.html#diplomat")]
    assert found and hrefs.index(found[0]) < 3, hrefs
    page.locator(".md-search-result__link[href$='three-hats.html?h=diplomat#diplomat']").first.click()
    page.wait_for_url(
        lambda url: urlparse(url).path.endswith("/three-hats.html") and urlparse(url).fragment == "diplomat"
    )
    assert page.locator("#diplomat").is_visible()
    assert not page.errors, page.errors
    assert not page.foreign, page.foreign
