"""The site search's index: Pagefind, run on the built pages after each build.

Material keeps its search box and results list; the answers come from
Pagefind (overrides/assets/javascripts/search-engine.js). hooks/pipeline.py
calls this module to:

- indexes every page of the nav with Pagefind's indexer (the binary that
  `pagefind[bin]` installs), reading only the article (ROOT) and leaving out
  what is not the handbook's prose (IGNORE);
  a page whose front matter says `search: {exclude: true}` is left out, as
  Material's own search plugin does;
- writes two files beside Pagefind's: words.json, the stop words and the
  reviewed synonyms of search/ (validated here, so a bad entry fails the
  build naming the file and line), and vocabulary.json, every indexed word,
  the most frequent first, from which the engine corrects typos;
- fails the build if Pagefind fails or indexes a page as empty.

The offline edition (OFFLINE=true) opens from file://, where Pagefind cannot
fetch its index: it keeps Material's built-in search and skips all this.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

from mkdocs.exceptions import PluginError

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
VOCABULARY_OUT = "vocabulary.json"
VOCABULARY_MIN_LENGTH = 4


def enabled(config) -> bool:
    """False for the offline edition, which keeps Material's own search, and
    where `extra: search_engine: material` asks for it (benchmarks/search.py)."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return not (offline and offline.config.enabled) and config.extra.get("search_engine") != "material"


def read_words(config) -> dict:
    """The word lists of includes/search/, checked (a bad line fails the build, naming it)."""
    words = Path(config.config_file_path).parent / WORDS_DIR
    return {"stop_words": sorted(read_stop_words(words / STOP_WORDS)), "synonyms": read_synonyms(words / SYNONYMS)}


def build(config, nav_pages: list, words: dict) -> None:
    """Pagefind's index of the nav's pages, with the word lists beside it."""
    site = Path(config["site_dir"])
    pages = [p for p in nav_pages if not excluded(p)]
    if not pages:
        raise PluginError("search: no page to index")
    index(site, pages)
    out = site / OUTPUT
    for pattern in UNUSED:
        for path in out.glob(pattern):
            path.unlink()
    write_json(out / WORDS_OUT, {**words, "pages": len(pages)})
    write_json(out / VOCABULARY_OUT, vocabulary(out))


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def excluded(page) -> bool:
    search = (page.meta or {}).get("search") or {}
    return isinstance(search, dict) and bool(search.get("exclude"))


def index(site: Path, pages: list) -> None:
    """Run Pagefind on the pages' built files; fail if it fails or leaves a page without words."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PluginError("search: Pagefind's indexer is missing (pip install -r requirements.txt brings pagefind-bin)")
    files = [Path(page.file.abs_dest_path).relative_to(site).as_posix() for page in pages]
    glob = "{" + ",".join(re.sub(r"([\\{}\[\]*?,!])", r"\\\1", f) for f in files) + "}"
    command = [
        str(binary),
        "--site",
        str(site),
        "--glob",
        glob,
        "--root-selector",
        ROOT,
        "--force-language",
        LANGUAGE,
        "--output-subdir",
        OUTPUT,
        "--quiet",
    ]
    for selector in IGNORE:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"search: Pagefind failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    indexed = {record["url"]: record["word_count"] for record in fragments(site / OUTPUT)}
    for page in pages:
        if not indexed.get("/" + page.url):
            raise PluginError(
                f"search: Pagefind indexed no words of {page.file.src_uri} "
                f"(is there an `{ROOT}` in its page?)\n{done.stdout}{done.stderr}"
            )


def key(token: str) -> str:
    """A word as the engine compares it (key() in search-engine.js): lower case, letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKD", token.lower()) if unicodedata.category(c)[0] in "LN")


def fragments(out: Path):
    """The text Pagefind indexed, page by page, from its fragment files."""
    for path in sorted((out / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(b"pagefind_dcd"):
            raise PluginError(f"search: {path} is not a Pagefind fragment this hook can read")
        yield json.loads(data[len(b"pagefind_dcd") :])


def vocabulary(out: Path) -> list[str]:
    """Every indexed word of VOCABULARY_MIN_LENGTH letters or more, the most frequent first."""
    counts: Counter[str] = Counter()
    for fragment in fragments(out):
        counts.update(w for w in map(key, fragment["content"].split()) if len(w) >= VOCABULARY_MIN_LENGTH)
    if not counts:
        raise PluginError(f"search: Pagefind wrote no fragments under {out}")
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


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


def read_synonyms(path: Path) -> list[list[str]]:
    """Groups of phrases that mean the same, one group a line, phrases separated by commas."""
    groups, seen = [], {}
    for number, line in enumerate(lines(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        phrases = [p.strip() for p in line.split(",")]
        if len(phrases) < 2 or not all(phrases):
            raise PluginError(f"{path}:{number}: a group is two or more phrases separated by commas, not {line!r}")
        for phrase in phrases:
            words = " ".join(filter(None, map(key, phrase.split())))
            if not words:
                raise PluginError(f"{path}:{number}: {phrase!r} has no word in it")
            if words in seen:
                raise PluginError(f"{path}:{number}: {phrase!r} is already in the group on line {seen[words]}")
            seen[words] = number
        groups.append(phrases)
    return groups
