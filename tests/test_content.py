"""The handbook's content, checked on the built pages: a content regression
(a lost page, figure, table row, FAQ entry, summary or diagram, marketing
creeping back in, a section that leans on the one before, a sentence too long
for a reader in a second language, or callouts used as decoration) fails here."""

import re

import pytest
from bs4 import BeautifulSoup

from support import ROOT

NAV = [
    "Home",
    "The three hats",
    "Manager vs leader",
    "Skills beyond the code",
    "Leading without permission",
    "The takeaway",
    "FAQ",
    "Topics",
    "Link to a section",
    "Sources and credits",
]

# Each figure, the page and section it belongs to, and words that name its source there.
FIGURES = [
    ("77%", "skills/", "pipeline", "article"),
    ("46%", "skills/", "pipeline", "article"),
    ("29%", "skills/", "pipeline", "article"),
    ("25%", "skills/", "pipeline", "article"),
    ("61%", "skills/", "pipeline", "article"),
    ("78%", "lead-without-permission/", "systemic", "one report"),  # the article's words
    ("78%", "lead-without-permission/", "systemic", "Korn Ferry"),  # where it sends readers for more
    ("2025", "three-hats/", "diplomat", "Wiley Workplace Intelligence"),
    ("20%", "faq/", "disagreements", "illustrat"),
]

# The comparison table's rows, in order, with a word each cell must hold.
ROWS = [
    ("core-focus", "the how", "the what and the why"),  # focus, not ownership: the article's words
    ("why-follow", "report", "trust"),  # not "authority": the handbook's thesis is influence
    ("primary-question", "budget", "right thing"),
    ("time-horizon", "quarter", "two years"),
    ("success-metrics", "velocity", "stability"),
    ("outage-role", "coordination", "technical"),
]

# FAQ questions, in order, and the page each answer must link to.
FAQ = [
    ("best-coder", "three-hats/"),
    ("disagreements", "three-hats/"),
    ("introvert", None),
    ("lead-vs-manager", "manager-vs-leader/"),
    ("without-title", "lead-without-permission/"),
]

# Generated listings: they list other pages' titles rather than hold prose.
LISTINGS = ("topics", "link-to-a-section", "what-changed")

MAX_WORDS = 30  # per sentence of prose, callout, caption or diagram description, for readers in a second language
MAX_CALLOUTS = 28  # the 36 callouts before the editorial pass, less a fifth
MAX_CALLOUTS_PER_SECTION = 2  # the "In short" summary aside

# A `quote` callout holds someone's own words, and its title names them.
SPEAKERS = {"Isabelle Fahey"}

# Openings that lean on a section the reader may not have seen.
LEANING = re.compile(
    r"^(this|these|that|those|it|they|both|another|also|such|here|none of this|"
    r"a second|the two|the same)\b",
    re.I,
)
POINTING_BACK = re.compile(r"\b(above|previous(ly)?|these|as we saw)\b", re.I)

# Any mention of the source article. Its first mention in a section must say
# whose article it is, with a link to the credits page, for a reader who lands
# on that section alone (a short link, a wiki link, a preview).
MENTIONS_ARTICLE = re.compile(r"\barticle\b", re.I)
AUTHOR = "Isabelle Fahey"

# Number words the credits' summary may use to count its additions.
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]

# Idioms and overclaims replaced by plain words; none may come back.
GONE = [
    "stripes",
    "flame war",
    "crashing and burning",
    "trains running",
    "wins the hand",
    "before lunch",
    "decide most outcomes",
    "no fact or figure was added",
    "the article gives none",
    # issue 24: idioms a second-language reader may not know
    "staring at the ceiling",
    "swoop",
    "fielding",
    "down the line",
    "tick off",
    "big picture",
    "on the table",
    "game you will lose",
    "made the leap",
    "steady hand",
    # issue 24: claims the article does not make, or makes in other words
    "and nothing more",
    "before the code gets written",
    "most often",
    "whichever role you hold",
    "future-proofs the system",
    "lose their reach",
    "engineering manager",
    "hired from outside are",
    "source of authority",
    "what it owns",
    "a widening gap",
]

# Idioms kept for the article's voice: wherever they stand, the glossary explains them.
KEPT_IDIOMS = [
    "table stakes",
    "unicorn",
    "swamp",
    "lagging indicator",
    "force multiplier",
    "SWAT team",
    "mortgaging our future",
    "Black Friday",
]

