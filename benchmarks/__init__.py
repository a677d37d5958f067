"""Measure this handbook against Material's defaults on the same docs.

`make bench` runs `python -m benchmarks` (see __main__.py). Each module has
one job:

- variants.py: the configurations (overlays/*.yml, MkDocs `INHERIT:`) and
  timed builds;
- built.py: figures read from a built site (its pages, render-blocking
  references, search index);
- browser.py: page loads in Chromium on a throttled phone profile;
- lighthouse.py: Lighthouse runs and the figures kept from them;
- features.py: what each feature costs (the site rebuilt without it), and
  what each of the handbook's own ways saves (Material's way put back);
- scaling.py: builds at 1x, 10x and 50x the pages; profiling.py: where a
  build's time goes;
- search.py: the site search against plain Pagefind and Material's engine
  on the labelled reader queries, its speed while typing and what a first
  search downloads (a run of its own: `python -m benchmarks.search`);
- targets.py: each target of the handbook, met or missed, from the figures;
- results.py: the run's record (date, machine, versions, command) and
  results.json; render.py: results.md, tables only.

search.py, run by `make bench` after the package, measures the search
(Pagefind against Material's engine) and writes search.json and search.md.
The analysis is written by a person in report.md. Building, serving and the
browser are shared with the tests (tests/support.py).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # support.py: what the tests and the bench share
