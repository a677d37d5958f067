"""Check a wiki's links into the handbook against its map of link targets.

    make check-links WIKI=<file or folder> [SINCE=YYYY-MM-DD] [TARGETS=<url>]
    .venv/bin/python scripts/check_links.py WIKI [--since YYYY-MM-DD] [--targets URL|FILE] [--site-url URL] [--json]

Every link into the handbook (any address that starts with its published
address, SITE_URL) in the Markdown, HTML and plain-text files of WIKI is
resolved against targets.json (hooks/handbook/link_map.py; README:
"targets.json"), of the local build or of the published site, and gets one
line:

    notes/onboarding.md:12: ok: https://…/s/diplomat/ (The Diplomat · The three hats)
    notes/onboarding.md:14: moved: https://…/three-hats/#the-diplomat-hat (old id #the-diplomat-hat) -> use https://…/s/diplomat/
    notes/onboarding.md:15: broken: https://…/three-hats/#nope (no section #nope on three-hats/)
    notes/onboarding.md:16: changed: https://…/s/diplomat/ (The Diplomat · The three hats) changed 3 Sep 2026: <reader note>

"changed" means the section has a noted change (a Reader-note) on or after
SINCE. The exit status is 1 when any link is broken, otherwise 0 (2 for a
bad argument); --json prints the same as data. The checker reads the wiki
and the one targets.json only: it never follows a link, and never writes
to the wiki. Binary, unreadable and huge files are skipped with one line
each naming the file; hidden folders (.git) are not read.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
LOCAL_TARGETS = ROOT / "site" / "targets.json"
VERSION = 1  # the targets.json format this checker reads
MAX_BYTES = 5 * 1024 * 1024  # a wiki page larger than this is not a page
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Where an address in running text ends: white space, quotes, angle brackets,
# and the closing brackets of Markdown links; then trailing punctuation.
URL_CHARS = r"[^\s<>\"'`)\]]*"
TRAILING = ".,;:!?"


class CheckError(ValueError):
    """A bad argument; the one-line message names the value."""


@dataclass
class Link:
    file: str
    line: int
    url: str


@dataclass
class Result:
    file: str
    line: int
    url: str
    status: str  # ok, moved, broken or changed
    reason: str = ""
    target: str | None = None  # the id the link leads to, when it leads to one
    label: str = ""  # "The Diplomat · The three hats"
    use: str | None = None  # for a moved link, the address to use instead
    changed: dict | None = field(default=None)  # {"day", "label", "note"} when changed since SINCE

    def line_text(self) -> str:
        text = f"{self.file}:{self.line}: {self.status}: {self.url}"
        if self.reason:
            text += f" ({self.reason})"
        elif self.label:
            text += f" ({self.label})"
        if self.use:
            text += f" -> use {self.use}"
        if self.changed:
            text += f" changed {self.changed['label']}: {self.changed['note']}"
        return text


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------


def parse_since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise CheckError(f"SINCE={value!r} is not a day written YYYY-MM-DD, such as 2026-09-03") from None


def load_targets(source: str | Path) -> dict:
    """targets.json from an http(s) address or a file; CheckError naming the source otherwise."""
    source = str(source)
    scheme = urlsplit(source).scheme.lower()
    try:
        if scheme in ("http", "https"):
            if not urlsplit(source).netloc:
                raise CheckError(f"TARGETS={source!r} is not an address of targets.json")
            with urllib.request.urlopen(source, timeout=30) as response:
                data = response.read(MAX_BYTES)
        elif scheme and len(scheme) > 1:
            raise CheckError(f"TARGETS={source!r} is neither an http(s) address nor a file")
        else:
            data = Path(source).read_bytes()
    except (OSError, urllib.error.URLError) as error:
        reason = getattr(error, "reason", None) or error.strerror or error
        raise CheckError(f"TARGETS={source!r} could not be read: {reason}") from None
    try:
        found = json.loads(data)
    except ValueError:
        raise CheckError(f"TARGETS={source!r} is not JSON: is it the handbook's targets.json?") from None
    if not isinstance(found, dict) or not isinstance(found.get("targets"), dict):
        raise CheckError(f"TARGETS={source!r} has no targets: is it the handbook's targets.json?")
    if found.get("version") != VERSION:
        raise CheckError(f"TARGETS={source!r} is version {found.get('version')!r}; this checker reads {VERSION}")
    return found


def site_address(given: str | None, targets: dict) -> str:
    """SITE_URL, with its trailing slash: as given, or as the map records it."""
    url = (given or "").strip() or targets.get("site_url") or ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CheckError(
            f"SITE_URL={url!r} is not the handbook's published address; set it, e.g. SITE_URL=https://handbook.example.org/"
        )
    return url if url.endswith("/") else url + "/"


# ---------------------------------------------------------------------------
# Finding links
# ---------------------------------------------------------------------------


def link_pattern(site_url: str) -> re.Pattern:
    """Addresses that start with site_url (its scheme and host in any case)."""
    base = site_url.rstrip("/")
    return re.compile(f"(?i:{re.escape(base)})(?:/{URL_CHARS})?(?![\\w.:-])")


def find_links(text: str, site_url: str, *, is_html: bool = False) -> list[tuple[int, str]]:
    """(line number, address) of every link into the handbook in a file's text."""
    found = []
    pattern = link_pattern(site_url)
    for number, line in enumerate(text.splitlines(), 1):
        for match in pattern.finditer(line):
            url = match.group(0).rstrip(TRAILING)
            found.append((number, html.unescape(url) if is_html else url))
    return found


