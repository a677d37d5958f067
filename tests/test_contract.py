"""The contract between the build and docs/javascripts/extra.js, held from
both sides: the data- attributes of a copy control, listed once with their
meaning in hooks/handbook/copy_controls.py (CONTRACT) and written by
overrides/partials/handbook/copy-control.html.

Every data- attribute the built controls carry is in CONTRACT, and so is
every one extra.js reads; every page names its own path (meta hb:page, for
passage links); the script formats nothing and knows no URL scheme, so a
date or an address it shows can only come from the build."""

from __future__ import annotations

import re

from handbook import copy_controls, link_targets
from support import ROOT

EXTRA_JS = ROOT / "docs" / "javascripts" / "extra.js"
# What every control carries (the changed-date pair is absent when unknown).
ALWAYS = {"data-hb-link", "data-hb-short", "data-hb-label"}


def attribute(camel: str) -> str:
    """dataset.hbChangedLabel -> data-hb-changed-label"""
    return "data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), camel)


def read_by(script: str) -> set[str]:
    """The data- attributes a script reads: through dataset, getAttribute or a selector."""
    found = {attribute(name) for name in re.findall(r"\.dataset\.([A-Za-z]+)", script)}
    found |= {attribute(name) for name in re.findall(r"""\.dataset\[\s*["']([A-Za-z]+)""", script)}
    found |= set(re.findall(r"""(?:get|has)Attribute\(\s*["'](data-[a-z-]+)""", script))
    found |= set(re.findall(r"\[(data-[a-z-]+)", script))
    return found


def formatting(script: str) -> list[str]:
    """What in a script would format a date or build an address of the site's own."""
    rules = {
        "formats a date": r"\bIntl\.|toLocale\w*String|new Date\(",
        "names the short links' folder": rf"""["'`]/?{link_targets.SHORT_PREFIX}/""",
    }
    return [what for what, rule in rules.items() if re.search(rule, script)]


def outside_contract(site) -> list[str]:
    """Controls in the built pages with a data- attribute CONTRACT lacks, or without one it promises."""
    found = []
    for path in site.pages():
        for control in site.soup(path).select(f"button.{copy_controls.CONTROL_CLASS}"):
            data = {name for name in control.attrs if name.startswith("data-")}
            where = f"{path.relative_to(site.dir).as_posix()} #{control.get('data-hb-link')}"
            found += [f"{where}: {name} is not in CONTRACT" for name in sorted(data - copy_controls.CONTRACT.keys())]
            found += [f"{where}: no {name}" for name in sorted(ALWAYS - data)]
    return found


def test_the_built_controls_carry_only_what_the_contract_lists(site):
    found = outside_contract(site)
    assert not found, "\n".join(found[:20])


def test_every_page_names_its_own_path(site):
    """Passage links are the page's address plus a text fragment: its path comes from the build too."""
    for path in site.pages():
        meta = site.soup(path).find("meta", attrs={"name": "hb:page"})
        rel = path.relative_to(site.dir).as_posix().removesuffix("index.html")
        # The home page's is empty, which the minifier writes as no content at all.
        assert meta is not None and meta.get("content", "") == rel, (rel, meta)


def test_the_script_reads_only_what_the_contract_lists():
    script = EXTRA_JS.read_text(encoding="utf-8")
    read = read_by(script)
    assert {"data-hb-short", "data-hb-label"} <= read, read  # the reading is seen at all
    assert read <= copy_controls.CONTRACT.keys(), sorted(read - copy_controls.CONTRACT.keys())
    assert not formatting(script), formatting(script)


def test_every_check_can_fail(tmp_path):
    script = """
      const when = new Date(control.dataset.hbChanged).toLocaleDateString();
      const url = "/s/" + control.dataset.hbLink;
      el.getAttribute("data-hb-secret"); document.querySelector("[data-hb-other]");
    """
    assert {"data-hb-changed", "data-hb-link", "data-hb-secret", "data-hb-other"} <= read_by(script)
    assert formatting(script) == ["formats a date", "names the short links' folder"]

    class Made:  # a made-up site: one page, one control off the contract
        dir = tmp_path
        page = tmp_path / "index.html"

        def pages(self):
            return [self.page]

        def soup(self, path):
            from bs4 import BeautifulSoup

            return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    Made.page.write_text('<button class="hb-link" data-hb-link="x" data-hb-short="s/x/" data-hb-extra="1"></button>')
    found = outside_contract(Made())
    assert any("data-hb-extra is not in CONTRACT" in f for f in found), found
    assert any("no data-hb-label" in f for f in found), found
