"""Reader notes: the one sentence that tells readers what a change means to them.

A change is published (on "What changed", in the feed, in previews and in
targets.json) only when its commit carries a git trailer

    Reader-note: The incident card now says who calls the customer.

read with git's own trailer parsing (`%(trailers:key=Reader-note,...)` in
section_dates.read_history). A commit without one still dates the sections
whose text it changed, and publishes nothing; commit subjects never reach
readers. NOTES_FILE (includes/reader-notes.yml: full commit id -> note),
reviewed like any other change, gives a note to a commit made before
trailers existed, or corrects a merged commit's note, since history is not
rewritten: a note there replaces the commit's trailer, and `null` publishes
nothing for that commit.

A note is one line of plain text, at most MAX_LENGTH characters, with no
markup: it is rendered with Python-Markdown and must come out as the same
words in one paragraph, so `*stars*`, `` `code` ``, `[links](…)` and HTML
tags are refused. A bad note fails the build naming the commit.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import yaml

KEY = "Reader-note"
MAX_LENGTH = 200
NOTES_FILE = "reader-notes.yml"  # in includes/
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")

_md = markdown.Markdown()


class NoteError(ValueError):
    """A Reader-note the build refuses; the message names the commit."""


def check(note: str, where: str) -> str:
    """The note, folded to one line; NoteError naming `where` if readers should not see it."""
    folded = " ".join(note.split())
    if not folded:
        raise NoteError(f"{where}: the {KEY} trailer is empty; write one sentence for readers or leave it out")
    if len(folded) > MAX_LENGTH:
        raise NoteError(
            f"{where}: the {KEY} is {len(folded)} characters long; readers get one sentence of at most {MAX_LENGTH}"
        )
    if _md.reset().convert(folded) != f"<p>{html.escape(folded, quote=False)}</p>":
        raise NoteError(
            f"{where}: the {KEY} holds markup ({folded!r}); write plain text, since feeds and previews show it as is"
        )
    return folded


def from_trailers(values: list[str], sha: str) -> str | None:
    """The note of one commit from its Reader-note trailer values (none, or exactly one);
    an empty trailer counts as none."""
    values = [value for value in values if value.strip()]
    if not values:
        return None
    if len(values) > 1:
        raise NoteError(f"commit {sha[:12]}: {len(values)} {KEY} trailers; a change gets one note for readers")
    return check(values[0], f"commit {sha[:12]}")


def from_file(includes: Path) -> dict[str, str | None]:
    """Notes that replace commits' own (full commit id -> note, or None for no
    note), from includes/reader-notes.yml if it exists."""
    path = Path(includes) / NOTES_FILE
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise NoteError(f"includes/{NOTES_FILE}: write one `<full commit id>: <note>` per line")
    notes = {}
    for sha, note in data.items():
        if not isinstance(sha, str) or not FULL_SHA.match(sha) or not isinstance(note, str | None):
            raise NoteError(f"includes/{NOTES_FILE}: {sha!r} is not a full commit id followed by a note (or null)")
        notes[sha] = None if note is None else check(note, f"includes/{NOTES_FILE}, commit {sha[:12]}")
    return notes
