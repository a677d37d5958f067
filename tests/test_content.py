"""The handbook's content, checked on the built pages: a content regression
(a lost page, figure, table row, FAQ entry, summary or diagram, or marketing
creeping back in) fails here."""

import re

import pytest

NAV = ["Home", "The three hats", "Manager vs leader", "Skills beyond the code",
       "Leading without permission", "The takeaway", "FAQ", "Topics", "Link to a section", "Sources and credits"]

# Each figure, the page and section it belongs to, and words that name its source there.
FIGURES = [
    ("77%", "skills/", "pipeline", "article"),
    ("46%", "skills/", "pipeline", "article"),
    ("29%", "skills/", "pipeline", "article"),
    ("25%", "skills/", "pipeline", "article"),
    ("61%", "skills/", "pipeline", "article"),
    ("78%", "lead-without-permission/", "systemic", "Korn Ferry"),
    ("2025", "three-hats/", "diplomat", "Wiley Workplace Intelligence"),
    ("20%", "faq/", "disagreements", "illustrat"),
]

MARKETING = ["Hire today", "Book a call", "risk-free", "7 day", "Related Articles", "Toot", "ping-pong",
             "Ready to make the switch", "Want to learn more"]


def text(el):
    return " ".join(el.get_text(" ").split())


def section(soup, section_id):
    """The text from a heading to the next heading of the same or higher level."""
    heading = soup.find(id=section_id)
    parts = [text(heading)]
    for el in heading.find_all_next():
        if el.name in ("h1", "h2") or (heading.name == "h3" and el.name == "h3"):
            break
        if el.name in ("p", "li", "td", "th", "summary"):
            parts.append(text(el))
    if heading.parent.name == "summary":  # a FAQ question: its whole answer
        parts.append(text(heading.find_parent("details")))
    return " ".join(parts)


def test_pages_are_in_nav_order(site):
    soup = site.soup(site.page(""))
    titles = [text(a) for a in soup.select(".md-nav--primary > .md-nav__list a.md-nav__link")]
    titles = [t for t in titles if t in NAV]
    assert titles == NAV, titles
    for path in site.pages():
        assert site.soup(path).find("h1"), path


@pytest.mark.parametrize("figure, page, section_id, source", FIGURES)
def test_each_figure_stands_next_to_its_source(site, figure, page, section_id, source):
    body = section(site.soup(site.page(page)), section_id)
    assert figure in body, f"{figure} is missing from {page}#{section_id}"
    assert source.lower() in body.lower(), f"{figure} in {page}#{section_id} does not name its source ({source})"


def test_comparison_table_has_three_attributes_for_both_roles(site):
    soup = site.soup(site.page("manager-vs-leader/"))
    table = soup.find(id="core-focus").find_parent("table")
    heads = [text(th) for th in table.select("thead th")]
    assert "manager" in heads[1].lower() and "leader" in heads[2].lower(), heads
    rows = table.select("tbody tr")
    assert [r.find("strong")["id"] for r in rows] == ["core-focus", "primary-question", "success-metrics"]
    for row in rows:
        cells = [text(td) for td in row.find_all("td")]
        assert len(cells) == 3 and all(len(c) > 10 for c in cells[1:]), cells
    assert "budget" in text(rows[1]).lower() and "velocity" in text(rows[2]).lower()


def test_outage_scenario_shows_both_roles_as_tabs(site):
    soup = site.soup(site.page("manager-vs-leader/"))
    tabs = soup.find(id="outage").find_next(class_="tabbed-set")
    labels = [text(label) for label in tabs.select(".tabbed-labels label")]
    assert len(labels) == 2 and "manager" in labels[0].lower() and "leader" in labels[1].lower(), labels


def test_faq_has_three_collapsed_questions_with_ids(site):
    soup = site.soup(site.page("faq/"))
    entries = soup.select("details.question")
    assert [d.select_one("summary h2")["id"] for d in entries] == ["best-coder", "disagreements", "introvert"]
    assert all(not d.has_attr("open") for d in entries)
    assert all(len(text(d)) > 400 for d in entries)


def test_challenge_is_a_task_list(site):
    soup = site.soup(site.page("takeaway/"))
    items = soup.find(id="challenge").find_next("ul", class_="task-list").select("li.task-list-item")
    assert len(items) >= 3


def test_every_page_opens_with_a_summary_and_has_description_and_tags(site):
    for path in site.pages():
        soup = site.soup(path)
        where = path.relative_to(site.dir)
        first = soup.select_one("article h1").find_next_sibling(lambda el: el.name in ("div", "details", "p", "h2"))
        assert first and "admonition" in first.get("class", []) and "abstract" in first["class"], where
        assert text(first.select_one(".admonition-title")) == "In short", where
        assert soup.find("meta", attrs={"name": "description"})["content"], where
        if "topics" not in str(where):
            assert soup.select("article .md-tag"), f"{where}: no topic tags"


def test_every_callout_has_a_title(site):
    for path in site.pages():
        for box in site.soup(path).select("article .admonition"):
            title = box.select_one(":scope > .admonition-title")
            assert title and len(text(title)) > 3, f"{path.relative_to(site.dir)}: a callout without a title"


@pytest.mark.parametrize("page, name", [("", "rower-navigator"), ("three-hats/", "three-hats"),
                                        ("manager-vs-leader/", "interlocking-skills")])
def test_each_diagram_is_on_its_page_with_an_accessible_name(site, page, name):
    figure = site.soup(site.page(page)).find(id=f"fig-{name}")
    svg = figure.find("svg", attrs={"role": "img"})
    labels = [svg.find(id=i) for i in svg["aria-labelledby"].split()]
    assert [el.name for el in labels] == ["title", "desc"] and all(len(text(el)) > 10 for el in labels)
    assert text(figure.find("figcaption"))


def test_no_marketing(site):
    for path in site.pages():
        body = text(site.soup(path).select_one("article"))
        for phrase in MARKETING:
            assert phrase.lower() not in body.lower(), f"{path.relative_to(site.dir)}: {phrase!r}"
        if "credits" not in str(path):
            assert not re.search(r"cloud ?devs|head of growth", body, re.I), path


def test_the_handbook_is_at_least_as_long_as_the_article(site):
    words = sum(len(text(site.soup(p).select_one("article")).split()) for p in site.pages()
                if not re.search(r"topics|link-to-a-section", str(p)))
    assert words >= 3300, words
