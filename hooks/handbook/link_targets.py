"""What a link target is: the one definition every hook, tool and test imports.

A link target is a place in a page that a reader can link to by id and that
the handbook promises to keep:

- a heading below the page title (h2 to h6), FAQ questions included (they are
  h2 headings inside `<details class="question"><summary>`);
- a comparison-row label, `**Label**{ #id }` in the first cell of a table row;
- an old id kept after a rename (`anchor_aliases: {old: new}` in front matter),
  published as an empty `<span class="hb-alias" id="old">` just before the
  target it now names.

Every id is a short id (`a-z`, `0-9`, single hyphens) and is unique across
the whole site, because short links (`/s/<id>/`) name only the id. The
build (hooks/pipeline.py and the steps it calls), `scripts/anchors.py` and
the tests all read targets through this module, on trees from markup.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import Tag
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import markup

SHORT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Every link target ever published, `/page/#id` a line, beside mkdocs.yml
# (scripts/anchors.py appends new ones; the build refuses to drop one).
LOCKFILE = "includes/anchors.lock"
SHORT_PREFIX = "s"
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
ALIAS_CLASS = "hb-alias"
MAX_DESCRIPTION = 160
# Elements whose ids are link targets, inside a page's article.
SELECTOR = ", ".join([*(f"{h}[id]" for h in HEADINGS), "table td > strong[id]", f"span.{ALIAS_CLASS}[id]"])
# Parts of a heading that are controls, not its title.
CONTROLS = ".headerlink, .hb-link"


class TargetError(ValueError):
    """A broken link target; the message names the file."""


@dataclass
class Target:
    id: str
    title: str
    kind: str  # "heading", "question", "row" or "alias"
    page_url: str  # the page's URL, relative to the site root ("" for the home page)
    src: str  # the page's Markdown file, relative to docs/
    description: str = ""
    page_title: str = ""
    alias_of: str | None = None  # for an alias, the id it forwards to

    @property
    def short_path(self) -> str:
        return f"{SHORT_PREFIX}/{self.id}/"

    @property
    def landing_id(self) -> str:
        return self.alias_of or self.id

    @property
    def label(self) -> str:
        """How a link names it, in previews and copied Markdown: 'The Diplomat · The three hats'."""
        return f"{self.title} · {self.page_title}" if self.page_title else self.title


def plain(el: Tag) -> str:
    """The visible text of an element without its controls, whitespace folded."""
    return markup.text_of(el, CONTROLS)


def shorten(sentence: str, limit: int = MAX_DESCRIPTION) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def kind_of(el: Tag) -> str:
    if el.name == "strong":
        return "row"
    if ALIAS_CLASS in el.get("class", []):
        return "alias"
    if el.parent is not None and el.parent.name == "summary":
        return "question"
    return "heading"


def _heading_level(el: Tag) -> int:
    return int(el.name[1])


def describe(el: Tag, kind: str) -> str:
    """One line that says what the target holds: the first paragraph (or list
    item) of a section or a FAQ answer, shortened to MAX_DESCRIPTION, or a
    row's cells under their column names, each whole."""
    if kind == "row":
        row = el.find_parent("tr")
        table = el.find_parent("table")
        heads = [plain(th) for th in table.select("thead th")]
        cells = [plain(td) for td in row.find_all("td")]
        # Every cell whole, under its column name: a row is read cell by cell, never cut.
        return "; ".join(f"{h}: {c}" for h, c in zip(heads[1:], cells[1:], strict=False))
    start = el.parent if kind == "question" else el
    level = _heading_level(el)
    for block in start.find_all_next(["p", "ul", "ol", *HEADINGS]):
        if start in block.parents:
            continue
        if block.name in HEADINGS and _heading_level(block) <= level:
            break
        if block.find_parent(class_="admonition") or block.find_parent(["li", "table"]):
            continue
        if block.name == "p":
            text = plain(block)
        else:
            text = "; ".join(plain(li) for li in block.find_all("li", recursive=False))
        if text:
            return shorten(text)
    return ""


