"""Glossary terms that work for everyone, not only for a mouse.

The abbr extension marks every use of a term from includes/abbreviations.md
with `<abbr title="definition">`. Each one in running text is made focusable, so a
keyboard or screen-reader user reaches it with Tab; Material's tooltip then
shows the definition on focus as on hover and tap, and names it as the
term's description. docs/javascripts/extra.js lets Escape dismiss it.
"""

import page_html


def on_env(env, config, files, **kwargs):
    for file in files.documentation_pages():
        if file.page is None or "<abbr" not in (file.page.content or ""):
            continue
        for term in page_html.tree(file.page).select("abbr[title]"):
            # Not in headings and FAQ questions: a heading keeps one Tab stop
            # (its copy control) and a <summary> may hold nothing focusable.
            if not term.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "summary"]):
                term["tabindex"] = "0"
    return env
