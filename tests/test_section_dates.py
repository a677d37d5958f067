"""Section dates and the changes feed, on a git repository with scripted commits.

The project is copied into a temporary repository and committed on fixed
days: everything, then one edit to one section, one to one comparison row,
and a deleted paragraph; one more edit is left uncommitted. The copy is
built once (and a second time to show that the feed does not change), and
once more without .git, as a build outside git.
"""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build, copy_project

from handbook import link_targets, section_dates

# The scratch repository and its builds belong to one process.
pytestmark = pytest.mark.xdist_group("section-dates")
URL = "https://handbook.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"

IMPORT = ("2024-01-10T09:00:00+00:00", "Import the handbook")
SECTION = ("2024-03-05T10:30:00+00:00", "Outage section: say who calls whom first")
ROW = ("2024-04-22T08:15:00+00:00", "Comparison: the manager's focus, reworded")
DELETION = ("2024-06-30T16:45:00+00:00", "Mentor: drop the opening paragraph")


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(repo: Path, change: tuple[str, str]) -> None:
    when, summary = change
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", summary, "-m", "Body text that is not the summary line.", when=when)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def line_with_id(lines: list[str], target_id: str) -> int:
    return next(i for i, line in enumerate(lines) if f"#{target_id} " in line or f"#{target_id}}}" in line)


def first_prose(lines: list[str], start: int) -> int:
    """The first line of the first plain paragraph after line `start`."""
    for i in range(start + 1, len(lines)):
        text = lines[i]
        if text.strip() and text[0].isalpha():
            return i
    raise AssertionError("no paragraph found")


def edit_section(path: Path, target_id: str) -> None:
    lines = lines_of(path)
    at = first_prose(lines, line_with_id(lines, target_id))
    lines[at] = lines[at].rstrip() + " Indeed."
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_row(path: Path, target_id: str) -> None:
    lines = lines_of(path)
    at = line_with_id(lines, target_id)
    cells = lines[at].split("|")
    cells[2] = " Mostly:" + cells[2]
    lines[at] = "|".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def delete_paragraph(path: Path, target_id: str) -> None:
    lines = lines_of(path)
    start = first_prose(lines, line_with_id(lines, target_id))
    end = start
    while lines[end].strip():
        end += 1
    del lines[start : end + 1]  # the paragraph and the blank line after it
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = copy_project(tmp_path_factory.mktemp("repo"))
    git(repo, "init", "-q", "-b", "main")
    commit(repo, IMPORT)
    edit_section(repo / "docs/manager-vs-leader.md", "outage")
    commit(repo, SECTION)
    edit_row(repo / "docs/manager-vs-leader.md", "core-focus")
    commit(repo, ROW)
    delete_paragraph(repo / "docs/three-hats.md", "mentor")
    commit(repo, DELETION)
    edit_section(repo / "docs/faq.md", "introvert")  # never committed
    return repo


def built(repo: Path, out: Path) -> Path:
    done = build(repo, out, site_url=URL)
    assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"
    assert "WARNING" not in done.stderr, done.stderr
    return out


