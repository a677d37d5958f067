"""Does the search hold for queries nobody wrote? A synthetic check on the tuning half.

`python -m benchmarks.search_generalise` builds the handbook once from a copy
of the project (or reads a built site: --site), serves it as benchmarks/search.py
does and types into the header search box, in Chromium:

- the queries of the chosen sets (--sets: the tuning half, the older table;
  never the held-out half, which only benchmarks/search.py reads, for counts);
- variants of the answerable tuning queries, each with the same expected
  sections: one word of the query misspelt by one edit (a letter dropped,
  doubled, swapped with the next or replaced by a neighbour on the keyboard,
  never the first letter), and one word replaced by another member of its
  lemma, its plural, or a lemma one derivational link away in WordNet
  (hooks/handbook/lexicon.py: strategy -> strategic, disagree -> disagreement),
  a form the query's writer might as well have typed.

It prints, per set and per kind of variant, how often the right page is first
and an expected section is in the first three (support.judged), and how many
answerable queries got no result; then what a first search downloads (gzip)
for a few tuning queries. Nothing is written and nothing passes or fails: the
variants are generated with a fixed seed, so two runs compare like with like
(a variant the engine gets right on the original but not here is a sign of
tuning to the written queries).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import tempfile
from pathlib import Path

from support import Host, build, copy_project, judged, launch_chromium, load_table, strict_build_problem

from . import ROOT
from .search import FIRST_SEARCHES, LATENCY_QUERIES, SETS, answers_typed, first_searches, log

CHOICES = ("tuning", "older")  # the held-out half is never read here
SEED = 20261202
MIN_LENGTH = 5  # words shorter than this are left as written
# Letters beside each letter on a QWERTY keyboard: a slip replaces one with its neighbour.
NEIGHBOURS = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
    "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et",
    "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
}  # fmt: skip


def slip(word: str, rng: random.Random) -> str:
    """One typing slip in a word, never at its first letter."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "neighbour"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[: i + 1] + word[i:]
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(NEIGHBOURS.get(word[i], "e")) + word[i + 1 :]


def content_words(query: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", query.lower()) if len(w) >= MIN_LENGTH]


def variants(rows, wordnet, lexicon) -> dict[str, list[tuple[str, str, list[str]]]]:
    """(kind, query, expected) rows: a typo and a family form of each answerable query."""
    rng = random.Random(SEED)
    out: dict[str, list] = {"typo": [], "family form": []}
    for kind, query, expected in rows:
        words = content_words(query)
        if not expected or not words:
            continue
        word = rng.choice(words)
        out["typo"].append((kind, query.replace(word, slip(word, rng), 1), expected))
        others = sorted(
            form
            for lemma, pos in wordnet.lemmas_of(word)
            for form in wordnet.derived(lemma) | {lemma} | ({lexicon.plural(lemma)} if pos == "noun" else set())
            if form.isalpha() and form != word and len(form) >= MIN_LENGTH
        )
        if others:
            out["family form"].append((kind, query.replace(word, rng.choice(others), 1), expected))
    return out


def summary(rows, answers, show: bool = False) -> str:
    answerable = [(q, e) for _, q, e in rows if e]
    first = three = empty = 0
    for query, expected in answerable:
        page_first, in_three = judged(answers[query], expected)
        first += page_first
        three += in_three
        empty += not answers[query]
        if show and not page_first:
            print(f"    missed {query!r}: {answers[query][:3]}")
    n = len(answerable)
    shown = sum(bool(answers[q]) for _, q, e in rows if not e)
    line = f"page first {first}/{n} ({100 * first / n:.1f} %), section in three {three}/{n}, empty {empty}"
    return line + (f"; no good answer but shown {shown}/{len(rows) - n}" if len(rows) > n else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_generalise", description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", choices=CHOICES, default=list(CHOICES), help="query sets to score")
    parser.add_argument("--site", type=Path, help="a built site to serve instead of building one")
    parser.add_argument("--no-variants", action="store_true", help="only the sets, no generated variants")
    parser.add_argument("--show", action="store_true", help="list the queries whose first result is wrong")
    parser.add_argument("--bytes", type=int, default=FIRST_SEARCHES, help="first searches to weigh (0: none)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from handbook import lexicon

    sets = {name: load_table(SETS[name]) for name in args.sets}
    tuning = load_table(SETS["tuning"])
    if not args.no_variants:
        wordnet = lexicon.WordNet(lexicon.folder(ROOT), lexicon.exceptions_folder(ROOT))
        sets |= {f"tuning, {kind}": rows for kind, rows in variants(tuning, wordnet, lexicon).items()}
    work = Path(tempfile.mkdtemp(prefix="handbook-search-generalise-"))
    try:
        site = args.site
        if site is None:
            log("building")
            done = build(copy_project(work / "project"), work / "site", site_url=None)
            if problem := strict_build_problem(done):
                raise SystemExit(problem[-3000:])
            site = work / "site"
        host = Host(site)
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                try:
                    queries = sorted({q for rows in sets.values() for _, q, _ in rows})
                    log(f"{len(queries)} queries")
                    answers = answers_typed(browser, host.url, queries)
                    for name, rows in sets.items():
                        print(f"{name:>20}: {summary(rows, answers, args.show)}")
                    if args.bytes:
                        # The queries benchmarks/search.py weighs, in its order.
                        answerable = [q for _, q, e in tuning if e]
                        sample = answerable[:: max(1, len(answerable) // LATENCY_QUERIES)][: args.bytes]
                        for query, row in zip(sample, first_searches(browser, host, sample), strict=True):
                            parts = ", ".join(f"{k.split(' (')[0]} {n / 1024:.1f}" for k, n in row["bytes"].items())
                            print(f"first search {query!r}: {sum(row['bytes'].values()) / 1024:.1f} KiB gzip: {parts}")
                finally:
                    browser.close()
        finally:
            host.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
