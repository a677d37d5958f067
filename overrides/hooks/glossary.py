"""The glossary: each term defined once, and usable by everyone, not only a mouse.

The glossary (includes/abbreviations.md, appended to every page by
pymdownx.snippets) holds `*[term]: definition` lines for Python-Markdown's
abbr extension, which marks every use of a term with
`<abbr title="definition">`.

- That extension silently keeps the last of two definitions of a term: the
  appended files are read with its own pattern, and a term that appears
  twice fails the build, naming the file and the term.
- Each term in running text is made focusable, so a keyboard or
  screen-reader user reaches it with Tab; Material's tooltip then shows the
  definition on focus as on hover and tap, and names it as the term's
  description. docs/javascripts/extra.js lets Escape dismiss it.
"""

from collections import Counter
from pathlib import Path

from markdown.extensions.abbr import AbbrBlockprocessor
from mkdocs.exceptions import PluginError

import page_html


def duplicates(text: str) -> list[str]:
    terms = Counter(match.group("abbr") for match in AbbrBlockprocessor.RE.finditer(text))
    return sorted(term for term, count in terms.items() if count > 1)


def on_pre_build(config, **kwargs):
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    base = Path(snippets.get("base_path", ["."])[0])
    for name in snippets.get("auto_append", []):
        path = base / name
        if path.is_file() and (twice := duplicates(path.read_text(encoding="utf-8"))):
            raise PluginError(f"{path.relative_to(base.parent)}: glossary term(s) defined more than once: "
                              + ", ".join(f"*[{term}]" for term in twice))


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
