// The handbook's search engine: answers Material's search box from Pagefind.
//
// Loaded on first use by the few lines of Material's search worker that
// overrides/partials/search.html writes, never with the page. It turns a
// reader's query into Pagefind searches and returns what Material's results
// list draws: one group per page, the page and its best sections, with the
// words to highlight.
//
// A query is cut into slots, one a word (or a phrase of search/synonyms.txt).
// Stop words (search/stop-words.txt) are dropped; each slot may be met by any
// of its alternatives: its synonyms, or, for a misspelt word of five letters
// or more that the index lacks, the indexed words one letter away. Pagefind
// finds the word forms (it stems) and prefixes. A section scores by how many
// slots it meets and how strongly, headings weighing most; a page by its best
// section, then by the rest of its text.

import * as pagefind from "../../pagefind/pagefind.js";

const SITE = new URL("../../", import.meta.url).href;
const WORDS = new URL("../../pagefind/words.json", import.meta.url);
const VOCABULARY = new URL("../../pagefind/vocabulary.json", import.meta.url);

const MAX_SLOTS = 10;           // a pasted paragraph is cut here
const MAX_PAGES = 10;           // groups returned (each needs its page's fragment)
const TYPO_MIN_LENGTH = 5;      // shorter words are never corrected
const TYPO_CANDIDATES = 2;      // corrections tried per misspelt word, most frequent first
const MAX_SECTIONS = 6;         // sections listed under a page

// Material's message types (integrations/search/worker/message).
export const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

let words = null;         // {stop_words, synonyms, pages}
let vocabulary = null;    // every indexed word, most frequent first (fetched on the first typo)
const searches = new Map();

const ready = (async () => {
  await pagefind.options({ excerptLength: 24 });
  await pagefind.init();
  const response = await fetch(WORDS);
  if (!response.ok) throw new Error(`search: ${WORDS} answered ${response.status}`);
  words = await response.json();
  words.stop = new Set(words.stop_words.map(key));
  words.phrases = synonymPhrases(words.synonyms);
})();