def files_of(wiki: Path):
    """Every file of the wiki (a file, or a folder read recursively without its hidden folders)."""
    if wiki.is_file():
        yield wiki
        return
    for path in sorted(wiki.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(wiki).parts[:-1]):
            continue
        if path.is_file() or path.is_symlink():  # a broken link is reported as unreadable
            yield path


def scan(wiki: Path, site_url: str) -> tuple[list[Link], list[dict]]:
    """Every link into the handbook in the wiki, and the files skipped (file, reason)."""
    wiki = Path(wiki)
    if not wiki.exists():
        raise CheckError(f"WIKI={str(wiki)!r} is neither a file nor a folder")
    base = wiki.parent if wiki.is_file() else wiki
    links, skipped = [], []
    for path in files_of(wiki):
        name = path.relative_to(base).as_posix()
        try:
            if path.stat().st_size > MAX_BYTES:
                skipped.append({"file": name, "reason": f"larger than {MAX_BYTES // (1024 * 1024)} MiB"})
                continue
            data = path.read_bytes()
        except OSError as error:
            skipped.append({"file": name, "reason": f"unreadable ({error.strerror or error})"})
            continue
        if b"\0" in data[:8192]:
            skipped.append({"file": name, "reason": "binary"})
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            skipped.append({"file": name, "reason": "binary (not UTF-8 text)"})
            continue
        is_html = path.suffix.lower() in HTML_SUFFIXES
        links += [Link(name, line, url) for line, url in find_links(text, site_url, is_html=is_html)]
    return links, skipped


# ---------------------------------------------------------------------------
# Resolving a link
# ---------------------------------------------------------------------------


def _page_path(path: str) -> str:
    """A page's path as targets.json writes it: '' for the home page, 'faq/' for the FAQ."""
    path = unquote(path).lstrip("/")
    for index in ("index.html", "index.md"):
        if path == index or path.endswith("/" + index):
            path = path[: -len(index)]
    if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path


