"""Front matter: the rules of hooks/front_matter.py and front-matter.schema.json,
called as functions on made-up front matter (one build proves the hook
applies them: test_bad_input.py)."""

import time

import front_matter
import pytest

from support import ROOT

ICONS = next((ROOT / ".venv" / "lib").glob("python3*/site-packages/material/templates/.icons"), None)
GOOD = "---\ntitle: The takeaway\ndescription: One small act of leadership a week, and how to begin it.\n"


def source(*lines: str) -> str:
    return GOOD + "".join(line + "\n" for line in lines) + "---\n\n# The takeaway\n"


def with_key(key: str, value: str) -> str:
    kept = [line for line in GOOD.splitlines()[1:] if not line.startswith(f"{key}:")]
    return "---\n" + "\n".join(kept) + f"\n{key}: {value}\n---\n\n# Page\n"


CASES = [
    # (what, the page's source, words the messages must hold)
    ("no front matter at all", "# The takeaway\n\nText.\n", ["no YAML front matter", "title", "description"]),
    ("invalid YAML", "---\ntitle: [unclosed\ndescription: x\n---\n", ["not valid YAML"]),
    ("no description", "---\ntitle: Takeaway\n---\n", ["'description' is a required property"]),
    ("a misspelt key", source("descripton: typo"), ["'descripton' was unexpected", "allowed keys"]),
    ("a title that is a number", with_key("title", "42"), ["key title", "not of type 'string'"]),
    ("a title that is a list", with_key("title", "[a, b]"), ["key title", "not of type"]),
    ("a title on two lines", with_key("title", '"The\\ntakeaway"'), ["key title", "does not match"]),
    ("a title of 81 characters", with_key("title", "T" * 81), ["key title", "too long"]),
    ("a description of 201 characters", with_key("description", "d" * 201), ["key description", "too long"]),
    ("a description of 19 characters", with_key("description", "d" * 19), ["key description", "too short"]),
    ("a title with a bidirectional control", with_key("title", '"Take\\u202eaway"'), ["key title", "does not match"]),
    ("tags that are not a list", source("tags: leadership"), ["key tags"]),
    ("a tag twice", source("tags: [mentoring, mentoring]"), ["key tags", "non-unique"]),
    (
        "anchor aliases as a list",
        source("anchor_aliases: [mentor, changes]"),
        ["key anchor_aliases", "not of type 'object'"],
    ),
    ("an anchor alias that leaves s/", source('anchor_aliases: {"../faq": mentor}'), ["'../faq' does not match"]),
    (
        "an anchor alias that injects an attribute",
        source("""anchor_aliases: {'x" onfocus="alert(1)': mentor}"""),
        ["key anchor_aliases", "onfocus"],
    ),
    (
        "an anchor alias with spaces",
        source('anchor_aliases: {"A Final Word": mentor}'),
        ["'A Final Word' does not match"],
    ),
    (
        "an anchor alias to an id that is not short",
        source('anchor_aliases: {old-credits: "Sources and credits"}'),
        ["key anchor_aliases.old-credits"],
    ),
    ("a layout that is not a page's", source("template: short-link.html"), ["key template", "main.html"]),
    ("a layout outside the theme", source("template: ../../etc/passwd"), ["key template"]),
    ("a search boost out of range", source("search: {boost: 11}"), ["key search.boost"]),
    ("a YAML alias", source("x: &a [1, 2]", "tags: *a"), ["aliases"]),
    ("front matter too large to be a page's", source("summary: " + "w" * 9000), ["bytes; at most"]),
]


@pytest.mark.parametrize("what, text, said", CASES, ids=[case[0] for case in CASES])
def test_a_rule_broken_is_named(what, text, said):
    found = front_matter.check(text, ICONS)
    assert found, f"{what}: accepted"
    message = "\n".join(found)
    for words in said:
        assert words in message, f"{what}: {words!r} not in {message!r}"


def test_the_pages_own_front_matter_passes():
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert front_matter.check(page.read_text(encoding="utf-8"), ICONS) == [], page.name


@pytest.mark.skipif(ICONS is None, reason="Material is not installed in .venv")
def test_an_icon_must_be_one_of_the_themes():
    assert front_matter.check(source("icon: material/compass-outline"), ICONS) == []
    assert "not one of the theme's icons" in front_matter.check(source("icon: material/no-such-icon"), ICONS)[0]


def test_an_alias_bomb_is_refused_at_once_and_a_huge_value_is_quoted_short():
    bomb = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    start = time.monotonic()
    found = front_matter.check(source(*bomb))
    assert time.monotonic() - start < 2 and "aliases" in found[0]
    # A value of megabytes (here, front matter under the size limit quoting a long key) is cut.
    long_key = "k" * 5000
    found = front_matter.check(source(f"{long_key}: 1"))
    assert found and all(len(line) < 1200 for line in found), [len(line) for line in found]
