"""The site search's index: Pagefind, run on the built pages after each build.

Material keeps its search box and results list; the answers come from
Pagefind (overrides/assets/javascripts/search-engine.js). hooks/pipeline.py
calls this module to:

- hand every page of the nav to Pagefind's indexer through its Python API
  (`pagefind.index.PagefindIndex`), which reads only the article (ROOT) and
  leaves out what is not the handbook's prose (IGNORE); a page whose front
  matter says `search: {exclude: true}` is left out, as Material's own
  search plugin does. Each page goes in with a space at every block
  boundary (BLOCKS): the minified HTML has none between table cells, list
  items or a term and its description, and Pagefind would read their words
  as one ("managertechnical");
- write words.json beside Pagefind's files: the stop words and the reviewed
  synonyms of includes/search/ (validated here, so a bad entry fails the
  build naming the file and line);
- write words/<letter>.json: the word families, nearby English words and
  correctable site words of lexicon.py, fitted to the words of the index,
  one file per first letter so a search fetches only those of its words;
- fail the build if Pagefind fails or indexes a page as empty.

The offline edition (OFFLINE=true) opens from file://, where Pagefind cannot
fetch its index: it keeps Material's built-in search and skips all this.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook import lexicon, markup

# What Pagefind reads: the article, minus what is not prose. One place for
# the rule, so the copy controls, tags and dates never show up as matches.
ROOT = "article.md-content__inner"
IGNORE = [
    ".md-tags",  # tag chips above the title
    ".md-source-file",  # "Last update: <date>"
    ".hb-link",  # the copy control beside each section (copy_controls.py)
    ".hb-bubble",
    # The generated list of every section on "Link to a section": it repeats
    # each heading of the handbook, so every query would match it; the page's
    # own prose stays searchable.
    ".hb-sections",
    # The generated list of recent changes on "What changed" (changes.py),
    # likewise.
    ".hb-changes",
    # Cards that lead to other pages ("Where to go next"): each repeats a
    # page's summary, so they would match every query about that page.
    ".grid.cards",
]
LANGUAGE = "en"
OUTPUT = "pagefind"
# Pagefind writes UI bundles this site does not use (Material draws the results).
UNUSED = [
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
    "pagefind-worker.js",
    "wasm.unknown.pagefind",
]

# The word lists, beside mkdocs.yml in includes/search/.
WORDS_DIR = Path("includes") / "search"
SYNONYMS = "synonyms.txt"
STOP_WORDS = "stop-words.txt"
WORDS_OUT = "words.json"
LEXICON_OUT = "words"  # words/<first letter>.json
MEANING_OUT = "meaning"  # meaning/<first two letters>.json
# Elements whose edges are word boundaries: a space goes inside each, at both ends.
BLOCKS = "p, li, dt, dd, td, th, tr, caption, summary, figcaption, blockquote, h1, h2, h3, h4, h5, h6, div, br"


def enabled(config) -> bool:
    """False for the offline edition, which keeps Material's own search, and
    where `extra: search_engine: material` asks for it (benchmarks/search.py)."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return not (offline and offline.config.enabled) and config.extra.get("search_engine") != "material"


def read_words(config) -> dict:
    """The word lists of includes/search/, checked (a bad line fails the build, naming it)."""
    words = Path(config.config_file_path).parent / WORDS_DIR
    groups = read_synonyms(words / SYNONYMS)
    return {
        "stop_words": sorted(read_stop_words(words / STOP_WORDS)),
        "synonyms": [group["names"] for group in groups],
        "about": [group["about"] for group in groups],
    }


def build(config, nav_pages: list, words: dict) -> None:
    """Pagefind's index of the nav's pages, with the word lists beside it."""
    site = Path(config["site_dir"])
    pages = [p for p in nav_pages if not excluded(p)]
    if not pages:
        raise PluginError("search: no page to index")
    out = site / OUTPUT
    documents = {"/" + page.url: spaced(page) for page in pages}
    for page in pages:
        if not vocabulary([documents["/" + page.url]]):
            raise PluginError(f"search: {page.file.src_uri} has no words to index")
    asyncio.run(index(documents, out))
    for pattern in UNUSED:
        for path in out.glob(pattern):
            path.unlink()
    write_json(out / WORDS_OUT, {**words, "pages": len(pages)})
    project = Path(config.config_file_path).parent
    names = sorted({phrase_key(phrase) for group in words["synonyms"] for phrase in group})
    chunks = fitted(
        project, vocabulary(documents.values()), set(words["stop_words"]), headings(documents.values()), names
    )
    (out / LEXICON_OUT).mkdir(exist_ok=True)
    (out / MEANING_OUT).mkdir(exist_ok=True)
    meaning: dict[str, dict] = {}
    for letter, chunk in chunks.items():
        for word, targets in chunk.pop("meaning", {}).items():
            meaning.setdefault(word[:2], {})[word] = targets
        write_json(out / LEXICON_OUT / f"{letter}.json", chunk)
    for prefix, chunk in meaning.items():
        write_json(out / MEANING_OUT / f"{prefix}.json", chunk)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def excluded(page) -> bool:
    search = (page.meta or {}).get("search") or {}
    return isinstance(search, dict) and bool(search.get("exclude"))


