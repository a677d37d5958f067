"""Controls a reader understands, in Chromium at 1280x800 and on a 390x844
touch phone: one copy control per heading with a visible "copied" sign and
wiki-ready Markdown, links that open where they were copied, row links that
keep their column names in view, large enough targets, and glossary terms
that keyboards, screen readers and phones can use. (Link texts that say
where they go are checked in test_content.py.)"""

import re
from urllib.parse import urlparse

import pytest

from support import nav_paths

pytestmark = pytest.mark.browser
NAV_PATHS = nav_paths()

DESKTOP = dict(viewport={"width": 1280, "height": 800})
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
HEADINGS = "article :is(h2, h3, h4, h5, h6)"
CONTROL = "button.hb-link"


def new_page(browser, url, size, **options):
    ctx = browser.new_context(base_url=url, **size, **options)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    return ctx, ctx.new_page()


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, server):
    ctx, page = new_page(browser, server.url, DESKTOP if request.param == "desktop" else PHONE)
    page.size = request.param
    yield page
    ctx.close()


def paths(site):
    return [site.url_of(p)[len(site.url) :] for p in site.pages()]


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def rect(page, selector):
    return page.eval_on_selector(
        selector, "el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height] }"
    )


def press(page, control):
    """Activate a control the way the page's reader would: a tap on the phone, a click otherwise."""
    if page.size == "phone":
        control.tap()
    else:
        control.click()


# One control per heading ----------------------------------------------------

# Noted in the page at each focus change: the heading a Tab stop is in ("" for
# none), until focus leaves the article.
RECORD_STOPS = f"""() => {{
    window.hbStops = [];
    window.hbDone = false;
    const article = document.querySelector("article");
    document.addEventListener("focusin", event => {{
        if (!article.contains(event.target)) {{ window.hbDone = true; return; }}
        const h = event.target.closest("{HEADINGS}");
        window.hbStops.push(h ? h.id : "");
    }});
    // The walk starts just before the article's first Tab stop.
    article.tabIndex = -1;
    article.focus();
}}"""


@pytest.mark.parametrize("path", NAV_PATHS)
def test_every_heading_has_exactly_one_tab_stop(browser, server, path):
    ctx, page = new_page(browser, server.url, DESKTOP)
    page.goto(path)
    # Walk the article with Tab, as a keyboard user does, and note the
    # heading each stop is in (the header, nav and footer hold no heading).
    stops = page.evaluate(f"""() => [...document.querySelectorAll("{HEADINGS}")].map(h => h.id)""")
    page.evaluate(RECORD_STOPS)
    for _ in range(40):  # up to 400 stops, 10 keys at a time
        for _ in range(10):
            page.keyboard.press("Tab")
        if page.evaluate("() => window.hbDone || document.activeElement === document.body"):
            break
    assert page.evaluate("() => window.hbDone"), f"{path}: Tab never left the article"
    seen = {}
    for heading in page.evaluate("() => window.hbStops"):
        if heading:
            seen[heading] = seen.get(heading, 0) + 1
    in_summary = page.evaluate("() => [...document.querySelectorAll('summary h2')].map(h => h.id)")
    for heading in stops:
        expected = 0 if heading in in_summary else 1  # a question's control sits beside its summary
        assert seen.get(heading, 0) == expected, f"{path}#{heading}: {seen.get(heading, 0)} Tab stops"
    # Each FAQ question: its summary, then its one control.
    for question in in_summary:
        count = page.evaluate(
            """id => document.getElementById(id).closest('.hb-question')
            .querySelectorAll(':scope > button, :scope > details > summary').length""",
            question,
        )
        assert count == 2, f"{path}#{question}"
    ctx.close()


# Copying ---------------------------------------------------------------------


