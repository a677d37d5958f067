"""Unsafe content, called as functions: the rules of hooks/active_content.py
(nothing in a page, an include or a diagram may run script) and
hooks/confined.py (no file may lead outside its folder or fail to read).
test_bad_input.py proves, with one build each, that the hooks apply them."""

import os

import active_content
import confined
import pytest

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'

CONTENT = [
    # (what, markup, words the finding holds)
    ("a script element", "<p>x</p><script>alert(1)</script>", "<script>"),
    ("an event handler added with attr_list", '<p onclick="alert(1)">x</p>', "onclick"),
    ("a javascript: link", '<a href="javascript:alert(1)">x</a>', "script or data: URL in href"),
    (
        "a javascript: link with a tab and an entity",
        '<a href=" java&#9;script:alert(1)">x</a>',
        "script or data: URL in href",
    ),
    ("a vbscript: link", '<a href="VBScript:x">x</a>', "script or data: URL in href"),
    ("an iframe", '<iframe src="https://example.org"></iframe>', "<iframe>"),
    ("a meta refresh", '<meta http-equiv="refresh" content="0; url=https://example.org">', "<meta>"),
    ("a base element", '<base href="https://example.org/">', "<base>"),
    ("an object", '<object data="x.swf"></object>', "<object>"),
    ("HTML smuggled out of a comment", "<!---><img src=x onerror=alert(1)>-->", "onerror"),
    ("a script behind a comment a browser ends early", "<!-- x --!><script>alert(1)</script>", "<script>"),
    (
        "a handler inside noscript, read as a browser with scripting on reads it",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
        "onerror",
    ),
]

DIAGRAMS = [
    ("a script in a diagram", SVG.format("<script>alert(1)</script>"), "<script>"),
    ("an event handler on a diagram", SVG.format('<rect width="1" height="1" onload="alert(1)"/>'), "onload"),
    (
        "a javascript: link in a diagram",
        SVG.format('<a href="javascript:alert(1)"><text>x</text></a>'),
        "script or data: URL in href",
    ),
    (
        "a disguised javascript: xlink:href",
        SVG.format(
            '<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href=" java&#9;script:alert(1)"><text>x</text></a>'
        ),
        "script or data: URL in href",
    ),
    (
        "an animation that sets a javascript: link",
        SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'),
        "script or data: URL in to",
    ),
    ("HTML inside a foreignObject", SVG.format("<foreignObject><p>text</p></foreignObject>"), "foreignObject"),
    ("HTML outside the SVG", "<p>text</p>" + SVG.format(""), "not SVG"),
]


@pytest.mark.parametrize("what, markup, said", CONTENT, ids=[case[0] for case in CONTENT])
def test_page_content_that_could_run_script_is_found(what, markup, said):
    found = active_content.problems(markup)
    assert any(said in line for line in found), f"{what}: {found}"


@pytest.mark.parametrize("what, markup, said", DIAGRAMS, ids=[case[0] for case in DIAGRAMS])
def test_a_diagram_that_could_run_script_or_is_not_svg_is_found(what, markup, said):
    found = active_content.problems(markup, svg_only=True)
    assert any(said in line for line in found), f"{what}: {found}"


def test_ordinary_content_and_the_real_diagrams_pass():
    from support import ROOT

    assert active_content.problems('<p><a href="https://example.org/">x</a> <abbr title="y">z</abbr></p>') == []
    for path in sorted((ROOT / "includes" / "diagrams").glob("*.svg")):
        assert active_content.problems(path.read_text(encoding="utf-8"), svg_only=True) == [], path.name


def test_links_and_unreadable_files_in_a_folder_are_found(tmp_path):
    folder = tmp_path / "includes"
    (folder / "diagrams").mkdir(parents=True)
    (folder / "ok.md").write_text("*[x]: y\n", encoding="utf-8")
    assert confined.problems(folder, text_only=True) == []
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "system").symlink_to("/etc")
    (folder / "diagrams" / "loop.svg").symlink_to(folder / "diagrams" / "loop.svg")
    (folder / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    found = "\n".join(confined.problems(folder, text_only=True))
    for words in [
        "includes/passwd is a symbolic link",
        "includes/system is a symbolic link",
        "includes/diagrams/loop.svg is a symbolic link",
        "includes/latin1.md: not UTF-8",
    ]:
        assert words in found, (words, found)
    # In docs/, binary files are fine; text files must read.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "card.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert confined.problems(docs) == []
    os.symlink(tmp_path, docs / "up")
    assert "docs/up is a symbolic link" in "\n".join(confined.problems(docs))