def find(article: Tag, *, page_url: str = "", src: str = "", page_title: str = "") -> list[Target]:
    """Every link target in a page's article, in document order."""
    found = []
    for el in article.select(SELECTOR):
        kind = kind_of(el)
        if kind == "alias":
            following = el.find_next(lambda t, el=el: isinstance(t, Tag) and t.get("id") and t is not el)
            found.append(
                Target(
                    el["id"],
                    "",
                    kind,
                    page_url,
                    src,
                    page_title=page_title,
                    alias_of=following["id"] if following else None,
                )
            )
            continue
        found.append(Target(el["id"], plain(el), kind, page_url, src, describe(el, kind), page_title))
    # An alias takes the title and description of the target it forwards to.
    by_id = {t.id: t for t in found if t.kind != "alias"}
    for alias in (t for t in found if t.kind == "alias"):
        if alias.alias_of in by_id:
            alias.title, alias.description = by_id[alias.alias_of].title, by_id[alias.alias_of].description
    return found


def all_ids(article: Tag) -> list[tuple[str, str]]:
    """(id, tag name) of every element with an id in a page's article."""
    return [(el["id"], el.name) for el in article.find_all(id=True)]


# ---------------------------------------------------------------------------
# The whole site, checked once every page is known
# ---------------------------------------------------------------------------


@dataclass
class Site:
    """Link targets of every page, and the checks that need them all."""

    targets: dict[str, Target] = field(default_factory=dict)  # id -> target, aliases included
    pages: dict[str, list[Target]] = field(default_factory=dict)  # page URL -> its targets

    def add_page(self, src: str, page_url: str, found: list[Target], ids: list[tuple[str, str]]) -> None:
        """Record one page's targets (old ids included); raise TargetError for anything that breaks a link."""
        seen: dict[str, str] = {}
        for element_id, tag in ids:
            if element_id in seen:
                raise TargetError(
                    f"{src}: id #{element_id} is used twice on the page (<{seen[element_id]}> and <{tag}>)"
                )
            seen[element_id] = tag
        for target in found:
            if not SHORT_ID.match(target.id):
                raise TargetError(
                    f"{src}: id #{target.id} of {target.title!r} is not a short id "
                    "(lower-case letters, digits and single hyphens)"
                )
            if target.id in self.targets:
                raise TargetError(clash(target, self.targets[target.id]))
            self.targets[target.id] = target
        self.pages[page_url] = found

    def check_ids_elsewhere(self, src: str, ids: list[tuple[str, str]], own: set[str]) -> None:
        """No element of a page may reuse another page's link-target id."""
        for element_id, tag in ids:
            if element_id in own:
                continue
            target = self.targets.get(element_id)
            if target and target.src != src:
                raise TargetError(
                    f'{src}: <{tag} id="{element_id}"> reuses the link target #{element_id} of {target.src}'
                )


def collect(pages: list, tree_of) -> Site:
    """Every link target of every page (`tree_of(page)` gives a page's content
    tree), old ids placed just before the targets they now name, checked as a
    whole: unique short ids that never shadow one another, whatever the page
    order. Raises TargetError naming the file."""
    site = Site()
    for page in pages:
        tree = tree_of(page)
        src, url = page.file.src_uri, page.url
        title = page.meta.get("title") or page.title or ""
        found = find(tree, page_url=url, src=src, page_title=title)
        aliases = check_aliases(src, page.meta.get("anchor_aliases") or {}, found)
        found += place_aliases(tree, aliases, found, src, url, title)
        site.add_page(src, url, found, all_ids(tree))
    for page in pages:
        own = {t.id for t in site.pages.get(page.url, [])}
        site.check_ids_elsewhere(page.file.src_uri, all_ids(tree_of(page)), own)
    return site


def place_aliases(tree, aliases: dict, found: list[Target], src: str, url: str, page_title: str) -> list[Target]:
    """Put an empty element with each old id just before the target it now names."""
    placed = []
    known = {t.id: t for t in found}
    for old, new in aliases.items():
        target = known[new]
        span = tree.new_tag("span", attrs={"id": str(old), "class": ALIAS_CLASS})
        tree.find(id=new).insert_before(span)
        placed.append(Target(str(old), target.title, "alias", url, src, target.description, page_title, alias_of=new))
    return placed


