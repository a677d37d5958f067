"""One copy control next to every link target: headings, FAQ questions and
comparison rows.

The control is a single button (overrides/partials/handbook/copy-control.html)
written into the HTML, so nothing shifts when the script loads. The build writes everything the control shows or
copies into its `data-` attributes (CONTRACT below); docs/javascripts/extra.js
gives it its behaviour and formats nothing itself: a click copies the
short link and shows "Link copied", the other formats are offered in words
from the same control, and its hint gives the day the section last changed.
Its name tells screen readers which section it copies. Old ids (aliases)
get no control of their own.

- Headings: the button follows the heading text; the last word and the
  button never break apart, so a long heading does not leave the button
  alone on a line.
- FAQ questions: a <summary> may hold no buttons, so the question's
  <details> is wrapped with its button beside it.
- Rows: the button follows the label in the row's first cell.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from markupsafe import Markup

from . import link_targets, markup, section_dates

CONTROL_CLASS = "hb-link"
TEMPLATE = "partials/handbook/copy-control.html"

# The contract between the build and docs/javascripts/extra.js: every data-
# attribute of a copy control, and what it holds. tests/test_contract.py
# holds both sides to it.
CONTRACT = {
    "data-hb-link": "the target's id, which is also its element's id on the page",
    "data-hb-short": "the short link's path from the site root, such as s/diplomat/",
    "data-hb-label": "the section and its page, as a link names them: The Diplomat · The three hats",
    "data-hb-changed": "the day the section's text last changed, 2026-11-03 (absent when unknown)",
    "data-hb-changed-label": "the same day as readers read it, 3 Nov 2026 (absent when unknown)",
}


def render(env, target: link_targets.Target, changed: section_dates.Commit | None) -> Markup:
    """The copy button for one target (overrides/partials/handbook/copy-control.html)."""
    return Markup(env.get_template(TEMPLATE).render(target=target, changed=changed))


def keep_with_last_word(tree, heading: Tag, button: Tag) -> None:
    """Append the button to the heading, glued to its last word."""
    texts = [node for node in heading.find_all(string=True) if node.strip()]
    if not texts:
        heading.append(button)
        return
    last = texts[-1]
    head, word = re.match(r"(.*?)(\S+)\s*$", str(last), re.S).groups()
    glue = tree.new_tag("span", attrs={"class": "hb-nowrap"})
    glue.append(word)
    glue.append(button)
    if head:
        rest = NavigableString(head)
        last.replace_with(rest)
        rest.insert_after(glue)
    else:
        last.replace_with(glue)


def add(env, tree, targets: list[link_targets.Target], dates: section_dates.Dates) -> None:
    """A control beside each of a page's targets."""
    for target in targets:
        if target.kind == "alias":
            continue
        element = tree.find(id=target.id)
        [button] = markup.nodes(render(env, target, dates.last(target)))
        if target.kind == "question":
            details = element.find_parent("details")
            wrapper = tree.new_tag("div", attrs={"class": "hb-question"})
            details.wrap(wrapper)
            wrapper.append(button)
        elif target.kind == "row":
            element.insert_after(button)
        else:
            keep_with_last_word(tree, element, button)
