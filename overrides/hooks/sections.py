"""Short, stable links to sections, for pasting into wikis and chat.

A link target is any heading (h2, h3, FAQ questions included) or table-row
label (`**Label**{ #id }`) with an id. For each one this hook:

- checks the id is unique across the whole site, since short links name
  only the id;
- puts copy buttons next to it (in the HTML, so nothing shifts when the
  script loads; the script only handles clicks);
- writes `s/<id>/index.html`, a tiny page whose link-preview tags name the
  section and which forwards to `page/#id`, with or without JavaScript;
- keeps renamed ids working: front matter `anchor_aliases: {old: new}`
  leaves an empty element with the old id just before the new target.

The page whose Markdown holds `<!-- hb:section-links -->` gets the list of
every target with its short link.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

MARKER = "<!-- hb:section-links -->"
SHORT_PREFIX = "s"
MAX_DESCRIPTION = 160

OPEN_TAG = re.compile(r'<(h2|h3|strong)\b([^>]*?)\sid="([^"]+)"([^>]*)>')
TAG = re.compile(r"<[^>]+>")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# A section's preview text: its first paragraph, or its first list item.
PARAGRAPH = re.compile(r"<p>(.*?)</p>|<li>(.*?)</li>", re.S)


@dataclass
class Target:
    id: str
    title: str
    description: str
    page: object  # mkdocs Page
    kind: str

    @property
    def short_path(self) -> str:
        return f"{SHORT_PREFIX}/{self.id}/"


targets: dict[str, Target] = {}
aliases: dict[str, Target] = {}


def text(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace folded."""
    return " ".join(html.unescape(TAG.sub(" ", HEADERLINK.sub("", fragment))).split())


