"""What a reader does, in Debian's Chromium against the built site on 127.0.0.1:
deep links, copying section links, the palette, following links, the phone
header and drawer, readable search results, and clean, accessible pages.
Search itself has its own file, test_search.py."""

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser, server):
    ctx = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    yield ctx
    ctx.close()


class Watched:
    """A page that records console errors, uncaught errors and off-site requests."""

    def __init__(self, page):
        self.page, self.errors, self.foreign = page, [], []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                urlparse(r.url).hostname not in ("127.0.0.1", None)
                and not r.url.startswith("data:")
                and self.foreign.append(r.url)
            ),
        )


@pytest.fixture
def watched(context):
    return Watched(context.new_page())


def in_view(page, selector):
    """True when the element's top is below the sticky header and on screen."""
    return page.evaluate(
        """sel => {
        const el = document.querySelector(sel);
        if (!el) return false;
        const top = el.getBoundingClientRect().top;
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return top >= header - 1 && top < window.innerHeight / 2;
    }""",
        selector,
    )


def wait_in_view(page, selector):
    page.wait_for_function(
        """sel => {
        const el = document.querySelector(sel);
        if (!el) return false;
        const top = el.getBoundingClientRect().top;
        return top >= document.querySelector('.md-header').getBoundingClientRect().bottom - 1
            && top < window.innerHeight / 2;
    }""",
        arg=selector,
        timeout=5000,
    )
    return True


@pytest.mark.parametrize(
    "path, final, target",
    [
        ("three-hats/#diplomat", "/three-hats/#diplomat", "#diplomat"),
        ("s/diplomat/", "/three-hats/#diplomat", "#diplomat"),
        ("s/core-focus/", "/manager-vs-leader/#core-focus", "#core-focus"),
        ("three-hats/#the-diplomat-hat", "/three-hats/#the-diplomat-hat", "#diplomat"),  # an old id
        ("s/the-diplomat-hat/", "/three-hats/#diplomat", "#diplomat"),
        ("hats/", "/three-hats/", "h1"),  # a moved page
        ("faq/#introvert", "/faq/#introvert", "#introvert"),
    ],
)
def test_deep_links_land_on_their_heading(watched, server, path, final, target):
    page = watched.page
    page.goto(path)
    page.wait_for_url(f"**{final}")
    assert wait_in_view(page, target)
    if target == "#introvert":
        assert page.evaluate("document.querySelector('#introvert').closest('details').open")
    assert not watched.errors


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_by_mouse_after_following_a_link(watched, server):
    page = watched.page
    page.goto("")
    page.locator(".md-nav--primary a.md-nav__link", has_text="The three hats").first.click()
    page.wait_for_url("**/three-hats/")
    button = page.get_by_role("button", name="Copy link to section: The Diplomat", exact=True)
    button.click()
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Link copied'")
    assert clipboard(page) == f"{server.url}s/diplomat/"
    # The copy did not navigate (navigation.tracking may still rewrite the hash as the page scrolls).
    assert urlparse(page.url).path == "/three-hats/"


def test_copy_markdown_link_by_keyboard(watched, server):
    page = watched.page
    page.goto("faq/#disagreements")  # opens the question
    control = page.get_by_role("button", name="Copy link to section: How should I handle disagreements", exact=False)
    control.focus()
    # The other formats, in words, from the same control.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Copy link"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Copy as Markdown"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Markdown link copied'")
    assert clipboard(page) == (
        f"[How should I handle disagreements about technical direction? · FAQ]({server.url}s/disagreements/)"
    )
    # Copying did not close the answer.
    assert page.evaluate("document.querySelector('#disagreements').closest('details').open")


def test_copy_controls_on_the_link_to_a_section_page(watched, server):
    page = watched.page
    page.goto("link-to-a-section/")
    page.get_by_role("button", name="Copy link to section: Core focus", exact=True).click()
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Link copied'")
    assert clipboard(page) == f"{server.url}s/core-focus/"


def scheme(page):
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def is_dark(page):
    """The page as painted: its background darker than mid-grey."""
    return page.evaluate("""() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
    }""")


# Noted in the page from its first byte: each change to the body's colours,
# and how far the document was parsed when it came. The handbook's control
# sets them while the page is parsed, before anything of the article is
# drawn; Material's palette component set them again once the page was
# parsed, restyling all of it.
WATCH_COLOURS = """window.hbColourChanges = [];
new MutationObserver(records => {
    for (const r of records) if (r.target === document.body) window.hbColourChanges.push([r.attributeName, document.readyState]);
}).observe(document, {attributes: true, subtree: true, attributeFilter: [
    "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", "data-md-color-media", "data-md-color-switching"]});"""


def restyled_after_parsing(page):
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 100)))")
    return [change for change in page.evaluate("window.hbColourChanges") if change[1] != "loading"]


