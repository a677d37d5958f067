"""No script, and nothing that takes over the page, reaches a page through its content.

Everything that may run in the reader's browser comes from the theme and
docs/javascripts/; the Content-Security-Policy (published.py) allows only
the build's own inline scripts. So page content, whether Markdown, raw HTML
in it, an include or a diagram, may hold none of:

- an element that runs code, loads another document or changes where links
  go (script, iframe, object, embed, base, noscript, foreignObject...), a
  <meta> or <link> (a refresh, a stylesheet), a form or a form control
  other than the tick boxes of task lists and the radio buttons of content
  tabs;
- an event-handler attribute (onload=, onclick=...), a javascript:,
  vbscript: or data: URL where a URL goes;
- CSS of its own: no style attribute, and no <style> outside a diagram (a
  rule in a page's content applies to the whole page and can blank it);
- a title holding "<" or ">" (Material's tooltips show a title as HTML).

A diagram (an SVG file in includes/) is SVG only; its <style> rules all
apply under `.hb-diagram`, with no @-rule and no url(); and it refers to
nothing outside itself (href only to "#id", no src). Diagrams and other
files under includes/ are checked before the build and named when they
fail; each page's content is checked as Markdown renders it, naming the
page. problems() is the rule, which the tests call.

Everything is parsed with the handbook's one parser (hooks/handbook/markup.py:
html5lib, the HTML parsing algorithm of browsers, scripting on), so the
check sees the elements and attributes a browser would see (comments,
CDATA, entities and <noscript> included). hooks/published.py checks the
finished files again, as they are published.
"""

from __future__ import annotations

from pathlib import Path

import tinycss2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from handbook import markup
from handbook.active import ACTIVE, SVG, attribute_problems, local_name, value_of

# Elements a page's content may not hold, on top of those that run code.
NOT_IN_CONTENT = ACTIVE | {"meta", "link", "form", "button", "select", "textarea", "style"}
# Form controls Markdown writes itself: task-list tick boxes and content-tab radio buttons.
CONTROLS_ALLOWED = {"checkbox", "radio"}
DIAGRAM_SCOPE = ".hb-diagram"


def css_problems(css: str) -> list[str]:
    """A diagram's stylesheet: every rule under DIAGRAM_SCOPE, no @-rule, no url()."""
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            found.append(f"CSS that does not parse ({rule.message})")
        elif rule.type == "at-rule":
            found.append(f"an @{rule.lower_at_keyword} rule in <style>")
        else:
            for selector in tinycss2.serialize(rule.prelude).split(","):
                if not selector.strip().startswith(DIAGRAM_SCOPE):
                    found.append(f"a <style> rule for {selector.strip()!r}, outside {DIAGRAM_SCOPE}")
            for token in _walk(rule.content):
                if token.type == "url" or (token.type == "function" and token.lower_name in ("url", "image-set")):
                    found.append("a url() in <style>: a diagram refers to nothing outside itself")
    return found


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(getattr(token, "arguments", None) or getattr(token, "content", None) or [])


def problems(html: str, svg_only: bool = False) -> list[str]:
    """What in this HTML fragment could run script or take over the page, one line each.

    svg_only: the fragment is a diagram (an SVG file), with the rules above.
    """
    found = []
    for element in markup.fragment(html).find_all(True):
        tag = element.name
        in_svg = element.namespace == SVG
        if svg_only and not in_svg:
            found.append(f"a <{tag}> element, which is not SVG")
        if tag.lower() == "style":
            if in_svg:
                found += css_problems(element.get_text())
            else:
                found.append("a <style> element (content brings no CSS of its own; a diagram's SVG may)")
        elif tag.lower() in NOT_IN_CONTENT:
            found.append(f"a <{tag}> element")
        elif tag == "input" and str(element.get("type", "")).lower() not in CONTROLS_ALLOWED:
            found.append(f"an <input type={element.get('type', 'text')}> element (a form control)")
        found += attribute_problems(element)
        for name, value in element.attrs.items():
            local, text = local_name(name), value_of(value)
            if local == "style":
                found.append(f"a style attribute on <{tag}> (content brings no CSS of its own)")
            elif local == "title" and ("<" in text or ">" in text):
                found.append(f"a title on <{tag}> with < or > in it (tooltips show titles as HTML)")
            elif in_svg and local in ("href", "src") and not text.startswith("#"):
                found.append(
                    f"a reference to {text!r} in {local}= on <{tag}>: a diagram refers to nothing outside itself"
                )
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
        raise PluginError("unsafe content in includes (see hooks/active_content.py):\n  " + "\n  ".join(failures))


@event_priority(100)  # the content as Markdown rendered it, before other hooks add controls
def on_page_content(html, page, **kwargs):
    if found := problems(html):
        raise PluginError(
            f"{page.file.src_uri}: unsafe content (see hooks/active_content.py):\n  " + "\n  ".join(found)
        )
    return html