def shorten(sentence: str) -> str:
    if len(sentence) <= MAX_DESCRIPTION:
        return sentence
    cut = sentence[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def describe(kind: str, html_text: str, start: int, end: int) -> tuple[str, str]:
    """Title and one-line description of the target whose tag spans start..end."""
    if kind in ("h2", "h3"):
        close = html_text.index(f"</{kind}>", end)
        title = text(html_text[end:close])
        nxt = re.compile(r"<h[23]\b").search(html_text, close)
        body = html_text[close: nxt.start() if nxt else len(html_text)]
    else:  # a table-row label: describe the row by its column headings
        title = text(html_text[end: html_text.index("</strong>", end)])
        table = html_text.rfind("<table", 0, start)
        heads = [text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", html_text[table:start], re.S)]
        row_end = html_text.index("</tr>", end)
        cells = [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", html_text[html_text.rfind("<tr", 0, start): row_end], re.S)]
        body = "<p>" + "; ".join(f"{h}: {c}" for h, c in zip(heads[1:], cells[1:])) + "</p>"
    first = PARAGRAPH.search(body)
    return title, shorten(text(first.group(1) or first.group(2)) if first else title)


def buttons(url: str, title: str) -> str:
    """The two copy controls; their labels are aria-labels, so search never indexes them."""
    safe_url, safe_title = html.escape(url, quote=True), html.escape(title, quote=True)
    return (
        '<span class="hb-copy">'
        f'<button type="button" class="hb-copy__link" data-hb-url="{safe_url}" data-hb-title="{safe_title}"'
        f' data-hb-format="url" aria-label="Copy link to section: {safe_title}" title="Copy link"></button>'
        f'<button type="button" class="hb-copy__md" data-hb-url="{safe_url}" data-hb-title="{safe_title}"'
        f' data-hb-format="markdown" aria-label="Copy Markdown link to section: {safe_title}"'
        ' title="Copy as Markdown link"></button>'
        "</span>"
    )


def short_url(config, target_id: str) -> str:
    return f"{config['site_url'] or '/'}{SHORT_PREFIX}/{target_id}/"


def on_pre_build(config, **kwargs):
    targets.clear()
    aliases.clear()


def on_page_content(html_text, page, config, files, **kwargs):
    where = page.file.src_uri
    found: list[tuple[re.Match, Target]] = []
    for match in OPEN_TAG.finditer(html_text):
        kind, target_id = match.group(1), match.group(3)
        if kind == "strong" and html_text.rfind("<table", 0, match.start()) <= html_text.rfind("</table>", 0, match.start()):
            continue  # an id on bold text outside a table is not a section
        title, description = describe(kind, html_text, match.start(), match.end())
        target = Target(target_id, title, description, page, kind)
        if target_id in targets:
            other = targets[target_id].page.file.src_uri
            raise PluginError(f"{where}: id #{target_id} is already used in {other}; section ids must be unique site-wide")
        targets[target_id] = target
        found.append((match, target))

    # Insert the copy controls, last first so earlier offsets stay valid.
    for match, target in reversed(found):
        control = buttons(short_url(config, target.id), target.title)
        if html_text[: match.start()].rstrip().endswith("<summary>"):
            # A FAQ question: a <summary> may hold no links or buttons, so the
            # controls open the answer and the pilcrow link goes.
            close = html_text.index("</summary>", match.end())
            heading = HEADERLINK.sub("", html_text[match.start(): close])
            html_text = (html_text[: match.start()] + heading + "</summary>"
                         + f'<p class="hb-copy-row">{control}</p>' + html_text[close + len("</summary>"):])
            continue
        if target.kind in ("h2", "h3"):
            at = html_text.index(f"</{target.kind}>", match.end())
        else:
            at = html_text.index("</strong>", match.end()) + len("</strong>")
        html_text = html_text[:at] + control + html_text[at:]

    for old, new in (page.meta.get("anchor_aliases") or {}).items():
        if new not in targets or targets[new].page is not page:
            raise PluginError(f"{where}: anchor_aliases maps #{old} to #{new}, which is not a section of this page")
        if old in targets or old in aliases:
            raise PluginError(f"{where}: anchor alias #{old} is already in use")
        aliases[old] = targets[new]
        anchor = re.search(rf'<(h2|h3|strong)\b[^>]*\sid="{re.escape(new)}"', html_text)
        html_text = html_text[: anchor.start()] + f'<span id="{old}" class="hb-alias"></span>' + html_text[anchor.start():]
    return html_text


def on_page_context(context, page, config, nav, **kwargs):
    if MARKER in page.content:
        page.content = page.content.replace(MARKER, listing(page, config))
    return context


def listing(page, config) -> str:
    """A table of every section with its short link and copy controls, in nav order."""
    rows = []
    by_page: dict[str, list[Target]] = {}
    for target in targets.values():
        by_page.setdefault(target.page.url, []).append(target)
    for item in (p for p in _nav_pages if p.url in by_page):
        rows.append(f'<tr><th colspan="3" scope="rowgroup">{html.escape(item.title)}</th></tr>')
        for target in by_page[item.url]:
            link = _relative(page.url, target.page.url, target.id)
            url = short_url(config, target.id)
            rows.append(
                f'<tr><td><a href="{link}">{html.escape(target.title)}</a></td>'
                f"<td><code>/{target.short_path}</code></td><td>{buttons(url, target.title)}</td></tr>"
            )
    # Material styles only tables without a class, so the class goes on a wrapper.
    return ('<div class="hb-sections"><table><thead><tr><th scope="col">Section</th><th scope="col">Short link</th>'
            '<th scope="col">Copy</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>")


_nav_pages: list = []


def on_nav(nav, config, files, **kwargs):
    _nav_pages[:] = nav.pages
    return nav


def _relative(from_url: str, to_url: str, target_id: str) -> str:
    """A link from one page URL to another's section, as MkDocs writes them."""
    rel = posixpath.relpath(to_url or ".", posixpath.dirname(from_url) or ".")
    if to_url.endswith("/") or not to_url:
        rel = rel.rstrip("/") + "/"
    return f"{rel}#{target_id}"


def on_post_build(config, **kwargs):
    env = config["theme"].get_env()
    template = env.get_template("short-link.html")
    for target_id, target in [*targets.items(), *aliases.items()]:
        out_dir = os.path.join(config["site_dir"], SHORT_PREFIX, target_id)
        os.makedirs(out_dir, exist_ok=True)
        page_url = target.page.url or ""
        canonical = f"{config['site_url'] or '/'}{page_url}#{target.id}"
        page = template.render(
            config=config,
            title=target.title,
            page_title=target.page.title,
            description=target.description,
            url=short_url(config, target_id),
            canonical=canonical,
            forward=f"../../{page_url}#{target.id}",
            image=f"{config['site_url'] or '/'}assets/social-card.png",
        )
        with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
            f.write(page)
