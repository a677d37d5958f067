"""The search's word lists (includes/search/), read by hooks/handbook/search_index.py:
a bad line is refused naming the file and the line, called as functions on
made-up files. One build proves a bad list fails the build (test_bad_input.py)."""

import pytest

from handbook import search_index
from support import ROOT

WORDS = ROOT / "includes" / "search"


@pytest.mark.parametrize(
    "line, said",
    [
        ("firefighting\n", "two or more phrases"),
        ("outage, incident\n", "already in the group"),
        ("tech lead, , team lead\n", "two or more phrases"),
        ("---, !!!\n", "has no word in it"),
    ],
)
def test_a_bad_synonym_line_is_refused_naming_it(tmp_path, line, said):
    path = tmp_path / "synonyms.txt"
    good = "incident, outage, downtime\n"
    path.write_text(good + line, encoding="utf-8")
    with pytest.raises(Exception) as refused:
        search_index.read_synonyms(path)
    assert f"{path}:2:" in str(refused.value) and said in str(refused.value), str(refused.value)


@pytest.mark.parametrize("line", ["two words\n", "!!!\n"])
def test_a_bad_stop_word_line_is_refused_naming_it(tmp_path, line):
    path = tmp_path / "stop-words.txt"
    path.write_text("the\n" + line, encoding="utf-8")
    with pytest.raises(Exception) as refused:
        search_index.read_stop_words(path)
    assert f"{path}:2:" in str(refused.value)


def test_the_real_lists_read():
    assert search_index.read_synonyms(WORDS / "synonyms.txt")
    assert "the" in search_index.read_stop_words(WORDS / "stop-words.txt")


@pytest.fixture(scope="module")
def wordnet():
    from handbook import lexicon

    return lexicon.WordNet(lexicon.folder(ROOT), lexicon.exceptions_folder(ROOT))


@pytest.mark.parametrize(
    "vocabulary, query, exact, family",
    [
        (["leadership", "leads"], "led", {"leads"}, {"leadership"}),  # an irregular form (verb.exc)
        (["architecture"], "architect", set(), {"architecture"}),  # a suffix WordNet does not link
        (["fixes"], "fix", {"fixes"}, set()),  # a short word's own forms, no family needed
    ],
)
def test_word_families_reach_the_site_words(wordnet, vocabulary, query, exact, family):
    """lexicon.fit(): what a query word brings, as the engine reads words/<letter>.json."""
    from handbook import lexicon

    entry = lexicon.fit(wordnet, vocabulary, set())[query[0]]["words"][query]
    got_exact, got_family = (set(part.split()) for part in entry.split("|"))
    assert got_exact == exact and family <= got_family, entry


def test_a_suffix_joins_only_long_stems(wordnet):
    assert "architecture" in wordnet.affixed("architect")
    assert not wordnet.affixed("lead") and "leader" not in wordnet.affixed("lea")