def read_locked(text: str) -> list[str]:
    """The `/page/#id` lines of a lockfile."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def check_locked(site: Site, locked: list[str], redirects: dict[str, str], sources: dict[str, str]) -> list[str]:
    """Published link targets that would no longer open, each with how to keep it.

    locked: `/page/#id` entries (as published with folder addresses);
    redirects: mkdocs.yml's redirect_maps (old.md: new.md); sources: page URL
    -> its Markdown file, for every page. Pages are matched by their Markdown
    file, so an edition with other addresses (the offline one) checks the same.
    """
    found = []
    by_source = {src: url for url, src in sources.items()}
    for entry in locked:
        path, _, target_id = entry.partition("#")
        stem = path.strip("/")
        candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
        src = next((c for c in candidates if c in by_source), None)
        if src is not None:
            if target_id not in {t.id for t in site.pages.get(by_source[src], [])}:
                found.append(
                    f"{src}: #{target_id} was published ({entry}) and is gone; keep it with "
                    f"`anchor_aliases: {{{target_id}: <new-id>}}` in the front matter"
                )
            continue
        old = next((c for c in candidates if c in redirects), None)
        if old is None:
            found.append(
                f"{entry}: the page {path} was published and is gone; add `<old>.md: <new>.md` "
                "to the redirects plugin's redirect_maps in mkdocs.yml"
            )
            continue
        new = str(redirects[old]).split("#")[0]
        if new in by_source and target_id not in {t.id for t in site.pages.get(by_source[new], [])}:
            found.append(
                f"{new}: #{target_id} was published on {path}, which now redirects here, "
                f"and is gone; keep it with `anchor_aliases: {{{target_id}: <new-id>}}`"
            )
    return found


def clash(one: Target, other: Target) -> str:
    """Why two targets may not share an id, naming the file to change first."""
    if one.kind != "alias" and other.kind == "alias":
        one, other = other, one
    if one.kind == "alias":
        held = "an old id kept by" if other.kind == "alias" else "the id of a section in"
        return (
            f"{one.src}: anchor_aliases key #{one.id} is already {held} {other.src}; "
            "an old id may never take over a published link"
        )
    return (
        f"{one.src}: #{one.id} is already a section id in {other.src}; "
        "ids must be unique across the site because short links name only the id"
    )


def check_aliases(src: str, aliases: object, found: list[Target]) -> dict[str, str]:
    """A page's `anchor_aliases`, checked: a mapping of short ids to ids of its own sections."""
    if not isinstance(aliases, dict):
        raise TargetError(
            f"{src}: anchor_aliases must map old ids to new ones, such as `anchor_aliases: {{old-id: new-id}}`"
        )
    own = {t.id for t in found}
    for old, new in aliases.items():
        if not isinstance(old, str) or not SHORT_ID.match(old):
            raise TargetError(
                f"{src}: anchor_aliases key {old!r} is not a short id (lower-case letters, digits and single hyphens)"
            )
        if new not in own:
            raise TargetError(f"{src}: anchor_aliases maps #{old} to #{new}, which is not a section of this page")
        if old in own:
            raise TargetError(f"{src}: anchor_aliases key #{old} is already a section id on this page")
    return aliases


# ---------------------------------------------------------------------------
# Headings must carry an explicit id
# ---------------------------------------------------------------------------


class _ExplicitIds(Treeprocessor):
    """Runs after attr_list has set `{ #id }` ids and before toc invents the
    rest: a heading below the title without an id of its own is recorded."""

    def __init__(self, md, missing: list[str]):
        super().__init__(md)
        self.missing = missing

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag in HEADINGS and "id" not in el.attrib:
                self.missing.append("".join(el.itertext()).strip())


class ExplicitIds(Extension):
    """A Markdown extension that lists headings written without `{ #id }`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.missing: list[str] = []

    def extendMarkdown(self, md):
        # attr_list runs at priority 8, toc at 5.
        md.treeprocessors.register(_ExplicitIds(md, self.missing), "hb_explicit_ids", 6)


# ---------------------------------------------------------------------------
# Reading a built site (the lockfile tool and the tests)
# ---------------------------------------------------------------------------


def built_pages(site_dir: Path):
    """(page path such as '/faq/', article element) for every content page of a built site."""
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.relative_to(site_dir).parent.as_posix()
        if rel == SHORT_PREFIX or rel.startswith(f"{SHORT_PREFIX}/"):
            continue
        article = markup.document(path.read_text(encoding="utf-8")).select_one("article.md-content__inner")
        if article is None:
            continue  # redirect stubs
        yield ("/" if rel == "." else f"/{rel}/"), article


def built_targets(site_dir: Path) -> dict[str, list[Target]]:
    """Every page's link targets, keyed by page path."""
    return {
        page: find(article, page_url=page.strip("/") + "/" if page != "/" else "")
        for page, article in built_pages(site_dir)
    }