# Words that do not make two link texts "the same".
STOP_WORDS = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "vs",
        "is",
        "it",
        "its",
        "this",
        "that",
        "how",
        "what",
        "why",
        "your",
        "you",
        "from",
        "be",
        "i",
        "do",
        "can",
    ]
)

MARKETING = [
    "Hire today",
    "Book a call",
    "risk-free",
    "7 day",
    "Related Articles",
    "Toot",
    "ping-pong",
    "Ready to make the switch",
    "Want to learn more",
]


def text(el):
    return " ".join(el.get_text(" ").split())


def section(soup, section_id):
    """The text from a heading to the next heading of the same or higher level."""
    heading = soup.find(id=section_id)
    parts = [text(heading)]
    for el in heading.find_all_next():
        if el.name in ("h1", "h2") or (heading.name == "h3" and el.name == "h3"):
            break
        if el.name in ("p", "li", "td", "th", "dt", "dd", "summary"):
            parts.append(text(el))
    if heading.parent.name == "summary":  # a FAQ question: its whole answer
        parts.append(text(heading.find_parent("details")))
    return " ".join(parts)


def article(soup):
    return soup.select_one("article")


def content_pages(site):
    """Pages of prose: every built page except the generated listings."""
    return [p for p in site.pages() if not any(name in str(p) for name in LISTINGS)]


def sentences(el):
    """The sentences of a paragraph, list item, cell or caption."""
    return [s for s in re.split(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])", text(el)) if s]


def long_sentences(soup, limit=MAX_WORDS):
    """Sentences over the limit in prose, callouts, table cells, figure
    captions and the diagrams' descriptions (<desc>, read by screen readers)."""
    found = []
    for el in article(soup).find_all(["p", "li", "td", "dd", "figcaption", "desc"]):
        if el.find(["p", "ul", "ol"]):
            continue  # a container: its children are checked on their own
        found += [s for s in sentences(el) if len(s.split()) > limit]
    return found


def opening(heading):
    """The first paragraph or list item a reader sees under a heading, or under a FAQ question."""
    details = heading.find_parent("details")
    following = details.find_all(["p", "li"]) if details else heading.find_all_next(["p", "li", "h2", "h3"])
    for el in following:
        if el.name in ("h2", "h3"):
            return None  # the section holds no prose of its own
        if not el.get("class"):  # skip copy controls and callout titles
            return el
    return None


def section_of(el):
    """The id of the h2 or h3 an element stands under ("top" before the first one)."""
    heading = el.find_previous(["h2", "h3"], id=True)
    return heading["id"] if heading else "top"


def leaf_blocks(soup):
    """Paragraphs, list items, cells and captions that hold text of their own, in order."""
    return [
        el for el in article(soup).find_all(["p", "li", "dd", "td", "figcaption"]) if not el.find(["p", "ul", "ol"])
    ]


def links_to_credits(el, on_credits):
    """Whether a block, or the list item, definition or callout it stands in, links to the credits page."""
    holder = el.find_parent(["li", "dd"]) or el.find_parent(class_="admonition") or el
    for scope in (el, holder):
        for a in scope.find_all("a", href=True):
            if "credits/" in a["href"] or (on_credits and a["href"].startswith("#")):
                return True
    return on_credits and AUTHOR in text(el)


def undefined_article(soup, on_credits=False):
    """Sections whose first mention of the article does not say whose it is, with a link to the credits."""
    found, seen = [], set()
    for el in leaf_blocks(soup):
        where = section_of(el)
        if where in seen or not MENTIONS_ARTICLE.search(text(el)):
            continue
        seen.add(where)
        if not links_to_credits(el, on_credits):
            found.append(f"#{where}: {text(el)[:80]}")
    return found


def opening_on_a_colon(soup):
    """Sections whose opening paragraph ends on a colon: their preview stops there."""
    found = []
    for heading in article(soup).find_all(["h2", "h3"], id=True):
        first = opening(heading)
        if first is not None and first.name == "p" and text(first).endswith(":"):
            found.append(f"#{heading['id']}: {text(first)[-60:]}")
    return found


def additions_summary_mismatch(soup):
    """What the credits' summary of additions says that its list does not, or the reverse."""
    heading = soup.find(id="additions")
    summary = text(heading.find_next("p")).lower()
    labels = [
        text(li.find("strong")).rstrip(".").lower() for li in heading.find_next("ul").find_all("li", recursive=False)
    ]
    problems = [f"the summary does not name {label!r}" for label in labels if label not in summary]
    counted = re.search(r"\badds (\w+) things\b", summary)
    if not counted or counted.group(1) not in NUMBER_WORDS:
        problems.append("the summary does not say how many things the handbook adds")
    elif NUMBER_WORDS.index(counted.group(1)) != len(labels):
        problems.append(f"the summary counts {counted.group(1)} additions; the list has {len(labels)}")
    return problems


