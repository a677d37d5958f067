"""Front-matter text reaches the HTML escaped, in every template.

MkDocs renders themes with Jinja's autoescape off, and Material prints
`page.meta.title` and `page.meta.description` as they are (the `<title>`,
the meta description, the header), so a title such as
`x </title><script>…` would become markup. front_matter.py has already made
sure both are plain one-line strings; this hook marks them as text and has
the theme's Jinja environment escape marked text wherever a template prints
it (Jinja's `finalize`), so no theme template has to be copied. Python code
still sees ordinary strings. Text that a template has already escaped
(`|e`) is not escaped twice.
"""

from markupsafe import escape
from mkdocs.plugins import event_priority

FIELDS = ("title", "description")


class PageText(str):
    """A string from front matter: text, never markup."""


def finalize(value):
    return escape(value) if isinstance(value, PageText) else value


@event_priority(90)  # after front_matter.py has checked the types, before anything renders
def on_page_markdown(markdown, page, **kwargs):
    for field in FIELDS:
        if isinstance(page.meta.get(field), str):
            page.meta[field] = PageText(page.meta[field])
    return markdown


def on_env(env, config, files, **kwargs):
    before = env.finalize
    env.finalize = finalize if before is None else (lambda value: before(finalize(value)))
    return env
