"""Passage links, in Chromium: select words in the article, copy a link that
opens on those words highlighted (a text fragment) or a Markdown quote of
them, by mouse, keyboard or on a phone, in prose, tabs and repeated
phrases."""

import base64
import re

import pytest

pytestmark = pytest.mark.browser

DESKTOP = dict(viewport={"width": 1280, "height": 800})
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)

# JavaScript: the client rectangle of the n-th occurrence of some words
# under an element, as a Range finds them.
FIND = """([selector, words, nth]) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        let at = node.data.indexOf(words);
        while (at >= 0) {
            if (seen++ === nth) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const r = range.getBoundingClientRect();
                return {x: r.x, y: r.y, width: r.width, height: r.height, pageY: r.y + scrollY};
            }
            at = node.data.indexOf(words, at + 1);
        }
    }
    return null;
}"""


def new_page(browser, server, size=DESKTOP):
    ctx = browser.new_context(base_url=server.url, **size)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    return ctx, ctx.new_page()


def where(page, selector, words, nth=0):
    box = page.evaluate(FIND, [selector, words, nth])
    assert box, f"{words!r} is not under {selector}"
    return box


def select_with_mouse(page, selector, words, nth=0):
    """Drag across the words, as a reader does."""
    first = where(page, selector, words, nth)
    page.mouse.wheel(0, first["y"] - 300)
    page.wait_for_timeout(200)
    box = where(page, selector, words, nth)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=3)
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=3)
    page.mouse.up()
    assert page.evaluate("getSelection().toString()").strip() == words
    page.locator(".hb-bubble__action").first.wait_for(state="visible")


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def highlighted_share(page, box):
    """Share of the words' pixels painted in the highlight (mark) colour,
    read from a screenshot of them."""
    png = page.screenshot(clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]})
    return page.evaluate(
        """async ([data, box]) => {
        const probe = document.createElement('div');
        probe.style.cssText = 'position:fixed;left:0;top:0;width:4px;height:4px;background:var(--md-typeset-mark-color)';
        document.body.append(probe);
        const mark = getComputedStyle(probe).backgroundColor.match(/[\\d.]+/g).map(Number);
        probe.remove();
        const ground = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
        const alpha = mark.length > 3 ? mark[3] : 1;
        const expected = [0, 1, 2].map(i => mark[i] * alpha + ground[i] * (1 - alpha));
        const image = new Image();
        image.src = 'data:image/png;base64,' + data;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        let close = 0;
        for (let i = 0; i < pixels.length; i += 4) {
            if ([0, 1, 2].every(c => Math.abs(pixels[i + c] - expected[c]) <= 12)) close++;
        }
        return close / (pixels.length / 4);
    }""",
        [base64.b64encode(png).decode(), box],
    )


def open_fresh(browser, server, link, size=DESKTOP):
    ctx = browser.new_context(**size)
    page = ctx.new_page()
    page.goto(link)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)
    return ctx, page


def in_view_below_header(page, box):
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    height = page.evaluate("innerHeight")
    return box["y"] >= header - 1 and box["y"] + box["height"] <= height


def some_words(page, selector, start=1, count=6):
    """A run of words from the longest stretch of plain text in an element, as a reader might select."""
    return page.evaluate(
        """([sel, start, count]) => {
        const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
        let longest = "";
        for (let node = walker.nextNode(); node; node = walker.nextNode())
            if (node.data.length > longest.length) longest = node.data;
        return longest.trim().split(/\\s+/).slice(start, start + count).join(" ");
    }""",
        [selector, start, count],
    )


def test_a_passage_link_opens_on_the_words_highlighted(browser, server):
    ctx, page = new_page(browser, server)
    code = []  # passage links' code is fetched on the first selection, not with the page
    page.on(
        "request",
        lambda r: r.url.endswith(("/passage-links.js", "/fragment-generation-utils.js")) and code.append(r.url),
    )
    page.goto("three-hats/")
    page.wait_for_load_state("load")
    assert not code, code
    before = page.evaluate("() => document.querySelector('#diplomat + p').getBoundingClientRect().height")
    words = some_words(page, "#diplomat + p")
    select_with_mouse(page, "#diplomat + p", words)
    assert len(code) == 2, code
    actions = page.locator(".hb-bubble__action")
    assert actions.all_inner_texts() == ["Copy link to passage", "Copy as quote"]
    # The control moved nothing.
    assert page.evaluate("() => document.querySelector('#diplomat + p').getBoundingClientRect().height") == before
    actions.first.click()
    page.wait_for_function(
        "() => document.querySelector('.hb-bubble__status')?.textContent === '✓ Passage link copied'"
    )
    link = clipboard(page)
    assert link.startswith(f"{server.url}three-hats/#diplomat:~:text="), link
    ctx.close()

    ctx, fresh = open_fresh(browser, server, link)
    box = where(fresh, "#diplomat + p", words)
    assert in_view_below_header(fresh, box), box
    assert highlighted_share(fresh, box) > 0.2
    ctx.close()


