"""Link targets are checked as a whole: a contributor's mistake in an id or an
old id (anchor_aliases) fails the build, naming the file, whatever the page
order, and nothing is published that would break or take over a link.

Each case copies the project and breaks it one way (see test_bad_input.py).
"""

import shutil

import pytest

from conftest import ROOT, build

PARTS = ["mkdocs.yml", "docs", "includes", "overrides"]


@pytest.fixture
def project(tmp_path):
    for part in PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / part)
    return tmp_path


def front_matter(path, lines):
    """Add lines to a page's front matter."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("---\n", 2)[1:]
    path.write_text(f"---\n{head}{lines}\n---\n{rest}", encoding="utf-8")


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("name, break_it, named, said", [
    ("an old id that takes over another page's section",
     lambda p: front_matter(p / "docs/credits.md", "anchor_aliases:\n  mentor: changes"),
     "credits.md", "#mentor"),
    ("an old id that would write outside s/",
     lambda p: front_matter(p / "docs/credits.md", "anchor_aliases:\n  ../faq: changes"),
     "credits.md", "../faq"),
    ("an old id with a quote that would inject an attribute",
     lambda p: front_matter(p / "docs/credits.md", "anchor_aliases:\n  'x\" onfocus=\"alert(1)': changes"),
     "credits.md", "anchor_aliases"),
    ("an old id with spaces",
     lambda p: front_matter(p / "docs/credits.md", "anchor_aliases:\n  A Final Word: changes"),
     "credits.md", "A Final Word"),
    ("anchor_aliases as a list",
     lambda p: front_matter(p / "docs/credits.md", "anchor_aliases:\n  - mentor\n  - changes"),
     "credits.md", "anchor_aliases"),
    ("an old id for a section of another page",
     lambda p: front_matter(p / "docs/credits.md", "anchor_aliases:\n  old-mentor: mentor"),
     "credits.md", "#mentor"),
    ("a heading of another level reusing another page's id",
     lambda p: append(p / "docs/skills.md", "\n#### Once more { #final-word }\n\nText.\n"),
     "skills.md", "#final-word"),
    ("the same id twice on a page",
     lambda p: append(p / "docs/skills.md", "\n## Empathy again { #empathy }\n\nText.\n"),
     "skills.md", "#empathy"),
    ("a heading without an explicit id",
     lambda p: append(p / "docs/skills.md", "\n## A section with no id\n\nText.\n"),
     "skills.md", "A section with no id"),
    ("an id that is not a short id",
     lambda p: append(p / "docs/skills.md", "\n## Odd { #Odd_Id }\n\nText.\n"),
     "skills.md", "Odd_Id"),
])
def test_a_broken_link_target_fails_and_names_the_file(project, tmp_path_factory, name, break_it, named, said):
    break_it(project)
    out = tmp_path_factory.mktemp("out")
    done = build(project, out)
    log = done.stdout + done.stderr
    assert done.returncode != 0, f"{name}: the build passed\n{log}"
    assert named in log and said in log, f"{name}: the error does not name {named} and {said}\n{log}"
    assert "Traceback" not in log, f"{name}: a traceback instead of a message\n{log}"
