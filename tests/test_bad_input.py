"""Bad input fails the strict build loudly, naming the file at fault.

Each case copies the project into a temporary folder and breaks it one way;
the real docs/ is never touched.
"""

import shutil

import pytest

from conftest import ROOT, build

PARTS = ["mkdocs.yml", "docs", "includes", "overrides", "search"]


@pytest.fixture
def project(tmp_path):
    for part in PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / part)
    return tmp_path


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def broken_build(project, tmp_path_factory):
    done = build(project, tmp_path_factory.mktemp("out"))
    return done.returncode, done.stdout + done.stderr


def test_the_untouched_copy_builds(project, tmp_path_factory):
    code, log = broken_build(project, tmp_path_factory)
    assert code == 0, log


@pytest.mark.parametrize("name, break_it, named", [
    ("link to a missing page",
     lambda p: append(p / "docs/skills.md", "\n[gone](no-such-page.md)\n"), "skills.md"),
    ("link to a missing anchor",
     lambda p: append(p / "docs/faq.md", "\n[gone](three-hats.md#no-such-hat)\n"), "faq.md"),
    ("invalid YAML front matter",
     lambda p: (p / "docs/takeaway.md").write_text(
         "---\ntitle: [unclosed\ndescription: x\n---\n\n# Takeaway\n", encoding="utf-8"), "takeaway.md"),
    ("front matter without a description",
     lambda p: (p / "docs/takeaway.md").write_text("---\ntitle: Takeaway\n---\n\n# Takeaway\n", encoding="utf-8"),
     "takeaway.md"),
    ("a misspelt front matter key",
     lambda p: (p / "docs/takeaway.md").write_text(
         "---\ntitle: Takeaway\ndescription: The end.\ndescripton: typo\n---\n\n# Takeaway\n", encoding="utf-8"),
     "takeaway.md"),
    ("a page left out of the nav",
     lambda p: (p / "docs/orphan.md").write_text("---\ntitle: Orphan\ndescription: Nobody links here.\n---\n\n# Orphan\n",
                                                 encoding="utf-8"), "orphan.md"),
    ("a nav entry whose page is missing",
     lambda p: (p / "docs/credits.md").unlink(), "credits.md"),
    ("a missing snippet include",
     lambda p: append(p / "docs/skills.md", '\n--8<-- "includes/no-such-file.md"\n'), "skills.md"),
])
def test_broken_input_fails_and_names_the_file(project, tmp_path_factory, name, break_it, named):
    break_it(project)
    code, log = broken_build(project, tmp_path_factory)
    assert code != 0, f"{name}: the build passed\n{log}"
    assert named in log, f"{name}: the error does not name {named}\n{log}"
