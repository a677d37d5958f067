"""One copy control next to every link target: headings, FAQ questions and
comparison rows.

The control is a single button, rendered into the HTML so nothing shifts
when the script loads (docs/javascripts/extra.js gives it its behaviour: a
click copies the short link and shows "Link copied"; the other formats are
offered in words from the same control). Its name tells screen readers which
section it copies. Old ids (aliases) get no control of their own.

- Headings: the button follows the heading text; the last word and the
  button never break apart, so a long heading does not leave the button
  alone on a line.
- FAQ questions: a <summary> may hold no buttons, so the question's
  <details> is wrapped with its button beside it.
- Rows: the button follows the label in the row's first cell.
"""

from __future__ import annotations

import re

from bs4 import NavigableString

import link_targets
import page_html
import section_dates

CONTROL_CLASS = "hb-link"


def control(tree, target) -> object:
    """The copy button for one target; everything the script needs is on it,
    the day its text last changed too (section_dates.py), when git knows it."""
    button = tree.new_tag("button", attrs={
        "type": "button",
        "class": CONTROL_CLASS,
        "data-hb-link": target.id,
        "data-hb-title": target.title,
        "data-hb-page": target.page_title,
        "aria-label": f"Copy link to section: {target.title}",
    })
    if changed := section_dates.of(target):
        button["data-hb-changed"] = changed.day
    return button


def keep_with_last_word(tree, heading, button) -> None:
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


def add_controls(tree, targets) -> None:
    for target in targets:
        if target.kind == "alias":
            continue
        element = tree.find(id=target.id)
        button = control(tree, target)
        if target.kind == "question":
            details = element.find_parent("details")
            wrapper = tree.new_tag("div", attrs={"class": "hb-question"})
            details.wrap(wrapper)
            wrapper.append(button)
        elif target.kind == "row":
            element.insert_after(button)
        else:
            keep_with_last_word(tree, element, button)


def on_env(env, config, files, **kwargs):
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        add_controls(page_html.tree(page), link_targets.SITE.pages.get(page.url, []))
    return env