def test_palette_toggle_switches_and_persists(context):
    context.add_init_script(WATCH_COLOURS)
    page = context.new_page()
    page.emulate_media(color_scheme="light")
    palettes = []
    page.on("request", lambda r: "/palette." in r.url and palettes.append(r.url))
    page.goto("", wait_until="networkidle")
    assert scheme(page) == "default" and not is_dark(page)
    # A light page never fetches the dark palette's stylesheet, and nothing
    # restyles the page once it is parsed.
    assert not palettes
    assert not restyled_after_parsing(page)
    # The browser's bar has the header's colour, named once.
    assert page.evaluate("""() => {
        const metas = document.querySelectorAll('meta[name=theme-color]');
        const rgb = getComputedStyle(document.querySelector('.md-header')).backgroundColor.match(/\\d+/g);
        const hex = '#' + rgb.slice(0, 3).map(v => (+v).toString(16).padStart(2, '0')).join('');
        return metas.length === 1 && metas[0].content === hex;
    }""")
    # From "follow the system" the toggle goes to light, then to dark.
    for _ in range(2):
        page.locator(".md-header__option label.md-header__button:visible").first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_function("() => getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'")
    assert is_dark(page)
    page.locator(".md-nav--primary a.md-nav__link", has_text="FAQ").first.click()
    page.wait_for_url("**/faq/")
    assert scheme(page) == "slate" and is_dark(page)
    assert not restyled_after_parsing(page)
    page.reload()
    assert scheme(page) == "slate" and is_dark(page)
    assert not restyled_after_parsing(page)
    # The next palette on offer is the system's, as Material's toggle offers it.
    assert page.locator(".md-header__option label.md-header__button:visible").get_attribute("title") == (
        "Switch to system preference"
    )


def test_a_dark_system_gets_a_dark_first_paint(context):
    page = context.new_page()
    page.emulate_media(color_scheme="dark")
    # The background as of the first paint: the stylesheet must be enabled
    # before the body is drawn, not after the scripts have run.
    page.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
        window.firstBackground = getComputedStyle(document.body).backgroundColor;
    }, { once: true, capture: true });""")
    page.goto("three-hats/")
    assert scheme(page) == "slate" and is_dark(page)
    first = page.evaluate("window.firstBackground")
    assert first and first != "rgb(255, 255, 255)", first


def test_phone_drawer_navigation(browser, server):
    ctx = browser.new_context(
        base_url=server.url, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = ctx.new_page()
    page.goto("")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
    page.locator("label.md-header__button[for=__drawer]").click()
    link = page.locator(".md-nav--primary a.md-nav__link", has_text="Skills beyond the code").first
    link.wait_for(state="visible")
    link.tap()
    page.wait_for_url("**/skills/")
    page.wait_for_function("() => document.querySelector('h1').textContent.startsWith('Skills beyond the code')")
    ctx.close()


NAME_SHOWN = """sel => [...document.querySelectorAll(sel)].map(el => ({
    text: el.textContent.trim(),
    whole: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
    ellipsis: getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1,
}))"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_header_and_the_drawer_name_the_site_and_page_in_full(browser, server, size):
    viewport = {"width": 360, "height": 740} if size == "phone" else {"width": 1280, "height": 800}
    ctx = browser.new_context(
        base_url=server.url, viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone"
    )
    ctx.add_init_script("""window.hbShifts = [];
        new PerformanceObserver(list => window.hbShifts.push(...list.getEntries().map(e => e.value)))
            .observe({type: 'layout-shift', buffered: true});""")
    page = ctx.new_page()
    page.goto("")
    page.wait_for_load_state("load")
    # The site's name, and the page's title that takes its place as the page scrolls.
    names = page.evaluate(NAME_SHOWN, ".md-header__topic > .md-ellipsis")
    assert [n["text"] for n in names] == ["Technical Leadership Handbook", "What technical leadership is"], names
    assert all(n["whole"] for n in names), names
    # Nothing in the header moved as Material's script brought in the search button.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 200)))")
    assert page.evaluate("window.hbShifts") == [], page.evaluate("window.hbShifts")
    if size == "phone":
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-nav--primary > .md-nav__title").wait_for(state="visible")
        page.wait_for_timeout(300)  # the drawer slides in
    drawer = page.evaluate(NAME_SHOWN, ".md-nav--primary > .md-nav__title")
    assert drawer and drawer[0]["text"] == "Technical Leadership Handbook" and drawer[0]["whole"], drawer
    ctx.close()


