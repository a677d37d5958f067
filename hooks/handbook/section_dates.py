"""When each link target's text, as readers read it, last changed, from git history.

A target's source is the Markdown lines that make it up in its page:

- a heading section: from its heading line to the next heading of the same
  or a higher level (so its subsections count too);
- a FAQ question: its `<details>` block;
- a comparison row: its table line, under the table's header row (the
  column names are part of what the row says).

A target is found in each version of its page by its explicit id
(`{ #id }`), or by an old id that `anchor_aliases` now forwards to it.

History is read once per build with two git processes, whatever the number
of pages: `git log` lists every commit that touched a page (renames
followed, merges skipped: they only combine other commits) with its
Reader-note trailer (reader_notes.py), and `git cat-file --batch` hands
over each version of each page. A target changed in a commit when its
visible text differs from that in the commit's parent: where its lines
differ, both versions are rendered with the site's Markdown extensions and
their text compared (visible_text.py). So a deleted sentence or a changed
word counts; a section that only moved, and an edit to markup alone (an
attribute, an id, an include's path, re-wrapped lines), does not. A change
is dated by the commit's author date, as MkDocs' "Last update" date of the
page is, in UTC, and formatted for readers here, once (Commit.label).

Only committed text counts: an uncommitted edit moves no date, so every
build of one commit gives the same dates and the same feed. Outside a git
checkout, for a page git does not track, and for a target whose text has
never been committed, there is no date; nothing fails. A shallow clone
knows nothing before its oldest commit, so a target unchanged since then
has no date (the publishing workflow fetches the whole history).

hooks/pipeline.py reads the history while the pages render and dates the
targets once they are known; the copy controls, short links, previews,
targets.json and the changes read the dates from there.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

from . import link_targets, reader_notes
from .visible_text import Reader

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_BLOB = "0" * 40
HEADING = re.compile(r"^\s*(#{1,6})\s")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
DETAILS_OPEN = re.compile(r"^\s*<details\b")
DETAILS_CLOSE = re.compile(r"</details>")
BLOCK_OPENINGS = ("<details", "<summary")
# What git prints for each commit: its id, author time and Reader-note trailers.
LOG_FORMAT = "%x1e%H%x1f%at%x1f%(trailers:key=" + reader_notes.KEY + ",valueonly,unfold,separator=%x1d)"


@dataclass(frozen=True)
class Commit:
    sha: str
    when: datetime  # the author date, in UTC
    note: str | None = None  # the Reader-note, checked; None: nothing is published

    @property
    def day(self) -> str:
        """2026-11-03"""
        return self.when.strftime("%Y-%m-%d")

    @property
    def label(self) -> str:
        """3 Nov 2026"""
        return f"{self.when.day} {MONTHS[self.when.month - 1]} {self.when.year}"

    @property
    def iso(self) -> str:
        """2026-11-03T09:30:00+00:00"""
        return self.when.isoformat()


@dataclass(frozen=True)
class Revision:
    """One commit's change to one page: the page's text before and after."""

    commit: Commit
    before: str | None  # None: the commit added the page
    after: str


# ---------------------------------------------------------------------------
# Where a target's lines are, in one version of a page
# ---------------------------------------------------------------------------


def ids_on(line: str) -> list[str]:
    """The ids an attribute list (`{ #id }`, `{: #id .class }`) gives on one line."""
    return [
        token[1:]
        for attrs in ATTR_LIST.findall(line)
        for token in attrs.split()
        if token.startswith("#") and len(token) > 1
    ]


def _outline(lines: list[str]):
    """(line index, heading level or 0) for every line with an id, and every heading's (index, level)."""
    ids: dict[str, tuple[int, int]] = {}
    headings: list[tuple[int, int]] = []
    fence = None
    for index, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        heading = HEADING.match(line)
        level = len(heading.group(1)) if heading else 0
        if heading:
            headings.append((index, level))
        for found in ids_on(line):
            ids.setdefault(found, (index, level))
    return ids, headings


def _section(lines, headings, start: int, level: int) -> range:
    end = next((i for i, other in headings if i > start and other <= level), len(lines))
    # The next heading may open a FAQ question: its <details> and <summary> lines are its own.
    while end - 1 > start and lines[end - 1].strip().startswith(BLOCK_OPENINGS):
        end -= 1
    return range(start, end)


def _details(lines, at: int) -> range:
    start = next((i for i in range(at, -1, -1) if DETAILS_OPEN.match(lines[i])), at)
    depth = 0
    for i in range(start, len(lines)):
        depth += len(DETAILS_OPEN.findall(lines[i])) - len(DETAILS_CLOSE.findall(lines[i]))
        if depth <= 0 and i >= at:
            return range(start, i + 1)
    return range(start, len(lines))


