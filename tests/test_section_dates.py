"""Section dates, reader notes and the changes feed, on a git repository with scripted commits.

The project is copied into a scratch repository (made once per run and
shared by both test processes) and committed on fixed days of 2026:

- the import, without a note;
- a noted change to one comparison row (and one word of What changed's own
  prose, which What changed and the feed never list);
- an unnoted deletion of a paragraph: it dates its section, publishes nothing;
- a markup-only commit (an include's path, a heading's attribute, an old
  id, re-wrapped lines, trailing spaces), noted: it dates nothing, so it
  publishes nothing either;
- a noted one-word change to one section, on 3 September: it dates exactly
  that section, and the day reads "3 Sep 2026" everywhere.

One more edit is left uncommitted. The copy is built once (and a second
time to show that the feed does not change); the build outside git is the
suite's shared one. The history reader and the note rules are tested as
functions on small repositories.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import published
import pytest
from bs4 import BeautifulSoup
from conftest import build, copy_project, csp_violations, serve, strict_build_problem

from handbook import link_targets, reader_notes, section_dates, short_links, visible_text

URL = "https://handbook.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"

# (author date, subject, Reader-note or None)
IMPORT = ("2026-01-10T09:00:00+00:00", "Import the handbook", None)
ROW = (
    "2026-04-22T08:15:00+00:00",
    "Comparison: the manager's focus, reworded",
    "The comparison now says the technical manager's focus is mostly the how.",
)
DELETION = ("2026-06-30T16:45:00+00:00", "Mentor: drop the opening paragraph", None)
MARKUP = (
    "2026-07-15T11:00:00+00:00",
    "Markup only: diagram renamed, a heading class, an old id, re-wrapped lines",
    "Nothing readers read changed.",
)
SECTION = (
    "2026-09-03T10:30:00+00:00",
    "Outage section: one word",
    "The outage section now says an outage reveals the difference between the roles.",
)


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


def commit(repo: Path, change: tuple, *trailers: str) -> None:
    """Commit everything with the change's subject, a body, and its Reader-note as a git trailer."""
    when, summary, note = change
    git(repo, "add", "-A")
    lines = [f"{reader_notes.KEY}: {note}"] if note else []
    message = ["-m", summary, "-m", "Body text that is not the summary line."]
    if lines or trailers:
        message += ["-m", "\n".join([*lines, *trailers])]
    git(repo, "commit", "-q", *message, when=when)


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


def change_one_word(path: Path, target_id: str, old: str, new: str) -> None:
    lines = lines_of(path)
    at = first_prose(lines, line_with_id(lines, target_id))
    assert f" {old} " in lines[at], lines[at]
    lines[at] = lines[at].replace(f" {old} ", f" {new} ", 1)
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


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def markup_only(repo: Path) -> None:
    """Edits that change no word a reader reads."""
    docs = repo / "docs"
    # An include's path: the diagram moves to another file.
    (repo / "includes/diagrams/three-hats.html").rename(repo / "includes/diagrams/hats.html")
    replace(docs / "three-hats.md", '--8<-- "diagrams/three-hats.html"', '--8<-- "diagrams/hats.html"')
    # An attribute on a heading.
    replace(docs / "three-hats.md", "## The Architect { #architect }", "## The Architect { #architect .hb-plain }")
    # Re-wrapped lines, and spaces at line ends.
    lines = lines_of(docs / "three-hats.md")
    at = first_prose(lines, line_with_id(lines, "diplomat"))
    lines[at : at + 2] = [lines[at] + "   " + lines[at + 1] + "  "]
    (docs / "three-hats.md").write_text("\n".join(lines), encoding="utf-8")
    # An old id kept for a section, and a link's address behind its words.
    replace(docs / "manager-vs-leader.md", "anchor_aliases:\n", "anchor_aliases:\n  old-both: both\n")
    replace(docs / "faq.md", "[Diplomat](three-hats.md#diplomat)", "[Diplomat](three-hats.md)")