@pytest.fixture(scope="module")
def dated(repo, tmp_path_factory) -> Path:
    return built(repo, tmp_path_factory.mktemp("dated"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def control_dates(site_dir: Path) -> dict[str, set[str | None]]:
    """The days on every copy control, by target id (the "Link to a section" list repeats them)."""
    found: dict[str, set[str | None]] = {}
    for path in site_dir.rglob("index.html"):
        for button in soup(path).select("article button.hb-link"):
            found.setdefault(button["data-hb-link"], set()).add(button.get("data-hb-changed"))
    return found


def day(change) -> str:
    return change[0][:10]


# ---------------------------------------------------------------------------
# Atom, checked against RFC 4287's required elements
# ---------------------------------------------------------------------------


def atom_problems(data: bytes) -> list[str]:
    """What an Atom feed lacks that RFC 4287 requires, plus newest-first order."""
    root = ET.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return [f"the root is {root.tag}, not atom:feed"]
    problems = []
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"the feed needs exactly one atom:{name}")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and not all(e.findall(f"{ATOM}author") for e in entries):
        problems.append("no atom:author for the feed or for every entry")
    if not any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link")):
        problems.append("no rel=self link")
    stamps = []
    for number, entry in enumerate(entries, 1):
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1 or not (entry.findtext(f"{ATOM}{name}") or "").strip():
                problems.append(f"entry {number} needs exactly one atom:{name}")
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if not entry.findall(f"{ATOM}content") and not any(link.get("href") for link in alternate):
            problems.append(f"entry {number} has neither atom:content nor an alternate link")
        try:
            stamps.append(datetime.fromisoformat(entry.findtext(f"{ATOM}updated")))
        except (TypeError, ValueError):
            problems.append(f"entry {number}: atom:updated is not a date")
    try:
        datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    except (TypeError, ValueError):
        problems.append("the feed's atom:updated is not a date")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    if len(set(ids)) != len(ids):
        problems.append("two entries share an id")
    if stamps != sorted(stamps, reverse=True):
        problems.append("entries are not newest first")
    return problems


def entries(data: bytes) -> list[dict[str, str]]:
    return [
        {
            "id": e.findtext(f"{ATOM}id"),
            "title": e.findtext(f"{ATOM}title"),
            "updated": e.findtext(f"{ATOM}updated"),
            "summary": e.findtext(f"{ATOM}summary"),
            "link": e.find(f"{ATOM}link").get("href"),
        }
        for e in ET.fromstring(data).findall(f"{ATOM}entry")
    ]


def test_the_feed_check_finds_what_rfc_4287_requires():
    good = (
        f'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title>'
        f"<updated>2024-01-01T00:00:00+00:00</updated><author><name>a</name></author>"
        f'<link rel="self" href="{URL}changes.xml"/>'
        f"<entry><id>urn:1</id><title>e</title><updated>2024-01-01T00:00:00+00:00</updated>"
        f'<link href="{URL}s/x/"/></entry></feed>'
    ).encode()
    assert atom_problems(good) == []
    assert atom_problems(good.replace(b"<id>urn:1</id>", b"")) == ["entry 1 needs exactly one atom:id"]
    assert atom_problems(good.replace(b'<link href="', b'<link rel="related" href="'))
    assert atom_problems(good.replace(b"<author><name>a</name></author>", b""))
    twice = good.replace(
        b"</feed>",
        b"<entry><id>urn:2</id><title>f</title>"
        b"<updated>2025-01-01T00:00:00+00:00</updated><link href='x'/></entry></feed>",
    )
    assert atom_problems(twice) == ["entries are not newest first"]


# ---------------------------------------------------------------------------
# A repository with scripted commits
# ---------------------------------------------------------------------------


def test_an_edit_moves_only_the_dates_of_the_sections_it_touched(dated):
    dates = control_dates(dated)
    assert all(len(days) == 1 for days in dates.values()), {k: v for k, v in dates.items() if len(v) > 1}
    dates = {target_id: days.pop() for target_id, days in dates.items()}
    moved = {
        "outage": day(SECTION),
        "core-focus": day(ROW),
        "comparison": day(ROW),  # the section that holds the row
        "mentor": day(DELETION),  # a deleted paragraph counts
    }
    for target_id, expected in moved.items():
        assert dates[target_id] == expected, (target_id, dates[target_id])
    # The uncommitted edit moved nothing; topic headings are generated, not written.
    rest = {
        target_id: d for target_id, d in dates.items() if target_id not in moved and not target_id.startswith("topic-")
    }
    assert "introvert" in rest and len(rest) > 40
    assert set(rest.values()) == {day(IMPORT)}, {k: v for k, v in rest.items() if v != day(IMPORT)}


def test_the_feed_validates_and_lists_the_changes_newest_first(dated):
    data = (dated / "changes.xml").read_bytes()
    assert atom_problems(data) == []
    listed = entries(data)
    assert [(e["link"], e["summary"], e["updated"]) for e in listed[:4]] == [
        (f"{URL}s/mentor/", DELETION[1], DELETION[0]),
        (f"{URL}s/comparison/", ROW[1], ROW[0]),
        (f"{URL}s/core-focus/", ROW[1], ROW[0]),
        (f"{URL}s/outage/", SECTION[1], SECTION[0]),
    ]
    # Then the import, listed whole or not at all: a commit is never split.
    imported = [e for e in listed[4:] if e["summary"] == IMPORT[1]]
    dated_sections = [i for i in control_dates(dated) if not i.startswith("topic-")]
    assert imported == listed[4:] and len(imported) in (0, len(dated_sections))
    assert listed[0]["title"] == "The Mentor · The three hats"
    assert listed[3]["title"] == "When the service goes down · Manager vs leader"
    feed = ET.fromstring(data)
    assert feed.findtext(f"{ATOM}updated") == DELETION[0]
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")} == {
        "self": f"{URL}changes.xml",
        "alternate": f"{URL}what-changed/",
    }


def test_every_page_links_the_feed(dated):
    for path in dated.rglob("index.html"):
        page = soup(path)
        if not page.select_one("article.md-content__inner"):
            continue  # short links and redirect stubs
        link = page.find("link", rel="alternate", type="application/atom+xml")
        assert link, path
        assert (path.parent / link["href"]).resolve() == (dated / "changes.xml").resolve(), (path, link["href"])


