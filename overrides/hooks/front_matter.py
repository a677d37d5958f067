"""Fail the build on bad front matter, naming the page.

MkDocs silently drops front matter it cannot parse and turns it into page
text, and it accepts any key. Every page here needs a title and a one-line
description (search results and link previews use them), so anything else
is an error.
"""

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE

REQUIRED = {"title", "description"}
ALLOWED = REQUIRED | {"tags", "search", "hide", "template", "icon", "status", "anchor_aliases"}
MAX_DESCRIPTION = 200  # link previews cut longer text


def on_page_markdown(markdown, page, **kwargs):
    where = page.file.src_uri
    source = page.file.content_string
    match = YAML_RE.match(source)
    if not match:
        raise PluginError(f"{where}: no YAML front matter (needs {', '.join(sorted(REQUIRED))})")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise PluginError(f"{where}: front matter is not valid YAML: {error}") from None
    if not isinstance(meta, dict):
        raise PluginError(f"{where}: front matter must be a mapping of keys to values")
    if missing := sorted(REQUIRED - meta.keys()):
        raise PluginError(f"{where}: front matter lacks {', '.join(missing)}")
    if unknown := sorted(meta.keys() - ALLOWED):
        raise PluginError(f"{where}: unknown front matter key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(ALLOWED))}")
    description = meta["description"]
    if not isinstance(description, str) or not description.strip():
        raise PluginError(f"{where}: description must be a non-empty sentence")
    if len(description) > MAX_DESCRIPTION:
        raise PluginError(f"{where}: description is {len(description)} characters; keep it under {MAX_DESCRIPTION}")
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise PluginError(f"{where}: tags must be a list of words")
    return markdown
