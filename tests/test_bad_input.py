"""Bad input fails the strict build loudly, naming the file at fault, with no traceback.

Each rule is tested as a function where it lives (test_front_matter.py,
test_unsafe_content.py, test_link_targets.py, test_glossary.py,
test_search_words.py, test_redirects.py). Here, one build per hook proves
the hook applies its rules; so do MkDocs' and PyMdown's own checks, and the
cases that prove a secret file cannot leak into the site or the log.

Each case copies the project (the `project` fixture) and breaks it one way;
the real files are never touched. The edits find their place by structure
(the front matter, the last </svg>, the redirect map), not by a page's
wording, so they keep working as the pages change.

Page data that is odd but harmless (a title full of markup) must build and
stay text: see the payload tests at the end.
"""

import json
import re

import published
import pytest
from conftest import build, copy_project, csp_violations, served, strict_build_problem

from handbook import markup


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def set_front_matter(path, key, value):
    """Set one top-level front-matter key to a YAML value (text), replacing any earlier one."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    kept, skipping = [], False
    for line in front.splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.startswith((" ", "-")):
            continue
        skipping = False
        kept.append(line)
    path.write_text(f"---\n{''.join(kept)}{key}: {value}\n---\n{body}", encoding="utf-8")


def into_diagram(project, markup, name="three-hats.svg"):
    path = project / "includes" / "diagrams" / name
    text = path.read_text(encoding="utf-8")
    at = text.rindex("</svg>")
    path.write_text(text[:at] + markup + "\n" + text[at:], encoding="utf-8")


def add_redirect(project, old, new):
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^( *)redirect_maps:\n( *)", text, re.M)
    at = match.end(1) + len("redirect_maps:\n")
    path.write_text(text[:at] + f"{match.group(2)}{old}: {new}\n" + text[at:], encoding="utf-8")


def secret_git_config(project):
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "config").write_text("[remote]\n  token = hb-secret-token\n", encoding="utf-8")


def mkdocs_own_checks(p):
    """Four breakages MkDocs itself notices, all in one strict build (it reports every warning)."""
    append(p / SKILLS, "\n[gone](no-such-page.md)\n")
    append(p / "docs/faq.md", "\n[gone](three-hats.md#no-such-hat)\n")
    (p / "docs/orphan.md").write_text(
        "---\ntitle: Orphan\ndescription: Nobody links here, and no nav lists it.\n---\n\n# Orphan\n", encoding="utf-8"
    )
    config = p / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      - Sources and credits: credits.md", "      - Sources and credits: credits.md\n      - Gone: gone.md"
        ),
        encoding="utf-8",
    )


def drop_line_with(path, words):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if words not in line), encoding="utf-8")


def rename_page(project, old, new):
    """Move a page and every mention of it in mkdocs.yml, with no redirect."""
    (project / "docs" / old).rename(project / "docs" / new)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f" {old}", f" {new}"), encoding="utf-8")


def script_in_template(project):
    """A contributor writes a script straight into the page template."""
    path = project / "overrides" / "main.html"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n{% block announce %}<script>window.hbPwned=1</script>{% endblock %}\n",
        encoding="utf-8",
    )


TAKEAWAY, CREDITS, SKILLS = "docs/takeaway.md", "docs/credits.md", "docs/skills.md"

CASES = [
    # MkDocs' and PyMdown's own checks, made strict by mkdocs.yml.
    (
        "MkDocs: a missing page, a missing anchor, an orphan page, a nav entry whose page is gone",
        mkdocs_own_checks,
        ["skills.md", "no-such-page.md", "faq.md", "no-such-hat", "orphan.md", "gone.md"],
    ),
    (
        "PyMdown: a missing snippet include",
        lambda p: append(p / SKILLS, '\n--8<-- "no-such-file.md"\n'),
        ["skills.md", "no-such-file.md"],
    ),
    # Secrets never leak: neither through an include nor a link, nor into the log.
    (
        "an include of the repository's git config",
        lambda p: (secret_git_config(p), append(p / SKILLS, '\n--8<-- ".git/config"\n')),
        ["skills.md", ".git/config"],
    ),
    (
        "an include that climbs out of includes/",
        lambda p: (secret_git_config(p), append(p / SKILLS, '\n--8<-- "../.git/config"\n')),
        ["skills.md", ".git/config"],
    ),
    (
        "hooks/confined.py: symbolic links to system files, and an include that is not UTF-8",
        lambda p: (
            (p / "includes/passwd").symlink_to("/etc/passwd"),
            append(p / SKILLS, '\n--8<-- "passwd"\n'),
            (p / "docs/passwd.txt").symlink_to("/etc/passwd"),
            (p / "includes/latin1.md").write_bytes("caf\xe9".encode("latin-1")),
        ),
        ["includes/passwd is a symbolic link", "docs/passwd.txt is a symbolic link", "includes/latin1.md: not UTF-8"],
    ),
    # One build per hook.
    (
        "hooks/front_matter.py: a misspelt key",
        lambda p: set_front_matter(p / TAKEAWAY, "descripton", "typo"),
        ["takeaway.md", "'descripton' was unexpected"],
    ),
    (
        "hooks/active_content.py: a script in a page",
        lambda p: append(p / SKILLS, "\n<script>alert(1)</script>\n"),
        ["skills.md", "<script>"],
    ),
    (
        "hooks/active_content.py: a diagram with an event handler",
        lambda p: into_diagram(p, '<rect width="1" height="1" onload="alert(1)"/>'),
        ["includes/diagrams/three-hats.svg", "onload"],
    ),
    (
        "hooks/redirect_maps.py: a redirect to another site",
        lambda p: add_redirect(p, "old-hats.md", "https://example.org/"),
        ["mkdocs.yml", "redirect_maps", "old-hats.md"],
    ),
    (
        "hooks/pipeline.py: an old id that takes over another page's section",
        lambda p: set_front_matter(p / CREDITS, "anchor_aliases", "{mentor: changes}"),
        ["credits.md", "#mentor"],
    ),
    (
        "hooks/pipeline.py: a glossary term defined twice",
        lambda p: append(
            p / "includes/abbreviations.md", "\n*[flywheel]: One meaning.\n*[flywheel]: Another meaning.\n"
        ),
        ["includes/abbreviations.md", "defined more than once", "*[flywheel]"],
    ),
    (
        "hooks/pipeline.py: a bad line in the search's synonyms",
        lambda p: append(p / "includes/search/synonyms.txt", "firefighting\n"),
        ["synonyms.txt:", "two or more phrases"],
    ),
]


@pytest.mark.parametrize("name, break_it, named", CASES, ids=[case[0] for case in CASES])
def test_broken_input_fails_and_names_the_file(project, tmp_path, name, break_it, named):
    break_it(project)
    done = build(project, tmp_path / "out")
    log = done.stdout + done.stderr
    assert done.returncode != 0, f"{name}: the build passed\n{log}"
    for words in named:
        assert words in log, f"{name}: the error does not name {words!r}\n{log}"
    assert "Traceback" not in log, f"{name}: a traceback instead of a message\n{log}"
    assert "hb-secret-token" not in log and "root:x:0" not in log, f"{name}: a secret reached the log\n{log}"
    assert not (tmp_path / "out" / "passwd.txt").exists()


# Page data that looks like markup builds, and stays text: in the HTML, and
# in Chromium, where no dialog opens and the policy blocks nothing (an
# injected script would be blocked, and reported).

TITLE = "x </title><script>alert(1)</script>"
DESCRIPTION = '"><img src=x onerror=alert(2)> and the rest of the sentence'
OTHER_TITLE = "\"'><svg onload=alert(3)>"
# Content that looks hostile but is text (or a comment) to a browser: it
# builds, and the marker it would set must stay unset.
MARKER = "window.hbPwned=1"
SECTION = f"""
## A heading with &lt;img src=x onerror={MARKER}&gt; in it {{ #payload-heading }}

