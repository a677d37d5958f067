"""The anchor lockfile: every link target the site has ever published.

includes/anchors.lock holds one `/page-path/#id` per line. Targets are added,
never removed: the build fails when a locked target disappears from it
(hooks/handbook/link_targets.py check_locked).
After adding sections, `make anchors` builds the site and runs this to
append the new ones. What counts as a target is link_targets.py's to say.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from handbook import link_targets  # noqa: E402  (found through the path above)

LOCKFILE = ROOT / link_targets.LOCKFILE
HEADER = "# Published link targets (/page/#id). Append only: see scripts/anchors.py."


def published(site_dir: Path) -> set[str]:
    """Every link target of a built site, as `/page/#id`."""
    return {
        f"{page}#{target.id}" for page, targets in link_targets.built_targets(site_dir).items() for target in targets
    }


def locked() -> list[str]:
    return link_targets.read_locked(LOCKFILE.read_text(encoding="utf-8")) if LOCKFILE.exists() else []


def main(site_dir: str) -> int:
    old = locked()
    new = sorted(published(Path(site_dir)) - set(old))
    header = [] if LOCKFILE.exists() else [HEADER]
    with LOCKFILE.open("a", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in header + new)
    print(f"anchors.lock: {len(old)} kept, {len(new)} added")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "site"))
