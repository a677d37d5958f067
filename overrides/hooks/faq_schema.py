"""schema.org FAQPage data, built from the FAQ questions of a page.

Every FAQ question (link_targets.py: a heading in the <summary> of a
`<details class="question">`) becomes one Question, its heading the name
and the rest of its <details> the answer, so search engines can show the
questions without anyone keeping a second copy of them in sync.
"""

import json

from mkdocs.exceptions import PluginError

import link_targets
import page_html


def on_env(env, config, files, **kwargs):
    for file in files.documentation_pages():
        page = file.page
        questions = [t for t in link_targets.SITE.pages.get(page.url, []) if t.kind == "question"] if page else []
        if not questions:
            continue
        tree = page_html.tree(page)
        entities = []
        for question in questions:
            details = tree.find(id=question.id).find_parent("details")
            answer = " ".join(link_targets.plain(part) for part in details.find_all(recursive=False)
                              if part.name != "summary")
            if not question.title or not answer.strip():
                raise PluginError(f"{page.file.src_uri}: FAQ question #{question.id} needs a question and an answer")
            entities.append({"@type": "Question", "name": question.title,
                             "acceptedAnswer": {"@type": "Answer", "text": " ".join(answer.split())}})
        data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}
        # Escape "<" so no answer text can close the script element.
        page.meta["structured_data"] = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return env