def test_a_copy_shows_a_visible_sign_beside_the_control_and_moves_nothing(page, server):
    page.goto("three-hats/")
    control = page.get_by_role("button", name="Copy link to section: The Diplomat", exact=True)
    control.scroll_into_view_if_needed()
    before = rect(page, "#diplomat + p")
    press(page, control)
    sign = page.locator(".hb-bubble__status")
    sign.wait_for(state="visible")
    assert sign.inner_text() == "✓ Link copied"
    # Seen, not only heard: a real box near the control, not visually hidden text.
    assert not page.evaluate("() => !!document.querySelector('.hb-bubble__status').closest('.md-visually-hidden')")
    box, near = sign.bounding_box(), control.bounding_box()
    assert box["width"] > 40 and box["height"] > 10
    assert abs(box["y"] - (near["y"] + near["height"])) < 120
    assert page.evaluate("() => getComputedStyle(document.querySelector('.hb-bubble')).opacity") == "1"
    # Still announced to screen readers.
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Link copied'")
    assert clipboard(page) == f"{server.url}s/diplomat/"
    assert rect(page, "#diplomat + p") == before, "the page moved"
    assert urlparse(page.url).path == "/three-hats/"


def test_markdown_names_the_section_and_its_page(page, server):
    page.goto("manager-vs-leader/")
    control = page.get_by_role("button", name="Copy link to section: Core focus", exact=True)
    control.scroll_into_view_if_needed()
    press(page, control)
    page.get_by_role("button", name="Copy as Markdown", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.hb-bubble__status')?.textContent === '✓ Markdown link copied'"
    )
    assert clipboard(page) == f"[Core focus · Manager vs leader]({server.url}s/core-focus/)"


def test_the_other_formats_open_from_the_same_control_with_a_long_press(browser, server):
    ctx, page = new_page(browser, server.url, PHONE)
    page.goto("faq/")
    control = page.get_by_role("button", name="Copy link to section: Can an introvert be a technical leader?")
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = ctx.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    page.wait_for_timeout(700)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    actions = page.locator(".hb-bubble__action")
    actions.first.wait_for(state="visible")
    assert actions.all_inner_texts() == ["Copy link", "Copy as Markdown"]
    ctx.close()


def test_a_build_without_a_published_address_copies_links_that_open_where_it_is_served(browser, unpublished):
    unpublished = unpublished.url
    ctx, page = new_page(browser, unpublished, DESKTOP)
    page.goto("three-hats/")
    page.get_by_role("button", name="Copy link to section: The Mentor", exact=True).click()
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Link copied'")
    copied = clipboard(page)
    assert copied == f"{unpublished}s/mentor/"
    page.goto(copied)
    page.wait_for_url(f"{unpublished}three-hats/#mentor")
    ctx.close()


# Where a link lands ----------------------------------------------------------


# Where a row's landing shows it: the table's column names, the row below them, both on screen.
ROW_LANDING = """id => {
    const name = document.getElementById(id);
    const row = name.closest('tr').getBoundingClientRect();
    const head = name.closest('table').querySelector('thead');
    const names = head.getBoundingClientRect();
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    return {
        names: head.innerText.replace(/\\s+/g, ' ').trim(),
        namesShown: names.top >= header - 1 && names.bottom <= row.top + 1,
        rowShown: row.top >= header - 1 && row.bottom <= innerHeight,
        marked: getComputedStyle(name.closest('td')).backgroundColor,
        at: [Math.round(header), Math.round(names.top), Math.round(names.bottom), Math.round(row.top), Math.round(row.bottom)],
    };
}"""


def rows_of(site):
    """Every comparison row with a link target, by page, from the built HTML."""
    found = {}
    for path in site.pages():
        ids = [strong["id"] for strong in site.soup(path).select("article table td > strong[id]")]
        if ids:
            found[site.url_of(path)[len(site.url) :]] = ids
    return found


