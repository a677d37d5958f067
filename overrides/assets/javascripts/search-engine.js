// The handbook's search engine: answers Material's search box from Pagefind.
//
// Loaded on first use by the few lines of Material's search worker that
// overrides/partials/search-loader.html writes, never with the page. It
// turns a reader's query into Pagefind searches and returns what Material's
// results list draws: one group per page, the page and its best sections,
// with the words to highlight.
//
// A query is cut into slots, one a word or a phrase of includes/search/synonyms.txt.
// Stop words (includes/search/stop-words.txt) are dropped. A slot is met by any of its
// alternatives: the words typed, their synonyms, or, for a misspelt word of
// five letters or more that the index lacks, the indexed words one letter
// away. Pagefind finds the word forms (it stems) and prefixes. A section
// scores by how many slots it meets and how strongly, headings weighing most;
// a page by its best section.

import * as pagefind from "../../pagefind/pagefind.js";

const SITE = new URL("../../", import.meta.url).href;
const WORDS = new URL("../../pagefind/words.json", import.meta.url);
const VOCABULARY = new URL("../../pagefind/vocabulary.json", import.meta.url);

const MAX_SLOTS = 10;           // a pasted paragraph is cut here
const MAX_PAGES = 10;           // groups returned (each needs its page's record)
const MAX_SECTIONS = 6;         // sections listed under a page
const TYPO_MIN_LENGTH = 5;      // shorter words are never corrected
const TYPO_CANDIDATES = 2;      // corrections tried per misspelt word, most frequent first

let words = null;               // {stop_words, synonyms, pages}, and derived lookups
let vocabulary = null;          // every indexed word, most frequent first (fetched on the first typo)
const searches = new Map();     // Pagefind's results by query text

const ready = (async () => {
  await pagefind.options({ excerptLength: 24 });
  const [, response] = await Promise.all([pagefind.init(), fetch(WORDS)]);
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
// digits only ("one-on-one" is "oneonone", "1:1" is "11").
const key = token => token.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]/gu, "");
// A word of the page text as a reader sees it, for highlighting.
const bare = word => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

