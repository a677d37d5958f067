"""What a pasted link shows before anyone clicks it: checked on the built site.

Every page and every short link has a preview card of its own (a 1200x630
PNG naming the section and its page, hooks/handbook/cards.py), used by
og:image and twitter:image with its size and text alternative; the
preview's text ends its description with a full stop before the day; a
table row's preview spells out each cell under its column name; and
/favicon.ico answers with the handbook's icon.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from handbook import link_targets

PNG = b"\x89PNG\r\n\x1a\n"


def preview(soup) -> dict[str, str]:
    """The preview tags of a built page: og:*, article:* and twitter:* by name (the
    handbook's own hb:* tags are for its script, not for previews)."""
    found = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    found |= {
        m["name"]: m.get("content", "")
        for m in soup.find_all("meta", attrs={"name": True})
        if ":" in m["name"] and not m["name"].startswith("hb:")
    }
    return found


def card_file(site, address: str) -> Path:
    assert address.startswith(site.url), address
    return site.dir / address[len(site.url) :]


def short_links(site) -> list[Path]:
    return sorted((site.dir / link_targets.SHORT_PREFIX).glob("*/index.html"))


def test_every_page_and_short_link_has_its_own_card(site):
    cards: dict[str, str] = {}
    linking = [*site.pages(), *short_links(site)]
    assert len(linking) > 80
    for path in linking:
        tags = preview(site.soup(path))
        where = path.relative_to(site.dir).as_posix()
        assert tags["og:image"] == tags["twitter:image"], where
        assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
        assert tags["og:image:alt"] and tags["og:image:alt"] == tags["twitter:image:alt"], where
        data = card_file(site, tags["og:image"]).read_bytes()
        assert data[:8] == PNG and struct.unpack(">II", data[16:24]) == (1200, 630), where
        digest = hashlib.sha256(data).hexdigest()
        assert digest not in cards, f"{where} shows the same card as {cards.get(digest)}"
        cards[digest] = where


def test_a_short_links_card_is_named_for_its_section(site):
    tags = preview(site.soup(site.dir / "s" / "diplomat" / "index.html"))
    assert tags["og:image"] == f"{site.url}assets/cards/s/diplomat.png"
    assert tags["og:image:alt"] == "The Diplomat · The three hats" == tags["og:title"]


def test_pages_and_short_links_share_one_set_of_preview_tags(site):
    page = set(preview(site.soup(site.page("three-hats/"))))
    short = set(preview(site.soup(site.dir / "s" / "diplomat" / "index.html")))
    assert page == short - {"article:modified_time"}, page ^ short


def test_a_row_preview_spells_out_every_cell_under_its_column_name(site):
    table = site.soup(site.page("manager-vs-leader/")).find(id="time-horizon").find_parent("table")
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    cells = [td.get_text(" ", strip=True) for td in table.find(id="time-horizon").find_parent("tr").find_all("td")]
    description = preview(site.soup(site.dir / "s" / "time-horizon" / "index.html"))["og:description"]
    expected = f"{heads[1]}: {cells[1]}; {heads[2]}: {cells[2]}"
    assert description.startswith(expected), (description, expected)
    for row in table.select("tbody td > strong[id]"):
        text = preview(site.soup(site.dir / "s" / row["id"] / "index.html"))["og:description"]
        assert "…" not in text, f"a cell of #{row['id']} was cut: {text}"


def test_favicon_ico_answers_with_the_handbooks_icon(site):
    data = (site.dir / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1), "not an ICO file"
    sizes = sorted(data[6 + 16 * i] for i in range(count))
    assert sizes == [16, 32, 48]
