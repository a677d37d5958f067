// The handbook's reader controls. Everything here acts on markup the build
// already wrote (overrides/hooks/copy_controls.py), so nothing shifts when
// the script loads; one set of listeners on the document serves every page,
// including pages reached by instant navigation.

(() => {
  "use strict";

  // Names for parts of Material's page that screen readers would otherwise
  // announce blank: the search dialog and the page-loading bar (header and
  // progress bar survive instant navigation, so once is enough).
  const name = (selector, label) => {
    const el = document.querySelector(selector);
    if (el && !el.hasAttribute("aria-label")) el.setAttribute("aria-label", label);
  };
  name(".md-search", "Search");
  name(".md-progress", "Loading page");

  // The dark palette's stylesheet is linked disabled unless the page opened
  // dark (overrides/main.html): enable it when the reader reaches for the
  // toggle (so it is there by the click) or the system turns dark.
  // Instant navigation swaps in the next page's <head>, with the stylesheet
  // disabled again: enable it as the new page arrives, before it is drawn.
  const dark = matchMedia("(prefers-color-scheme: dark)");
  const enablePalette = () => document.getElementById("hb-palette")?.removeAttribute("disabled");
  for (const type of ["pointerover", "focusin", "change"]) {
    document.addEventListener(type, (event) => {
      if (event.target.closest?.("[data-md-component=palette]")) enablePalette();
    }, { capture: true });
  }
  dark.addEventListener("change", (event) => {
    if (event.matches) enablePalette();
  });
  if (window.document$) document$.subscribe(() => {
    if (dark.matches || document.body.dataset.mdColorScheme === "slate") enablePalette();
  });

  // Task-list checkboxes carry no label of their own: use the item's text.
  const labelCheckboxes = () => {
    for (const box of document.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])")) {
      box.setAttribute("aria-label", box.closest("li").textContent.trim());
    }
  };
  if (window.document$) document$.subscribe(labelCheckboxes);
  else labelCheckboxes();

  // Escape dismisses a glossary definition (Material's tooltip) without
  // moving focus away from the term; it shows again on the next focus or hover.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const term = document.activeElement?.closest?.("abbr");
    const tip = term && document.getElementById(term.getAttribute("aria-describedby") || "");
    if (tip) tip.hidden = true;
  });

  // ---------------------------------------------------------------------------
  // Links: where a copied link points
  // ---------------------------------------------------------------------------

  // With a published address (SITE_URL at build time) links name it; without
  // one they name the address this page is served from, so a local or
  // preview build hands out links that open.
  const published = document.querySelector('meta[name="hb:published-url"]')?.content;
  const siteRoot = () => published || String(window.__md_scope || new URL(".", location.href));
  // The short link's path (data-hb-short) is written by the build.
  const shortLink = (control) => new URL(control.dataset.hbShort, siteRoot()).href;

  // A Markdown link whose text names the section and its page, as the
  // short link's preview does: [The Diplomat · The three hats](…/s/diplomat/)
  const escapeMarkdown = (text) => text.replace(/([\\[\]])/g, "\\$1");
  const markdownLink = (label, url) => `[${escapeMarkdown(label)}](${url})`;
  const sectionLabel = (control) => control.dataset.hbLabel;

  // ---------------------------------------------------------------------------
  // Copying
  // ---------------------------------------------------------------------------

  // A polite live region, so screen readers hear "Link copied" too.
  function announce(message) {
    let region = document.getElementById("hb-live");
    if (!region) {
      region = document.createElement("div");
      region.id = "hb-live";
      region.className = "md-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.append(region);
    }
    region.textContent = "";
    // A fresh text node after a tick, so the same message is announced twice in a row.
    setTimeout(() => { region.textContent = message; }, 50);
  }

  // The Clipboard API needs a secure context (http://127.0.0.1 and https are);
  // the offline edition opened from file:// falls back to a hidden textarea.
  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (_) { /* fall through */ }
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }

  // ---------------------------------------------------------------------------
  // The bubble: one small panel beside a control, for its hint, the visible
  // "copied" sign and the other formats, offered in words. Fixed in the
  // viewport, so it moves nothing on the page.
  // ---------------------------------------------------------------------------

  // A <span>, because it sits inside headings while open.
  const bubble = document.createElement("span");
  bubble.id = "hb-bubble";
  bubble.className = "hb-bubble";
  bubble.hidden = true;
  let owner = null;    // the control the bubble belongs to
  let closeTimer = 0;

  function action(label, run) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "hb-bubble__action";
    button.textContent = label;
    button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      run(button);
    });
    return button;
  }

  function place(anchor, at = null) {
    const rect = at || anchor.getBoundingClientRect();
    bubble.style.left = "0px";
    bubble.style.top = "0px";
    const { width, height } = bubble.getBoundingClientRect();
    const margin = 8;
    const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom || 0;
    let top = rect.bottom + margin;
    if (top + height > window.innerHeight - margin && rect.top - margin - height > header) {
      top = rect.top - margin - height;
    }
    const left = Math.min(Math.max(margin, rect.left + rect.width / 2 - width / 2),
                          document.documentElement.clientWidth - width - margin);
    bubble.style.left = `${Math.round(left)}px`;
    bubble.style.top = `${Math.round(top)}px`;
  }

  function close({ refocus = false } = {}) {
    clearTimeout(closeTimer);
    if (bubble.hidden) return;
    const had = owner;
    const focusInside = bubble.contains(document.activeElement);
    bubble.hidden = true;
    bubble.replaceChildren();
    forget(owner);
    owner = null;
    if (had?.isConnected && had.matches("button") && (refocus || focusInside)) had.focus({ preventScroll: true });
  }

  // A control the bubble no longer belongs to; a passage's stand-in goes.
  function forget(control) {
    control?.removeAttribute("aria-expanded");
    control?.removeAttribute("aria-describedby");
    if (control?.classList.contains("hb-passage-anchor")) control.remove();
  }

  // Open the bubble for a control. `status` is the visible sign (or null),
  // `actions` the other formats: [{label, run}].
  function open(control, { status = null, actions = [], hint = null, focus = false, linger = 0, at = null } = {}) {
    clearTimeout(closeTimer);
    if (owner !== control) forget(owner);
    owner = control;
    delete bubble.dataset.for;
    bubble.replaceChildren();
    bubble.dataset.mode = hint ? "hint" : "panel";
    if (hint) {
      bubble.setAttribute("role", "tooltip");
      bubble.removeAttribute("aria-label");
      const line = document.createElement("span");
      line.textContent = hint;
      bubble.append(line);
      control.setAttribute("aria-describedby", bubble.id);
    } else {
      control.removeAttribute("aria-describedby");
      bubble.setAttribute("role", "group");
      bubble.setAttribute("aria-label", "Copy options");
      if (status) {
        const sign = document.createElement("span");
        sign.className = "hb-bubble__status";
        sign.textContent = status;
        bubble.append(sign);
      }
      bubble.append(...actions.map(({ label, run }) => action(label, run)));
      control.setAttribute("aria-expanded", "true");
    }
    // Right after the control in reading order, so Tab reaches the actions.
    if (bubble.previousElementSibling !== control) control.after(bubble);
    bubble.hidden = false;
    place(control, at);
    if (focus) bubble.querySelector("button")?.focus({ preventScroll: true });
    if (linger) closeTimer = setTimeout(lingerOrClose, linger);
  }

  // Stay open while the pointer or focus is on the bubble or its control.
  function lingerOrClose() {
    if (bubble.matches(":hover") || owner?.matches(":hover") || bubble.contains(document.activeElement)) {
      closeTimer = setTimeout(lingerOrClose, 1000);
    } else {
      close();
    }
  }

  // ---------------------------------------------------------------------------
  // The copy control beside each section, row and question
  // ---------------------------------------------------------------------------

  const CONTROL = "button.hb-link[data-hb-link]";

  const formats = (control) => {
    const url = shortLink(control);
    return {
      link: { label: "Copy link", text: url, done: "Link copied" },
      markdown: { label: "Copy as Markdown", text: markdownLink(sectionLabel(control), url), done: "Markdown link copied" },
    };
  };

  async function copyAs(control, key, { others = true } = {}) {
    const all = formats(control);
    const chosen = all[key];
    const ok = await copy(chosen.text);
    const message = ok ? chosen.done : "Copy failed: copy the address bar instead";
    announce(message);
    control.classList.toggle("hb-link--done", ok);
    setTimeout(() => control.classList.remove("hb-link--done"), 2000);
    const actions = others
      ? Object.entries(all).filter(([k]) => k !== key)
          .map(([k, f]) => ({ label: f.label, run: () => copyAs(control, k) }))
      : [];
    open(control, { status: ok ? `✓ ${message}` : message, actions, linger: 4000 });
  }

  function menu(control, { focus }) {
    const all = formats(control);
    open(control, {
      actions: Object.entries(all).map(([k, f]) => ({ label: f.label, run: () => copyAs(control, k) })),
      focus,
    });
  }

  // Activating the control copies the short link.
  document.addEventListener("click", (event) => {
    const control = event.target.closest(CONTROL);
    if (control) {
      event.preventDefault();
      if (longPressed === control) { longPressed = null; return; }
      copyAs(control, "link");
    } else if (!bubble.contains(event.target)) {
      close();
    }
  });

  // The other formats: the context-menu key, Shift+F10, right click, a long
  // press on a touch screen, or the Down arrow key.
  document.addEventListener("contextmenu", (event) => {
    const control = event.target.closest(CONTROL);
    if (!control) return;
    event.preventDefault();
    menu(control, { focus: event.button !== 2 || event.detail === 0 });
  });

  let pressTimer = 0;
  let longPressed = null;
  document.addEventListener("pointerdown", (event) => {
    const control = event.target.closest(CONTROL);
    if (!control || event.pointerType !== "touch") return;
    pressTimer = setTimeout(() => { longPressed = control; menu(control, { focus: false }); }, 500);
  });
  for (const type of ["pointerup", "pointercancel", "pointermove"]) {
    document.addEventListener(type, () => clearTimeout(pressTimer), { passive: true });
  }

  document.addEventListener("keydown", (event) => {
    const control = event.target.closest?.(CONTROL);
    if (control && event.key === "ArrowDown") {
      event.preventDefault();
      menu(control, { focus: true });
    } else if (event.key === "Escape" && !bubble.hidden) {
      close({ refocus: true });
    } else if (bubble.contains(event.target) && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const items = [...bubble.querySelectorAll("button")];
      const at = items.indexOf(event.target);
      items[(at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
    }
  });

  // A hint on hover and keyboard focus: what the control does, and the day
  // the section's own text last changed, as the build wrote it.
  const hint = (control) => {
    if (!bubble.hidden && bubble.dataset.mode !== "hint") return;
    const changed = control.dataset.hbChangedLabel ? ` · section changed ${control.dataset.hbChangedLabel}` : "";
    open(control, { hint: `Copy link${changed} · more formats: ↓, right click or long press` });
  };
  document.addEventListener("pointerover", (event) => {
    const control = event.target.closest?.(CONTROL);
    if (control && event.pointerType === "mouse") hint(control);
  });
  document.addEventListener("pointerout", (event) => {
    const control = event.target.closest?.(CONTROL);
    if (control && bubble.dataset.mode === "hint" && owner === control) close();
  });
  document.addEventListener("focusin", (event) => {
    const control = event.target.closest?.(CONTROL);
    if (control && control.matches(":focus-visible")) hint(control);
    else if (!bubble.contains(event.target) && !control) close();
  });

  // ---------------------------------------------------------------------------
  // Passage links: select words in the article to copy a link that scrolls
  // to them and highlights them (a text fragment), or a Markdown quote of
  // them with that link. The directive comes from Google's
  // fragment-generation-utils (overrides/assets/javascripts/), loaded on the
  // first selection. The link is the section's address plus the directive,
  // so a browser that ignores text fragments still lands on the section.
  // ---------------------------------------------------------------------------

  const ARTICLE = "article.md-content__inner";
  let generator = null;
  const loadGenerator = () => {
    generator ??= import(new URL("assets/javascripts/fragment-generation-utils.js", window.__md_scope || location.href).href)
      .catch(() => null);  // file:// cannot load modules: no passage links offline
    return generator;
  };

  // "-", "," and "&" have meanings of their own in a text directive.
  const encodeTerm = (text) => encodeURIComponent(text).replace(/-/g, "%2D");
  const directive = ({ prefix, textStart, textEnd, suffix }) =>
    ":~:text=" + [prefix && `${encodeTerm(prefix)}-`, encodeTerm(textStart), textEnd && encodeTerm(textEnd),
                  suffix && `-${encodeTerm(suffix)}`].filter(Boolean).join(",");

  // The section a passage is in: the last link target before it.
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

  // The page's own address under the site root: published, or as served.
  const pageAddress = () => {
    const here = new URL(location.href);
    const scope = new URL(String(window.__md_scope || new URL(".", location.href)));
    const path = here.pathname.startsWith(scope.pathname) ? here.pathname.slice(scope.pathname.length) : here.pathname;
    return new URL(path, siteRoot()).href;
  };

  const quote = (text, label, url) =>
    text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => `> ${line}`).join("\n>\n")
    + `\n>\n> — ${markdownLink(label, url)}`;

  let passage = null;  // {link, quote, anchor} for the selection the bubble offers

  async function offerPassage() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      if (passage && bubble.dataset.for === "passage" && !bubble.contains(document.activeElement)) close();
      passage = null;
      return;
    }
    const range = selection.getRangeAt(0);
    const article = document.querySelector(ARTICLE);
    const text = selection.toString().trim();
    if (!article || !article.contains(range.commonAncestorContainer) || text.length < 3
        || bubble.contains(range.commonAncestorContainer)) return;
    const utils = await loadGenerator();
    if (!utils || document.getSelection().toString().trim() !== text) return;
    const result = utils.generateFragment(selection);
    if (result.status !== utils.GenerateFragmentStatus.SUCCESS) return;
    const section = sectionOf(range);
    const label = section ? sectionLabel(section) : document.querySelector(`${ARTICLE} h1`)?.textContent.trim();
    const link = `${pageAddress()}#${tabOf(range) || section?.dataset.hbLink || ""}${directive(result.fragment)}`;
    passage = { link, quote: quote(selection.toString(), label, link) };
    // The bubble goes at the end of the block where the selection ends, so
    // Tab reaches it from there; it is fixed, so nothing moves.
    const end = range.endContainer.nodeType === Node.ELEMENT_NODE ? range.endContainer : range.endContainer.parentElement;
    const block = end.closest("p, li, td, th, dd, dt, h2, h3, h4, h5, h6, figcaption, blockquote, pre") || end;
    const anchor = document.createElement("span");
    anchor.className = "hb-passage-anchor";
    block.append(anchor);
    const ends = range.getClientRects();
    const last = ends[ends.length - 1] || range.getBoundingClientRect();
    Object.assign(passage, { anchor, at: last });
    open(anchor, {
      actions: [
        { label: "Copy link to passage", run: () => copyPassage("link") },
        { label: "Copy as quote", run: () => copyPassage("quote") },
      ],
      at: last,
    });
    bubble.dataset.for = "passage";
    bubble.setAttribute("aria-label", "Copy the selected passage");
  }

  async function copyPassage(kind) {
    if (!passage) return;
    const ok = await copy(passage[kind]);
    const message = ok ? (kind === "link" ? "Passage link copied" : "Quote copied") : "Copy failed: copy the address bar instead";
    announce(message);
    const other = kind === "link" ? { label: "Copy as quote", run: () => copyPassage("quote") }
                                  : { label: "Copy link to passage", run: () => copyPassage("link") };
    const refocus = bubble.contains(document.activeElement);
    open(passage.anchor, { status: ok ? `✓ ${message}` : message, actions: [other], at: passage.at, linger: 4000,
                           focus: refocus });
    bubble.dataset.for = "passage";
  }

  let selectionTimer = 0;
  document.addEventListener("selectionchange", () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(offerPassage, 250);
  });
  // Clicking the bubble's buttons must not clear the selection first.
  bubble.addEventListener("pointerdown", (event) => event.preventDefault());

  // A browser without text fragments keeps ":~:" in the address: land on the
  // section it names instead of the top of the page.
  const landOnSection = () => {
    const hash = decodeURIComponent(location.hash);
    if (!hash.includes(":~:")) return;
    const target = document.getElementById(hash.slice(1).split(":~:")[0]);
    if (target?.name?.startsWith("__tabbed_")) target.checked = true;
    (target?.closest(".tabbed-set") || target)?.scrollIntoView();
  };
  if (window.document$) document$.subscribe(landOnSection);

  // The bubble follows its control, or the selected words, as the page
  // scrolls, and closes once they leave the screen or the reader leaves
  // the page.
  const selectionEnd = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const rects = selection.getRangeAt(0).getClientRects();
    return rects[rects.length - 1] || null;
  };
  window.addEventListener("scroll", () => {
    if (bubble.hidden || !owner) return;
    const at = bubble.dataset.for === "passage" ? selectionEnd() || passage?.at : owner.getBoundingClientRect();
    if (!at || at.bottom < 0 || at.top > window.innerHeight) close();
    else place(owner, at);
  }, { passive: true });
  if (window.location$) location$.subscribe(() => close());
})();
