// Passage links: select words in the article to copy a link that scrolls to
// them and highlights them (a text fragment), or a Markdown quote of them
// with that link. Loaded by docs/javascripts/extra.js on the reader's first
// selection in the article, never with the page; it shows everything in
// extra.js's bubble. The text directive comes from Google's
// fragment-generation-utils (npm text-fragments-polyfill, vendored in
// overrides/assets/javascripts/ with its licence). The link is the page's
// address and the section's id plus the directive, so a browser that
// ignores text fragments still lands on the section.

import * as fragments from "../assets/javascripts/fragment-generation-utils.js";

// "-", "," and "&" have meanings of their own in a text directive.
const encodeTerm = (text) => encodeURIComponent(text).replace(/-/g, "%2D");
const directive = ({ prefix, textStart, textEnd, suffix }) =>
  ":~:text=" + [prefix && `${encodeTerm(prefix)}-`, encodeTerm(textStart), textEnd && encodeTerm(textEnd),
                suffix && `-${encodeTerm(suffix)}`].filter(Boolean).join(",");

const FORMATS = {
  link: { label: "Copy link to passage", done: "Passage link copied" },
  quote: { label: "Copy as quote", done: "Quote copied" },
};

// What extra.js lends: its bubble, copying, and the page's addresses as the
// build wrote them.
export function passageLinks({ bubble, copyText, announce, address, markdownLink, pagePath, CONTROL, ARTICLE, FAILED }) {
  let passage = null;  // {link, quote, anchor, at} for the selection the bubble offers

  // The section a passage is in: the control of the last link target before
  // it, on this page.
  function sectionOf(range) {
    let found = null;
    for (const control of document.querySelectorAll(`${ARTICLE} ${CONTROL}`)) {
      const target = document.getElementById(control.dataset.hbLink);
      if (!target) continue;
      const position = target.compareDocumentPosition(range.startContainer);
      if (target.contains(range.startContainer) || position & Node.DOCUMENT_POSITION_FOLLOWING) found = control;
    }
    return found;
  }

  // Words in a content tab are hidden until their tab is chosen: the link
  // names the tab, which Material selects on load before the browser looks
  // for the words.
  function tabOf(range) {
    const node = range.startContainer.nodeType === Node.ELEMENT_NODE ? range.startContainer : range.startContainer.parentElement;
    const block = node.closest(".tabbed-block");
    if (!block) return null;
    const set = block.closest(".tabbed-set");
    const index = [...block.parentElement.children].indexOf(block);
    return set.querySelectorAll(":scope > input")[index]?.id || null;
  }

  const quote = (text, label, url) =>
    text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => `> ${line}`).join("\n>\n")
    + `\n>\n> — ${markdownLink(label, url)}`;

  // Where the bubble points: the selection's last line while it lasts.
  const lastLine = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return passage?.at;
    const rects = selection.getRangeAt(0).getClientRects();
    return rects[rects.length - 1] || passage?.at;
  };

  function offer({ status = null, except = null, focus = false, linger = 0 } = {}) {
    const actions = Object.entries(FORMATS)
      .filter(([key]) => key !== except)
      .map(([key, format]) => ({ label: format.label, run: () => copyAs(key) }));
    bubble.show(passage.anchor, { kind: "passage", label: "Copy the selected passage", status, actions, focus, linger, at: lastLine });
  }

  async function copyAs(key) {
    if (!passage) return;
    const ok = await copyText(passage[key]);
    const message = ok ? FORMATS[key].done : FAILED;
    announce(message);
    offer({ status: ok ? `✓ ${message}` : message, except: key, linger: 4000, focus: bubble.holds(document.activeElement) });
  }

  // Called by extra.js a moment after the selection last changed.
  return function selectionChanged() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      if (passage && bubble.kind === "passage" && !bubble.holds(document.activeElement)) bubble.hide();
      passage = null;
      return;
    }
    const range = selection.getRangeAt(0);
    const article = document.querySelector(ARTICLE);
    const text = selection.toString().trim();
    if (!article || pagePath === undefined || !article.contains(range.commonAncestorContainer) || text.length < 3
        || bubble.holds(range.commonAncestorContainer)) return;
    const result = fragments.generateFragment(selection);
    if (result.status !== fragments.GenerateFragmentStatus.SUCCESS) return;
    const section = sectionOf(range);
    const label = section ? section.dataset.hbLabel : article.querySelector("h1")?.textContent.trim();
    const link = `${address(pagePath)}#${tabOf(range) || section?.dataset.hbLink || ""}${directive(result.fragment)}`;
    // The bubble goes at the end of the block where the selection ends, so
    // Tab reaches it from there; it is fixed, so nothing moves.
    const end = range.endContainer.nodeType === Node.ELEMENT_NODE ? range.endContainer : range.endContainer.parentElement;
    const block = end.closest("p, li, td, th, dd, dt, h2, h3, h4, h5, h6, figcaption, blockquote, pre") || end;
    const anchor = document.createElement("span");
    anchor.className = "hb-passage-anchor";
    block.append(anchor);
    const rects = range.getClientRects();
    passage = { link, quote: quote(selection.toString(), label, link), anchor, at: rects[rects.length - 1] || range.getBoundingClientRect() };
    offer();
  };
}
