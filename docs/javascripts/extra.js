// The handbook's reader controls: the copy control beside every section,
// comparison row and FAQ question, links to a selected passage, and a few
// fixes to Material's markup.
//
// The build writes everything a control shows or copies into its data-
// attributes (hooks/handbook/copy_controls.py, CONTRACT); this script only
// behaves: it formats nothing and knows no URL scheme. Nothing is set up for
// a control while the page loads: one listener per kind of event on the
// document waits for the reader, and the bubble is made the first time it
// shows. The dark/light control is not here, because it acts before the
// first paint (overrides/partials/handbook/palette.html).

(() => {
  "use strict";

  const CONTROL = "button.hb-link[data-hb-link]";
  const ARTICLE = "article.md-content__inner";

  // ---------------------------------------------------------------------------
  // Fixes to Material's markup
  // ---------------------------------------------------------------------------

  // The search dialog has no name for screen readers to announce.
  const search = document.querySelector(".md-search");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");

  // Material takes every `<link rel="alternate">` for a version of the site in
  // another language and reads the sitemap at load to map it; a page's only
  // one here is the changes feed. Named "alternate feed", it stays a feed
  // link for anything that reads it, and Material leaves it (and the
  // sitemap) alone: no request at load, and none that fails from file://.
  for (const feed of document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')) {
    feed.rel = "alternate feed";
  }

  // Task-list checkboxes carry no label of their own: use the item's text.
  for (const box of document.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])")) {
    box.setAttribute("aria-label", box.closest("li").textContent.trim());
  }

  // ---------------------------------------------------------------------------
  // Glossary definitions: a term's definition (its title, which the build
  // writes from includes/abbreviations.md) shows below it on mouse hover,
  // keyboard focus and tap, in the look of Material's tooltips, and Escape
  // dismisses it without moving focus; it shows again on the next focus or
  // hover. One element for the page, made on first use, instead of
  // Material's tooltips, which set up every titled element as the page loads.
  // ---------------------------------------------------------------------------

  const TITLED = `${ARTICLE} [title], ${ARTICLE} abbr`;

  const definition = {
    element: null,  // made on first use
    term: null,     // the element whose title it shows
    titles: new Map(),  // a shown term's title, kept off it so the browser shows no second tooltip

    make() {
      const element = document.createElement("div");
      element.id = "hb-definition";
      element.className = "md-tooltip2";
      element.setAttribute("role", "tooltip");
      const inner = document.createElement("div");
      inner.className = "md-tooltip2__inner md-typeset";
      element.append(inner);
      document.body.append(element);
      return element;
    },

    show(term) {
      const text = this.titles.get(term) ?? term.getAttribute("title");
      if (!text) return;
      if (this.term !== term) this.hide();
      const element = (this.element ??= this.make());
      this.term = term;
      this.titles.set(term, text);
      term.removeAttribute("title");
      term.setAttribute("aria-describedby", element.id);
      element.firstElementChild.textContent = text;
      element.hidden = false;
      // Below the term, centred on it, as Material places its tooltips.
      const rect = term.getBoundingClientRect();
      const style = element.style;
      style.setProperty("--md-tooltip-host-x", `${rect.left + window.scrollX}px`);
      style.setProperty("--md-tooltip-host-y", `${rect.top + window.scrollY}px`);
      style.setProperty("--md-tooltip-x", `${rect.width / 2}px`);
      style.setProperty("--md-tooltip-y", `${rect.height + 8}px`);
      style.setProperty("--md-tooltip-tail", "0px");
      style.setProperty("--md-tooltip-width", `${element.firstElementChild.getBoundingClientRect().width}px`);
      element.classList.add("md-tooltip2--bottom");
      requestAnimationFrame(() => element.classList.toggle("md-tooltip2--active", this.term === term));
    },

    hide() {
      const term = this.term;
      if (!term) return;
      this.term = null;
      this.element.classList.remove("md-tooltip2--active");
      this.element.hidden = true;
      term.removeAttribute("aria-describedby");
      term.setAttribute("title", this.titles.get(term));
    },

    // Escape: hidden, and the term keeps its focus.
    dismiss() {
      if (this.term && this.element) this.element.hidden = true;
    },
  };

  const termOf = (event) => event.target.closest?.(TITLED) || null;

  // ---------------------------------------------------------------------------
  // Where a copied link points
  // ---------------------------------------------------------------------------

  // With a published address (SITE_URL at build time) links name it; without
  // one they name the site root this page is served from, so a local or
  // preview build hands out links that open. Paths come from the build: a
  // control's short link, and this page's own path (for passage links).
  const published = document.querySelector('meta[name="hb:published-url"]')?.content;
  const pagePath = document.querySelector('meta[name="hb:page"]')?.content;
  const siteRoot = () => published || String(window.__md_scope || new URL(".", location.href));
  const address = (path) => new URL(path, siteRoot()).href;

  // A Markdown link whose text names the section and its page, as the
  // short link's preview does: [The Diplomat · The three hats](…/s/diplomat/)
  const escapeMarkdown = (text) => text.replace(/([\\[\]])/g, "\\$1");
  const markdownLink = (label, url) => `[${escapeMarkdown(label)}](${url})`;

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
  async function copyText(text) {
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

  const FAILED = "Copy failed: copy the address bar instead";

  // ---------------------------------------------------------------------------
  // The bubble: one small panel beside a control or a selected passage, for
  // a hint, the visible "copied" sign and the other formats, offered in
  // words. Fixed in the viewport, so it moves nothing on the page. The copy
  // control and passage links both show everything through it.
  // ---------------------------------------------------------------------------

  const bubble = {
    element: null,  // a <span> (it sits inside headings while shown), made on first use
    owner: null,    // the control (or a passage's stand-in) it belongs to
    kind: null,     // "hint", "control" or "passage"
    at: null,       // where it points, when not at its owner: a rectangle, or a function giving one
    timer: 0,

    get shown() { return Boolean(this.element && !this.element.hidden); },
    holds(node) { return Boolean(this.element && node && this.element.contains(node)); },

    make() {
      const element = document.createElement("span");
      element.id = "hb-bubble";
      element.className = "hb-bubble";
      element.hidden = true;
      return element;
    },

    // A hint describes its control (a tooltip); a panel offers `actions`
    // ([{label, run}]) under an optional visible sign, `status`.
    show(owner, { kind, hint = null, status = null, actions = [], label = "Copy options", focus = false, linger = 0, at = null }) {
      const element = (this.element ??= this.make());
      clearTimeout(this.timer);
      if (this.owner !== owner) this.release();
      Object.assign(this, { owner, kind, at });
      element.replaceChildren();
      element.classList.toggle("hb-bubble--hint", kind === "hint");
      if (hint) {
        element.setAttribute("role", "tooltip");
        element.removeAttribute("aria-label");
        element.append(hint);
        owner.setAttribute("aria-describedby", element.id);
      } else {
        owner.removeAttribute("aria-describedby");
        element.setAttribute("role", "group");
        element.setAttribute("aria-label", label);
        if (status) {
          const sign = document.createElement("span");
          sign.className = "hb-bubble__status";
          sign.textContent = status;
          element.append(sign);
        }
        element.append(...actions.map(({ label: text, run }) => button(text, run)));
        owner.setAttribute("aria-expanded", "true");
      }
      // Right after its owner in reading order, so Tab reaches the actions.
      if (element.previousElementSibling !== owner) owner.after(element);
      element.hidden = false;
      this.place();
      if (focus) element.querySelector("button")?.focus({ preventScroll: true });
      if (linger) this.timer = setTimeout(() => this.lingerOrHide(), linger);
    },

    hide({ refocus = false } = {}) {
      clearTimeout(this.timer);
      if (!this.shown) return;
      const owner = this.owner;
      const focusInside = this.holds(document.activeElement);
      this.element.hidden = true;
      this.element.replaceChildren();
      this.release();
      if (owner?.isConnected && owner.matches("button") && (refocus || focusInside)) owner.focus({ preventScroll: true });
    },

    // The owner it no longer belongs to; a passage's stand-in goes.
    release() {
      const owner = this.owner;
      this.owner = this.kind = this.at = null;
      if (!owner) return;
      owner.removeAttribute("aria-expanded");
      owner.removeAttribute("aria-describedby");
      if (owner.classList.contains("hb-passage-anchor")) owner.remove();
    },

    where() {
      return (typeof this.at === "function" ? this.at() : this.at) || this.owner.getBoundingClientRect();
    },

    // Below what it points at, or above when there is no room below.
    place() {
      const element = this.element;
      const rect = this.where();
      element.style.left = "0px";
      element.style.top = "0px";
      const { width, height } = element.getBoundingClientRect();
      const margin = 8;
      const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom || 0;
      let top = rect.bottom + margin;
      if (top + height > window.innerHeight - margin && rect.top - margin - height > header) {
        top = rect.top - margin - height;
      }
      const left = Math.min(Math.max(margin, rect.left + rect.width / 2 - width / 2),
                            document.documentElement.clientWidth - width - margin);
      element.style.left = `${Math.round(left)}px`;
      element.style.top = `${Math.round(top)}px`;
    },

    // Stay while the pointer or focus is on the bubble or its owner.
    lingerOrHide() {
      if (this.element.matches(":hover") || this.owner?.matches(":hover") || this.holds(document.activeElement)) {
        this.timer = setTimeout(() => this.lingerOrHide(), 1000);
      } else {
        this.hide();
      }
    },

    // As the page scrolls it follows what it points at, and goes once that
    // has left the screen.
    follow() {
      if (!this.shown || !this.owner) return;
      const rect = this.where();
      if (rect.bottom < 0 || rect.top > window.innerHeight) this.hide();
      else this.place();
    },
  };

  function button(label, run) {
    const action = document.createElement("button");
    action.type = "button";
    action.className = "hb-bubble__action";
    action.textContent = label;
    action.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      run();
    });
    return action;
  }

  // Up and Down move between the bubble's actions.
  function moveInBubble(event) {
    const items = [...bubble.element.querySelectorAll("button")];
    const at = items.indexOf(event.target);
    items[(at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
  }

  // ---------------------------------------------------------------------------
  // The copy control beside each section, row and question
  // ---------------------------------------------------------------------------

  const formats = (control) => {
    const url = address(control.dataset.hbShort);
    return {
      link: { label: "Copy link", text: url, done: "Link copied" },
      markdown: { label: "Copy as Markdown", text: markdownLink(control.dataset.hbLabel, url), done: "Markdown link copied" },
    };
  };

  const offers = (control, except = null) => Object.entries(formats(control))
    .filter(([key]) => key !== except)
    .map(([key, format]) => ({ label: format.label, run: () => copyAs(control, key) }));

  async function copyAs(control, key) {
    const format = formats(control)[key];
    const ok = await copyText(format.text);
    const message = ok ? format.done : FAILED;
    announce(message);
    control.classList.toggle("hb-link--done", ok);
    setTimeout(() => control.classList.remove("hb-link--done"), 2000);
    bubble.show(control, { kind: "control", status: ok ? `✓ ${message}` : message, actions: offers(control, key), linger: 4000 });
  }

  // The other formats, in words: the Down arrow key, the context-menu key or
  // Shift+F10, a right click, a long press on a touch screen.
  const offerFormats = (control, focus) => bubble.show(control, { kind: "control", actions: offers(control), focus });

  // A hint on mouse hover and keyboard focus: what the control does, the
  // way to the other formats for that input, and the day the section's own
  // text last changed, as the build wrote it.
  function hint(control, way) {
    if (bubble.shown && bubble.kind !== "hint") return;
    const changed = control.dataset.hbChangedLabel ? ` · section changed ${control.dataset.hbChangedLabel}` : "";
    bubble.show(control, { kind: "hint", hint: `Copy link · more formats: ${way}${changed}` });
  }

  let pressTimer = 0;
  let longPressed = null;  // the control a long press opened, whose click must not copy

  // ---------------------------------------------------------------------------
  // Passage links: select words in the article to copy a link to them or a
  // quote of them. Their code (docs/javascripts/passage-links.js, with
  // Google's fragment-generation-utils) loads on the reader's first
  // selection in the article and shows everything in the bubble.
  // ---------------------------------------------------------------------------

  const FROM_HERE = window.__md_scope || location.href;  // this copy of the site, whatever the published address
  let passages = null;
  const loadPassages = () => {
    passages ??= import(new URL("javascripts/passage-links.js", FROM_HERE).href)
      .then(({ passageLinks }) => passageLinks({ bubble, copyText, announce, address, markdownLink, pagePath, CONTROL, ARTICLE, FAILED }))
      .catch(() => null);  // file:// cannot load modules: no passage links offline
    return passages;
  };

  let selectionTimer = 0;
  async function selectionChanged() {
    const selection = document.getSelection();
    const inArticle = selection?.rangeCount && document.querySelector(ARTICLE)?.contains(selection.getRangeAt(0).commonAncestorContainer);
    if (!passages && !inArticle) return;  // nothing to offer, nothing to load
    (await loadPassages())?.();
  }

  // A browser without text fragments keeps ":~:" in the address: land on the
  // section it names instead of the top of the page.
  if (decodeURIComponent(location.hash).includes(":~:") && !document.fragmentDirective) {
    const target = document.getElementById(decodeURIComponent(location.hash).slice(1).split(":~:")[0]);
    if (target?.name?.startsWith("__tabbed_")) target.checked = true;
    (target?.closest(".tabbed-set") || target)?.scrollIntoView();
  }

  // ---------------------------------------------------------------------------
  // Navigation: the next page is fetched as the reader points at its link
  // (speculation rules, overrides/main.html). A browser without them gets a
  // prefetch of the same pages on hover, focus or touch instead.
  // ---------------------------------------------------------------------------

  const speculates = window.HTMLScriptElement?.supports?.("speculationrules");
  const prefetched = new Set();
  function prefetch(event) {
    const link = event.target.closest?.("a[href]");
    if (!link || speculates || link.origin !== location.origin || link.hasAttribute("download")) return;
    const url = new URL(link.href);
    url.hash = "";
    // Pages only: a folder address, as the speculation rules match them.
    if (url.href === location.href.split("#")[0] || /\.[a-z0-9]+$/i.test(url.pathname) || prefetched.has(url.href)) return;
    prefetched.add(url.href);
    const hint = document.createElement("link");
    hint.rel = "prefetch";
    hint.href = url.href;
    document.head.append(hint);
  }

  // ---------------------------------------------------------------------------
  // Listeners: one per kind of event, on the document
  // ---------------------------------------------------------------------------

  const controlOf = (event) => event.target.closest?.(CONTROL) || null;

  document.addEventListener("click", (event) => {
    const control = controlOf(event);
    if (control) {
      event.preventDefault();
      if (longPressed === control) { longPressed = null; return; }
      copyAs(control, "link");
    } else if (!bubble.holds(event.target)) {
      bubble.hide();
    }
  });

  document.addEventListener("contextmenu", (event) => {
    const control = controlOf(event);
    if (!control) return;
    event.preventDefault();
    offerFormats(control, event.button !== 2 || event.detail === 0);
  });

  document.addEventListener("keydown", (event) => {
    const control = controlOf(event);
    if (control && event.key === "ArrowDown") {
      event.preventDefault();
      offerFormats(control, true);
    } else if (event.key === "Escape") {
      if (bubble.shown) bubble.hide({ refocus: true });
      definition.dismiss();
    } else if (bubble.holds(event.target) && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      moveInBubble(event);
    }
  });

  // A long press on a touch screen opens the other formats.
  document.addEventListener("pointerdown", (event) => {
    if (bubble.holds(event.target)) event.preventDefault();  // keeps a selected passage selected
    const control = controlOf(event);
    if (!control || event.pointerType !== "touch") return;
    pressTimer = setTimeout(() => { longPressed = control; offerFormats(control, false); }, 500);
  });
  for (const type of ["pointerup", "pointercancel", "pointermove"]) {
    document.addEventListener(type, () => clearTimeout(pressTimer), { passive: true });
  }

  document.addEventListener("pointerover", (event) => {
    const control = controlOf(event);
    if (control && event.pointerType === "mouse") hint(control, "right click");
    const term = termOf(event);
    if (term && event.pointerType === "mouse") definition.show(term);
    prefetch(event);
  }, { passive: true });

  document.addEventListener("pointerout", (event) => {
    const control = controlOf(event);
    if (control && bubble.kind === "hint" && bubble.owner === control) bubble.hide();
    const term = termOf(event);
    if (term && term === definition.term && !term.contains(event.relatedTarget) && term !== document.activeElement) {
      definition.hide();
    }
  }, { passive: true });

  document.addEventListener("focusin", (event) => {
    const control = controlOf(event);
    if (control && control.matches(":focus-visible")) hint(control, "Down arrow key");
    else if (!control && !bubble.holds(event.target)) bubble.hide();
    const term = termOf(event);
    if (term) definition.show(term);  // keyboard focus, or a tap on a phone
    else definition.hide();
    prefetch(event);
  });

  document.addEventListener("focusout", (event) => {
    if (termOf(event) === definition.term && !event.relatedTarget?.closest?.(TITLED)) definition.hide();
  });

  document.addEventListener("touchstart", prefetch, { passive: true });

  document.addEventListener("selectionchange", () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(selectionChanged, 250);
  });

  window.addEventListener("scroll", () => bubble.follow(), { passive: true });
})();
