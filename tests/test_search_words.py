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


@pytest.mark.parametrize(
    "line, said",
    [
        ("postmortem >\n", "two or more phrases"),  # nothing it is about
        ("> incident\n", "two or more phrases"),  # no name
        ("postmortem > incident > outage\n", "two or more phrases"),  # one `>` a line
        ("postmortem, incident review > , incident\n", "two or more phrases"),
        ("postmortem > !!!\n", "has no word in it"),
        ("outage > incident\n", "already in the group"),  # a name of line 1
    ],
)
def test_a_bad_about_part_is_refused_naming_it(tmp_path, line, said):
    path = tmp_path / "synonyms.txt"
    path.write_text("incident, outage, downtime\n" + line, encoding="utf-8")
    with pytest.raises(Exception) as refused:
        search_index.read_synonyms(path)
    assert f"{path}:2:" in str(refused.value) and said in str(refused.value), str(refused.value)


@pytest.mark.parametrize(
    "line, names, about",
    [
        ("postmortem, incident review > incident", ["postmortem", "incident review"], ["incident"]),
        ("mentee > mentor, mentoring", ["mentee"], ["mentor", "mentoring"]),
        ("pairing, mob programming", ["pairing", "mob programming"], []),
        ("postmortem > outage  # a name elsewhere may be what a group is about", ["postmortem"], ["outage"]),
    ],
)
def test_a_group_names_what_it_is_about_after_a_sign(tmp_path, line, names, about):
    """After `>`, the handbook's own phrases the names lead to (one way: they are no names)."""
    path = tmp_path / "synonyms.txt"
    path.write_text("incident, outage, downtime\n" + line + "\n", encoding="utf-8")
    group = search_index.read_synonyms(path)[1]
    assert (group["names"], group["about"]) == (names, about)


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


@pytest.mark.parametrize(
    "vocabulary, headings, word, leads_to",
    [
        (["diplomacy"], {"diplomacy"}, "negotiation", "diplomacy"),  # a kind of negotiation
        (["diplomacy"], {"diplomacy"}, "tact", "diplomacy"),  # a synonym of a frequent sense
        (["diplomacy", "negotiation"], {"diplomacy"}, "negotiation", None),  # a site word: itself
        (["diplomacy"], set(), "negotiation", None),  # the family is in no heading
        (["mentor"], {"mentor"}, "teach", "mentor"),
    ],
)
def test_words_close_in_meaning_lead_only_to_a_heading_and_never_from_a_site_word(
    wordnet, vocabulary, headings, word, leads_to
):
    """lexicon.fit()'s "meaning" (pagefind/meaning/<two letters>.json): only a word the
    site never uses gets one, so it can add a weaker alternative but never take a
    site word's place; and it leads only to a family that a heading holds."""
    from handbook import lexicon

    meaning = lexicon.fit(wordnet, vocabulary, set(), headings).get(word[0], {}).get("meaning", {})
    assert meaning.get(word) == leads_to, meaning
