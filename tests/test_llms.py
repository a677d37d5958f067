"""/llms.txt and each page as Markdown (mkdocs-llmstxt), for assistants that
read and cite the handbook: every page of prose is listed, and every one of
its sections appears in its Markdown, linked to its short link."""

import re
from pathlib import Path

from conftest import ROOT

from handbook import link_targets

DOCS = ROOT / "docs"
# A page whose list a hook or plugin fills after the Markdown is made.
MARKER = re.compile(r"<!-- (hooks/[\w/]+\.py|material/tags) -->")


def source_of(site, path: Path) -> Path:
    rel = path.parent.relative_to(site.dir).as_posix()
    return DOCS / ("index.md" if rel == "." else f"{rel}.md")


def listed(site) -> dict[str, str]:
    """llms.txt's links: URL -> title."""
    text = (site.dir / "llms.txt").read_text(encoding="utf-8")
    return {url: title for title, url in re.findall(r"^- \[([^\]]+)\]\(([^)\s]+)\)", text, re.M)}


def markdown_of(site, path: Path) -> str:
    return path.with_suffix(".md").read_text(encoding="utf-8")


def prose_pages(site):
    return [p for p in site.pages() if not MARKER.search(source_of(site, p).read_text(encoding="utf-8"))]


def test_llms_txt_names_the_handbook_and_links_every_page_of_prose(site):
    text = (site.dir / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# Technical Leadership Handbook\n\n> ")
    expected = {site.url + p.relative_to(site.dir).with_suffix(".md").as_posix() for p in prose_pages(site)}
    assert len(expected) >= 8
    assert set(listed(site)) == expected
    for url in expected:
        assert (site.dir / url[len(site.url) :]).is_file(), url


def test_the_listings_left_out_are_the_pages_hooks_fill(site):
    left_out = (
        {p.relative_to(site.dir).parent.as_posix() for p in site.pages()}
        - {url[len(site.url) :].removesuffix("/index.md") for url in listed(site)}
        - {"."}
    )
    for rel in left_out:
        assert MARKER.search((DOCS / f"{rel}.md").read_text(encoding="utf-8")), rel
        assert not (site.dir / rel / "index.md").exists(), f"{rel}: an unlisted page was published as Markdown"
    assert left_out, "no listing page found: the check is blind"


def test_every_section_appears_in_its_markdown_with_its_short_link(site):
    built = link_targets.built_targets(site.dir)
    checked = 0
    for path in prose_pages(site):
        rel = path.relative_to(site.dir).parent.as_posix()
        page = "/" if rel == "." else f"/{rel}/"
        markdown = markdown_of(site, path)
        html = site.soup(path)
        assert markdown.startswith(f"# {html.find('h1').get_text(' ', strip=True)}\n"), path
        for target in built[page]:
            if target.kind == "alias":
                continue
            short = f"{site.url}s/{target.id}/"
            if target.kind == "row":
                pattern = rf"\[\*\*{re.escape(target.title)}\*\*\]\({re.escape(short)}\)"
            else:
                level = int(html.find(id=target.id).name[1])
                pattern = rf"^{'#' * level} \[{re.escape(target.title)}\]\({re.escape(short)}\)$"
            assert re.search(pattern, markdown, re.M), f"{path.relative_to(site.dir)}: {target.id} ({target.title})"
            checked += 1
    assert checked > 40


def test_content_tabs_keep_their_labels_in_markdown(site):
    checked = 0
    for path in prose_pages(site):
        markdown = markdown_of(site, path)
        for label in site.soup(path).select("article .tabbed-labels label"):
            assert f"**{label.get_text(' ', strip=True)}**" in markdown, path
            checked += 1
    assert checked >= 2
