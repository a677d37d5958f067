"""Bad input fails the strict build loudly, naming the file at fault.

Each case copies the project into a temporary folder and breaks it one way;
the real docs/ is never touched. The edits find their place by structure
(the front matter, the last </svg>, the redirect map), not by a page's
wording, so they keep working as the pages change.

Page data that is odd but harmless (a title full of markup) must build and
stay text: see the payload tests at the end.
"""

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

import csp
from conftest import ROOT, Site, build, csp_violations, free_port, serve

PARTS = ["mkdocs.yml", "docs", "includes", "overrides"]


def copy_project(target):
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, symlinks=True)
        else:
            shutil.copy2(src, target / part)
    return target


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


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


def redirect_to(project, new):
    """Point the first existing redirect at another page."""
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^ *redirect_maps:\n *\S+\.md: (\S+)$", text, re.M)
    path.write_text(text[:match.start(1)] + new + text[match.end(1):], encoding="utf-8")




def secret_git_config(project):
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "config").write_text("[remote]\n  token = hb-secret-token\n", encoding="utf-8")


def broken_build(project, tmp_path_factory, cwd=None):
    done = build(project, tmp_path_factory.mktemp("out"), cwd=cwd)
    return done.returncode, done.stdout + done.stderr


def test_the_untouched_copy_builds_from_any_directory(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    done = build(project, out, cwd=tmp_path_factory.mktemp("elsewhere"))
    assert done.returncode == 0, done.stdout + done.stderr
    # The glossary and the diagrams were found from mkdocs.yml's folder, not the working directory.
    three_hats = (out / "three-hats" / "index.html").read_text(encoding="utf-8")
    assert "<abbr" in three_hats and "<svg" in three_hats


TAKEAWAY, CREDITS, SKILLS = "docs/takeaway.md", "docs/credits.md", "docs/skills.md"

CASES = [
    # The eight first cases.
    ("link to a missing page",
     lambda p: append(p / SKILLS, "\n[gone](no-such-page.md)\n"), ["skills.md"]),
    ("link to a missing anchor",
     lambda p: append(p / "docs/faq.md", "\n[gone](three-hats.md#no-such-hat)\n"), ["faq.md"]),
    ("invalid YAML front matter",
     lambda p: (p / TAKEAWAY).write_text(
         "---\ntitle: [unclosed\ndescription: x\n---\n\n# Takeaway\n", encoding="utf-8"), ["takeaway.md"]),
    ("front matter without a description",
     lambda p: (p / TAKEAWAY).write_text("---\ntitle: Takeaway\n---\n\n# Takeaway\n", encoding="utf-8"),
     ["takeaway.md", "'description' is a required property"]),
    ("a misspelt front matter key",
     lambda p: set_front_matter(p / TAKEAWAY, "descripton", "typo"), ["takeaway.md", "'descripton' was unexpected"]),
    ("a page left out of the nav",
     lambda p: (p / "docs/orphan.md").write_text("---\ntitle: Orphan\ndescription: Nobody links here.\n---\n\n# Orphan\n",
                                                 encoding="utf-8"), ["orphan.md"]),
    ("a nav entry whose page is missing",
     lambda p: (p / CREDITS).unlink(), ["credits.md"]),
    ("a missing snippet include",
     lambda p: append(p / SKILLS, '\n--8<-- "no-such-file.md"\n'), ["skills.md"]),
    # Front matter: types, lengths and shapes (overrides/hooks/front-matter.schema.json).
    ("a title that is a number",
     lambda p: set_front_matter(p / TAKEAWAY, "title", "42"), ["takeaway.md", "key title", "not of type 'string'"]),
    ("a title that is a list",
     lambda p: set_front_matter(p / TAKEAWAY, "title", "[a, b]"), ["takeaway.md", "key title", "not of type"]),
    ("a title on two lines",
     lambda p: set_front_matter(p / TAKEAWAY, "title", '"The\\ntakeaway"'), ["takeaway.md", "key title", "does not match"]),
    ("a title of 81 characters",
     lambda p: set_front_matter(p / TAKEAWAY, "title", "T" * 81), ["takeaway.md", "key title", "too long"]),
    ("a description of 201 characters",
     lambda p: set_front_matter(p / TAKEAWAY, "description", "d" * 201), ["takeaway.md", "key description", "too long"]),
    ("tags that are not a list",
     lambda p: set_front_matter(p / TAKEAWAY, "tags", "leadership"), ["takeaway.md", "key tags"]),
    ("anchor aliases as a list",
     lambda p: set_front_matter(p / CREDITS, "anchor_aliases", "[mentor, changes]"),
     ["credits.md", "key anchor_aliases", "not of type 'object'"]),
    ("an anchor alias that leaves s/",
     lambda p: set_front_matter(p / CREDITS, "anchor_aliases", '{"../faq": mentor}'),
     ["credits.md", "key anchor_aliases", "'../faq' does not match"]),
    ("an anchor alias that injects an attribute",
     lambda p: set_front_matter(p / CREDITS, "anchor_aliases", """{'x" onfocus="alert(1)': mentor}"""),
     ["credits.md", "key anchor_aliases", "onfocus"]),
    ("an anchor alias with spaces",
     lambda p: set_front_matter(p / CREDITS, "anchor_aliases", '{"A Final Word": mentor}'),
     ["credits.md", "key anchor_aliases", "'A Final Word' does not match"]),
    ("an anchor alias to an id that is not short",
     lambda p: set_front_matter(p / CREDITS, "anchor_aliases", '{old-credits: "Sources and credits"}'),
     ["credits.md", "key anchor_aliases.old-credits"]),
    # Includes stay inside includes/; docs/ inside docs/.
    ("an include of the repository's git config",
     lambda p: (secret_git_config(p), append(p / SKILLS, '\n--8<-- ".git/config"\n')), ["skills.md", ".git/config"]),
    ("an include that climbs out of includes/",
     lambda p: (secret_git_config(p), append(p / SKILLS, '\n--8<-- "../.git/config"\n')), ["skills.md", ".git/config"]),
    ("a symbolic link in includes/ to a system file",
     lambda p: ((p / "includes/passwd").symlink_to("/etc/passwd"), append(p / SKILLS, '\n--8<-- "passwd"\n')),
     ["includes/passwd", "/etc/passwd"]),
    ("a symbolic link in includes/ to a system folder",
     lambda p: ((p / "includes/system").symlink_to("/etc"), append(p / SKILLS, '\n--8<-- "system/passwd"\n')),
     ["includes/system", "outside includes/"]),
    ("a symbolic link in docs/ to a system file",
     lambda p: (p / "docs/passwd.txt").symlink_to("/etc/passwd"), ["docs/passwd.txt", "outside docs/"]),
    # Diagrams are SVG and nothing that runs.
    ("a script element in a diagram",
     lambda p: into_diagram(p, "<script>alert(1)</script>"), ["includes/diagrams/three-hats.svg", "<script>"]),
    ("an event handler on a diagram",
     lambda p: into_diagram(p, '<rect width="1" height="1" onload="alert(1)"/>'),
     ["includes/diagrams/three-hats.svg", "onload"]),
    ("a javascript: link in a diagram",
     lambda p: into_diagram(p, '<a href="javascript:alert(1)"><text>x</text></a>'),
     ["includes/diagrams/three-hats.svg", "script URL in href"]),
    ("a disguised javascript: xlink:href in a diagram",
     lambda p: into_diagram(p, '<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href=" java&#9;script:alert(1)">'
                               '<text>x</text></a>'), ["includes/diagrams/three-hats.svg", "script URL in href"]),
    ("an animation that sets a javascript: link in a diagram",
     lambda p: into_diagram(p, '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'),
     ["includes/diagrams/three-hats.svg", "script URL in to"]),
    ("HTML smuggled out of a diagram by a comment",
     lambda p: into_diagram(p, "<!---><img src=x onerror=alert(1)>-->"),
     ["includes/diagrams/three-hats.svg", "onerror"]),
    ("HTML inside a diagram's foreignObject",
     lambda p: into_diagram(p, "<foreignObject><p>text</p></foreignObject>"),
     ["includes/diagrams/three-hats.svg", "foreignObject"]),
    # Page content runs nothing either (the policy allows only the theme's scripts).
    ("a script in a page",
     lambda p: append(p / SKILLS, "\n<script>alert(1)</script>\n"), ["skills.md", "<script>"]),
    ("an event handler added with attr_list",
     lambda p: append(p / SKILLS, '\nA paragraph.\n{ onclick="alert(1)" }\n'), ["skills.md", "onclick"]),
    ("a javascript: link in a page",
     lambda p: append(p / SKILLS, "\n[a link](javascript:alert(1))\n"), ["skills.md", "script URL in href"]),
    # The glossary and the redirects.
    ("a glossary term defined twice",
     lambda p: append(p / "includes/abbreviations.md", "\n*[flywheel]: One meaning.\n*[flywheel]: Another meaning.\n"),
     ["includes/abbreviations.md", "defined more than once", "*[flywheel]"]),
    ("a redirect to a missing page",
     lambda p: redirect_to(p, "no-such-page.md"), ["mkdocs.yml", "redirect_maps", "no-such-page.md", "old page"]),
    ("a redirect over a page that exists",
     lambda p: add_redirect(p, "skills.md", "three-hats.md"), ["mkdocs.yml", "redirect_maps", "skills.md: three-hats.md"]),
    ("a redirect that writes outside the site",
     lambda p: add_redirect(p, "../outside.md", "three-hats.md"), ["mkdocs.yml", "../outside.md"]),
]


@pytest.mark.parametrize("name, break_it, named", CASES, ids=[case[0] for case in CASES])
def test_broken_input_fails_and_names_the_file(project, tmp_path_factory, name, break_it, named):
    break_it(project)
    code, log = broken_build(project, tmp_path_factory)
    assert code != 0, f"{name}: the build passed\n{log}"
    for words in named:
        assert words in log, f"{name}: the error does not name {words!r}\n{log}"
    assert "hb-secret-token" not in log and "root:x:0" not in log, f"{name}: a secret reached the log\n{log}"


# Page data that looks like markup builds, and stays text: in the HTML, and
# in Chromium, where no dialog opens and the policy blocks nothing (an
# injected script would be blocked, and reported).

TITLE = "x </title><script>alert(1)</script>"
DESCRIPTION = '"><img src=x onerror=alert(2)> and the rest of the sentence'
OTHER_TITLE = "\"'><svg onload=alert(3)>"


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("payload"))
    # JSON strings are YAML strings, quotes and all.
    set_front_matter(project / TAKEAWAY, "title", json.dumps(TITLE))
    set_front_matter(project / TAKEAWAY, "description", json.dumps(DESCRIPTION))
    set_front_matter(project / CREDITS, "title", json.dumps(OTHER_TITLE))
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("payload-site")
    done = build(project, out, site_url=url)
    assert done.returncode == 0, done.stdout + done.stderr
    httpd = serve(out, port)
    yield Site(out, url)
    httpd.shutdown()