def make_repo(repo: Path) -> None:
    """The scratch repository: the project, committed as the module's docstring says."""
    copy_project(repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, IMPORT)
    edit_row(repo / "docs/manager-vs-leader.md", "core-focus")
    change_one_word(repo / "docs/what-changed.md", "follow-changes", "team", "group")
    commit(repo, ROW)
    delete_paragraph(repo / "docs/three-hats.md", "mentor")
    commit(repo, DELETION)
    markup_only(repo)
    commit(repo, MARKUP)
    change_one_word(repo / "docs/manager-vs-leader.md", "outage", "shows", "reveals")
    commit(repo, SECTION)
    edit_section(repo / "docs/faq.md", "introvert")  # never committed


# Made once per run and shared by both test processes (support.Shared), like the editions.
@pytest.fixture(scope="module")
def repo(shared) -> Path:
    return shared.get("dates-repo", make_repo)


@pytest.fixture(scope="module")
def dated(shared, repo) -> Path:
    return shared.get("dates-built", lambda out: strict_build_problem(build(repo, out, site_url=URL)))


def built(repo: Path, out: Path) -> Path:
    done = build(repo, out, site_url=URL)
    assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"
    assert "WARNING" not in done.stderr, done.stderr
    return out


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    """A built file, parsed once per process (tests read it, never change it)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def control_dates(site_dir: Path, attribute: str = "data-hb-changed") -> dict[str, set[str | None]]:
    """The days on every copy control, by target id (the "Link to a section" list repeats them)."""
    found: dict[str, set[str | None]] = {}
    for control in _controls(site_dir):
        found.setdefault(control["data-hb-link"], set()).add(control.get(attribute))
    return found


@functools.cache
def _controls(site_dir: Path) -> list[dict[str, str]]:
    """The attributes of every copy control in a built site (each site is read once)."""
    return [
        dict(button.attrs)
        for path in site_dir.rglob("index.html")
        for button in soup(path).select("article button.hb-link")
    ]


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
            "content": " ".join("".join(e.find(f"{ATOM}content").itertext()).split()),
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


def test_only_changes_of_visible_text_move_dates(dated):
    dates = control_dates(dated)
    assert all(len(days) == 1 for days in dates.values()), {k: v for k, v in dates.items() if len(v) > 1}
    dates = {target_id: days.pop() for target_id, days in dates.items()}
    moved = {
        "outage": day(SECTION),  # one word: exactly that section
        "core-focus": day(ROW),
        "comparison": day(ROW),  # the section that holds the row
        "follow-changes": day(ROW),  # dated, though never listed (What changed's own)
        "mentor": day(DELETION),  # a deleted paragraph counts, noted or not
    }
    for target_id, expected in moved.items():
        assert dates[target_id] == expected, (target_id, dates[target_id])
    # The markup-only commit dated nothing: not the renamed diagram's section,
    # the heading with a new attribute, the re-wrapped lines, the old id, the link.
    assert day(MARKUP) not in dates.values()
    # The uncommitted edit moved nothing; topic headings are generated, not written.
    rest = {
        target_id: d for target_id, d in dates.items() if target_id not in moved and not target_id.startswith("topic-")
    }
    assert {"introvert", "why-hats", "architect", "diplomat", "both", "disagreements"} <= rest.keys()
    assert len(rest) > 40
    assert set(rest.values()) == {day(IMPORT)}, {k: v for k, v in rest.items() if v != day(IMPORT)}


def test_the_feed_lists_noted_changes_only_with_their_notes_newest_first(dated):
    data = (dated / "changes.xml").read_bytes()
    assert atom_problems(data) == []
    listed = entries(data)
    # The unnoted import and deletion publish nothing; What changed's own section is never listed.
    assert [(e["link"], e["summary"], e["updated"]) for e in listed] == [
        (f"{URL}s/outage/", SECTION[2], SECTION[0]),
        (f"{URL}s/comparison/", ROW[2], ROW[0]),
        (f"{URL}s/core-focus/", ROW[2], ROW[0]),
    ]
    assert listed[0]["title"] == "When the service goes down · Manager vs leader"
    assert listed[2]["title"] == "Core focus · Manager vs leader"
    # The content: the note, the section's new opening lines, the day as readers read it.
    assert SECTION[2] in listed[0]["content"]
    assert "An outage reveals how a technical manager" in listed[0]["content"]
    assert "Changed 3 Sep 2026" in listed[0]["content"]
    assert "Mostly: The how" in listed[2]["content"]
    # No commit subject reaches readers, here or anywhere else.
    for subject in (IMPORT[1], ROW[1], DELETION[1], MARKUP[1], SECTION[1]):
        assert subject.encode() not in data
    feed = ET.fromstring(data)
    assert feed.findtext(f"{ATOM}updated") == SECTION[0]
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")} == {
        "self": f"{URL}changes.xml",
        "alternate": f"{URL}what-changed/",
    }
    assert b'<?xml-stylesheet type="text/xsl" href="changes.xsl"?>' in data.split(b"<feed", 1)[0]


def test_every_page_links_the_feed(dated):
    for path in dated.rglob("index.html"):
        page = soup(path)
        if not page.select_one("article.md-content__inner"):
            continue  # short links and redirect stubs
        link = page.find("link", rel="alternate", type="application/atom+xml")
        assert link, path
        assert (path.parent / link["href"]).resolve() == (dated / "changes.xml").resolve(), (path, link["href"])


def test_what_changed_lists_the_same_noted_changes(dated):
    page = soup(dated / "what-changed" / "index.html")
    listed = [
        (
            group.select_one("th[scope=rowgroup]").get_text(" ", strip=True),
            group.select_one("time")["datetime"],
            [a["href"] for a in group.select("td a")],
        )
        for group in page.select(".hb-changes tbody")
    ]
    assert listed == [
        (f"3 Sep 2026 · {SECTION[2]}", day(SECTION), ["../manager-vs-leader/#outage"]),
        (f"22 Apr 2026 · {ROW[2]}", day(ROW), ["../manager-vs-leader/#comparison", "../manager-vs-leader/#core-focus"]),
    ]
    rows = [a["href"].rsplit("#", 1)[1] for a in page.select(".hb-changes td a")]
    assert rows == [e["link"].rstrip("/").rsplit("/", 1)[1] for e in entries((dated / "changes.xml").read_bytes())]
    assert page.select_one(".hb-changes a[type='application/atom+xml']")["href"] == "../changes.xml"
    text = page.select_one("article").get_text(" ")
    for subject in (IMPORT[1], ROW[1], DELETION[1], MARKUP[1], SECTION[1]):
        assert subject not in text


def test_the_september_day_reads_the_same_everywhere(dated):
    """Formatted once, in Python: the copy control, What changed, the preview, the feed, targets.json."""
    label = "3 Sep 2026"
    assert control_dates(dated, "data-hb-changed-label")["outage"] == {label}
    assert (
        f"{label} · "
        in soup(dated / "what-changed" / "index.html").select_one(".hb-changes th[scope=rowgroup]").get_text()
    )
    short = soup(dated / "s" / "outage" / "index.html")
    assert f"Changed {label}: " in short.find("meta", property="og:description")["content"]
    assert short.find("time").get_text() == label
    assert f"Changed {label}" in entries((dated / "changes.xml").read_bytes())[0]["content"]
    assert json.loads((dated / "targets.json").read_text())["targets"]["outage"]["changed"]["label"] == label
    assert "Sept" not in (dated / "changes.xml").read_text()


def test_a_short_link_preview_gives_the_day_and_the_note(dated):
    short = soup(dated / "s" / "outage" / "index.html")
    assert short.find("meta", property="article:modified_time")["content"] == SECTION[0]
    description = short.find("meta", property="og:description")["content"]
    assert description == short.find("meta", attrs={"name": "twitter:description"})["content"]
    opening, _, change = description.partition(" Changed ")
    assert opening.endswith((".", "…")), description  # a full stop (or the ellipsis of a cut) before "Changed"
    assert change == f"3 Sep 2026: {SECTION[2]}"
    assert short.find("time")["datetime"] == day(SECTION)
    # An unnoted change dates the preview, without a note.
    mentor = soup(dated / "s" / "mentor" / "index.html").find("meta", property="og:description")["content"]
    assert mentor.endswith(" Changed 30 Jun 2026."), mentor


def test_targets_json_gives_each_target_its_last_noted_change(dated):
    data = json.loads((dated / "targets.json").read_text(encoding="utf-8"))
    targets = data["targets"]
    assert data["version"] == 1 and data["site_url"] == URL
    assert targets["outage"]["changed"] == {"day": day(SECTION), "label": "3 Sep 2026", "note": SECTION[2]}
    assert targets["core-focus"]["changed"]["note"] == ROW[2]
    assert targets["mentor"]["changed"] is None  # changed, but without a note
    assert targets["diplomat"]["changed"] is None
    assert "old-both" in targets["both"]["aliases"]


def test_builds_of_one_commit_publish_the_same_feed(repo, dated, tmp_path_factory):
    again = built(repo, tmp_path_factory.mktemp("again"))
    assert (again / "changes.xml").read_bytes() == (dated / "changes.xml").read_bytes()
    assert (again / "targets.json").read_bytes() == (dated / "targets.json").read_bytes()
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


@pytest.mark.browser
def test_the_feed_opens_readably_in_a_browser_under_the_published_policy(browser, dated):
    """changes.xml through changes.xsl, with the site's Content-Security-Policy
    sent as a header on every file, as a host that sets headers sends it."""
    host = serve(dated)
    try:
        context = browser.new_context()
        violations = csp_violations(context)
        context.route(
            "**/*",
            lambda route: route.fulfill(
                response=(response := route.fetch()),
                headers={**response.headers, "content-security-policy": published.policy()},
            ),
        )
        page = context.new_page()
        page.goto(host.url + "changes.xml")
        page.locator("article h2 a").first.wait_for()
        assert page.locator("h1").inner_text() == "Technical Leadership Handbook: what changed"
        assert page.locator("article h2 a").all_inner_texts() == [
            "When the service goes down · Manager vs leader",
            "Side by side · Manager vs leader",
            "Core focus · Manager vs leader",
        ]
        first = page.locator("article").first.inner_text()
        assert SECTION[2] in first and "Changed 3 Sep 2026" in first
        assert page.locator("article h2 a").first.get_attribute("href") == f"{URL}s/outage/"
        assert "feed reader" in page.locator("header").inner_text()
        # Nothing of the handbook's breaks the policy: no script and no event
        # handler in what the stylesheet writes. Chromium adds a banner of its
        # own saying XSLT is deprecated, whose close button has an onclick
        # that the policy blocks; that one violation is the browser's.
        handlers = page.evaluate(
            """[...document.querySelectorAll('body *')].filter(e => !e.closest('xslt-warning-banner'))
               .flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))"""
        )
        assert handlers == [] and page.locator("script").count() == 0
        banner = page.locator("xslt-warning-banner").count()
        assert [v for v in violations if not (banner and ("inline event handler" in v or "script-src-attr" in v))] == []
        context.close()
    finally:
        host.shutdown()


# ---------------------------------------------------------------------------
# The history reader on its own: renamed pages, shallow clones, notes
# ---------------------------------------------------------------------------


def small_repo(root: Path, text: str) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (docs / "page.md").write_text(text)
    return docs / "page.md"


def test_a_renamed_page_keeps_its_history(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    (docs / "old.md").write_text("# Page\n\n## Part { #part }\n\nWords.\n\n## Other { #other }\n\nMore.\n")
    commit(tmp_path, IMPORT)
    git(tmp_path, "mv", "docs/old.md", "docs/new.md")
    commit(tmp_path, DELETION)
    page = docs / "new.md"
    page.write_text(page.read_text().replace("More.", "More words."))
    commit(tmp_path, ROW)
    history = section_dates.read_history(docs, [page])
    site = link_targets.Site()
    site.pages["new/"] = [link_targets.Target(i, i.title(), "heading", "new/", "new.md") for i in ("part", "other")]
    dates = section_dates.date(site, {"new/": page}, history, reader())
    # The move changed no line, so only the import dates "part".
    assert [c.when.isoformat() for c in dates.changes["part"]] == [IMPORT[0]]
    assert [c.note for c in dates.changes["other"]] == [ROW[2], None]
    assert dates.last(site.pages["new/"][1]).day == day(ROW)
    assert dates.last_noted(site.pages["new/"][0]) is None


def test_a_shallow_clone_dates_nothing_older_than_its_history(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    history = section_dates.read_history(clone / "docs", sorted((clone / "docs").glob("*.md")))
    assert history == {}  # its one commit has no known parent: every line's age is unknown
    full = section_dates.read_history(repo / "docs", sorted((repo / "docs").glob("*.md")))
    assert len(full[(repo / "docs" / "three-hats.md").resolve()]) == 3


def test_a_section_is_found_by_its_old_id_in_older_versions():
    older = "# Page\n\n## Part { #old-part }\n\nWords.\n\n### Sub { #sub }\n\nMore.\n\n## Next { #next }\n"
    found = section_dates.texts(older, {"part": "heading", "next": "heading"}, {"part": ["old-part"]})
    assert found["part"] == ("## Part { #old-part }", "", "Words.", "", "### Sub { #sub }", "", "More.")
    assert found["next"] == ("## Next { #next }",)


def test_a_row_is_read_under_its_column_names():
    page = (
        "# P\n\n| Attribute | A | B |\n| --- | --- | --- |\n| **One**{ #one } | x | y |\n| **Two**{ #two } | z | w |\n"
    )
    found = section_dates.texts(page, {"two": "row"}, {})
    assert found["two"] == ("| Attribute | A | B |", "| --- | --- | --- |", "| **Two**{ #two } | z | w |")
    assert reader().text("\n".join(found["two"])) == "Attribute A B Two z w"


def test_reader_notes_come_from_git_trailers_and_the_reviewed_file(tmp_path):
    page = small_repo(tmp_path, "# P\n\n## A { #a }\n\nWords.\n")
    commit(tmp_path, IMPORT)
    page.write_text("# P\n\n## A { #a }\n\nOther words.\n")
    # A trailer among others, read by git's own trailer parsing.
    commit(tmp_path, ROW, "Signed-off-by: Editor <editor@example.org>")
    first = git(tmp_path, "rev-list", "--max-parents=0", "HEAD").strip()
    history = section_dates.read_history(tmp_path / "docs", [page], {first: "The page was first published."})
    assert [r.commit.note for r in history[page.resolve()]] == [ROW[2], "The page was first published."]
    # The reviewed file replaces a merged commit's note, or publishes nothing for it (null).
    last = git(tmp_path, "rev-parse", "HEAD").strip()
    history = section_dates.read_history(tmp_path / "docs", [page], {last: "A corrected note.", first: None})
    assert [r.commit.note for r in history[page.resolve()]] == ["A corrected note.", None]


@pytest.mark.parametrize(
    "note, problem",
    [
        ("x" * 201, "201 characters"),
        ("Read the *new* answer.", "markup"),
        ("See `make serve` now.", "markup"),
        ("The [FAQ](faq.md) grew.", "markup"),
        ("A <b>bold</b> claim.", "markup"),
    ],
)
def test_a_bad_reader_note_fails_the_build_naming_the_commit(tmp_path, note, problem):
    page = small_repo(tmp_path, "# P\n")
    commit(tmp_path, (IMPORT[0], "Import", note))
    sha = git(tmp_path, "rev-parse", "HEAD").strip()
    with pytest.raises(reader_notes.NoteError, match=problem) as raised:
        section_dates.read_history(tmp_path / "docs", [page])
    assert f"commit {sha[:12]}" in str(raised.value)


def test_plain_notes_pass_and_two_notes_do_not():
    assert reader_notes.check("Fewer than <5 steps & one card, now.", "x") == "Fewer than <5 steps & one card, now."
    assert reader_notes.check("x" * 200, "x")
    assert reader_notes.from_trailers([""], "0" * 40) is None
    with pytest.raises(reader_notes.NoteError, match="2 Reader-note trailers"):
        reader_notes.from_trailers(["One.", "Two."], "a" * 40)


def test_a_bad_notes_file_names_itself_and_the_value(tmp_path):
    notes = tmp_path / reader_notes.NOTES_FILE
    notes.write_text("abc123: Too short an id.\n")
    with pytest.raises(reader_notes.NoteError, match="includes/reader-notes.yml: 'abc123'"):
        reader_notes.from_file(tmp_path)
    notes.write_text(f"{'a' * 40}: A *starred* note.\n")
    with pytest.raises(reader_notes.NoteError, match="commit aaaaaaaaaaaa: the Reader-note holds markup"):
        reader_notes.from_file(tmp_path)
    notes.write_text(f"{'a' * 40}: A plain note.\n{'b' * 40}: null\n")
    assert reader_notes.from_file(tmp_path) == {"a" * 40: "A plain note.", "b" * 40: None}


# ---------------------------------------------------------------------------
# Visible text: markup is not text
# ---------------------------------------------------------------------------


def reader() -> visible_text.Reader:
    """A reader with mkdocs.yml's Markdown extensions and settings, remembering nothing between builds."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(name)
        settings[name] = item[name] if isinstance(item, dict) else {}
    return visible_text.Reader(names, settings)


