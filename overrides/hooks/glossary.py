"""Glossary terms that work for everyone, not only for a mouse.

The abbr extension marks every use of a term from includes/abbreviations.md
with `<abbr title="definition">`. Each one here is made focusable, so a
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
            term["tabindex"] = "0"
    return env
