"""Link targets, checked as a whole (hooks/handbook/link_targets.py), called as
functions on made-up pages: a contributor's mistake in an id or an old id
(anchor_aliases) is refused, naming the file, whatever the page order, and
nothing is published that would break or take over a link. One build proves
the pipeline applies it (test_bad_input.py)."""

from types import SimpleNamespace

import markdown
import pytest

from handbook import link_targets, markup

THREE_HATS = '<h1 id="the-three-hats">The three hats</h1><h2 id="mentor">The Mentor</h2><p>Teaches.</p>'
CREDITS = '<h1 id="sources">Sources</h1><h2 id="changes">Changes</h2><p>What changed.</p>'
SKILLS = '<h1 id="skills">Skills</h1><h2 id="empathy">Empathy</h2><p>Listening.</p><h2 id="final-word">A final word</h2><p>x</p>'


def page(src: str, html: str, **meta):
    return SimpleNamespace(
        file=SimpleNamespace(src_uri=src),
        url=src.removesuffix(".md") + "/",
        meta=meta,
        title=src.removesuffix(".md").title(),
        html=html,
    )


def collect(*pages):
    trees = {id(p): markup.fragment(p.html) for p in pages}
    return link_targets.collect(list(pages), lambda p: trees[id(p)]), trees


CASES = [
    # (what, the pages, the file and the words the refusal must name)
    (
        "an old id that takes over another page's section",
        [page("three-hats.md", THREE_HATS), page("credits.md", CREDITS, anchor_aliases={"mentor": "changes"})],
        "credits.md",
        "#mentor",
    ),
    (
        "the same, with the pages the other way round",
        [page("credits.md", CREDITS, anchor_aliases={"mentor": "changes"}), page("three-hats.md", THREE_HATS)],
        "credits.md",
        "#mentor",
    ),
    (
        "an old id that would write outside s/",
        [page("credits.md", CREDITS, anchor_aliases={"../faq": "changes"})],
        "credits.md",
        "../faq",
    ),
    (
        "an old id with a quote that would inject an attribute",
        [page("credits.md", CREDITS, anchor_aliases={'x" onfocus="alert(1)': "changes"})],
        "credits.md",
        "anchor_aliases",
    ),
    (
        "an old id with spaces",
        [page("credits.md", CREDITS, anchor_aliases={"A Final Word": "changes"})],
        "credits.md",
        "A Final Word",
    ),
    (
        "anchor_aliases as a list",
        [page("credits.md", CREDITS, anchor_aliases=["mentor", "changes"])],
        "credits.md",
        "anchor_aliases",
    ),
    (
        "an old id for a section of another page",
        [page("three-hats.md", THREE_HATS), page("credits.md", CREDITS, anchor_aliases={"old-mentor": "mentor"})],
        "credits.md",
        "#mentor",
    ),
    (
        "an old id that is already a section of its page",
        [page("credits.md", CREDITS + '<h2 id="sources-list">x</h2>', anchor_aliases={"sources-list": "changes"})],
        "credits.md",
        "#sources-list",
    ),
    (
        "a heading of another level reusing another page's id",
        [page("skills.md", SKILLS), page("faq.md", '<h1 id="faq">FAQ</h1><h4 id="final-word">Once more</h4>')],
        "faq.md",
        "#final-word",
    ),
    (
        "an element reusing another page's link target",
        [page("skills.md", SKILLS), page("faq.md", '<h1 id="faq">FAQ</h1><p id="empathy">x</p>')],
        "faq.md",
        "#empathy",
    ),
    (
        "the same id twice on a page",
        [page("skills.md", SKILLS + '<h2 id="empathy">Empathy again</h2>')],
        "skills.md",
        "#empathy",
    ),
    ("an id that is not a short id", [page("skills.md", SKILLS + '<h2 id="Odd_Id">Odd</h2>')], "skills.md", "Odd_Id"),
]


@pytest.mark.parametrize("what, pages, named, said", CASES, ids=[case[0] for case in CASES])
def test_a_broken_link_target_is_refused_naming_the_file(what, pages, named, said):
    with pytest.raises(link_targets.TargetError) as refused:
        collect(*pages)
    message = str(refused.value)
    assert message.startswith(f"{named}:") and said in message, f"{what}: {message}"


def test_good_pages_give_every_target_and_place_old_ids_before_theirs():
    three_hats = page("three-hats.md", THREE_HATS, anchor_aliases={"the-mentor-hat": "mentor"})
    site, trees = collect(three_hats, page("skills.md", SKILLS))
    assert set(site.targets) == {"mentor", "the-mentor-hat", "empathy", "final-word"}
    alias = site.targets["the-mentor-hat"]
    assert (alias.kind, alias.alias_of, alias.title, alias.short_path) == (
        "alias",
        "mentor",
        "The Mentor",
        "s/the-mentor-hat/",
    )
    span = trees[id(three_hats)].find(id="the-mentor-hat")
    assert span.name == "span" and span.find_next(id=True)["id"] == "mentor"
    assert site.targets["empathy"].label == "Empathy · Skills"
    assert site.targets["empathy"].description == "Listening."


def test_a_heading_without_an_explicit_id_is_listed():
    ids = link_targets.ExplicitIds()
    markdown.markdown("# Title\n\n## With { #with }\n\n## A section with no id\n", extensions=["attr_list", "toc", ids])
    assert ids.missing == ["A section with no id"]


def test_kinds_and_descriptions_of_questions_and_rows():
    html = (
        '<h1 id="faq">FAQ</h1><details class="question"><summary><h2 id="q">Why?</h2></summary>'
        "<p>Because of this.</p></details>"
        "<table><thead><tr><th>Attribute</th><th>Manager</th><th>Leader</th></tr></thead>"
        '<tbody><tr><td><strong id="focus">Focus</strong></td><td>The how</td><td>The what</td></tr></tbody></table>'
    )
    site, _ = collect(page("faq.md", html))
    assert (site.targets["q"].kind, site.targets["q"].description) == ("question", "Because of this.")
    assert (site.targets["focus"].kind, site.targets["focus"].description) == (
        "row",
        "Manager: The how; Leader: The what",
    )