def callouts(soup):
    """Each callout other than the summary, with the id of the h2 it stands under."""
    found = []
    for box in article(soup).select(".admonition"):
        if "abstract" in box["class"]:
            continue
        h2 = box.find_previous("h2")
        found.append((box, h2.get("id") if h2 else None))
    return found


def quotes_without_speaker(soup):
    return [
        text(box.select_one(".admonition-title"))
        for box in article(soup).select(".admonition.quote")
        if text(box.select_one(".admonition-title")) not in SPEAKERS
    ]


def links_sharing_words(soup):
    """Pairs of link texts on one page that share a word but lead to different places."""
    links = {}
    for a in article(soup).find_all("a", href=True):
        classes = a.get("class") or []
        if "headerlink" in classes or "md-tag" in classes:
            continue  # a heading's own control; topic chips
        words = frozenset(re.findall(r"[a-z0-9']+", text(a).lower())) - STOP_WORDS
        links.setdefault(a["href"], set()).add((text(a), words))
    found = []
    items = [(href, label, words) for href, texts in links.items() for label, words in texts]
    for i, (href, label, words) in enumerate(items):
        for other_href, other_label, other_words in items[i + 1 :]:
            if href != other_href and (words & other_words or not words or not other_words):
                found.append((label, href, other_label, other_href))
    return found


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


def test_comparison_table_has_every_attribute_for_both_roles(site):
    soup = site.soup(site.page("manager-vs-leader/"))
    table = soup.find(id="core-focus").find_parent("table")
    heads = [text(th) for th in table.select("thead th")]
    assert "manager" in heads[1].lower() and "leader" in heads[2].lower(), heads
    rows = table.select("tbody tr")
    assert [r.find("strong")["id"] for r in rows] == [row_id for row_id, _, _ in ROWS]
    for row, (row_id, manager, leader) in zip(rows, ROWS, strict=False):
        cells = [text(td) for td in row.find_all("td")]
        assert len(cells) == 3, cells
        assert manager in cells[1].lower() and leader in cells[2].lower(), (row_id, cells)
        assert len(cells[1].split()) <= 14 and len(cells[2].split()) <= 14, f"{row_id}: keep the cells short"


def test_outage_scenario_shows_both_roles_as_tabs(site):
    soup = site.soup(site.page("manager-vs-leader/"))
    tabs = soup.find(id="outage").find_next(class_="tabbed-set")
    labels = [text(label) for label in tabs.select(".tabbed-labels label")]
    assert len(labels) == 2 and "manager" in labels[0].lower() and "leader" in labels[1].lower(), labels


def test_faq_has_every_question_collapsed_with_an_id(site):
    soup = site.soup(site.page("faq/"))
    entries = soup.select("details.question")
    assert [d.select_one("summary h2")["id"] for d in entries] == [q for q, _ in FAQ]
    assert all(not d.has_attr("open") for d in entries)
    assert all(len(text(d)) > 400 for d in entries)


@pytest.mark.parametrize("question, page", [q for q in FAQ if q[1]])
def test_faq_answer_links_to_the_page_that_covers_it(site, question, page):
    answer = site.soup(site.page("faq/")).find(id=question).find_parent("details")
    hrefs = [a["href"] for a in answer.find_all("a", href=True)]
    assert any(h.split("#")[0].endswith(page) for h in hrefs), (question, hrefs)


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


@pytest.mark.parametrize(
    "page, name",
    [("", "rower-navigator"), ("three-hats/", "three-hats"), ("manager-vs-leader/", "interlocking-skills")],
)
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
    words = sum(len(text(site.soup(p).select_one("article")).split()) for p in content_pages(site))
    assert words >= 3300, words


def test_no_prose_sentence_is_too_long(site):
    found = {str(p.relative_to(site.dir)): long_sentences(site.soup(p)) for p in site.pages()}
    found = {k: v for k, v in found.items() if v}
    assert not found, f"sentences over {MAX_WORDS} words: {found}"