def _table_head(lines: list[str], row: int) -> list[str]:
    """The header and delimiter lines of the table that holds line `row`."""
    start = row
    while start > 0 and lines[start - 1].lstrip().startswith("|"):
        start -= 1
    return lines[start : min(start + 2, row)]


def texts(source: str, kinds: dict[str, str], aliases: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """The lines that make up each target (id -> kind) in one version of a page's
    Markdown; a target may be found by an old id (aliases: id -> old ids)."""
    lines = [line.rstrip() for line in source.split("\n")]
    ids, headings = _outline(lines)
    found = {}
    for target_id, kind in kinds.items():
        at = next((ids[i] for i in (target_id, *aliases.get(target_id, ())) if i in ids), None)
        if at is None:
            continue
        index, level = at
        if kind == "question":
            span = _details(lines, index)
        elif kind == "heading" and level:
            span = _section(lines, headings, index, level)
        else:
            span = range(index, index + 1)
        part = lines[span.start : span.stop]
        if kind == "row":
            part = _table_head(lines, index) + part
        while part and not part[-1]:
            part.pop()
        found[target_id] = tuple(part)
    return found


# ---------------------------------------------------------------------------
# Reading git
# ---------------------------------------------------------------------------


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True)
    except OSError:  # no git at all
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(
    docs_dir: str | Path, sources: list[str | Path], notes: dict[str, str | None] | None = None
) -> dict[Path, list[Revision]]:
    """Every committed change to each source file, newest first; {} outside git.

    A commit's note is notes[sha] where the reviewed file of notes has one
    (None: no note), or else its Reader-note trailer; a bad trailer raises
    reader_notes.NoteError naming the commit."""
    notes = notes or {}
    docs_dir = Path(docs_dir).resolve()
    about = _git(docs_dir, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-path", "shallow")
    if about is None:
        return {}
    top, shallow, shallow_file = about.decode().splitlines()[:3]
    top = Path(top).resolve()
    cut = set()  # a shallow clone's oldest commits: their parents are unknown
    if shallow == "true" and (docs_dir / shallow_file).exists():
        cut = set((docs_dir / shallow_file).read_text().split())
    current: dict[str, Path] = {}
    for source in sources:
        path = Path(source).resolve()
        if path.is_relative_to(top):
            current[path.relative_to(top).as_posix()] = path
    if not current or not docs_dir.is_relative_to(top):
        return {}
    log = _git(
        top,
        "log",
        "--no-merges",
        "--topo-order",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        f"--format={LOG_FORMAT}",
        "--",
        docs_dir.relative_to(top).as_posix() or ".",
    )
    if log is None:  # a repository without a commit yet
        return {}
    wanted: list[tuple[Commit, Path, str, str]] = []  # commit, current file, blob before, blob after
    for record in log.decode("utf-8", "replace").split("\x1e")[1:]:
        header, _, raw = record.partition("\x00")
        sha, when, trailers = header.strip("\n").split("\x1f", 2)
        note = notes[sha] if sha in notes else reader_notes.from_trailers(trailers.split("\x1d"), sha)
        commit = Commit(sha, datetime.fromtimestamp(int(when), UTC), note)
        fields = raw.lstrip("\n").split("\x00")
        i = 0
        while i + 1 < len(fields) and fields[i].startswith(":"):
            _, _, old_blob, new_blob, status = fields[i][1:].split(" ")
            paths = fields[i + 1 : i + (3 if status[0] in "RC" else 2)]
            i += 1 + len(paths)
            new_path, old_path = paths[-1], paths[0]
            if new_path not in current or status[0] == "D":
                continue
            if status[0] == "R":  # older commits know the page by its old name
                current[old_path] = current[new_path]
            if sha not in cut:
                before = None if old_blob == NO_BLOB or status[0] == "A" else old_blob
                wanted.append((commit, current[new_path], before, new_blob))
    blobs = _read_blobs(top, {b for _, _, before, after in wanted for b in (before, after) if b})
    history: dict[Path, list[Revision]] = {}
    for commit, path, before, after in wanted:
        if after in blobs and (before is None or before in blobs):
            history.setdefault(path, []).append(Revision(commit, blobs.get(before), blobs[after]))
    return history


def newest(history: dict[Path, list[Revision]]) -> datetime | None:
    """The author date of the latest commit in the history, if any."""
    return max((r.commit.when for revisions in history.values() for r in revisions), default=None)


def _read_blobs(top: Path, shas: set[str]) -> dict[str, str]:
    if not shas:
        return {}
    ordered = sorted(shas)
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in ordered).encode())
    found, at = {}, 0
    for sha in ordered:
        end = out.index(b"\n", at) if out is not None else -1
        if end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":  # "<sha> missing"
            continue
        size = int(header[2])
        found[sha] = out[at : at + size].decode("utf-8", "replace")
        at += size + 1
    return found