// --- Text ------------------------------------------------------------------

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHTML = text => text.replace(/[&<>"']/g, c => ESCAPES[c]);

// Pagefind's excerpts escape only < and >, and mark matches with <mark>:
// rebuild them escaped throughout, keeping the marks.
function excerptHTML(excerpt) {
  return excerpt.split(/(<\/?mark>)/).map(part => {
    if (part === "<mark>" || part === "</mark>") return part;
    return escapeHTML(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  }).join("");
}

// A word as the query and the word lists compare it: lower case, letters and
// digits only ("one-on-one" and "1:1" keep their inner marks out).
const key = token => token.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]/gu, "");
// A word of the page text as a reader sees it, for highlighting.
const bare = word => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

function tokens(query) {
  return query.split(/\s+/).map(text => ({ text: text.replace(/^["'(\[]+|["'?!.,;:)\]]+$/g, ""), key: key(text) }))
    .filter(token => token.key);
}

// --- Synonyms --------------------------------------------------------------

function synonymPhrases(groups) {
  const phrases = [];
  for (const group of groups)
    for (const phrase of group)
      phrases.push({ keys: phrase.split(/\s+/).map(key).filter(Boolean), text: phrase, group });
  // Longest first, so "technical leader" wins over "leader".
  return phrases.sort((a, b) => b.keys.length - a.keys.length);
}

const sameOrPlural = (token, phrase) => token === phrase || token === `${phrase}s` || token === `${phrase}es`;

// Slots: [{label, alternatives: [query text, ...]}], in query order.
function slots(query) {
  const list = tokens(query);
  const found = [];
  for (let i = 0; i < list.length;) {
    const phrase = words.phrases.find(p => p.keys.every((k, j) => sameOrPlural(list[i + j]?.key, k)));
    if (phrase) {
      const label = list.slice(i, i + phrase.keys.length).map(t => t.text).join(" ");
      found.push({ label, alternatives: [label, ...phrase.group.filter(p => p !== phrase.text)], phrase: true });
      i += phrase.keys.length;
    } else {
      found.push({ label: list[i].text, alternatives: [list[i].text], stop: words.stop.has(list[i].key) });
      i += 1;
    }
  }
  // Questions are searched by their topic; a query of stop words only stays as typed.
  const content = found.filter(slot => !slot.stop);
  const unique = new Map();
  for (const slot of content.length ? content : found)
    if (!unique.has(key(slot.label))) unique.set(key(slot.label), slot);
  return [...unique.values()].slice(0, MAX_SLOTS);
}

// --- Matching words ----------------------------------------------------------

// Pagefind matches word forms (it stems) and prefixes, and falls back to the
// longest indexed prefix of a word it does not know ("architcts" finds "a").
// Which of its matches count is decided here, from the word in the text:
// - a word typed by the reader: a prefix of it, or most of its letters;
// - a phrase of the synonym list or a typo correction: the same word give or
//   take an ending ("EM" is not "empathy", "soft" is not "software").
function commonPrefix(a, b) {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

const loose = term => word =>
  word.startsWith(term) || commonPrefix(term, word) >= Math.min(term.length - 1, Math.max(4, term.length - 3));

const strict = term => word => {
  const common = commonPrefix(term, word);
  return word === term || (common >= Math.max(2, term.length - 3) && word.length - common <= 3);
};

// A predicate for every word of an alternative ("technical debt": either word).
function accepting(text, kind) {
  const tests = text.split(/\s+/).map(key).filter(Boolean).map(kind);
  return word => { const k = key(word); return k && tests.some(test => test(k)); };
}

// --- Typos -----------------------------------------------------------------

// One letter missing, extra, wrong, or two letters swapped.
function oneEditApart(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return a.slice(i + 1) === b.slice(i + 1)
      || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Indexed words one edit away, the most frequent first; a plural's typo is
// looked for in the singular too ("architcts": "architect").
async function corrections(term) {
  vocabulary ??= fetch(VOCABULARY).then(response => {
    if (!response.ok) throw new Error(`search: ${VOCABULARY} answered ${response.status}`);
    return response.json();
  });
  const forms = term.endsWith("s") ? [term, term.slice(0, -1)] : [term];
  return (await vocabulary).filter(word => forms.some(form => oneEditApart(form, word))).slice(0, TYPO_CANDIDATES);
}

// --- Searching -------------------------------------------------------------

function find(text) {
  if (!searches.has(text))
    searches.set(text, pagefind.search(text).then(({ results }) => results));
  return searches.get(text);
}

// A result's page: its text split into words as Pagefind counts them, and
// the matches and sections of this result. Pagefind keeps one object per
// page and rewrites it on every data() call, so the calls take turns and
// each takes its own copy.
let turn = Promise.resolve();
const split = new Map();
function fragment(result) {
  const copy = turn.then(async () => {
    const data = await result.data();
    if (!split.has(data.url)) split.set(data.url, data.content.split(/[\r\n\s]+/g));
    return {
      data: { url: data.url, meta: data.meta, locations: data.locations, sub_results: data.sub_results },
      all: split.get(data.url),
    };
  });
  turn = copy.catch(() => {});
  return copy;
}

// Each alternative of a slot that really occurs: [{results, accept}].
async function resolve(slot) {
  const found = [];
  const typos = [];
  for (const text of slot.alternatives) {
    const accept = accepting(text, slot.phrase ? strict : loose);
    const results = await find(text);
    let real = false;
    if (results.length) {
      const { data, all } = await fragment(results[0]);
      real = data.locations.some(location => accept(all[location] ?? ""));
    }
    if (real) found.push({ results, accept });
    else if (!slot.phrase && key(text).length >= TYPO_MIN_LENGTH) typos.push(key(text));
  }
  if (!found.length)
    for (const term of typos)
      for (const word of await corrections(term))
        found.push({ results: await find(word), accept: accepting(word, strict) });
  return found;
}

// Σ over slots met of the slot's weight × how strongly it is met, scaled by
// the share of slots met, squared: a section with every word of the query
// beats one that repeats a single word.
function combine(perSlot, weights) {
  let total = 0, met = 0;
  perSlot.forEach((strength, i) => {
    if (strength > 0) {
      met += 1;
      total += weights[i] * Math.log2(1 + strength);
    }
  });
  return total * (met / perSlot.length) ** 2;
}

export async function search(query) {
  await ready;
  const wanted = slots(query);
  if (!wanted.length) return { items: [] };
  const resolved = await Promise.all(wanted.map(resolve));

  // Pages by Pagefind's scores, per slot (the best of its alternatives).
  const byPage = new Map();
  resolved.forEach((alternatives, i) => {
    for (const { results, accept } of alternatives)
      for (const result of results) {
        let page = byPage.get(result.id);
        if (!page) byPage.set(result.id, page = { score: wanted.map(() => 0), matches: wanted.map(() => []) });
        page.score[i] = Math.max(page.score[i], result.score);
        page.matches[i].push({ result, accept });
      }
  });
  // Rarer slots weigh more (inverse document frequency).
  const pages = Math.max(words.pages || 1, byPage.size);
  const weights = resolved.map(alternatives => {
    const ids = new Set(alternatives.flatMap(({ results }) => results.map(r => r.id)));
    return Math.log(1 + pages / Math.max(1, ids.size));
  });
  const candidates = [...byPage.values()]
    .map(page => ({ ...page, total: combine(page.score.map(s => s * 10), weights) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, MAX_PAGES);

  const groups = await Promise.all(candidates.map(page => group(page, wanted, weights)));
  const items = groups.filter(Boolean).sort((a, b) => b[0].score - a[0].score);
  return { items, suggest: suggest(query, items[0]) };
}

// One page: its sections (Pagefind's sub-results, one per heading with an
// id, FAQ questions included) scored by the slots they meet. The text above
// the first section, under the page's title, stands for the page itself.
async function group(page, wanted, weights) {
  const sections = new Map();
  let pageLocation = null, title = "";
  for (let i = 0; i < wanted.length; i++) {
    for (const { result, accept } of page.matches[i]) {
      const { data, all } = await fragment(result);
      pageLocation = locationOf(data.url).split("#")[0];
      title = data.meta.title || title;
      for (const sub of data.sub_results) {
        const kept = sub.weighted_locations.filter(l => accept(all[l.location] ?? ""));
        if (!kept.length) continue;
        const top = !sub.anchor || sub.anchor.element === "h1";
        const location = top ? pageLocation : locationOf(sub.url);
        let section = sections.get(location);
        if (!section) sections.set(location, section = {
          location, title: top ? title : sub.title, excerpt: "", best: -1,
          strength: wanted.map(() => 0), words: new Set(),
        });
        const strength = kept.reduce((sum, l) => sum + l.balanced_score, 0) / 512;
        section.strength[i] += strength;
        if (strength > section.best) {
          section.best = strength;
          section.excerpt = sub.excerpt;
        }
        for (const l of kept) section.words.add(bare(all[l.location]));
      }
    }
  }
  if (!sections.size) return null;
  const pageScore = combine(page.score.map(s => s * 10), weights);
  const docs = [...sections.values()].map(section => {
    const terms = {};
    for (const word of section.words) if (word) terms[word] = true;
    wanted.forEach((slot, i) => { if (!section.strength[i]) terms[slot.label.toLowerCase()] = false; });
    return {
      location: section.location,
      title: escapeHTML(section.title),
      text: excerptHTML(section.excerpt),
      score: combine(section.strength, weights) + pageScore / 100,
      terms,
    };
  }).sort((a, b) => b.score - a.score);
  // Material draws the page first and needs it in every group.
  const top = docs.find(doc => doc.location === pageLocation)
    ?? { location: pageLocation, title: escapeHTML(title), text: "", score: 0, terms: {} };
  return [...docs.filter(doc => doc !== top).slice(0, MAX_SECTIONS), top].sort((a, b) => b.score - a.score);
}

function locationOf(url) {
  const absolute = new URL(url, SITE).href;
  return absolute.startsWith(SITE) ? absolute.slice(SITE.length) : absolute;
}

function suggest(query, best) {
  const last = tokens(query).at(-1);
  if (!best || !last) return [];
  const stem = last.text.toLowerCase();
  for (const doc of best)
    for (const [word, found] of Object.entries(doc.terms))
      if (found && word.length > stem.length && word.startsWith(stem)) return [word];
  return [];
}
