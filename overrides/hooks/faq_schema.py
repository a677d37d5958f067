"""schema.org FAQPage data, built from the FAQ blocks of a page.

Every `<details class="question">` on a page becomes one Question, the
heading in its summary the name and the rest the answer, so search engines can show the
questions without anyone keeping a second copy of them in sync.
"""

import html
import json
import re

from mkdocs.exceptions import PluginError

QUESTION = re.compile(r'<details class="question">\s*<summary>\s*<h2 id="([^"]+)">(.*?)</h2>\s*</summary>(.*?)</details>', re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def plain(fragment):
    return " ".join(html.unescape(TAG.sub(" ", HEADERLINK.sub("", fragment))).split())


def on_page_content(html_text, page, config, **kwargs):
    questions = QUESTION.findall(html_text)
    if not questions:
        return html_text
    entities = []
    for qid, summary, answer in questions:
        name, text = plain(summary), plain(answer)
        if not name or not text:
            raise PluginError(f"{page.file.src_uri}: FAQ entry #{qid} needs a question and an answer")
        entities.append({"@type": "Question", "name": name, "acceptedAnswer": {"@type": "Answer", "text": text}})
    data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}
    # Escape "<" so no answer text can close the script element.
    page.meta["structured_data"] = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return html_text