# ---------------------------------------------------------------------------
# The whole site
# ---------------------------------------------------------------------------


def date(
    site: link_targets.Site, sources: dict[str, Path], history: dict[Path, list[Revision]], reader: Reader
) -> Dates:
    """Every target of site dated from its page's history (page URL -> source file);
    `reader` tells a change of text from a change of markup."""
    dates = Dates()
    dates.fill(site, sources, history, reader)
    return dates


@dataclass
class Change:
    target: link_targets.Target
    commit: Commit


@dataclass
class Dates:
    """Every commit that changed each target's visible text, newest first (target id -> commits)."""

    changes: dict[str, list[Commit]] = field(default_factory=dict)
    targets: dict[str, link_targets.Target] = field(default_factory=dict)

    def fill(
        self, site: link_targets.Site, sources: dict[str, Path], history: dict[Path, list[Revision]], reader: Reader
    ) -> None:
        """Date every target of site (page URL -> targets) whose page (page URL -> source file) has history."""
        self.changes.clear()
        self.targets.clear()
        for url, found in site.pages.items():
            revisions = history.get(Path(sources[url]).resolve()) if url in sources else None
            own = [t for t in found if t.kind != "alias"]
            if not revisions or not own:
                continue
            kinds = {t.id: t.kind for t in own}
            aliases: dict[str, list[str]] = {}
            for alias in (t for t in found if t.kind == "alias"):
                aliases.setdefault(alias.alias_of, []).append(alias.id)
            seen: dict[str | None, dict] = {None: {}}
            for revision in revisions:
                for text in (revision.before, revision.after):
                    if text not in seen:
                        seen[text] = texts(text, kinds, aliases)
                before, after = seen[revision.before], seen[revision.after]
                for target in own:
                    if target.id in after and _reads_differently(reader, before.get(target.id), after[target.id]):
                        self.changes.setdefault(target.id, []).append(revision.commit)
            self.targets.update({t.id: t for t in own if t.id in self.changes})
        for commits in self.changes.values():
            commits.sort(key=lambda c: c.when, reverse=True)  # stable: topological order breaks ties

    def last(self, target: link_targets.Target) -> Commit | None:
        """When the target's visible text last changed (an old id: the section it names)."""
        commits = self.changes.get(target.landing_id)
        return commits[0] if commits else None

    def last_noted(self, target: link_targets.Target) -> Commit | None:
        """The latest change to the target's text that carries a Reader-note."""
        return next((c for c in self.changes.get(target.landing_id, []) if c.note), None)

    def recent(self, order: list[str], limit: int, leave_out: set[str] = frozenset()) -> list[Change]:
        """The latest noted section changes, newest first, whole commits only: at
        most `limit` changes unless the newest commit alone has more. `order` is
        every target id in reading order, which orders one commit's sections;
        targets on the pages of `leave_out` (page URLs) are not listed."""
        position = {target_id: i for i, target_id in enumerate(order)}
        every = [
            Change(self.targets[target_id], commit)
            for target_id, commits in self.changes.items()
            for commit in commits
            if commit.note and self.targets[target_id].page_url not in leave_out
        ]
        every.sort(key=lambda c: (-c.commit.when.timestamp(), c.commit.sha, position.get(c.target.id, len(order))))
        chosen: list[Change] = []
        for _, group in groupby(every, key=lambda c: c.commit.sha):
            group = list(group)
            if chosen and len(chosen) + len(group) > limit:
                break
            chosen += group
        return chosen


def _reads_differently(reader: Reader, before: tuple[str, ...] | None, after: tuple[str, ...]) -> bool:
    """Whether a reader reads something else in the target after the commit
    (a target the commit added always counts).

    Only what differs is rendered: both versions are cut at their heading
    lines into pieces (a section's own text, then each subsection's), and
    where both have as many pieces, only the pairs that differ beyond
    whitespace are rendered and compared. A subsection's piece is the same
    text in its parent's source, so the reader renders it once for both."""
    if before == after:
        return False
    if before is None:
        return True
    old, new = _pieces(before), _pieces(after)
    if len(old) != len(new):
        return _visible(reader, old) != _visible(reader, new)
    return any(
        a.split() != b.split() and reader.text(a) != reader.text(b) for a, b in zip(old, new, strict=True) if a != b
    )


def _pieces(lines: tuple[str, ...]) -> list[str]:
    """A target's source cut before each heading line after its first line."""
    pieces: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        if index and HEADING.match(line):
            pieces.append([])
        pieces[-1].append(line)
    return ["\n".join(piece) for piece in pieces]


def _visible(reader: Reader, pieces: list[str]) -> str:
    return " ".join(reader.text(piece) for piece in pieces)