A [link](#payload-heading "x&quot; onmouseover=&quot;{MARKER}") with a title, a comment
<!-- x -- > <script>{MARKER}</script> --> that a browser keeps closed, and the payloadterm.
"""
GLOSSARY = "\n*[payloadterm]: A \"quoted\" & 'single' definition &amp; text, still text.\n"


@pytest.fixture(scope="session")
def payload_site(shared, tmp_path_factory):
    def make(out, url):
        project = copy_project(tmp_path_factory.mktemp("payload"))
        # JSON strings are YAML strings, quotes and all.
        set_front_matter(project / TAKEAWAY, "title", json.dumps(TITLE))
        set_front_matter(project / TAKEAWAY, "description", json.dumps(DESCRIPTION))
        set_front_matter(project / CREDITS, "title", json.dumps(OTHER_TITLE))
        append(project / TAKEAWAY, SECTION)
        append(project / "includes" / "abbreviations.md", GLOSSARY)
        return strict_build_problem(build(project, out, site_url=url))

    return served(shared, "payload", make)


def as_browser(path):
    return markup.document(path.read_text(encoding="utf-8"))


def test_payloads_stay_text_in_the_html(payload_site):
    """Parsed as a browser parses it (html5lib): minified text may hold "<"
    where the HTML grammar makes it text, as in a <title>."""
    injected = []
    for path in sorted(payload_site.dir.rglob("*.html")):
        soup = as_browser(path)
        where = path.relative_to(payload_site.dir)
        injected += [f"{where}: <{el.name} {a}>" for el in soup.find_all(True) for a in el.attrs if a.startswith("on")]
        injected += [
            f"{where}: <script>{s.string}"
            for s in soup.find_all("script")
            if "alert(" in (s.string or "") or MARKER in (s.string or "")
        ]
        injected += [f"{where}: <{el.name} src=x>" for el in soup.find_all(src="x")]
    assert not injected, injected
    # Nor does the page's policy trust the payload's script.
    takeaway = as_browser(payload_site.page("takeaway/"))
    policy = takeaway.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert published.script_hash("alert(1)") not in policy
    assert takeaway.title.string == f"{TITLE} - Technical Leadership Handbook"
    assert takeaway.find("meta", attrs={"name": "description"})["content"] == DESCRIPTION
    assert takeaway.find("meta", property="og:description")["content"] == DESCRIPTION
    assert TITLE in [topic.get_text(strip=True) for topic in takeaway.select(".md-header__topic")]
    credits = as_browser(payload_site.page("credits/"))
    assert credits.title.string == f"{OTHER_TITLE} - Technical Leadership Handbook"


@pytest.mark.browser
def test_payloads_run_nothing_in_chromium(browser, payload_site):
    context = browser.new_context(base_url=payload_site.url)
    violations, dialogs = csp_violations(context), []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ["takeaway/", "credits/", ""]:
        page.goto(path)
        page.wait_for_function("() => typeof document$ !== 'undefined'")  # Material's bundle has run
    page.goto("takeaway/")
    assert page.title() == f"{TITLE} - Technical Leadership Handbook"
    assert page.locator("meta[name=description]").get_attribute("content") == DESCRIPTION
    # The pages reached by a nav link and by search, whose results show page titles.
    page.locator(".md-nav--primary a.md-nav__link", has_text="The takeaway").first.click()
    page.wait_for_url("**/takeaway/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("alert")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')?.textContent.trim()")
    page.wait_for_timeout(300)
    # The hostile-looking section: its link's title and the term's definition
    # shown as tooltips, by mouse and keyboard; nothing runs, nothing navigates.
    page.goto("takeaway/#payload-heading")
    link = page.locator("article a[title]", has_text="link")
    link.hover()
    term = page.locator("article abbr", has_text="payloadterm")
    term.focus()
    tip = (
        page.locator(f"[id='{term.get_attribute('aria-describedby')}']")
        if term.get_attribute("aria-describedby")
        else None
    )
    page.wait_for_timeout(300)
    assert tip is None or "quoted" in tip.inner_text()
    assert page.evaluate("window.hbPwned") is None
    assert page.url == f"{payload_site.url}takeaway/#payload-heading"
    context.close()
    assert not dialogs, dialogs
    assert not violations, violations
