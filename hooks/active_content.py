"""No script reaches a page through its content, diagrams included.

Everything that may run in the reader's browser comes from the theme and
docs/javascripts/; the Content-Security-Policy (csp.py) allows exactly the
inline scripts the templates write. So page content, whether Markdown, raw
HTML in it, an include or a diagram, may hold no script element, no
event-handler attribute (onload=, onclick=...) and no javascript: URL, and a
diagram is SVG only (no HTML or foreignObject inside it). Diagrams and other
files under includes/ are checked before the build and named when they
fail; each page's content is checked as Markdown renders it, naming the page.

Both are parsed with the handbook's one parser (hooks/handbook/markup.py:
html5lib, the HTML parsing algorithm of browsers, scripting on), so the
check sees the elements and attributes a browser would see (comments,
CDATA, entities and <noscript> included).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from handbook import markup

SVG = "http://www.w3.org/2000/svg"
# Elements that run code or load another document.
ACTIVE = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "portal",
    "base",
    "meta",
    "foreignobject",
}
# Attributes whose value is a URL, or becomes one (SVG animation values).
URLISH = {"href", "src", "action", "formaction", "data", "poster", "srcset", "values", "to", "from", "by"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:")


def _scheme_text(value: str) -> str:
    # Browsers ignore ASCII whitespace and control characters in a URL's scheme.
    return "".join(ch for ch in value if ord(ch) > 0x20).lower()


def problems(html: str, svg_only: bool = False) -> list[str]:
    """What in this HTML fragment could run script, one line each (parsed as a browser does: markup.py)."""
    found = []
    for element in markup.fragment(html).find_all(True):
        tag = element.name
        if tag.lower() in ACTIVE:
            found.append(f"a <{tag}> element")
        elif svg_only and element.namespace != SVG:
            found.append(f"a <{tag}> element, which is not SVG")
        for name, value in element.attrs.items():
            local = name.split(":")[-1].lower()
            value = " ".join(value) if isinstance(value, list) else value
            if local.startswith("on"):
                found.append(f"an event handler {local}= on <{tag}>")
            elif local in URLISH and any(s in _scheme_text(value) for s in SCRIPT_SCHEMES):
                found.append(f"a script URL in {local}= on <{tag}>")
    return found


def include_dirs(config) -> list[Path]:
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    return [Path(base) for base in snippets.get("base_path", [])]


def on_pre_build(config, **kwargs):
    """Every diagram (SVG) and HTML include, named when it fails."""
    failures = []
    for base in include_dirs(config):
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".svg", ".html") or not path.is_file():
                continue
            found = problems(path.read_text(encoding="utf-8"), svg_only=path.suffix == ".svg")
            failures += [f"{path.relative_to(base.parent)}: {problem}" for problem in found]
    if failures:
        raise PluginError(
            "unsafe content in includes (no scripts, event handlers or javascript: URLs):\n  " + "\n  ".join(failures)
        )


@event_priority(100)  # the content as Markdown rendered it, before other hooks add controls
def on_page_content(html, page, **kwargs):
    if found := problems(html):
        raise PluginError(
            f"{page.file.src_uri}: unsafe content (no scripts, event handlers or javascript: URLs):"
            "\n  " + "\n  ".join(found)
        )
    return html
