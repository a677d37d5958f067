"""Links from wikis keep working and preview well: checked on the built HTML."""

import json
import re
from urllib.parse import urljoin

import pytest
import yaml
from conftest import ROOT

from anchors import locked, published
from handbook import link_targets

DOCS = ROOT / "docs"


def config():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)


@pytest.fixture(scope="session")
def targets(site):
    """Every page's link targets, read once from the built site."""
    return link_targets.built_targets(site.dir)


def refresh_target(soup):
    meta = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert meta, "no meta refresh"
    return meta["content"].split("url=", 1)[1]


def test_every_locked_target_still_exists(site):
    present = published(site.dir)
    missing = [t for t in locked() if t not in present]
    assert not missing, f"published link targets disappeared (keep the old id with anchor_aliases): {missing}"


def test_every_target_is_locked(site):
    new = sorted(published(site.dir) - set(locked()))
    assert not new, f"new link targets: run `make anchors` to add them to includes/anchors.lock: {new}"


@pytest.mark.parametrize("entry", locked())
def test_short_link_forwards_to_the_page_that_owns_the_id_and_names_it(site, targets, entry):
    page, target_id = entry.lstrip("/").split("#")
    short = site.dir / "s" / target_id / "index.html"
    assert short.exists(), f"no short link /s/{target_id}/"
    soup = site.soup(short)
    forward = urljoin(f"{site.url}s/{target_id}/", refresh_target(soup))
    # It lands on the page that owns the id in the lockfile: an old id
    # forwards to the section that replaced it, on the same page.
    assert forward.split("#")[0] == site.url + page, (entry, forward)
    landed_id = forward.split("#")[1]
    owner = site.soup(site.page(page))
    assert owner.find(id=landed_id), forward
    if landed_id != target_id:
        alias = owner.find(id=target_id)
        assert "hb-alias" in alias["class"] and alias.find_next(id=True)["id"] == landed_id
    assert soup.find("link", rel="canonical")["href"] == forward
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    target = next(t for t in targets[f"/{page}"] if t.id == landed_id)
    page_title = owner.find("h1").get_text(" ", strip=True)
    assert og["og:title"] == f"{target.title} · {page_title}"
    assert og["og:url"] == f"{site.url}s/{target_id}/"
    assert len(og["og:description"]) > 10


def test_key_sections_have_short_links(site):
    for key in [
        "architect",
        "mentor",
        "diplomat",
        "comparison",
        "core-focus",
        "primary-question",
        "success-metrics",
        "best-coder",
        "disagreements",
        "introvert",
        "empathy",
        "communication",
        "decisiveness",
    ]:
        assert (site.dir / "s" / key / "index.html").exists(), key


def test_old_anchor_aliases_stay_on_their_page(site):
    soup = site.soup(site.page("three-hats/"))
    alias = soup.find(id="the-diplomat-hat")
    assert alias and alias.find_next(["h2", "h3"])["id"] == "diplomat"


def test_moved_pages_redirect_to_their_new_address(site):
    redirects = next(
        p["redirects"]["redirect_maps"] for p in config()["plugins"] if isinstance(p, dict) and "redirects" in p
    )
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
        # Its own card (tests/test_previews.py checks every card's file).
        assert og["og:image"].startswith(f"{site.url}assets/cards/pages/") and tw["twitter:image"] == og["og:image"]


def test_faq_has_structured_data_for_each_question(site):
    soup = site.soup(site.page("faq/"))
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "FAQPage"
    questions = [
        h.get_text(" ", strip=True).replace("¶", "").strip() for h in soup.select("details.question summary h2")
    ]
    assert len(questions) >= 5
    assert [q["name"] for q in data["mainEntity"]] == questions
    assert all(len(q["acceptedAnswer"]["text"]) > 100 for q in data["mainEntity"])


def test_every_target_has_one_copy_control_named_for_it(site, targets):
    count = 0
    for page, found in targets.items():
        soup = site.soup(site.page(page.lstrip("/")))
        for target in found:
            controls = soup.select(f'button.hb-link[data-hb-link="{target.id}"]')
            if target.kind == "alias":
                assert not controls, f"{page}#{target.id}: an old id has no control of its own"
                continue
            assert len(controls) == 1, (page, target.id, len(controls))
            control = controls[0]
            assert control["aria-label"] == f"Copy link to section: {target.title}"
            element = soup.find(id=target.id)
            if target.kind == "question":
                # A <summary> may hold no buttons: the control sits beside its <details>.
                assert not element.parent.select("a, button"), f"{target.id}: interactive content inside <summary>"
                assert control.parent is element.find_parent("details").parent
            elif target.kind == "row":
                assert control.find_parent("td") is element.parent
            else:
                assert control.find_parent(element.name) is element
            count += 1
    assert count >= 40


def test_link_to_a_section_lists_every_short_link(site, targets):
    soup = site.soup(site.page("link-to-a-section/"))
    listed = {code.get_text() for code in soup.select(".hb-sections code")}
    controls = {b["data-hb-link"] for b in soup.select(".hb-sections button.hb-link")}
    for page, found in targets.items():
        for target in found:
            if target.kind != "alias" and page != "/link-to-a-section/":
                assert f"/s/{target.id}/" in listed and target.id in controls, target.id


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
