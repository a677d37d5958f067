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