def spaced(page) -> markup.BeautifulSoup:
    """The page's article as Pagefind reads it: its rendered content (the
    template adds nothing searchable to it) in a document with the article
    element (ROOT), a space inside both ends of every block element (BLOCKS)."""
    soup = markup.document(f'<!doctype html><html lang="{LANGUAGE}"><title></title><article class="md-content__inner">')
    soup.title.string = page.title or ""
    article = soup.select_one(ROOT)
    for node in list(markup.fragment(page.content or "").contents):
        article.append(node)
    for element in article.select(BLOCKS):
        element.insert(0, " ")
        element.append(" ")
    return soup


async def index(documents: dict, out: Path) -> None:
    """Run Pagefind's indexer on the pages (URL -> page), written to a scratch folder
    at their URLs and added in one request (the API answers one request per 0.1 s)."""
    from pagefind.index import IndexConfig, PagefindIndex

    settings = IndexConfig(root_selector=ROOT, exclude_selectors=IGNORE, force_language=LANGUAGE, output_path=str(out))
    with tempfile.TemporaryDirectory(prefix="handbook-search-") as scratch:
        for url, soup in documents.items():
            path = Path(scratch, url.strip("/"), "index.html")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markup.serialize(soup), encoding="utf-8")
        try:
            async with PagefindIndex(config=settings) as pagefind:
                done = await pagefind.add_directory(scratch)
        except Exception as error:  # the service's own errors name what failed
            raise PluginError(f"search: Pagefind failed: {error}") from None
    if done["page_count"] != len(documents):
        raise PluginError(f"search: Pagefind indexed {done['page_count']} pages of {len(documents)}")


def key(token: str) -> str:
    """A word as the engine compares it (key() in search-engine.js): lower case, letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKD", token.lower()) if unicodedata.category(c)[0] in "LN")


def vocabulary(documents) -> list[str]:
    """Every word of the indexed text (ROOT less IGNORE), as key() makes it, the most frequent first."""
    counts: Counter[str] = Counter()
    for soup in documents:
        for root in soup.select(ROOT):
            left_out = {id(element) for element in root.select(", ".join(IGNORE + ["script", "style"]))}
            for text in root.find_all(string=True):
                if not any(id(parent) in left_out for parent in text.parents):
                    counts.update(filter(None, map(key, text.split())))
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def headings(documents) -> set[str]:
    """The words of every heading and page title of the indexed text, as key() makes them."""
    found = set()
    for soup in documents:
        for element in soup.select(", ".join(f"{ROOT} h{n}" for n in range(1, 7)) + ", title"):
            found.update(filter(None, map(key, element.get_text(" ").split())))
    return found


def fitted(project: Path, words: list[str], stop_words: set[str], topics: set[str], names: list[str]) -> dict:
    """lexicon.fit() for these words, kept on disk by what it depends on, since reading WordNet takes seconds."""
    try:
        dictionary = lexicon.folder(project)
        irregular = lexicon.exceptions_folder(project)
    except lexicon.LexiconError as error:
        raise PluginError(str(error)) from None
    stamp = hashlib.sha256(
        json.dumps([words, sorted(stop_words), sorted(topics), names]).encode()
        + Path(lexicon.__file__).read_bytes()
        + (dictionary.parent / "package.json").read_bytes()
        + (irregular.parent / "package.json").read_bytes()
    ).hexdigest()[:32]
    cache = Path(tempfile.gettempdir()) / "handbook-search" / f"{stamp}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    chunks = lexicon.fit(lexicon.WordNet(dictionary, irregular), words, stop_words, topics, names)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(f".{id(chunks)}.tmp")
    partial.write_text(json.dumps(chunks), encoding="utf-8")
    partial.replace(cache)
    return chunks


def lines(path: Path) -> list[str]:
    if not path.is_file():
        raise PluginError(f"search: {path} is missing (the search's word lists live in {WORDS_DIR}/)")
    return path.read_text(encoding="utf-8").splitlines()


def read_stop_words(path: Path) -> set[str]:
    words = set()
    for number, line in enumerate(lines(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if len(line.split()) != 1 or not key(line):
            raise PluginError(f"{path}:{number}: a stop word is one word per line, not {line!r}")
        words.add(line.lower())
    return words


def read_synonyms(path: Path) -> list[dict]:
    """Groups of phrases, one group a line, phrases separated by commas: `names` that mean
    the same, and after a `>` the handbook's own phrases for what they are `about`
    (postmortem, incident review > incident): a query with a name also finds those, never
    the other way round."""
    groups, seen = [], {}
    for number, line in enumerate(lines(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        names_text, _, about_text = line.partition(">")
        names = [p.strip() for p in names_text.split(",")]
        about = [p.strip() for p in about_text.split(",")] if about_text.strip() else []
        if len(names) + len(about) < 2 or not all(names + about) or (">" in line and not about) or line.count(">") > 1:
            raise PluginError(
                f"{path}:{number}: a group is two or more phrases separated by commas "
                f"(and after a `>`, the handbook's phrases they are about), not {line!r}"
            )
        for phrase in names + about:
            if not phrase_key(phrase):
                raise PluginError(f"{path}:{number}: {phrase!r} has no word in it")
        for phrase in names:
            words = phrase_key(phrase)
            if words in seen:
                raise PluginError(f"{path}:{number}: {phrase!r} is already in the group on line {seen[words]}")
            seen[words] = number
        groups.append({"names": names, "about": about, "line": number})
    return groups


def phrase_key(phrase: str) -> str:
    """A phrase as the engine compares it: its words by key(), space-separated."""
    return " ".join(filter(None, map(key, phrase.split())))