def test_the_quote_is_a_markdown_blockquote_naming_section_and_page(browser, server):
    ctx, page = new_page(browser, server)
    page.goto("three-hats/")
    words = some_words(page, "#diplomat + p")
    select_with_mouse(page, "#diplomat + p", words)
    page.get_by_role("button", name="Copy as quote").click()
    page.wait_for_function("() => document.querySelector('.hb-bubble__status')?.textContent === '✓ Quote copied'")
    quote = clipboard(page)
    link = re.search(r"\((http[^)]+)\)$", quote).group(1)
    assert quote == f"> {words}\n>\n> — [The Diplomat · The three hats]({link})"
    assert link.startswith(f"{server.url}three-hats/#diplomat:~:text=")
    ctx.close()


def test_the_passage_control_works_from_the_keyboard(browser, server):
    ctx, page = new_page(browser, server)
    page.goto("skills/")
    words = some_words(page, "#empathy + p")
    select_with_mouse(page, "#empathy + p", words)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Copy link to passage"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Passage link copied'")
    assert clipboard(page).startswith(f"{server.url}skills/#empathy:~:text=")
    page.keyboard.press("Escape")
    page.locator(".hb-bubble").wait_for(state="hidden")
    ctx.close()


def test_a_repeated_phrase_lands_on_the_occurrence_that_was_selected(browser, server):
    ctx, page = new_page(browser, server)
    page.goto("three-hats/")
    phrase = "technical leader"
    count = page.evaluate("""w => document.querySelector('article').textContent.split(w).length - 1""", phrase)
    assert count >= 2
    nth = count - 1  # the last one on the page
    target = where(page, "article", phrase, nth)
    select_with_mouse(page, "article", phrase, nth)
    page.get_by_role("button", name="Copy link to passage").click()
    page.wait_for_function("() => document.querySelector('.hb-bubble__status')")
    link = clipboard(page)
    assert "-," in link or ",-" in link, f"no context to tell the occurrences apart: {link}"
    ctx.close()

    ctx, fresh = open_fresh(browser, server, link)
    box = where(fresh, "article", phrase, nth)
    assert abs(box["pageY"] - target["pageY"]) < 2
    assert in_view_below_header(fresh, box)
    assert highlighted_share(fresh, box) > 0.2
    ctx.close()


def test_words_in_a_content_tab_open_with_that_tab_chosen(browser, server):
    ctx, page = new_page(browser, server)
    page.goto("manager-vs-leader/#outage")
    labels = page.locator("#outage ~ .tabbed-set .tabbed-labels label")
    labels.nth(1).click()
    block = "#outage ~ .tabbed-set .tabbed-block:nth-child(2) p"
    words = page.evaluate(
        "s => document.querySelector(s).textContent.trim().split(/\\s+/).slice(1, 7).join(' ')", block
    )
    select_with_mouse(page, block, words)
    page.get_by_role("button", name="Copy link to passage").click()
    page.wait_for_function("() => document.querySelector('.hb-bubble__status')")
    link = clipboard(page)
    assert "#__tabbed_" in link, link
    ctx.close()

    ctx, fresh = open_fresh(browser, server, link)
    assert fresh.evaluate("s => document.querySelector(s).checkVisibility()", block)
    box = where(fresh, block, words)
    assert in_view_below_header(fresh, box)
    assert highlighted_share(fresh, box) > 0.2
    ctx.close()


def test_a_phone_selection_offers_the_passage_actions(browser, server):
    ctx, page = new_page(browser, server, PHONE)
    page.goto("three-hats/")
    page.evaluate(
        """() => {
        // The longest run of plain text in the paragraph, as a finger would select it.
        const p = document.querySelector('#diplomat + p');
        const node = [...p.childNodes].filter(n => n.nodeType === 3).sort((a, b) => b.data.length - a.data.length)[0];
        const range = document.createRange();
        range.setStart(node, 0);
        range.setEnd(node, Math.min(node.data.length, 40));
        p.scrollIntoView();
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }"""
    )
    action = page.get_by_role("button", name="Copy link to passage")
    action.wait_for(state="visible")
    box = action.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    action.tap()
    page.wait_for_function(
        "() => document.querySelector('.hb-bubble__status')?.textContent === '✓ Passage link copied'"
    )
    ctx.close()