def test_every_section_opens_with_a_sentence_that_stands_alone(site):
    """Landing from a short link, the first sentence must make sense on its own."""
    checked, found = 0, []
    for path in content_pages(site):
        soup = site.soup(path)
        for heading in article(soup).find_all(["h2", "h3"], id=True):
            first = opening(heading)
            assert first, f"{path.relative_to(site.dir)}#{heading['id']}: no prose after the heading"
            sentence = sentences(first)[0]
            if LEANING.match(sentence) or POINTING_BACK.search(sentence):
                found.append(f"{path.relative_to(site.dir)}#{heading['id']}: {sentence}")
            checked += 1
    assert checked > 40
    assert not found, "openings that lean on another section:\n" + "\n".join(found)


def test_every_section_says_whose_article_it_means(site):
    """A section's first mention of the article links to the credits page."""
    found = {}
    for path in content_pages(site):
        where = str(path.relative_to(site.dir))
        if problems := undefined_article(site.soup(path), on_credits=where.startswith("credits/")):
            found[where] = problems
    assert not found, f"'the article' used before saying whose it is: {found}"


def test_no_section_opens_on_a_colon(site):
    """A short link's preview quotes the opening paragraph: it must not stop at a colon."""
    found = {str(p.relative_to(site.dir)): opening_on_a_colon(site.soup(p)) for p in content_pages(site)}
    found = {k: v for k, v in found.items() if v}
    assert not found, f"opening paragraphs that end on a colon: {found}"


def test_credits_summary_matches_its_list_of_additions(site):
    assert not additions_summary_mismatch(site.soup(site.page("credits/")))


def test_callouts_are_few_and_quotes_name_their_speaker(site):
    boxes = {p: callouts(site.soup(p)) for p in site.pages()}
    total = sum(len(found) for found in boxes.values()) + len(site.pages())  # one summary each
    assert total <= MAX_CALLOUTS, f"{total} callouts; the limit is {MAX_CALLOUTS}"
    for path, found in boxes.items():
        per_section = {}
        for _, section_id in found:
            per_section[section_id] = per_section.get(section_id, 0) + 1
        crowded = {k: n for k, n in per_section.items() if n > MAX_CALLOUTS_PER_SECTION}
        assert not crowded, f"{path.relative_to(site.dir)}: too many callouts in {crowded}"
        assert not quotes_without_speaker(site.soup(path)), path.relative_to(site.dir)


def test_links_on_a_page_never_share_words_but_lead_elsewhere(site):
    for path in content_pages(site):
        found = links_sharing_words(site.soup(path))
        assert not found, f"{path.relative_to(site.dir)}: {found}"


def test_home_cards_link_from_their_titles(site):
    cards = site.soup(site.page("")).select(".grid.cards > ul > li")
    assert len(cards) == 7
    for card in cards:
        title = card.find("p")
        link = title.find("a", href=True)
        assert link and link.find("strong") and text(link) == text(title), text(card)[:60]
        assert len(card.find_all("a", href=True)) == 1, f"{text(title)}: one link per card, its title"


def test_replaced_idioms_and_overclaims_stay_gone(site):
    for path in site.pages():
        body = text(article(site.soup(path))).lower()
        back = [phrase for phrase in GONE if phrase in body]
        assert not back, f"{path.relative_to(site.dir)}: {back}"


def test_kept_idioms_are_explained_by_the_glossary(site):
    seen = set()
    for path in site.pages():
        soup = article(site.soup(path))
        for idiom in KEPT_IDIOMS:
            for node in soup.find_all(string=re.compile(re.escape(idiom))):
                if node.find_parent(["h1", "h2", "h3", "a", "code", "svg"]):
                    continue
                seen.add(idiom)
                assert node.parent.name == "abbr" and node.parent.get("title"), (
                    f"{path.relative_to(site.dir)}: {idiom!r} without its glossary definition"
                )
    assert {"table stakes", "swamp"} <= seen, seen


def terms_without_definition(article_el, terms) -> list[str]:
    """Glossary terms standing in prose (plural, capitalised or across lines
    alike) that are not marked with their definition."""
    from handbook import glossary

    found_by = glossary.pattern(terms)
    missing = []
    for node in article_el.find_all(string=True):
        if node.find_parent(
            ["h1", "h2", "h3", "h4", "h5", "h6", "summary", "a", "code", "svg", "abbr", "script", "style"]
        ):
            continue
        missing += [match.group() for match in found_by.finditer(str(node))]
    return missing


