"""The build's cache folder: work kept between builds, never published.

`.cache/` beside mkdocs.yml (gitignored), or the folder that the
HANDBOOK_CACHE environment variable names (the tests point every build of
a run at one folder). Each step keeps its files in a folder of its own;
whatever is there may be deleted at any time and is made again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV = "HANDBOOK_CACHE"


def folder(config, name: str) -> Path:
    """The cache folder of one step (`cards`, `visible-text`), created if missing."""
    root = os.environ.get(ENV) or Path(config.config_file_path).parent / ".cache"
    path = Path(root) / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(path: Path, write) -> None:
    """Call write(file) on a file beside `path`, then rename it into place: a
    build running at the same time never reads half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            write(f)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