SECTION_TEXT = """## The Mentor { #mentor }

The Mentor hat is about **people**: read the [FAQ](faq.md) first.

--8<-- "diagrams/three-hats.html"

<div class="hb-figure" markdown>
A figure's caption.
</div>
"""


@pytest.mark.parametrize(
    "edit",
    [
        ("{ #mentor }", "{ #mentor .hb-plain }"),  # an attribute
        ("{ #mentor }", "{ #the-mentor }"),  # an id
        ("diagrams/three-hats.html", "diagrams/hats.html"),  # an include's path
        ("(faq.md)", "(faq.md#introvert)"),  # a link's address
        ("about **people**: read", "about **people**:\nread"),  # re-wrapped
        ('<div class="hb-figure" markdown>\nA', '<div class="hb-figure"   markdown>\n  A'),  # whitespace in markup
    ],
)
def test_markup_only_edits_read_the_same(edit):
    read = reader()
    assert read.text(SECTION_TEXT) == read.text(SECTION_TEXT.replace(*edit))
    assert not section_dates._reads_differently(
        read, tuple(SECTION_TEXT.split("\n")), tuple(SECTION_TEXT.replace(*edit).split("\n"))
    )


@pytest.mark.parametrize("edit", [("people", "persons"), ("caption.", "caption!"), ("FAQ", "questions")])
def test_a_changed_word_reads_differently(edit):
    read = reader()
    assert section_dates._reads_differently(
        read, tuple(SECTION_TEXT.split("\n")), tuple(SECTION_TEXT.replace(*edit).split("\n"))
    )


def test_included_text_is_not_part_of_a_section():
    assert "diagram" not in reader().text('Words.\n\n--8<-- "diagrams/three-hats.html"\n').lower()


# ---------------------------------------------------------------------------
# Previews: the description before the day
# ---------------------------------------------------------------------------


def test_a_preview_puts_a_full_stop_before_the_day_and_the_note():
    noted = section_dates.Commit("a" * 40, datetime.fromisoformat(SECTION[0]), "A note without a stop")
    plain = section_dates.Commit("b" * 40, datetime.fromisoformat(SECTION[0]))
    describe = short_links.preview_description
    assert describe("Three low-risk ways to begin tomorrow:", plain) == (
        "Three low-risk ways to begin tomorrow. Changed 3 Sep 2026."
    )
    assert describe("Ends well.", noted) == "Ends well. Changed 3 Sep 2026: A note without a stop."
    assert describe("Cut short…", plain) == "Cut short… Changed 3 Sep 2026."
    assert describe("No date", None) == "No date."
    assert describe("", plain) == "Changed 3 Sep 2026."
