"""The print edition: `make pdf` prints the one-page handbook with headless
Chromium, and the PDF holds the whole handbook: every page's title, every
FAQ question with its answer, both sides of every content tab, and the
address of every external link."""

import re
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def normal(text: str) -> str:
    """Text as compared here: ligatures undone, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def words(el) -> str:
    return normal(el.get_text(" ", strip=True))


@pytest.fixture(scope="module")
def pdf(print_edition):
    """`make pdf`'s PDF (conftest.print_edition)."""
    return PdfReader(print_edition / "handbook.pdf")


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return normal("\n".join(page.extract_text() for page in pdf.pages))


def content(site):
    """Every content page's article, short-link stubs aside."""
    return [(p, site.soup(p).select_one("article.md-content__inner")) for p in site.pages()]


def test_page_count_is_sane(pdf, site):
    pages = len(site.pages())
    # A cover, a table of contents and at least a sheet per page; far fewer
    # than an unstyled dump of the site would take.
    assert pages + 2 <= len(pdf.pages) <= 15 * pages, len(pdf.pages)


def test_cover_and_contents_come_first(pdf):
    first = normal(pdf.pages[0].extract_text())
    assert "Technical Leadership Handbook" in first
    assert "Table of Contents" in normal(pdf.pages[1].extract_text())


def test_every_page_title_is_in_the_pdf(text, site):
    for path, article in content(site):
        title = words(article.h1).rstrip("¶").strip()
        assert title in text, f"{path.relative_to(site.dir)}: title {title!r} is not in the PDF"


def test_every_faq_question_and_answer_is_in_the_pdf(text, site):
    faq = site.soup(site.page("faq/")).select_one("article")
    questions = faq.select("details > summary")
    assert len(questions) >= 3
    for summary in questions:
        question = words(summary).rstrip("¶").strip()
        assert question in text, f"FAQ question {question!r} is not in the PDF"
        answer = normal(summary.find_next_sibling("p").get_text())
        assert len(answer) > 80 and answer[:80] in text, f"the answer to {question!r} is not printed (collapsed?)"


def test_every_content_tab_is_printed(text, site):
    tabs = 0
    for path, article in content(site):
        for block in article.select(".tabbed-block"):
            first = block.find("p")
            if first:
                assert words(first)[:80] in text, f"{path.relative_to(site.dir)}: a hidden tab was not printed"
                tabs += 1
    assert tabs >= 2


def test_no_navigation_chrome_is_printed(text):
    for chrome in ["Skip to content", "Back to top", "Initializing search", "Made with"]:
        assert chrome not in text, chrome


def test_external_link_targets_are_printed(text, site):
    squeezed = re.sub(r"\s", "", text)
    for path, article in content(site):
        for a in article.select("a[href^='http']"):
            assert re.sub(r"\s", "", a["href"]) in squeezed, f"{path.relative_to(site.dir)}: {a['href']} not shown"
