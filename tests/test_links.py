"""Links from wikis keep working and preview well: checked on the built HTML."""

import json
import re
import struct

import pytest
import yaml

from anchors import locked, targets
from conftest import ROOT

DOCS = ROOT / "docs"


def config():
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)


def refresh_target(soup):
    meta = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert meta, "no meta refresh"
    return meta["content"].split("url=", 1)[1]


def test_every_locked_target_still_exists(site):
    present = targets(site.dir)
    missing = [t for t in locked() if t not in present]
    assert not missing, f"published link targets disappeared (keep the old id with anchor_aliases): {missing}"


def test_every_target_is_locked(site):
    new = sorted(targets(site.dir) - set(locked()))
    assert not new, f"new link targets: run `make anchors` to add them to tests/anchors.lock: {new}"


def test_every_heading_in_the_sources_has_an_explicit_id():
    for path in DOCS.rglob("*.md"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"#{2,6} ", line):
                assert re.search(r"\{ *#[a-z0-9-]+ *\}\s*$", line), f"{path.name}:{number}: heading without {{ #id }}: {line}"


@pytest.mark.parametrize("entry", [e for e in locked() if not e.split("#")[1].startswith("topic-")])
def test_short_link_forwards_to_its_section_and_names_it(site, entry):
    page, target_id = entry.lstrip("/").split("#")
    short = site.dir / "s" / target_id / "index.html"
    assert short.exists(), f"no short link /s/{target_id}/"
    soup = site.soup(short)
    forward = refresh_target(soup)
    page_file = site.page(page)
    # The forward lands on the page that holds the id (aliases forward to the new id).
    landed_page, landed_id = forward.replace("../../", "").split("#")
    assert (site.dir / landed_page / "index.html").exists() if landed_page else page_file.exists()
    assert site.soup(site.page(landed_page)).find(id=landed_id), forward
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"{site.url}{landed_page}#{landed_id}"
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    heading = site.soup(site.page(landed_page)).find(id=landed_id)
    title = heading.get_text(" ", strip=True).replace("¶", "").strip()
    assert og["og:title"].startswith(title.split(" ")[0]), (og["og:title"], title)
    assert og["og:url"] == f"{site.url}s/{target_id}/"
    assert len(og["og:description"]) > 30


def test_key_sections_have_short_links(site):
    for key in ["architect", "mentor", "diplomat", "comparison", "core-focus", "primary-question",
                "success-metrics", "best-coder", "disagreements", "introvert", "empathy",
                "communication", "decisiveness"]:
        assert (site.dir / "s" / key / "index.html").exists(), key


def test_old_anchor_aliases_stay_on_their_page(site):
    soup = site.soup(site.page("three-hats/"))
    alias = soup.find(id="the-diplomat-hat")
    assert alias and alias.find_next(["h2", "h3"])["id"] == "diplomat"


def test_moved_pages_redirect_to_their_new_address(site):
    redirects = next(p["redirects"]["redirect_maps"] for p in config()["plugins"] if isinstance(p, dict) and "redirects" in p)
    assert redirects
    for old, new in redirects.items():
        stub = site.page(old.removesuffix(".md") + "/")
        assert stub.exists(), old
        target = refresh_target(site.soup(stub))
        assert target.rstrip("/").endswith(new.removesuffix(".md")), (old, target)


def test_every_page_unfurls_with_its_own_title_and_description(site):
    for path in site.pages():
        soup = site.soup(path)
        where = path.relative_to(site.dir)
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        tw = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": re.compile("^twitter:")})}
        description = soup.find("meta", attrs={"name": "description"})["content"]
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == site.url_of(path), where
        assert og["og:url"] == canonical, where
        assert og["og:description"] == description == tw["twitter:description"], where
        h1 = soup.find("h1").get_text(strip=True).replace("¶", "")
        assert og["og:title"].startswith(h1) or og["og:type"] == "website", (where, og["og:title"], h1)
        assert og["og:site_name"] and tw["twitter:card"] == "summary_large_image"
        assert og["og:image"] == f"{site.url}assets/social-card.png"


def test_the_preview_card_is_a_1200_by_630_png(site):
    data = (site.dir / "assets" / "social-card.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)


def test_faq_has_structured_data_for_each_question(site):
    soup = site.soup(site.page("faq/"))
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "FAQPage"
    questions = [h.get_text(" ", strip=True).replace("¶", "").strip() for h in soup.select("details.question summary h2")]
    assert len(questions) == 3
    assert [q["name"] for q in data["mainEntity"]] == questions
    assert all(len(q["acceptedAnswer"]["text"]) > 100 for q in data["mainEntity"])


def test_every_target_has_copy_buttons_with_its_short_link(site):
    count = 0
    for path in site.pages():
        for el in site.soup(path).select("article h2[id], article h3[id], article table strong[id]"):
            if el["id"].startswith("topic-"):
                continue
            # Row labels: buttons in the cell; FAQ questions: just below the <summary>.
            holder = el.parent if el.name == "strong" else el
            if el.parent.name == "summary":
                holder = el.parent.find_next_sibling(class_="hb-copy-row")
                assert not el.parent.select("a, button"), f"{el['id']}: interactive content inside <summary>"
            buttons = holder.select("button[data-hb-url]")
            assert [b["data-hb-format"] for b in buttons] == ["url", "markdown"], (path, el["id"])
            assert all(b["data-hb-url"] == f"{site.url}s/{el['id']}/" for b in buttons)
            assert all(b["aria-label"].startswith(("Copy link to section: ", "Copy Markdown link to section: ")) for b in buttons)
            count += 1
    assert count >= 40


def test_link_to_a_section_lists_every_short_link(site):
    text = site.page("link-to-a-section/").read_text(encoding="utf-8")
    for entry in locked():
        target_id = entry.split("#")[1]
        if not target_id.startswith("topic-") and not (site.soup(site.page(entry.lstrip("/").split("#")[0])).find(id=target_id).get("class") == ["hb-alias"]):
            assert f'data-hb-url="{site.url}s/{target_id}/"' in text and f"<code>/s/{target_id}/</code>" in text, target_id


def test_topics_page_lists_every_tag_and_pages_link_to_it(site):
    topics = site.soup(site.page("topics/"))
    listed = {h["id"].removeprefix("topic-") for h in topics.select("article h2[id^=topic-]")}
    used = set()
    for path in DOCS.glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        used.update(front.get("tags", []))
    assert listed == used
    tag_link = site.soup(site.page("three-hats/")).select_one("a.md-tag")
    assert tag_link and "topics/#topic-" in tag_link["href"]
