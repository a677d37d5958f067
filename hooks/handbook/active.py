"""What in HTML can act in a reader's browser: the rules that hooks/active_content.py
(page content and includes, as they enter the build) and hooks/published.py (every
file as it leaves it) share.

Both read HTML with markup.py, so they see the elements and attributes a
browser with scripting on builds.
"""

from __future__ import annotations

from bs4 import Tag

SVG = "http://www.w3.org/2000/svg"
# Elements that run code, load another document or change where links go.
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
    "noscript",
    "foreignobject",
    "noembed",
    "noframes",
}
# Attributes whose value is a URL or becomes one (SVG animation values too).
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "srcset",
    "imagesrcset",
    "background",
    "cite",
    "ping",
    "manifest",
    "icon",
    "longdesc",
    "values",
    "to",
    "from",
    "by",
    "codebase",
}
# Schemes that run script, or open a document made up on the spot.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def scheme_text(value: str) -> str:
    """A URL as a browser reads its scheme: ASCII whitespace and control characters dropped, lower case."""
    return "".join(ch for ch in value if ord(ch) > 0x20).lower()


def runs_script(value: str) -> bool:
    """True for a URL a browser would run, or open as a document of its own (data:)."""
    return any(scheme in scheme_text(value) for scheme in SCRIPT_SCHEMES)


def value_of(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def local_name(attribute: str) -> str:
    return attribute.split(":")[-1].lower()


def attribute_problems(element: Tag) -> list[str]:
    """Event handlers and script URLs on one element."""
    found = []
    for name, value in element.attrs.items():
        local = local_name(name)
        if local.startswith("on"):
            found.append(f"an event handler {local}= on <{element.name}>")
        elif local in URL_ATTRIBUTES and runs_script(value_of(value)):
            found.append(f"a script or data: URL in {local}= on <{element.name}>")
    return found
