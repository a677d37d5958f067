"""Fail the build on bad front matter, naming the page, the key and the fault.

MkDocs silently drops front matter it cannot parse and turns it into page
text, and it accepts any key of any type. The rules live in
front-matter.schema.json beside this file (JSON Schema, checked with the
jsonschema library): every page needs a one-line title and description
(search results, link previews and the browser tab show them), and each key
has a type, a length or a shape.
"""

import json
from pathlib import Path

import jsonschema
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import YAML_RE

SCHEMA_FILE = Path(__file__).with_name("front-matter.schema.json")
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
Validator = jsonschema.validators.validator_for(SCHEMA)
Validator.check_schema(SCHEMA)
VALIDATOR = Validator(SCHEMA)


def problems(meta) -> list[str]:
    """One line per rule the front matter breaks: the key, what is wrong, what is expected."""
    found = []
    for error in sorted(VALIDATOR.iter_errors(meta), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        key = ".".join(str(p) for p in path)
        expected = SCHEMA["properties"].get(path[0], {}).get("description") if path else None
        # propertyNames errors point at the mapping; the message quotes the bad key.
        line = f"key {key}: {error.message}" if key else error.message
        if error.validator == "additionalProperties" and not path:
            line += f"; allowed keys: {', '.join(SCHEMA['properties'])}"
        found.append(f"{line} (expected: {expected})" if expected else line)
    return found


@event_priority(100)  # before any plugin reads page.meta
def on_page_markdown(markdown, page, **kwargs):
    where = page.file.src_uri
    match = YAML_RE.match(page.file.content_string)
    if not match:
        raise PluginError(f"{where}: no YAML front matter (needs {', '.join(SCHEMA['required'])})")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise PluginError(f"{where}: front matter is not valid YAML: {error}") from None
    if found := problems(meta):
        raise PluginError(f"{where}: front matter breaks {SCHEMA_FILE.name}:\n  " + "\n  ".join(found))
    return markdown
