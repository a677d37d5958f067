"""Vendored browser files: fetch each from its npm package and check it (`make vendor`).

scripts/vendor.json lists every file the site ships from an npm package:
the package, its version, the tarball's integrity as the registry publishes
it, the file inside the package and its SHA-256, and the licence. For each
entry this tool downloads the tarball from the npm registry (the only host
it contacts), checks the tarball against the recorded integrity and the file
against the recorded SHA-256, and writes the file (a header naming the
package, version and licence, then the package's bytes unchanged) and its
licence beside it. A mismatch stops it and writes nothing for that entry.

tests/test_vendored.py checks the committed files against the same record,
without the network.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "scripts" / "vendor.json"
REGISTRY = "https://registry.npmjs.org"


def entries() -> dict[str, dict]:
    return {
        path: entry
        for path, entry in json.loads(MANIFEST.read_text(encoding="utf-8")).items()
        if not path.startswith("_")
    }


def body_of(text: bytes, header: str) -> bytes:
    """The package's bytes in a vendored file: what follows its header."""
    if not text.startswith(header.encode("utf-8")):
        raise ValueError("the file does not start with the header scripts/vendor.json records")
    return text[len(header.encode("utf-8")) :]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(entry: dict) -> tuple[bytes, bytes]:
    """The file and the licence from the package tarball, both checked."""
    name, version = entry["package"], entry["version"]
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (the npm registry only)
        tarball = response.read()
    algorithm, expected = entry["integrity"].split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        raise ValueError(f"{name}@{version}: the tarball does not match the recorded integrity")
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        data = tar.extractfile(f"package/{entry['file']}").read()
        licence = next(
            (
                tar.extractfile(m).read()
                for m in tar.getmembers()
                if m.name.lower() in ("package/license", "package/license.md", "package/license.txt")
            ),
            b"",
        )
    if sha256(data) != entry["sha256"]:
        raise ValueError(f"{name}@{version}: {entry['file']} does not match the recorded sha256")
    if not licence:
        raise ValueError(f"{name}@{version}: the package has no licence file")
    return data, licence


def main() -> int:
    for path, entry in entries().items():
        data, licence = fetch(entry)
        (ROOT / path).write_bytes(entry["header"].encode("utf-8") + data)
        (ROOT / entry["license_file"]).write_bytes(licence)
        print(f"{path}: {entry['package']}@{entry['version']} {entry['file']}, checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
