"""The anchor lockfile: every link target the site has ever published.

tests/anchors.lock holds one `/page-path/#id` per line. Targets are added,
never removed: a test fails when a locked target disappears from the build.
Run `make anchors` after adding sections to append the new ones.
"""

import sys
from pathlib import Path

from bs4 import BeautifulSoup

LOCKFILE = Path(__file__).with_name("anchors.lock")
# What a reader can link to: headings (FAQ questions are headings too),
# comparison-row labels, topic headings, and old ids kept after a rename.
SELECTOR = "article h2[id], article h3[id], article table strong[id], article .hb-alias[id]"


def targets(site_dir: Path) -> set[str]:
    found = set()
    for path in site_dir.rglob("index.html"):
        rel = path.relative_to(site_dir).parent.as_posix()
        if rel.startswith("s/"):
            continue
        html = path.read_text(encoding="utf-8")
        if 'class="md-content__inner' not in html:
            continue  # redirect stubs
        page = "/" if rel == "." else f"/{rel}/"
        found.update(f"{page}#{el['id']}" for el in BeautifulSoup(html, "html.parser").select(SELECTOR))
    return found


def locked() -> list[str]:
    lines = LOCKFILE.read_text(encoding="utf-8").splitlines() if LOCKFILE.exists() else []
    return [line for line in lines if line and not line.startswith("#")]


def main(site_dir: str) -> int:
    old = locked()
    new = sorted(targets(Path(site_dir)) - set(old))
    header = [] if LOCKFILE.exists() else ["# Published link targets (/page/#id). Append only: see tests/anchors.py."]
    with LOCKFILE.open("a", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in header + new)
    print(f"anchors.lock: {len(old)} kept, {len(new)} added")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "site"))