def test_every_row_link_lands_with_its_column_names_in_view(page, server):
    rows = rows_of(server)
    assert sum(len(ids) for ids in rows.values()) >= 6, rows
    wrong = []
    for path, ids in rows.items():
        # The first row by its short link, the others as a reader follows
        # their links on the page (the browser scrolls to each in turn).
        page.goto(f"s/{ids[0]}/")
        page.wait_for_url(f"**/{path}#{ids[0]}")
        for at, id_ in enumerate(ids):
            if at:
                page.evaluate("id => { location.hash = id; }", id_)
            page.wait_for_function("id => document.getElementById(id).matches(':target')", arg=id_)
            got = page.evaluate(ROW_LANDING, id_)
            if not (got["namesShown"] and got["rowShown"]) or got["marked"] in ("rgba(0, 0, 0, 0)", "transparent"):
                wrong.append(f"{path}#{id_} on the {page.size}: {got}")
            assert "Technical manager" in got["names"] or path != "manager-vs-leader/", got
    assert not wrong, "\n".join(wrong)


# Targets a thumb can hit, that stand out, and never move ----------------------


def contrast(page, selector):
    """Contrast ratio of an element's colour against the page background, as WCAG computes it."""
    return page.evaluate(
        """sel => {
        const parse = c => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        const el = document.querySelector(sel);
        let bg = null;
        for (let node = el; node && !bg; node = node.parentElement) {
            const c = parse(getComputedStyle(node).backgroundColor);
            if (c.length < 4 || c[3] === 1) bg = c.slice(0, 3);
        }
        bg = bg || [255, 255, 255];
        const fg = parse(getComputedStyle(el).color);
        const alpha = fg.length > 3 ? fg[3] : 1;
        const mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
        const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    }""",
        selector,
    )


# The page follows the system until the reader picks a palette; Material's
# colours ease over a quarter second: read them once they are there.
TURN_DARK = """() => document.body.getAttribute('data-md-color-scheme') === 'slate'
    && getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'
    && document.getAnimations().every(a => a.playState !== 'running')"""


def in_both_palettes(page, path, check):
    """Load `path` light, run check(palette), then turn the system dark and run it again."""
    page.emulate_media(color_scheme="light")
    page.goto(path)
    check("light")
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(TURN_DARK)
    check("dark")


def test_every_control_on_a_phone_is_44_pixels_and_stands_out_in_both_palettes(browser, server):
    ctx, page = new_page(browser, server.url, PHONE)
    small, faint = [], []

    def check(palette):
        sizes = page.eval_on_selector_all(
            CONTROL,
            """els => els.map(el => {
            const r = el.getBoundingClientRect();
            return [el.dataset.hbLink, Math.round(r.width), Math.round(r.height)];
        })""",
        )
        small.extend(f"{path}#{i} ({palette}): {w}x{h}" for i, w, h in sizes if w < 44 or h < 44)
        if sizes and (ratio := contrast(page, CONTROL)) < 3:
            faint.append(f"{path} ({palette}): the control's contrast is {ratio:.2f}:1")

    for path in paths(server):
        in_both_palettes(page, path, check)
    assert not small, small
    assert not faint, faint
    ctx.close()


def test_hover_and_focus_move_nothing(browser, server):
    ctx, page = new_page(browser, server.url, DESKTOP)
    page.goto("skills/")
    heading = "#empathy"
    control = page.locator(f"{heading} {CONTROL}")
    control.scroll_into_view_if_needed()
    before = [rect(page, heading), rect(page, f"{heading} + p")]
    control.hover()
    page.wait_for_timeout(200)
    assert [rect(page, heading), rect(page, f"{heading} + p")] == before
    control.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)
    assert [rect(page, heading), rect(page, f"{heading} + p")] == before
    ctx.close()


# The glossary ----------------------------------------------------------------


def test_a_glossary_term_takes_focus_and_its_definition_shows_and_is_announced(browser, server):
    ctx, page = new_page(browser, server.url, DESKTOP)
    page.goto("three-hats/")
    term = page.locator("article abbr").first
    definition = term.get_attribute("title")
    # Reach it with Tab from the element before it.
    page.evaluate("""() => {
        const term = document.querySelector('article abbr');
        const all = [...document.querySelectorAll('a[href], button, [tabindex="0"], input')];
        const before = all.filter(el => el.compareDocumentPosition(term) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
        before.focus();
    }""")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "ABBR"
    tip_id = page.wait_for_function("() => document.activeElement.getAttribute('aria-describedby')").json_value()
    tip = page.locator(f"[id='{tip_id}']")
    tip.wait_for(state="visible")
    assert tip.get_attribute("role") == "tooltip"
    assert tip.inner_text().strip() == definition
    # Escape dismisses it and leaves focus on the term.
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.tagName") == "ABBR"
    ctx.close()


