"""Fail the build on bad front matter, naming the page, the key and the fault.

MkDocs silently drops front matter it cannot parse and turns it into page
text, and it accepts any key of any type. The rules live in
front-matter.schema.json beside this file (JSON Schema, checked with the
jsonschema library): every page needs a one-line title and description
(search results, link previews and the browser tab show them), and each key
has a type, a length or a shape. Beyond the schema:

- front matter is at most MAX_BYTES and may use no YAML aliases (`*name`),
  so a few lines cannot expand into gigabytes ("billion laughs");
- a page's `icon` must be one of the theme's icons;
- an error quotes at most QUOTE characters of a value.

problems() does the checking and is what the tests call; the hook applies
it to every page.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

SCHEMA_FILE = Path(__file__).with_name("front-matter.schema.json")
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
Validator = jsonschema.validators.validator_for(SCHEMA)
Validator.check_schema(SCHEMA)
VALIDATOR = Validator(SCHEMA)
MAX_BYTES = 8 * 1024
QUOTE = 120


def quoted(text: str, limit: int = QUOTE) -> str:
    """Text for an error message, cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(source: str) -> tuple[dict | None, list[str]]:
    """A page's front matter as data, or the reasons it cannot be read."""
    match = YAML_RE.match(source)
    if not match:
        return None, [f"no YAML front matter (needs {', '.join(SCHEMA['required'])})"]
    text = match.group(1)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return None, [f"front matter is {size:,} bytes; at most {MAX_BYTES:,} (move long text into the page)"]
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
            return None, ["front matter may not use YAML aliases (*name): write each value out"]
        return yaml.safe_load(text), []
    except yaml.YAMLError as error:
        return None, [f"front matter is not valid YAML: {quoted(' '.join(str(error).split()), 300)}"]


def problems(meta, icons: Path | None = None) -> list[str]:
    """One line per rule the front matter breaks: the key, what is wrong, what is expected.

    `icons` is the theme's icon folder; with it, an icon must be one of them.
    """
    found = []
    for error in sorted(VALIDATOR.iter_errors(meta), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        key = ".".join(str(p) for p in path)
        expected = SCHEMA["properties"].get(path[0], {}).get("description") if path else None
        # The message quotes the value: a long one is cut, the rule it breaks kept.
        message = error.message.replace(repr(error.instance), quoted(repr(error.instance), QUOTE))
        # propertyNames errors point at the mapping; the message quotes the bad key.
        line = f"key {quoted(key, 60)}: {quoted(message, 2 * QUOTE)}" if key else quoted(message, 2 * QUOTE)
        if error.validator == "additionalProperties" and not path:
            line += f"; allowed keys: {', '.join(SCHEMA['properties'])}"
        found.append(f"{line} (expected: {expected})" if expected else line)
    icon = meta.get("icon") if isinstance(meta, dict) else None
    if icons is not None and isinstance(icon, str) and not found and not (icons / f"{icon}.svg").is_file():
        found.append(f"key icon: {quoted(icon)} is not one of the theme's icons (see {icons.name}/)")
    return found


def check(source: str, icons: Path | None = None) -> list[str]:
    """Everything wrong with a page's front matter, read from its Markdown source."""
    meta, unreadable = parse(source)
    return unreadable or problems(meta, icons)


def theme_icons(config) -> Path | None:
    for folder in config.theme.dirs:
        if (Path(folder) / ".icons").is_dir():
            return Path(folder) / ".icons"
    return None


@event_priority(100)  # before any plugin reads page.meta
def on_page_markdown(markdown: str, page: Page, config, files) -> str:
    if found := check(page.file.content_string, theme_icons(config)):
        raise PluginError(f"{page.file.src_uri}: front matter breaks {SCHEMA_FILE.name}:\n  " + "\n  ".join(found))
    return markdown
