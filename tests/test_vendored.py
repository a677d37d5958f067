"""Vendored browser files are their packages' own bytes, with their version and
licence beside them (scripts/vendor.json; `make vendor` fetches and checks
them from the npm registry; this test needs no network)."""

import pytest

from support import ROOT
from vendor import body_of, entries, sha256

VENDORED = entries()


@pytest.mark.parametrize("path", VENDORED)
def test_a_vendored_file_is_its_package_file_with_version_and_licence(path):
    entry = VENDORED[path]
    text = (ROOT / path).read_bytes()
    assert sha256(body_of(text, entry["header"])) == entry["sha256"], (
        f"{path} differs from {entry['package']}@{entry['version']}"
    )
    assert f"{entry['package']} {entry['version']}" in entry["header"]
    licence = (ROOT / entry["license_file"]).read_text(encoding="utf-8")
    assert len(licence) > 200 and ("MIT" in entry["license"]) == ("Permission is hereby granted" in licence)


def test_every_vendored_file_is_listed():
    folder = ROOT / "overrides" / "assets" / "javascripts"
    listed = {ROOT / path for path in VENDORED}
    own = {folder / "search-engine.js"}
    assert set(folder.glob("*.js")) - own == listed


def test_the_check_can_fail():
    entry = next(iter(VENDORED.values()))
    with pytest.raises(ValueError):
        body_of(b"/* another header */\n" + b"x", entry["header"])
    assert sha256(body_of(entry["header"].encode() + b"changed", entry["header"])) != entry["sha256"]
