"""What leaves the build (hooks/published.py), called as functions on made-up
files parsed as a browser parses them: anything that could act against a
reader is refused, each class with several instances. test_bad_input.py
proves with one build each that the hook applies the rules to the published
bytes; test_csp.py checks the policy on the real site, and in Chromium."""

import page_text
import published
import pytest

from handbook import link_targets, markup

SITE = "https://handbook.example.org/"
OWN = {'__md_scope=new URL(".",location)', "var target=1"}
PAGE = """<!doctype html><html><head><meta charset=utf-8><title>t</title>
<script>__md_scope=new URL(".",location)</script></head><body>
<header><a class="md-search__icon" href="javascript:void(0)" title="Share">s</a>
<form class="md-search__form" name="search"><input id="__search"></form></header>
<article class="md-content__inner">{}</article>
<script id="__config" type="application/json">{{"base": "."}}</script>
<script src="/assets/javascripts/bundle.js"></script><script>var target=1</script></body></html>"""


def problems(body: str, *, forwards: bool = False, here: str = "three-hats/index.html") -> list[str]:
    tree = markup.document(PAGE.format(body))
    return published.document_problems(
        tree, own=OWN, scripts={"assets/javascripts/bundle.js"}, forwards=forwards, site=SITE, here=here
    )


def test_the_themes_own_page_passes():
    assert (
        problems("<h1 id=t>Title</h1><p>Text <a href='../faq/'>FAQ</a> <a href='https://example.org/'>x</a></p>") == []
    )


CASES = [
    # Class 2: only the build's own scripts run.
    (
        "an inline script the build did not write",
        "<script>fetch('/x')</script>",
        "inline script the build did not write",
    ),
    ("a script the build wrote, changed by one character", "<script>var target=2</script>", "did not write"),
    ("a script from another origin", "<script src='https://cdn.example.org/x.js'></script>", "did not write"),
    ("a script file of the site the build did not write", "<script src='../evil.js'></script>", "did not write"),
    ("a module script", "<script type=module>import('/x')</script>", "did not write"),
    ("a script with a language the browser runs", "<script language=javascript>1</script>", "did not write"),
    ("speculation rules nobody wrote", '<script type="speculationrules">{"prerender":[]}</script>', "did not write"),
    # Scripts hidden from another parser are seen as the browser sees them.
    ("a script after a comment a browser ends with --!>", "<!-- x --!><script>alert(1)</script>", "did not write"),
    (
        "a handler smuggled through noscript",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        "onerror",
    ),
    ("a handler on an image", "<img src=x onerror=alert(1)>", "event handler onerror"),
    ("a handler on SVG", "<svg><rect onclick='x()'/></svg>", "event handler onclick"),
    ("a javascript: link", '<a href=" JaVa&#x09;script:alert(1)">x</a>', "script or data: URL"),
    ("the theme's no-op link anywhere else", '<a href="javascript:void(0)">x</a>', "script or data: URL"),
    ("a data: link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "script or data: URL"),
    # Elements that load another document or change where links go.
    ("an iframe", "<iframe src='https://example.org'></iframe>", "<iframe>"),
    ("a base element", "<base href='https://example.org/'>", "<base>"),
    ("an object", "<object data='x'></object>", "<object>"),
    (
        "a meta refresh on a page of prose",
        '<meta http-equiv="refresh" content="0; url=https://example.org/">',
        "meta refresh",
    ),
    ("a form sending elsewhere", '<form action="https://example.org/collect"><input name=q></form>', "form sending"),
    # Text the theme shows as HTML.
    (
        "a title that tooltips would show as markup",
        '<a href="#x" title="&lt;img src=x onerror=alert(1)&gt;">x</a>',
        "tooltips show titles as HTML",
    ),
    # Content taking over the theme's machinery.
    ("content with the theme's configuration id", '<div id="__config">{"search": "evil.js"}</div>', "'__config' twice"),
    ("content with the search box's id", '<input id="__search">', "'__search' twice"),
]


@pytest.mark.parametrize("what, body, said", CASES, ids=[case[0] for case in CASES])
def test_what_could_act_against_a_reader_is_refused(what, body, said):
    found = problems(body)
    assert any(said in line for line in found), f"{what}: {found}"


def test_a_forwarding_page_may_forward_only_to_this_site():
    refresh = '<meta http-equiv="refresh" content="0; url={}">'
    assert problems(refresh.format("../three-hats/#diplomat"), forwards=True, here="s/diplomat/index.html") == []
    assert problems(refresh.format(SITE + "faq/"), forwards=True, here="s/faq/index.html") == []
    for away in ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "../../../../x"]:
        found = problems(refresh.format(away), forwards=True, here="s/diplomat/index.html")
        assert any("meta refresh" in line for line in found), (away, found)


