"""The Content-Security-Policy: on every file, strict, and enough for everything a
reader does, in Chromium, with no violation anywhere (hooks/published.py)."""

import base64
import hashlib
from urllib.parse import urlparse

import pytest
from conftest import csp_violations

RUNNABLE = {"", "text/javascript", "application/javascript", "module", "speculationrules"}


def all_files(site):
    return sorted(site.dir.rglob("*.html"))


def policy_of(soup):
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, f"{len(metas)} policies"
    return metas[0]["content"]


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def inline_scripts(soup):
    return [
        s.string or ""
        for s in soup.find_all("script")
        if not s.has_attr("src") and s.get("type", "").strip().lower() in RUNNABLE
    ]


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_every_file_has_one_policy_before_anything_it_governs(site):
    policies = set()
    for path in all_files(site):
        soup = site.soup(path)
        where = path.relative_to(site.dir)
        policies.add(policy_of(soup))
        head = list(soup.head.find_all(True))
        first = next(i for i, el in enumerate(head) if el.get("http-equiv") == "Content-Security-Policy")
        assert all(el.name == "meta" for el in head[:first]), f"{where}: something comes before the policy"
        assert soup.head.find("meta", charset=True) in head[:1], f"{where}: the charset is no longer first"
        referrer = soup.find_all("meta", attrs={"name": "referrer"})
        assert [m["content"] for m in referrer] == ["strict-origin-when-cross-origin"], where
    # The same policy everywhere, so a host can send it whole as a header (README, "Security headers").
    assert len(policies) == 1, policies
    assert len(all_files(site)) > 50  # pages, short links, redirects, the 404 page


def test_the_policy_is_strict(site):
    policy = directives(policy_of(site.soup(site.dir / "index.html")))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    # Scripts: the site's own files and hashed inline scripts; WebAssembly may
    # be compiled (a search engine may need it), JavaScript never evaluated.
    scripts = policy["script-src"]
    assert "'self'" in scripts
    assert not [s for s in scripts if not s.startswith("'sha256-") and s not in ("'self'", "'wasm-unsafe-eval'")], (
        scripts
    )
    for directive in policy.values():
        assert "'unsafe-eval'" not in directive and "*" not in directive
        assert not [s for s in directive if s.startswith(("http:", "https:"))], "a host in the policy"


def test_the_policy_allows_exactly_the_inline_scripts_present(site):
    present = {sha256(text) for path in all_files(site) for text in inline_scripts(site.soup(path))}
    allowed = {
        source
        for source in directives(policy_of(site.soup(site.dir / "index.html")))["script-src"]
        if source.startswith("'sha256-")
    }
    assert present and allowed == present


def visit(page, path, soup):
    page.goto(path)
    page.wait_for_load_state("load")
    if soup.find("meta", attrs={"http-equiv": "refresh"}):  # short links and moved pages forward
        page.wait_for_url(lambda url: urlparse(url).path != f"/{path}", timeout=10000)
        page.wait_for_load_state("load")


def one_file_per_template(site) -> dict[str, str]:
    """A file of each kind the build writes, by what writes it: every file of
    a kind comes from one template with the same policy, so one of each is
    enough for the browser (every file's policy is checked above, on the
    built HTML; every page of prose is visited below, by navigation)."""
    kinds = {}
    for path in all_files(site):
        rel = path.relative_to(site.dir).as_posix()
        soup = site.soup(path)
        if rel == "404.html":
            kinds.setdefault("404.html", "no-such-page/")
        elif rel.startswith("s/"):
            kinds.setdefault("short-link.html", rel.removesuffix("index.html"))
        elif soup.find("meta", attrs={"http-equiv": "refresh"}):
            kinds.setdefault("the redirects plugin", rel.removesuffix("index.html"))
        elif soup.select_one("article.md-content__inner"):
            kinds.setdefault("main.html", rel.removesuffix("index.html"))
    return kinds


@pytest.mark.browser
def test_no_violation_on_any_page_or_while_reading(browser, server):
    context = browser.new_context(base_url=server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    violations = csp_violations(context)
    page = context.new_page()
    kinds = one_file_per_template(server)
    assert set(kinds) == {"404.html", "short-link.html", "the redirects plugin", "main.html"}, kinds
    for url_path in kinds.values():
        file = server.page(url_path) if url_path != "no-such-page/" else server.dir / "404.html"
        visit(page, url_path, server.soup(file))

    # What a reader does, from the home page on: search, follow a result,
    # copy, select a passage, read a definition, switch the palette, and
    # follow links that the speculation rules fetched ahead.
    page.goto("")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("diplomat")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__link').length > 0")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url("**/three-hats/**")
    page.locator("button.hb-link").first.click()
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Link copied'")
    # A passage link loads its module on the first selection.
    page.evaluate("""() => {
        const p = document.querySelector('article.md-content__inner h2 ~ p');
        const range = document.createRange();
        range.selectNodeContents(p);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.get_by_role("button", name="Copy link to passage").click()
    page.wait_for_function("() => document.getElementById('hb-live')?.textContent === 'Passage link copied'")
    page.locator("article abbr").first.focus()
    page.locator("#hb-definition.md-tooltip2--active").wait_for()
    for _ in range(3):  # system, light, dark, and back
        page.locator(".md-header__option label.md-header__button:visible").first.click()
    # Every page of the nav in turn, each link pointed at first, so the
    # browser fetches it ahead under the speculation rules (the first long
    # enough for that to happen).
    nav = ".md-nav--primary a.md-nav__link[href]:not([href*='#'])"
    targets = list(dict.fromkeys(page.eval_on_selector_all(nav, "links => links.map(a => a.href)")))
    assert len(targets) >= 8
    for n, target in enumerate(targets):
        at = page.evaluate(
            "([nav, target]) => [...document.querySelectorAll(nav)].findIndex(a => a.href === target)", [nav, target]
        )
        link = page.locator(nav).nth(at)
        link.hover()
        if n == 0:
            page.wait_for_timeout(300)
        link.click()
        page.wait_for_url(target)
        page.wait_for_load_state("load")
    page.go_back()
    page.wait_for_load_state("load")
    context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.browser
def test_the_policy_blocks_a_script_it_does_not_know(browser, server):
    context = browser.new_context(base_url=server.url)
    violations = csp_violations(context)
    page = context.new_page()
    page.goto("three-hats/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.hbRan = true";
        document.body.append(script);
    }""")
    page.wait_for_timeout(200)
    ran = page.evaluate("window.hbRan === true")
    context.close()
    assert not ran
    assert any("script-src" in v for v in violations), violations