function tokens(query) {
  return query.split(/\s+/)
    .map(text => ({ text: text.replace(/^["'(\[]+|["'?!.,;:)\]]+$/g, ""), key: key(text) }))
    .filter(token => token.key);
}

// --- Slots and synonyms ----------------------------------------------------

function synonymPhrases(groups) {
  const phrases = [];
  for (const group of groups)
    for (const phrase of group)
      phrases.push({ keys: phrase.split(/\s+/).map(key).filter(Boolean), text: phrase, group });
  // Longest first, so "production incident" wins over "incident".
  return phrases.sort((a, b) => b.keys.length - a.keys.length);
}

const sameOrPlural = (token, phrase) => token === phrase || token === `${phrase}s` || token === `${phrase}es`;

// [{label, phrase, alternatives: [text, ...]}], in query order.
function slots(query) {
  const list = tokens(query);
  const found = [];
  for (let i = 0; i < list.length;) {
    const phrase = words.phrases.find(p => p.keys.every((k, j) => sameOrPlural(list[i + j]?.key, k)));
    if (phrase) {
      const label = list.slice(i, i + phrase.keys.length).map(t => t.text).join(" ");
      found.push({ label, phrase: true, alternatives: [label, ...phrase.group.filter(p => p !== phrase.text)] });
      i += phrase.keys.length;
    } else {
      found.push({ label: list[i].text, phrase: false, alternatives: [list[i].text], stop: words.stop.has(list[i].key) });
      i += 1;
    }
  }
  // A question is searched by its topic; a query of stop words only, as typed.
  const content = found.filter(slot => !slot.stop);
  const unique = new Map();
  for (const slot of content.length ? content : found)
    if (!unique.has(key(slot.label))) unique.set(key(slot.label), slot);
  return [...unique.values()].slice(0, MAX_SLOTS);
}

// --- Which matches count -----------------------------------------------------

// Pagefind matches word forms and prefixes, and falls back to the longest
// indexed prefix of a word it does not know ("architcts" finds "a"). Which of
// its matches count is decided from the word in the text:
// - a word the reader typed: a word it begins, or one sharing most letters;
// - a synonym or a typo correction: the same word give or take an ending
//   ("EM" is not "empathy", "soft" is not "software").
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

// True for a word of the text that meets any word of the alternative.
function accepting(text, kind) {
  const tests = text.split(/\s+/).map(key).filter(Boolean).map(kind);
  return word => { const k = key(word); return k !== "" && tests.some(test => test(k)); };
}

// --- Typos -----------------------------------------------------------------

// One letter missing, extra or wrong, or two letters swapped.
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

// --- Pagefind ----------------------------------------------------------------

function find(text) {
  if (!searches.has(text))
    searches.set(text, pagefind.search(text).then(({ results }) => results));
  return searches.get(text);
}

// Pagefind keeps one record per page and rewrites it on every data() call,
// so records are read in batches that never overlap: first every record is
// fetched at once (with any others that will be wanted soon), then each
// result's view is read and copied in turn.
let turn = Promise.resolve();
const split = new Map();
function records(results, prefetch = []) {
  const batch = turn.then(async () => {
    await Promise.all([...results, ...prefetch].map(result => result.data()));
    const copies = [];
    for (const result of results) {
      const data = await result.data();
      if (!split.has(data.url)) split.set(data.url, data.content.split(/[\r\n\s]+/g));
      copies.push({ url: data.url, title: data.meta.title, locations: data.locations,
                    sections: data.sub_results, words: split.get(data.url) });
    }
    return copies;
  });
  turn = batch.catch(() => {});
  return batch;
}

// --- Searching -----------------------------------------------------------------

// Material's results for a query: {items: [[section, ..., page], ...], suggest}.
// `stale` says a newer query has come in: the work stops, returning null.
export async function search(query, stale = () => false) {
  await ready;
  const wanted = slots(query);
  if (!wanted.length) return { items: [] };

  // Every alternative of every slot, searched at once; an alternative counts
  // if its best page really holds it (see loose and strict).
  const alternatives = wanted.flatMap((slot, i) => slot.alternatives.map(text => ({
    slot: i, text, accept: accepting(text, slot.phrase ? strict : loose),
  })));
  await Promise.all(alternatives.map(async a => { a.results = await find(a.text); }));
  if (stale()) return null;
  const tried = alternatives.filter(a => a.results.length);
  const likely = [...new Map(tried.flatMap(a => a.results.slice(0, MAX_PAGES)).map(r => [r.id, r])).values()];
  const best = await records(tried.map(a => a.results[0]), likely.slice(0, MAX_PAGES));
  tried.forEach((a, n) => { a.real = best[n].locations.some(l => a.accept(best[n].words[l] ?? "")); });
  const met = alternatives.filter(a => a.real);

  // A slot none of whose alternatives occurs may be a typo.
  for (let i = 0; i < wanted.length; i++) {
    if (met.some(a => a.slot === i) || wanted[i].phrase || key(wanted[i].label).length < TYPO_MIN_LENGTH) continue;
    for (const word of await corrections(key(wanted[i].label)))
      met.push({ slot: i, text: word, accept: accepting(word, strict), results: await find(word) });
  }

  // Pages by Pagefind's scores, per slot (the best of its alternatives).
  const pages = new Map();
  for (const a of met)
    for (const result of a.results) {
      let page = pages.get(result.id);
      if (!page) pages.set(result.id, page = { score: wanted.map(() => 0), matches: [] });
      page.score[a.slot] = Math.max(page.score[a.slot], result.score);
      page.matches.push({ slot: a.slot, accept: a.accept, result });
    }
  // Rarer slots weigh more (inverse document frequency).
  const total = Math.max(words.pages || 1, pages.size);
  const weights = wanted.map((_, i) => {
    const holding = new Set(met.filter(a => a.slot === i).flatMap(a => a.results.map(r => r.id)));
    return Math.log(1 + total / Math.max(1, holding.size));
  });
  const candidates = [...pages.values()]
    .map(page => ({ ...page, total: combine(page.score.map(s => s * 10), weights) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, MAX_PAGES);

  if (stale()) return null;
  const read = await records(candidates.flatMap(page => page.matches.map(m => m.result)));
  let n = 0;
  const items = candidates
    .map(page => group(page, page.matches.map(m => ({ ...m, record: read[n++] })), wanted, weights))
    .filter(Boolean)
    .sort((a, b) => b[0].score - a[0].score);
  return { items, suggest: suggest(query, items[0]) };
}

// Σ over the slots met of the slot's weight × how strongly it is met, scaled
// by the share of slots met, squared: a section with every word of the query
// beats one that repeats a single word.
function combine(perSlot, weights) {
  let sum = 0, met = 0;
  perSlot.forEach((strength, i) => {
    if (strength > 0) {
      met += 1;
      sum += weights[i] * Math.log2(1 + strength);
    }
  });
  return sum * (met / perSlot.length) ** 2;
}

// One page: its sections (Pagefind's sub-results, one per heading with an
// id, FAQ questions included) scored by the slots they meet. The text above
// the first section, under the page's title, stands for the page itself.
function group(page, matches, wanted, weights) {
  const sections = new Map();
  let pageLocation = null, title = "";
  for (const { slot, accept, record } of matches) {
    pageLocation = locationOf(record.url).split("#")[0];
    title = record.title || title;
    for (const sub of record.sections) {
      const kept = sub.weighted_locations.filter(l => accept(record.words[l.location] ?? ""));
      if (!kept.length) continue;
      const top = !sub.anchor || sub.anchor.element === "h1";
      const location = top ? pageLocation : locationOf(sub.url);
      let section = sections.get(location);
      if (!section) sections.set(location, section = {
        location, title: top ? null : sub.title, excerpt: "", best: -1,
        strength: wanted.map(() => 0), words: new Set(),
      });
      // Pagefind's balanced score: 512 for a word of the text, far more in a heading.
      const strength = kept.reduce((sum, l) => sum + l.balanced_score, 0) / 512;
      section.strength[slot] += strength;
      if (strength > section.best) {
        section.best = strength;
        section.excerpt = sub.excerpt;
      }
      for (const l of kept) section.words.add(bare(record.words[l.location]));
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
      title: escapeHTML(section.title ?? title),
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

// Material completes the last word typed with the last suggestion.
function suggest(query, best) {
  const last = tokens(query).at(-1);
  if (!best || !last) return [];
  const start = last.text.toLowerCase();
  for (const doc of best)
    for (const [word, found] of Object.entries(doc.terms))
      if (found && word.length > start.length && word.startsWith(start)) return [word];
  return [];
}
