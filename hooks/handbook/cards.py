"""Link-preview images: a 1200x630 card for every page and every short link,
and the site's /favicon.ico.

A card names what the link opens in the handbook's look (its indigo, the
yellow rule, the compass): for a short link the section in large type and
its page below it, for a page its title and description; the address path
at the foot makes every card its own, old ids' short links included. Pages
use theirs as og:image and twitter:image (overrides/partials/handbook/
preview-tags.html), short links too (overrides/short-link.html).

The cards are drawn with Pillow in Lato (the font-lato wheel on PyPI, SIL
Open Font License), so nothing is fetched at build time. Drawing a card
takes tens of milliseconds, so each is kept in a cache folder between
builds, named by a hash of what the card shows and of how it is drawn (this
file, the font files and Pillow's version): a card is drawn again only when
its text or its drawing changes. The folder is `cards/` in the build's
cache (cache.py: `.cache/` beside mkdocs.yml, gitignored).

The offline and print editions carry no cards (wanted()): their links are
not pasted anywhere. /favicon.ico is the favicon's compass (docs/assets/favicon.svg) at 16, 32
and 48 pixels: browsers ask for it on files that name no icon, such as the
feed and llms.txt.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from . import cache as build_cache
from . import link_targets

FOLDER = "assets/cards"
SIZE = (1200, 630)
FAVICON = "favicon.ico"
# The handbook's look: Material's indigo, the social card's yellow rule.
INDIGO_DARK = "#1a237e"
INDIGO = "#303f9f"
FAVICON_INDIGO = "#3f51b5"
PALE = "#c5cae9"
SOFT = "#e8eaf6"
YELLOW = "#ffca28"
WHITE = "#ffffff"
MARGIN = 80
TEXT_WIDTH = 1200 - 2 * MARGIN - 150  # the compass takes the top right corner


@dataclass(frozen=True)
class Card:
    """What one card shows, and where the site publishes it."""

    path: str  # from the site root: assets/cards/s/diplomat.png
    title: str  # the large text
    subtitle: str  # under the yellow rule
    address: str  # at the foot: /s/diplomat/
    alt: str  # the image's text alternative

    @property
    def key(self) -> str:
        shown = json.dumps([self.title, self.subtitle, self.address], ensure_ascii=False)
        return hashlib.sha256(f"{_drawing()}\n{shown}".encode()).hexdigest()[:32]


def wanted(config) -> bool:
    """False for the offline and print editions: nobody pastes their links, so they carry no cards."""
    for name in ("material/offline", "offline", "print-site"):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            return False
    return True


def for_page(page, site_name: str) -> Card:
    """The card of a page: its title and description (the home page: the site's name and description)."""
    url = page.url or ""
    title = site_name if page.is_homepage else (page.meta.get("title") or page.title or site_name)
    description = page.meta.get("description") or ""
    name = url.strip("/") or "index"
    alt = title if page.is_homepage else f"{title} · {site_name}"
    return Card(f"{FOLDER}/pages/{name}.png", title, description, "/" + url, alt)


def for_target(target: link_targets.Target) -> Card:
    """The card of a short link: the section, and its page."""
    return Card(f"{FOLDER}/s/{target.id}.png", target.title, target.page_title, "/" + target.short_path, target.label)


def write(config, cards: list[Card]) -> int:
    """Every card into the site, from the cache or drawn; how many were drawn."""
    cache = build_cache.folder(config, "cards")
    missing = {card.key: card for card in cards if not (cache / f"{card.key}.png").exists()}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # Pillow draws and encodes without the GIL
        list(pool.map(lambda card: _save(draw(card), cache / f"{card.key}.png"), missing.values()))
    for card in cards:
        cached = cache / f"{card.key}.png"
        out = Path(config.site_dir, *card.path.split("/"))
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, out)
    return len(missing)


