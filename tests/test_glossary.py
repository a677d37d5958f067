"""The glossary (hooks/handbook/glossary.py), called as functions: a term is
defined once, and Markdown finds it however the text writes it. The built
pages' terms and tooltips are checked in test_content.py and, with a
keyboard and a phone, in test_reader_controls.py."""

import markdown

from handbook import glossary, markup
from support import ROOT

GLOSSARY = "*[one-on-one]: A private conversation.\n*[individual contributor]: An engineer who leads no team.\n"


def terms(text: str) -> list[tuple[str, str]]:
    """(the words marked, their definition) for each term Markdown marks in text."""
    html = markdown.markdown(text + "\n\n" + GLOSSARY, extensions=["abbr", glossary.Terms()])
    return [(abbr.get_text(), abbr["title"]) for abbr in markup.fragment(html).find_all("abbr")]


def test_a_term_defined_twice_is_found():
    assert glossary.duplicates("*[flywheel]: One.\n*[flywheel]: Another.\n*[moat]: x\n") == ["flywheel"]
    assert glossary.duplicates(GLOSSARY) == []
    assert glossary.duplicates((ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")) == []


def test_a_term_is_found_as_written_in_the_plural_and_across_a_line_break():
    found = terms("Weekly one-on-ones help. A one-on-one too.\nEvery individual\ncontributor counts.")
    assert found == [
        ("one-on-ones", "A private conversation."),
        ("one-on-one", "A private conversation."),
        ("individual\ncontributor", "An engineer who leads no team."),
    ]


def test_a_term_is_found_capitalised_at_the_start_of_a_sentence():
    assert terms("One-on-ones matter. Individual contributors too.") == [
        ("One-on-ones", "A private conversation."),
        ("Individual contributors", "An engineer who leads no team."),
    ]
    # A term the glossary writes in capitals is found only so.
    assert glossary.written("CI/CD") == ["CI/CD"]


def test_a_longer_word_that_starts_with_a_term_is_not_the_term():
    assert terms("A one-on-oneness is no term, nor is individual contributorship.") == []
