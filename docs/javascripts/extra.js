// Copy controls for section links. The buttons are in the HTML already
// (overrides/hooks/sections.py); one listener on the document handles them on
// every page, including pages reached by instant navigation.

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

  // Task-list checkboxes carry no label of their own: use the item's text.
  document$.subscribe(() => {
    for (const box of document.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])")) {
      box.setAttribute("aria-label", box.closest("li").textContent.trim());
    }
  });

  // A polite live region, so screen readers hear "Link copied".
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

  const siteName = () => (document.querySelector('meta[property="og:site_name"]') || {}).content || document.title;

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-hb-url]");
    if (!button) return;
    // Inside a <summary>, a click would also open or close the FAQ answer.
    event.preventDefault();
    event.stopPropagation();
    const { hbUrl: url, hbTitle: title, hbFormat: format } = button.dataset;
    const markdown = format === "markdown";
    const text = markdown ? `[${title} — ${siteName()}](${url})` : url;
    const ok = await copy(text);
    const message = ok ? (markdown ? "Markdown link copied" : "Link copied") : "Copy failed: select the address bar instead";
    announce(message);
    button.classList.add(ok ? "hb-copy--done" : "hb-copy--failed");
    setTimeout(() => button.classList.remove("hb-copy--done", "hb-copy--failed"), 1500);
  });
})();