def write_favicon(config) -> None:
    """/favicon.ico: the compass of docs/assets/favicon.svg, drawn at 16, 32 and 48 pixels."""
    icon = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    pen = ImageDraw.Draw(icon)
    scale = 256 / 32  # favicon.svg's viewBox is 32 units wide
    pen.ellipse([2 * scale, 2 * scale, 30 * scale, 30 * scale], fill=FAVICON_INDIGO)
    pen.polygon([(x * scale, y * scale) for x, y in ((16, 5), (20, 16), (16, 27), (12, 16))], fill=WHITE)
    icon.save(Path(config.site_dir) / FAVICON, sizes=[(16, 16), (32, 32), (48, 48)])


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


def draw(card: Card) -> Image.Image:
    image = Image.new("RGB", SIZE, INDIGO_DARK)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 600, 1200, 630], fill=INDIGO)
    _compass(pen, (1040, 150), 86)
    pen.text((MARGIN, 64), "Technical Leadership Handbook", font=_font("Bold", 30), fill=PALE)
    size, lines = _fit(card.title, "Bold", (76, 64, 54, 46), 3)
    y = 140
    for line in lines:
        pen.text((MARGIN, y), line, font=_font("Bold", size), fill=WHITE)
        y += int(size * 1.18)
    y += 22
    pen.rounded_rectangle([MARGIN, y, MARGIN + 140, y + 10], radius=5, fill=YELLOW)
    y += 36
    small, rest = _fit(card.subtitle, "Regular", (36, 32), 7 - len(lines))
    for line in rest:
        if y + small > 580:
            break
        pen.text((MARGIN, y), line, font=_font("Regular", small), fill=SOFT)
        y += int(small * 1.3)
    pen.text((MARGIN, 548), card.address, font=_font("Regular", 28), fill=PALE)
    return image


def _compass(pen: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int) -> None:
    x, y = centre
    pen.ellipse([x - radius, y - radius, x + radius, y + radius], outline=PALE, width=8)
    inner = radius * 0.8
    pen.ellipse([x - inner, y - inner, x + inner, y + inner], outline=PALE, width=2)
    tip, half = radius * 0.68, radius * 0.13
    pen.polygon([(x, y - tip), (x + half, y), (x - half, y)], fill=YELLOW)
    pen.polygon([(x, y + tip), (x + half, y), (x - half, y)], fill=WHITE)
    pen.ellipse([x - 7, y - 7, x + 7, y + 7], fill=INDIGO_DARK, outline=WHITE, width=3)


def _fit(text: str, weight: str, sizes: tuple[int, ...], max_lines: int) -> tuple[int, list[str]]:
    """The largest size at which text fits in max_lines; at the smallest, the
    last line ends with an ellipsis if it still does not."""
    for size in sizes:
        lines = _wrap(text, _font(weight, size))
        if len(lines) <= max_lines:
            return size, lines
    font = _font(weight, sizes[-1])
    lines = _wrap(text, font)[:max_lines]
    if lines:
        last = lines[-1]
        while last and font.getlength(last + " …") > TEXT_WIDTH:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last.rstrip(",;:") + " …"
    return sizes[-1], lines


def _wrap(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= TEXT_WIDTH:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _font_file(weight: str) -> Path:
    return Path(str(resources.files("font_lato") / "files" / f"Lato-{weight}.ttf"))


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_file(weight)), size)


@functools.cache
def _drawing() -> str:
    """A hash of how cards are drawn: this file, the fonts and Pillow's version."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for weight in ("Bold", "Regular"):
        digest.update(_font_file(weight).read_bytes())
    digest.update(PIL.__version__.encode())
    return digest.hexdigest()


def _save(image: Image.Image, path: Path) -> None:
    # A few flat colours and anti-aliased text: 32 colours keep it sharp at a third of the size.
    small = image.quantize(32, method=Image.Quantize.FASTOCTREE)
    build_cache.write_atomically(path, lambda f: small.save(f, "PNG"))