def as_browser(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def test_payloads_stay_text_in_the_html(payload_site):
    """Parsed as a browser parses it (html5lib): minified text may hold "<"
    where the HTML grammar makes it text, as in a <title>."""
    injected = []
    for path in sorted(payload_site.dir.rglob("*.html")):
        soup = as_browser(path)
        where = path.relative_to(payload_site.dir)
        injected += [f"{where}: <{el.name} {a}>" for el in soup.find_all(True) for a in el.attrs if a.startswith("on")]
        injected += [f"{where}: <script>{s.string}" for s in soup.find_all("script") if "alert(" in (s.string or "")]
        injected += [f"{where}: <{el.name} src=x>" for el in soup.find_all(src="x")]
    assert not injected, injected
    # Nor does the page's policy trust the payload's script.
    takeaway = as_browser(payload_site.page("takeaway/"))
    policy = takeaway.find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert csp.script_hash("alert(1)") not in policy
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
    # The pages reached by instant navigation and by search, whose results show page titles.
    page.locator(".md-nav--primary a.md-nav__link", has_text="The takeaway").first.click()
    page.wait_for_url("**/takeaway/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("alert")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')?.textContent.trim()")
    page.wait_for_timeout(300)
    context.close()
    assert not dialogs, dialogs
    assert not violations, violations
