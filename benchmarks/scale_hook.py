"""Used only by the scaling builds (scaling.py): give each page copy its own ids.

The handbook requires section ids to be unique site-wide, so a copy of a
page (`skills--copy-07.md`) gets every id, same-page link and anchor alias
suffixed with its copy number (`#diplomat` becomes `#diplomat-c07`: still a short id,
lower-case words joined by single hyphens).
Listed before the project's own hooks, so they see the unique ids.
"""

import re

COPY = re.compile(r"--copy-(\d+)\.md$")


def _suffix(page):
    match = COPY.search(page.file.src_uri)
    return f"-c{match.group(1)}" if match else None


def on_page_markdown(markdown, page, **kwargs):
    suffix = _suffix(page)
    aliases = page.meta.get("anchor_aliases")
    if suffix and isinstance(aliases, dict):
        page.meta["anchor_aliases"] = {f"{old}{suffix}": f"{new}{suffix}" for old, new in aliases.items()}
    return markdown


def on_page_content(html, page, **kwargs):
    suffix = _suffix(page)
    if not suffix:
        return html
    html = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{m.group(1)}{suffix}"', html)
    return re.sub(r'\shref="#([^"]+)"', lambda m: f' href="#{m.group(1)}{suffix}"', html)