def test_a_link_is_fetched_while_the_reader_points_at_it(context):
    page = context.new_page()
    ahead, sitemap = [], []
    page.on("request", lambda r: "prefetch" in (r.headers.get("sec-purpose") or "") and ahead.append(r.url))
    page.on("request", lambda r: r.url.endswith("/sitemap.xml") and sitemap.append(r.url))
    page.goto("")
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => setTimeout(done, 300))")
    assert not ahead, "fetched ahead before the reader pointed at anything"
    # Nor the sitemap, which Material reads for a page in other languages (the feed link is not one).
    assert not sitemap, sitemap
    link = page.locator(".md-nav--primary a.md-nav__link", has_text="The three hats").first
    link.hover()
    page.wait_for_function("() => true")  # let the hover register
    page.wait_for_timeout(400)  # the browser waits a moment on hover before it fetches
    assert [urlparse(u).path for u in ahead] == ["/three-hats/"], ahead
    link.click()
    page.wait_for_url("**/three-hats/")
    # The page opened from what was fetched ahead (or was already drawn, prerendered).
    assert page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return nav.deliveryType === 'navigational-prefetch' || nav.activationStart > 0;
    }""")


def test_a_browser_without_speculation_rules_prefetches_on_hover(browser, server):
    ctx = browser.new_context(base_url=server.url)
    ctx.add_init_script("HTMLScriptElement.supports = () => false;")
    page = ctx.new_page()
    page.goto("")
    page.wait_for_load_state("load")
    assert not page.evaluate("document.querySelectorAll('link[rel=prefetch]').length")
    page.locator(".md-nav--primary a.md-nav__link", has_text="FAQ").first.hover()
    page.wait_for_function("() => document.querySelector('link[rel=prefetch]')")
    assert urlparse(page.evaluate("document.querySelector('link[rel=prefetch]').href")).path == "/faq/"
    ctx.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_open_search_results_read_well_in_both_palettes(browser, server, size):
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(base_url=server.url, color_scheme="light", **SIZES[size])
    page = ctx.new_page()
    page.goto("three-hats/")
    if size == "phone":
        page.locator("label.md-header__button[for=__search]").tap()
    box = page.locator("input.md-search__input")
    box.click()
    # A word the handbook never uses: results lack it, and say so in words.
    # (Material searches on a key, not on a filled-in value: the last letter is typed.)
    box.fill("diplomat pizz")
    box.press("a")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    terms = page.locator(".md-search-result__terms").first
    terms.wait_for(state="visible")
    assert terms.inner_text() == "Doesn’t mention: pizza"
    assert "line-through" not in page.evaluate(
        "() => getComputedStyle(document.querySelector('.md-search-result__terms del')).textDecorationLine"
    )
    page.evaluate(Axe().axe_script)  # once, now (an init script would run it on every load)
    options = {"runOnly": {"type": "tag", "values": AXE_OPTIONS["runOnly"]["values"]}, "resultTypes": ["violations"]}
    problems = []
    for palette in ("light", "dark"):
        if palette == "dark":  # the page follows the system until the reader picks
            page.emulate_media(color_scheme="dark")
            page.wait_for_function(TURN_DARK)
        assert page.evaluate("document.querySelector('.md-search-result__meta').textContent").endswith(
            "matching documents"
        )
        result = page.evaluate("options => axe.run('.md-search', options)", options)
        problems += [
            f"{palette}: {v['id']} {[(n['target'], n['failureSummary'][-160:]) for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
    ctx.close()
    assert not problems, "\n".join(problems)


def all_paths(site):
    return [site.url_of(p)[len(site.url) :] for p in site.pages()] + ["no-such-page/"]


# Every WCAG 2.2 A and AA rule axe-core has, target size included; any
# violation fails, whatever its impact.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


# The page follows the system until the reader picks a palette: a system
# that turns dark turns it dark at once. Material's colours ease over a
# quarter second; read them once they are there.
TURN_DARK = """() => document.body.getAttribute('data-md-color-scheme') === 'slate'
    && getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'
    && document.getAnimations().every(a => a.playState !== 'running')"""


@pytest.mark.parametrize("size", SIZES)
def test_every_page_is_clean_and_accessible_in_both_palettes(browser, server, size):
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(base_url=server.url, color_scheme="light", **SIZES[size])
    # axe-core is in every page from the start, instead of injected after each load.
    ctx.add_init_script(Axe().axe_script)
    w = Watched(ctx.new_page())
    problems = []
    for path in all_paths(server):
        w.errors.clear()
        w.page.emulate_media(color_scheme="light")
        # The load event waits for the stylesheets and the deferred scripts,
        # which have mounted Material's components by then.
        w.page.goto(path, wait_until="load")
        # Each page in light, then in dark as the system turns dark.
        for palette, expected in (("light", "default"), ("dark", "slate")):
            if palette == "dark":
                w.page.emulate_media(color_scheme="dark")
                w.page.wait_for_function(TURN_DARK)
            assert scheme(w.page) == expected, (path, palette)
            result = w.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            serious = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
            ]
            if serious:
                problems.append(f"{path} ({palette}): axe={serious}")
        errors = [e for e in w.errors if not (path == "no-such-page/" and "404" in e)]
        if errors or w.foreign:
            problems.append(f"{path}: console={errors} foreign={w.foreign}")
    ctx.close()
    assert not problems, "\n".join(problems)
