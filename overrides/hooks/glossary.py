"""A glossary term is defined once.

The glossary (includes/abbreviations.md, appended to every page by
pymdownx.snippets) holds `*[term]: definition` lines for Python-Markdown's
abbr extension, which silently keeps the last of two definitions of a term.
This hook reads the appended files with that extension's own pattern and
fails the build, naming the file and the term, when a term appears twice.
"""

from collections import Counter
from pathlib import Path

from markdown.extensions.abbr import AbbrBlockprocessor
from mkdocs.exceptions import PluginError


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
