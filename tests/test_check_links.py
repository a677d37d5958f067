"""`make check-links`: a wiki's links into the handbook, checked against targets.json.

The checker is tested as functions on a wiki folder made here and a small
map of targets written here, then run once as a command for its exit
codes; the built site's own targets.json is checked against its pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import check_links
import pytest
from conftest import ROOT

from handbook import link_targets

SITE = "https://handbook.example.org/"
TARGETS = {
    "version": 1,
    "site_url": SITE,
    "pages": {"": {"title": "Home"}, "three-hats/": {"title": "The three hats"}, "faq/": {"title": "FAQ"}},
    "redirects": {"hats/": "three-hats/"},
    "files": ["changes.xml", "targets.json"],
    "targets": {
        "diplomat": {
            "page": "three-hats/",
            "title": "The Diplomat",
            "page_title": "The three hats",
            "kind": "heading",
            "aliases": ["the-diplomat-hat"],
            "short_link": "s/diplomat/",
            "changed": {"day": "2026-09-03", "label": "3 Sep 2026", "note": "The Diplomat now names the sprint."},
        },
        "mentor": {
            "page": "three-hats/",
            "title": "The Mentor",
            "page_title": "The three hats",
            "kind": "heading",
            "aliases": [],
            "short_link": "s/mentor/",
            "changed": {"day": "2026-04-01", "label": "1 Apr 2026", "note": "An older note."},
        },
        "introvert": {
            "page": "faq/",
            "title": "Can an introvert lead?",
            "page_title": "FAQ",
            "kind": "question",
            "aliases": [],
            "short_link": "s/introvert/",
            "changed": None,
        },
    },
}

WIKI = {
    "onboarding.md": (
        "Start with [the Diplomat](https://handbook.example.org/s/diplomat/).\n"
        "Old id: <https://handbook.example.org/three-hats/#the-diplomat-hat>\n"
        "Old page: https://handbook.example.org/hats/#mentor.\n"
        'Gone: [x](https://handbook.example.org/three-hats/#navigator "title")\n'
        "Moved away: https://handbook.example.org/three-hats/#introvert\n"
        "Not ours: https://handbook.example.org.evil.example/s/diplomat/ https://example.org/s/nope/\n"
    ),
    "team/page.html": (
        '<p><a href="https://handbook.example.org/faq/?ref=wiki&amp;x=1#introvert">FAQ</a>\n'
        '<a href="https://handbook.example.org/s/no-such/">dead</a></p>\n'
    ),
    "notes.txt": "Passage: https://handbook.example.org/three-hats/#mentor:~:text=a%20Mentor, and https://handbook.example.org\n",
    ".git/config": "url = https://handbook.example.org/s/hidden-folders-are-not-read/\n",
}


@pytest.fixture
def wiki(tmp_path) -> Path:
    folder = tmp_path / "wiki"
    for name, text in WIKI.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (folder / "latin1.txt").write_bytes("caf\xe9 https://handbook.example.org/s/diplomat/".encode("latin-1"))
    with open(folder / "dump.txt", "wb") as huge:
        huge.truncate(check_links.MAX_BYTES + 1)  # sparse: costs no disk
    (folder / "gone.md").symlink_to(folder / "missing.md")
    return folder


def statuses(results) -> list[tuple[str, int, str, str | None]]:
    return [(r.file, r.line, r.status, r.use) for r in results]


def test_each_link_is_ok_moved_broken_or_changed(wiki):
    before = {p: p.stat().st_mtime_ns for p in wiki.rglob("*") if p.is_file()}
    results, skipped = check_links.check(wiki, SITE, TARGETS, since=date(2026, 9, 1))
    assert statuses(results) == [
        ("notes.txt", 1, "ok", None),  # the Mentor changed before SINCE
        ("notes.txt", 1, "ok", None),  # the home page
        ("onboarding.md", 1, "changed", None),
        ("onboarding.md", 2, "moved", f"{SITE}s/diplomat/"),
        ("onboarding.md", 3, "moved", f"{SITE}s/mentor/"),
        ("onboarding.md", 4, "broken", None),
        ("onboarding.md", 5, "moved", f"{SITE}s/introvert/"),
        ("team/page.html", 1, "ok", None),
        ("team/page.html", 2, "broken", None),
    ]
    by_line = {(r.file, r.line): r for r in results}
    changed = by_line["onboarding.md", 1]
    assert changed.changed["note"] == "The Diplomat now names the sprint."
    assert changed.line_text() == (
        f"onboarding.md:1: changed: {SITE}s/diplomat/ (The Diplomat · The three hats) "
        "changed 3 Sep 2026: The Diplomat now names the sprint."
    )
    assert "old id #the-diplomat-hat" in by_line["onboarding.md", 2].line_text()
    assert "old page hats/" in by_line["onboarding.md", 3].reason
    assert by_line["onboarding.md", 4].reason == "no section #navigator on three-hats/"
    assert by_line["team/page.html", 1].url == f"{SITE}faq/?ref=wiki&x=1#introvert"  # HTML entities read
    assert by_line["team/page.html", 2].reason == "no short link s/no-such/"
    # Binary, unreadable and huge files: one line each, naming the file.
    assert {s["file"]: s["reason"].split(" ")[0] for s in skipped} == {
        "logo.png": "binary",
        "latin1.txt": "binary",
        "dump.txt": "larger",
        "gone.md": "unreadable",
    }
    # Nothing in the wiki was written.
    assert before == {p: p.stat().st_mtime_ns for p in wiki.rglob("*") if p.is_file()}


def test_without_since_nothing_is_reported_as_changed(wiki):
    results, _ = check_links.check(wiki, SITE, TARGETS)
    assert "changed" not in {r.status for r in results} and not any(r.changed for r in results)


def test_links_are_found_in_running_text_and_markup():
    text = 'See (https://handbook.example.org/s/a/), "https://handbook.example.org/s/b/" and https://handbook.example.org/s/c/.'
    assert [url for _, url in check_links.find_links(text, SITE)] == [f"{SITE}s/a/", f"{SITE}s/b/", f"{SITE}s/c/"]
    assert check_links.find_links("https://handbook.example.org:8443/s/a/ https://handbook.example.orgx/", SITE) == []


@pytest.mark.parametrize(
    "since, targets, message",
    [
        ("2026-13-01", None, "SINCE='2026-13-01'"),
        ("3 Sep 2026", None, "SINCE='3 Sep 2026'"),
        (None, "htp:/handbook.example.org/targets.json", "TARGETS='htp:/handbook.example.org/targets.json'"),
        (None, "https://", "TARGETS='https://'"),
        (None, "no-such-file.json", "TARGETS='no-such-file.json'"),
    ],
)
def test_a_malformed_since_or_targets_names_the_value(since, targets, message):
    with pytest.raises(check_links.CheckError, match=message.replace("?", r"\?")) as raised:
        check_links.parse_since(since)
        check_links.load_targets(targets)
    assert "\n" not in str(raised.value)


def test_the_command_exits_1_on_a_broken_link_and_0_otherwise(wiki, tmp_path):
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps(TARGETS), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, str(ROOT / "scripts" / "check_links.py"), *args, "--targets", str(targets)]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    broken = run(str(wiki), "--since", "2026-09-01")
    assert broken.returncode == 1, broken.stderr
    assert "onboarding.md:4: broken: " in broken.stdout and "logo.png: skipped: binary" in broken.stdout
    fine = run(str(wiki / "notes.txt"), "--json")
    assert fine.returncode == 0, fine.stderr
    data = json.loads(fine.stdout)
    assert [link["status"] for link in data["links"]] == ["ok", "ok"] and data["skipped"] == []
    bad = run(str(wiki), "--since", "yesterday")
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "check-links: SINCE='yesterday' is not a day written YYYY-MM-DD, such as 2026-09-03"
    )


def test_the_published_targets_json_maps_every_target_of_the_site(site):
    data = json.loads((site.dir / "targets.json").read_text(encoding="utf-8"))
    assert data["version"] == check_links.VERSION and data["site_url"] == site.url
    built = {}
    for path in site.pages():  # parsed once per process (site.soup), shared with the other tests
        page = "/" + path.parent.relative_to(site.dir).as_posix().removeprefix(".").strip("/")
        page = page if page == "/" else page + "/"
        for target in link_targets.find(site.soup(path).select_one("article.md-content__inner")):
            built[target.id] = (page, target)
    own = {i for i, (_, t) in built.items() if t.kind != "alias" and not i.startswith("topic-")}
    assert own <= data["targets"].keys()
    for target_id, entry in data["targets"].items():
        page, target = built[target_id]
        assert "/" + entry["page"] == page and entry["title"] == target.title and entry["kind"] == target.kind
        assert (site.dir / entry["short_link"] / "index.html").exists()
        for old in entry["aliases"]:
            assert built[old][1].alias_of == target_id
    assert data["redirects"]["hats/"] == "three-hats/"
    for name in data["files"]:
        assert (site.dir / name).exists(), name
    # Every link the built site hands out resolves as ok against its own map.
    for target_id in ("diplomat", "core-focus", "introvert"):
        link = check_links.Link("x", 1, f"{site.url}s/{target_id}/")
        assert check_links.resolve(link, site.url, data).status == "ok"
