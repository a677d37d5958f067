"""A missing address gets the styled 404 page, at any depth, and its search
form leads to results. In Debian's Chromium, against the built site served
on 127.0.0.1 (conftest's server answers a missing file with 404.html, as
GitHub Pages and Netlify do)."""

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors, page.foreign = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # blob: URLs are the page's own in-memory files (the search loader's), not another host.
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname != "127.0.0.1" and not r.url.startswith("blob:") and page.foreign.append(r.url)
        ),
    )
    yield page
    context.close()


@pytest.mark.parametrize("missing", ["no-such-page/", "three-hats/no/such/deep/page.html", "faq/typo"])
def test_missing_address_gets_the_styled_404_page(page, missing):
    response = page.goto(missing)
    assert response.status == 404
    assert page.locator("article h1").inner_text().startswith("Page not found")
    # Styled by the theme at any depth: its stylesheet and scripts loaded.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert page.locator(".md-search__input").count() == 1
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert not page.errors, page.errors
    assert not page.foreign, page.foreign


def test_404_search_form_opens_the_search_with_results(page, server):
    page.goto("no/such/mentor/page/")
    page.get_by_label("Search the handbook for").fill("diplomat")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__link').length > 0", timeout=10000)
    assert page.locator("input.md-search__input").input_value() == "diplomat"
    links = page.eval_on_selector_all(
        ".md-search-result__link", "els => els.map(e => { const u = new URL(e.href); return u.pathname + u.hash })"
    )
    assert "/three-hats/#diplomat" in links[:3], links[:5]
    assert not page.errors, page.errors