@pytest.mark.parametrize(
    "dest, source, is_page, said",
    [
        ("evil.html", "evil.html", False, "published as it is"),
        ("page.htm", "page.htm", False, "published as it is"),
        ("x.xhtml", "x.xhtml", False, "published as it is"),
        ("feed.xml", "feed.xml", False, "published as it is"),
        ("notes.txt", "notes.txt", False, "published as it is"),
        ("s/evil/index.html", "s/evil.md", True, "belongs to the build (s/)"),
        ("pagefind/pagefind.js", "pagefind/pagefind.js", False, "belongs to the build"),
        ("assets/javascripts/bundle.js", "assets/javascripts/bundle.js", False, "belongs to the build"),
        ("changes.xml", "changes.xml", False, "belongs to the build"),
        ("search/index.html", "search.md", True, "belongs to the build"),
    ],
)
def test_a_file_of_docs_that_is_not_checked_or_takes_the_builds_address_is_refused(dest, source, is_page, said):
    found = published.docs_file_problems(dest, source, is_page, named=set())
    assert found and said in found[0] and f"docs/{source}" in found[0], found


def test_pages_images_and_named_files_of_docs_pass():
    for dest, is_page in [
        ("three-hats/index.html", True),
        ("assets/favicon.svg", False),
        ("card.png", False),
        ("javascripts/extra.js", False),
        ("_headers", False),
    ]:
        assert published.docs_file_problems(dest, dest, is_page, named={"javascripts/extra.js"}) == [], dest


def test_an_svg_file_is_checked_like_a_diagram():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">{}</svg>'
    assert published.svg_problems(svg.format("<rect width='1' height='1'/>")) == []
    assert published.svg_problems(svg.format("<script>alert(1)</script>"))
    assert published.svg_problems(svg.format("<a href='https://evil.example/'><text>x</text></a>"))
    assert published.svg_problems('<!DOCTYPE svg [<!ENTITY a "b">]>' + svg.format(""))


def test_the_policy_names_only_the_scripts_it_is_given():
    policy = published.policy([published.script_hash("var target=1")])
    sources = dict(part.split(maxsplit=1) for part in policy.split("; "))
    hashes = [s for s in sources["script-src"].split() if s.startswith("'sha256-")]
    assert hashes == [published.script_hash("var target=1")]
    assert "'unsafe-inline'" not in sources["script-src"] and "'unsafe-eval'" not in sources["script-src"]


@pytest.mark.parametrize(
    "config, said",
    [
        ({"site_name": "Handbook <script>x</script>"}, "site_name holds '<'"),
        ({"copyright": 'By <a href="https://evil.example">us</a>'}, "copyright holds '<'"),
        ({"site_description": "Two\nlines"}, "site_description holds '\\n'"),
        ({"nav": [{"Home": "index.md"}, {"Reference": [{"<img src=x onerror=1>": "credits.md"}]}]}, "nav > Reference"),
        ({"nav": [{"Home\u202e": "index.md"}]}, "nav: 'Home"),
        ({"site_url": 'https://example.org/"><script>'}, "site_url"),
        ({"site_url": "javascript:alert(1)//"}, "site_url"),
    ],
)
def test_configuration_text_that_would_reach_the_reader_as_html_is_refused(config, said):
    found = page_text.config_problems(config)
    assert any(said in line for line in found), found


def test_the_real_configuration_passes():
    import yaml

    from support import ROOT

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    assert page_text.config_problems(config) == []


# Class 7: a published link never breaks silently.


def site_with(pages: dict[str, list[str]]) -> link_targets.Site:
    site = link_targets.Site()
    for url, ids in pages.items():
        site.pages[url] = [link_targets.Target(i, i, "heading", url, url or "index") for i in ids]
    return site


def test_a_locked_target_that_is_gone_is_named_with_how_to_keep_it():
    site = site_with({"three-hats/": ["architect", "mentor"], "": ["influence"], "credits/": ["sources"]})
    sources = {"three-hats/": "three-hats.md", "": "index.md", "credits/": "credits.md"}
    locked = ["/three-hats/#architect", "/three-hats/#diplomat", "/#influence", "/hats/#mentor", "/faq/#introvert"]
    found = link_targets.check_locked(site, locked, {"hats.md": "three-hats.md"}, sources)
    assert len(found) == 2, found
    assert "three-hats.md: #diplomat was published" in found[0] and "anchor_aliases" in found[0]
    assert "/faq/#introvert: the page /faq/ was published and is gone" in found[1] and "redirect_maps" in found[1]
    # A redirect keeps a page's targets only if the page it leads to has them.
    found = link_targets.check_locked(site, ["/hats/#diplomat"], {"hats.md": "three-hats.md"}, sources)
    assert len(found) == 1 and "now redirects here" in found[0]
