"""schema.org FAQPage data, built from the FAQ questions of a page.

Every FAQ question (link_targets.py: a heading in the <summary> of a
`<details class="question">`) becomes one Question, its heading the name
and the rest of its <details> the answer, so search engines can show the
questions without anyone keeping a second copy of them in sync.
"""

from __future__ import annotations

import json

from mkdocs.exceptions import PluginError

from . import link_targets
from .pages import Pages


def add(pages: Pages, site: link_targets.Site) -> None:
    """The FAQ's structured data, in the front matter of each page that asks questions."""
    for page in pages.every:
        questions = [t for t in site.pages.get(page.url, []) if t.kind == "question"]
        if not questions:
            continue
        tree = pages.tree(page)
        entities = []
        for question in questions:
            details = tree.find(id=question.id).find_parent("details")
            answer = " ".join(
                link_targets.plain(part) for part in details.find_all(recursive=False) if part.name != "summary"
            )
            if not question.title or not answer.strip():
                raise PluginError(f"{page.file.src_uri}: FAQ question #{question.id} needs a question and an answer")
            entities.append(
                {
                    "@type": "Question",
                    "name": question.title,
                    "acceptedAnswer": {"@type": "Answer", "text": " ".join(answer.split())},
                }
            )
        data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}
        # Escape "<" so no answer text can close the script element.
        page.meta["structured_data"] = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