def resolve(link: Link, site_url: str, targets: dict, since: date | None = None) -> Result:
    """What one link into the handbook leads to, now."""
    parts = urlsplit(link.url[len(site_url.rstrip("/")) :] or "/")
    path = _page_path(parts.path)
    fragment = unquote(parts.fragment.split(":~:", 1)[0])
    result = Result(link.file, link.line, link.url, "ok")
    by_id = targets["targets"]
    old_ids = {old: new for new, target in by_id.items() for old in target.get("aliases", [])}
    pages, redirects = targets.get("pages", {}), targets.get("redirects", {})

    def short(target_id: str) -> str:
        return site_url + by_id[target_id]["short_link"]

    def leads_to(target_id: str) -> Result:
        target = by_id[target_id]
        result.target = target_id
        result.label = f"{target['title']} · {target['page_title']}" if target.get("page_title") else target["title"]
        return result

    def moved(target_id: str, why: str) -> Result:
        leads_to(target_id)
        result.status, result.reason, result.use = "moved", why, short(target_id)
        return result

    def broken(why: str) -> Result:
        result.status, result.reason = "broken", why
        return result

    if path.startswith("s/"):  # a short link: /s/<id>/
        short_id = path[2:].strip("/")
        if short_id in by_id:
            return _since(leads_to(short_id), by_id[short_id], since)
        if short_id in old_ids:
            return _since(moved(old_ids[short_id], f"old id #{short_id}"), by_id[old_ids[short_id]], since)
        return broken(f"no short link s/{short_id}/")
    page, page_moved = path, False
    if page not in pages and page in redirects:
        page, page_moved = redirects[page], True
    if page not in pages:
        if path in targets.get("files", []):
            return result
        return broken(f"no page {path or '/'}")
    if not fragment:
        if page_moved:
            result.status, result.reason, result.use = "moved", f"old page {path}", site_url + page
        result.label = pages[page].get("title", "")
        newest = max(
            (t["changed"] for t in by_id.values() if t["page"] == page and t.get("changed")),
            key=lambda changed: changed["day"],
            default=None,
        )
        return _since(result, {"changed": newest}, since)
    if fragment in by_id:
        target = by_id[fragment]
        if target["page"] != page:
            return _since(moved(fragment, f"#{fragment} is now on {target['page'] or '/'}"), target, since)
        if page_moved:
            return _since(moved(fragment, f"old page {path}"), target, since)
        return _since(leads_to(fragment), target, since)
    if fragment in old_ids:
        return _since(moved(old_ids[fragment], f"old id #{fragment}"), by_id[old_ids[fragment]], since)
    return broken(f"no section #{fragment} on {page or '/'}")


def _since(result: Result, target: dict, since: date | None) -> Result:
    changed = target.get("changed")
    if since and changed and date.fromisoformat(changed["day"]) >= since:
        result.changed = changed
        if result.status == "ok":
            result.status = "changed"
    return result


def check(wiki: Path, site_url: str, targets: dict, since: date | None = None) -> tuple[list[Result], list[dict]]:
    links, skipped = scan(wiki, site_url)
    return [resolve(link, site_url, targets, since) for link in links], skipped


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wiki", type=Path, help="a file or folder of Markdown, HTML or plain text")
    parser.add_argument("--since", help="also report sections with a noted change on or after this day (YYYY-MM-DD)")
    parser.add_argument("--targets", default=str(LOCAL_TARGETS), help="targets.json: an http(s) address or a file")
    parser.add_argument("--site-url", default="", help="the handbook's published address (default: targets.json's)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    try:
        since = parse_since(args.since)
        targets = load_targets(args.targets)
        site_url = site_address(args.site_url, targets)
        results, skipped = check(args.wiki, site_url, targets, since)
    except CheckError as error:
        print(f"check-links: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"links": [asdict(r) for r in results], "skipped": skipped}, indent=1, ensure_ascii=False))
    else:
        for skip in skipped:
            print(f"{skip['file']}: skipped: {skip['reason']}")
        for result in results:
            print(result.line_text())
        counts = {s: sum(r.status == s for r in results) for s in ("ok", "changed", "moved", "broken")}
        print(", ".join(f"{n} {s}" for s, n in counts.items()) + f"; {len(skipped)} files skipped")
    return 1 if any(r.status == "broken" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