def test_every_glossary_term_in_prose_carries_its_definition(site):
    from handbook import glossary

    text = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    terms = [m.group("abbr") for m in glossary.AbbrBlockprocessor.RE.finditer(text)]
    assert len(terms) >= 30
    found = {}
    marked = 0
    for path in site.pages():
        body = article(site.soup(path))
        marked += len(body.find_all("abbr", title=True))
        if missing := terms_without_definition(body, terms):
            found[str(path.relative_to(site.dir))] = missing
    assert not found, f"glossary terms without their tooltip: {found}"
    assert marked > 50


def test_credits_say_what_the_article_said_and_what_the_handbook_added(site):
    soup = site.soup(site.page("credits/"))
    sources = section(soup, "sources").lower()
    assert "lost" in sources and "one report" in sources and "does not say the 78% comes from" in sources
    added = section(soup, "additions").lower()
    for word in ["clarity", "buy-in", "roadmap", "three steps", "table", "faq"]:
        assert word in added, word


# Each check above can fail: the helpers on made-up pages that break every rule.


def made_up(body):
    return BeautifulSoup(f"<html><body><article>{body}</article></body></html>", "html.parser")


def test_every_content_check_can_fail():
    bad = made_up(
        '<h2 id="a">A</h2><p class="hb-copy-row"></p><p>This follows on from above.</p>'
        '<div class="admonition quote"><p class="admonition-title">Our own words</p><p>x</p></div>'
        '<div class="admonition tip"><p class="admonition-title">t</p></div>'
        '<div class="admonition tip"><p class="admonition-title">t</p></div>'
        '<div class="admonition tip"><p class="admonition-title">t</p></div>'
        f"<p>{'word ' * (MAX_WORDS + 1)}end.</p>"
        '<p><a href="one/">Read →</a> <a href="two/">Read →</a> <a href="x/">Manager vs leader</a>'
        '<a href="y/">Leader skills</a></p>'
    )
    assert long_sentences(bad)
    assert long_sentences(
        made_up(
            f"<figure><svg><desc>{'word ' * (MAX_WORDS + 1)}end.</desc></svg><figcaption>Short.</figcaption></figure>"
        )
    )
    first = opening(bad.find(id="a"))
    assert first and LEANING.match(sentences(first)[0])
    assert quotes_without_speaker(bad) == ["Our own words"]
    assert len([1 for _, section_id in callouts(bad) if section_id == "a"]) > MAX_CALLOUTS_PER_SECTION
    pairs = links_sharing_words(bad)
    assert ("Read →", "one/", "Read →", "two/") in pairs
    assert any({label, other} == {"Manager vs leader", "Leader skills"} for label, _, other, _ in pairs)
    # A section that names the article before saying whose it is, and one that opens on a colon.
    assert undefined_article(
        made_up('<h2 id="c">C</h2><p>The article says so.</p><p>See <a href="../credits/#article">the credits</a>.</p>')
    )
    assert opening_on_a_colon(made_up('<h2 id="d">D</h2><p>Three ways to start:</p><ul><li>one</li></ul>'))
    # A summary that leaves an addition out, and one that miscounts.
    listed = "<ul><li><strong>Diagram labels.</strong> x</li><li><strong>The hat table.</strong> y</li></ul>"
    assert additions_summary_mismatch(
        made_up(f'<h2 id="additions">A</h2><p>It adds two things: diagram labels.</p>{listed}')
    )
    assert additions_summary_mismatch(
        made_up(f'<h2 id="additions">A</h2><p>It adds three things: diagram labels and the hat table.</p>{listed}')
    )
    assert not additions_summary_mismatch(
        made_up(f'<h2 id="additions">A</h2><p>It adds two things: diagram labels and the hat table.</p>{listed}')
    )
    assert not undefined_article(
        made_up(
            '<h2 id="e">E</h2><p>Isabelle Fahey\'s <a href="../credits/#article">article</a>'
            " says so.</p><p>The article adds more.</p>"
        )
    )
    good = made_up(
        '<h2 id="b">B</h2><p>Technical leadership starts here.</p>'
        '<div class="admonition quote"><p class="admonition-title">Isabelle Fahey</p></div>'
        '<p><a href="x/">The Diplomat</a> <a href="x/">Diplomat</a> <a href="y/">Mentor</a></p>'
    )
    assert not long_sentences(good) and not quotes_without_speaker(good) and not links_sharing_words(good)
    assert not LEANING.match(sentences(opening(good.find(id="b")))[0])
    assert terms_without_definition(
        made_up("<p>Two one-on-ones and a Stakeholder.</p>"), ["one-on-one", "stakeholder"]
    ) == ["one-on-ones", "Stakeholder"]