def test_what_changed_lists_the_same_changes_newest_first(dated):
    page = soup(dated / "what-changed" / "index.html")
    groups = page.select(".hb-changes tbody")[:3]
    listed = [
        (
            group.select_one("th[scope=rowgroup]").get_text(" ", strip=True),
            group.select_one("time")["datetime"],
            [a["href"] for a in group.select("td a")],
        )
        for group in groups
    ]
    assert listed == [
        (f"30 Jun 2024 · {DELETION[1]}", day(DELETION), ["../three-hats/#mentor"]),
        (f"22 Apr 2024 · {ROW[1]}", day(ROW), ["../manager-vs-leader/#comparison", "../manager-vs-leader/#core-focus"]),
        (f"5 Mar 2024 · {SECTION[1]}", day(SECTION), ["../manager-vs-leader/#outage"]),
    ]
    # The same entries as the feed, in the same order.
    rows = [a["href"].rsplit("#", 1)[1] for a in page.select(".hb-changes td a")]
    assert rows == [e["link"].rstrip("/").rsplit("/", 1)[1] for e in entries((dated / "changes.xml").read_bytes())]
    feed_link = page.select_one(".hb-changes a[type='application/atom+xml']")
    assert feed_link["href"] == "../changes.xml"


def test_a_short_link_preview_gives_the_day_its_section_changed(dated):
    short = soup(dated / "s" / "outage" / "index.html")
    assert short.find("meta", property="article:modified_time")["content"] == SECTION[0]
    assert short.find("meta", property="og:description")["content"].endswith("Changed 5 Mar 2024.")
    assert short.find("time")["datetime"] == day(SECTION)


def test_builds_of_one_commit_publish_the_same_feed(repo, dated, tmp_path_factory):
    again = built(repo, tmp_path_factory.mktemp("again"))
    assert (again / "changes.xml").read_bytes() == (dated / "changes.xml").read_bytes()
    assert control_dates(again) == control_dates(dated)


def test_a_build_outside_git_has_no_dates_and_an_empty_feed(outside_git):
    out = outside_git
    days = control_dates(out)
    assert len(days) > 40 and all(found == {None} for found in days.values())
    data = (out / "changes.xml").read_bytes()
    assert atom_problems(data) == [] and entries(data) == []
    page = soup(out / "what-changed" / "index.html")
    assert "outside a git checkout" in page.select_one(".hb-changes").get_text()
    assert not page.select(".hb-changes table")


# ---------------------------------------------------------------------------
# The history reader on its own: renamed pages and shallow clones
# ---------------------------------------------------------------------------


def test_a_renamed_page_keeps_its_history(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    (docs / "old.md").write_text("# Page\n\n## Part { #part }\n\nWords.\n\n## Other { #other }\n\nMore.\n")
    commit(tmp_path, IMPORT)
    git(tmp_path, "mv", "docs/old.md", "docs/new.md")
    commit(tmp_path, SECTION)
    page = docs / "new.md"
    page.write_text(page.read_text().replace("More.", "More words."))
    commit(tmp_path, ROW)
    history = section_dates.read_history(docs, [page])
    site = link_targets.Site()
    site.pages["new/"] = [link_targets.Target(i, i.title(), "heading", "new/", "new.md") for i in ("part", "other")]
    dates = section_dates.Dates()
    dates.fill(site, {"new/": page}, history)
    # The move changed no line, so only the import dates "part".
    assert [c.summary for c in dates.changes["part"]] == [IMPORT[1]]
    assert [c.summary for c in dates.changes["other"]] == [ROW[1], IMPORT[1]]
    assert dates.last(site.pages["new/"][1]).day == day(ROW)


def test_a_shallow_clone_dates_nothing_older_than_its_history(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    history = section_dates.read_history(clone / "docs", sorted((clone / "docs").glob("*.md")))
    assert history == {}  # its one commit has no known parent: every line's age is unknown
    full = section_dates.read_history(repo / "docs", sorted((repo / "docs").glob("*.md")))
    assert len(full[(repo / "docs" / "three-hats.md").resolve()]) == 2


def test_a_section_is_found_by_its_old_id_in_older_versions():
    older = "# Page\n\n## Part { #old-part }\n\nWords.\n\n### Sub { #sub }\n\nMore.\n\n## Next { #next }\n"
    found = section_dates.texts(older, {"part": "heading", "next": "heading"}, {"part": ["old-part"]})
    assert found["part"] == ("## Part { #old-part }", "", "Words.", "", "### Sub { #sub }", "", "More.")
    assert found["next"] == ("## Next { #next }",)