def test_a_tapped_definition_on_a_phone_is_readable_and_leaves_its_line_clear(browser, server):
    ctx, page = new_page(browser, server.url, PHONE)
    page.goto("three-hats/")
    term = page.locator("article abbr").first
    term.scroll_into_view_if_needed()
    term.tap()
    tip_id = page.wait_for_function(
        "() => document.querySelector('article abbr').getAttribute('aria-describedby')"
    ).json_value()
    tip = page.locator(f"[id='{tip_id}']")
    tip.wait_for(state="visible")
    page.wait_for_timeout(300)
    size = page.evaluate(
        "id => parseFloat(getComputedStyle(document.getElementById(id).querySelector('.md-tooltip2__inner')).fontSize)",
        tip_id,
    )
    assert size >= 14
    line = term.bounding_box()
    box = page.evaluate(
        "id => { const r = document.getElementById(id).querySelector('.md-tooltip2__inner').getBoundingClientRect(); return [r.top, r.bottom] }",
        tip_id,
    )
    assert box[0] >= line["y"] + line["height"] - 1 or box[1] <= line["y"] + 1, "the definition covers its own line"
    ctx.close()


# Diagrams ------------------------------------------------------------------


def test_diagram_labels_are_at_least_12_pixels_on_a_phone_in_both_palettes(browser, server):
    ctx, page = new_page(browser, server.url, PHONE)
    measured = []
    # The pages that hold a diagram, found in the built HTML (the others have nothing to measure).
    with_diagrams = [path for path in paths(server) if server.soup(server.page(path)).select("article svg.hb-diagram")]
    assert len(with_diagrams) >= 3, with_diagrams

    def check(palette):
        sizes = page.eval_on_selector_all(
            "article svg.hb-diagram",
            """svgs => svgs.flatMap(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
        })""",
        )
        small = [(label, round(px, 1)) for label, px in sizes if px < 12]
        assert not small, f"{path} ({palette}): labels under 12px: {small}"
        measured.append(len(sizes))

    for path in with_diagrams:
        in_both_palettes(page, path, check)
    assert sum(measured) >= 60  # at least 30 labels, in each palette
    ctx.close()


def test_the_control_hints_what_it_does_the_key_in_words_and_when_its_section_changed(browser, server):
    ctx, page = new_page(browser, server.url, DESKTOP)
    page.goto("three-hats/")
    # Nothing of the bubble exists until a reader first needs it.
    assert page.evaluate("() => !document.getElementById('hb-bubble')")
    control = page.get_by_role("button", name="Copy link to section: The Mentor", exact=True)
    day = control.get_attribute("data-hb-changed")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", day or ""), day
    year, month, date = day.split("-")
    control.hover()
    hint = page.locator(".hb-bubble[role=tooltip]")
    hint.wait_for(state="visible")
    text = hint.inner_text()
    assert text.startswith("Copy link") and f"changed {int(date)} " in text and year in text, text
    # The way to the other formats, for a mouse: in words, and short.
    assert "right click" in text and not re.search(r"[\u2190-\u21ff]", text), text
    assert len(text) <= 80, text
    # Keyboard users get the same hint, as the control's description, naming their key.
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # leave whatever had focus
    control.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-describedby') === 'hb-bubble'")
    text = page.locator("#hb-bubble").inner_text()
    assert "section changed" in text and "Down arrow key" in text and not re.search(r"[\u2190-\u21ff]", text), text
    assert len(text) <= 80, text
    # And the key does what the hint says.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Copy link"
    ctx.close()
