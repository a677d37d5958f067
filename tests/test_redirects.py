"""Redirects (hooks/redirect_maps.py), called as a function: each leads from a
page that is gone to a page of this site. One build proves the hook applies
it (test_bad_input.py); the published redirects are checked in test_links.py."""

import pytest
import redirect_maps

PAGES = {"index.md", "three-hats.md", "skills.md"}


@pytest.mark.parametrize(
    "mapping, said",
    [
        ({"hats.md": "no-such-page.md"}, "does not exist"),
        ({"skills.md": "three-hats.md"}, "docs/skills.md still exists"),
        ({"../outside.md": "three-hats.md"}, "inside docs/"),
        ({"/abs.md": "three-hats.md"}, "inside docs/"),
        ({"old.html": "three-hats.md"}, "inside docs/"),
        ({"hats.md": "https://example.org/"}, "never to another address"),
        ({"hats.md": "//example.org/x.md"}, "never to another address"),
        ({"hats.md": "javascript:alert(1)"}, "never to another address"),
        ({"hats.md": 'three-hats.md"><script>'}, "may not contain quotes"),
    ],
)
def test_a_bad_redirect_is_refused_naming_it(mapping, said):
    found = redirect_maps.problems(mapping, PAGES)
    assert len(found) == 1 and said in found[0] and found[0].startswith(f"'{next(iter(mapping))}:"), found


def test_good_redirects_pass():
    assert redirect_maps.problems({"hats.md": "three-hats.md", "old/skills.md": "skills.md#empathy"}, PAGES) == []
