// The handbook's search engine: answers Material's search box from Pagefind.
//
// Loaded on first use by the few lines of Material's search worker that
// overrides/partials/search-loader.html writes, never with the page. It
// turns a reader's query into Pagefind searches and returns what Material's
// results list draws: one group per page, the page and its best sections,
// with the words to highlight; and, when nothing matches, `help`: the Topics
// page and a few close sections (the loader shows them).
//
// A query is cut into slots, one a word or a phrase of includes/search/synonyms.txt;
// stop words (includes/search/stop-words.txt) are dropped, so a question is searched
// by its topic. A slot is met, from strongest to weakest, by
//   1. the word typed or a form of it (leads, leading), or, for the last
//      word typed, a longer word it begins;
//   2. a word of its family (disagree: disagreement; lead: leader, leadership),
//      from WordNet (hooks/handbook/lexicon.py, words/<letter>.json);
//   3. a phrase of its group in synonyms.txt (on-call: pager duty);
//   4. for a word that is neither in the site, nor in a family, nor an
//      English word one slip from a site word, the site words one slip away
//      (architcture: architecture). A real word is never "corrected".
// Pagefind finds the pages; each candidate page's words are then read
// (its record) and every section (heading, FAQ question, comparison row)
// is scored: per slot, how strongly it is met, a match in the section's
// heading counting most; slots weighted by rarity; sections that meet every
// slot, with the words side by side, first. A page ranks by its best section.

import * as pagefind from "../../pagefind/pagefind.js";

const SITE = new URL("../../", import.meta.url).href;
const WORDS = new URL("../../pagefind/words.json", import.meta.url);
const LEXICON = letter => new URL(`../../pagefind/words/${letter}.json`, import.meta.url);
const MEANING = prefix => new URL(`../../pagefind/meaning/${prefix}.json`, import.meta.url);
const TOPICS = { location: "topics/", title: "Topics" };

const MAX_SLOTS = 10;           // a pasted paragraph is cut here
// A negation before a word also asks for the word's negative ("can't agree": disagree).
const NEGATIONS = new Set(["not", "no", "never", "cannot", "cant", "dont", "doesnt", "didnt", "wont", "isnt", "arent"]);
const NEGATIVE = ["dis", "un", "in", "im", "non", "mis"];
// A word neither the site nor WordNet knows may be a derivation of one they
// know (mentorship: mentor; mentee: mentor): its stem less one of these
// endings, with the ending's usual alternatives.
const ENDINGS = { ship: [""], ness: [""], ment: [""], ity: [""], ation: ["e", ""], ion: ["e", ""], ist: [""], ism: [""],
  ive: ["e", ""], al: [""], ic: [""], ee: ["or", "er"], er: ["", "e"], or: ["", "e"] };
const MAX_PAGES = 8;            // candidate pages read for the whole query (each needs its page's record)
const PER_SEARCH = 2;           // and the best pages of each word or phrase searched,
const MAX_READ = 14;            // up to this many in all
const MAX_SECTIONS = 6;         // sections listed under a page
const MAX_HELP = 3;             // close sections offered when nothing matches
const TYPO_MIN_LENGTH = 4;      // shorter words are never corrected (a four-letter one only to a longer site word)
const TYPO_CANDIDATES = 2;      // corrections tried per misspelt word, most frequent first
// How much a match counts, by how the slot is met.
const WEIGHT = { exact: 1, form: 0.9, prefix: 0.5, family: 0.6, synonym: 0.5, about: 0.45, typo: 0.4, meaning: 0.3 };
const HEADING = 3;              // a match in a section's heading, added to 1 + log2(matches in its text) / 2
const SUBSECTION = 0.5;         // a match in a subsection (an h3 under an h2) counts this much for the h2
const TITLE = 0.5;              // a match in the page's title, for each of its sections
const HEADING_SHARE = 0.3;      // up to this much more for a section whose heading's words the query covers
const NEARBY = 3;               // words apart for two slots to count as side by side

let words = null;               // {stop_words, synonyms, pages}, and derived lookups
const lexicon = new Map();      // first letter -> its words/<letter>.json (fetched when first needed)
const searches = new Map();     // Pagefind's results by query text

const ready = (async () => {
  await pagefind.options({ excerptLength: 24 });
  const [, response] = await Promise.all([pagefind.init(), fetch(WORDS)]);
  if (!response.ok) throw new Error(`search: ${WORDS} answered ${response.status}`);
  words = await response.json();
  words.stop = new Set(words.stop_words.map(key));
  words.phrases = synonymPhrases(words.synonyms);
  // One-word names of the field vocabulary a typo may be corrected to (lexicon.fit: names).
  words.names = words.phrases.filter(p => p.keys.length === 1 && /^[a-z]{5,}$/.test(p.keys[0])).map(p => p.keys[0]);
  words.about = new Map(words.synonyms.map((group, i) => [group, words.about[i]]));  // > phrases, by group
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
// digits only ("one-on-one" is "oneonone", "1:1" is "11"). key() in
// hooks/handbook/search_index.py is the same rule (tests/test_search_words.py).
export const key = token => token.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]/gu, "");
// A word of the page text as a reader sees it, for highlighting.
const bare = word => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

function tokens(query) {
  return query.split(/\s+/)
    .map(text => ({ text: text.replace(/^["'(\[]+|["'?!.,;:)\]]+$/g, ""), key: key(text) }))
    .filter(token => token.key);
}

// --- Word lists ----------------------------------------------------------------

function synonymPhrases(groups) {
  const phrases = [];
  for (const group of groups)
    for (const phrase of group)
      phrases.push({ keys: phrase.split(/[\s-]+/).map(key).filter(Boolean), text: phrase, group });
  // Longest first, so "production incident" wins over "incident".
  return phrases.sort((a, b) => b.keys.length - a.keys.length);
}

const sameOrPlural = (token, phrase) => token === phrase || token === `${phrase}s` || token === `${phrase}es`;

function chunk(letter) {
  if (!/^[a-z]$/.test(letter)) return Promise.resolve({ words: {}, english: [], vocabulary: [] });
  if (!lexicon.has(letter))
    lexicon.set(letter, fetch(LEXICON(letter)).then(response =>
      response.ok ? response.json() : { words: {}, english: [], vocabulary: [] }));
  return lexicon.get(letter);
}

const meanings = new Map();     // two first letters -> meaning/<letters>.json
function meaningChunk(prefix) {
  if (!/^[a-z]{2}$/.test(prefix)) return Promise.resolve({});
  if (!meanings.has(prefix))
    meanings.set(prefix, fetch(MEANING(prefix)).then(response => response.ok ? response.json() : {}));
  return meanings.get(prefix);
}

// Site words close in meaning to a word the site does not use (WordNet: negotiation: diplomat).
async function closeInMeaning(k) {
  return (await meaningChunk(k.slice(0, 2)))[k]?.split(" ") ?? [];
}

// The site words of a word's lemma and of the rest of its family: {exact: [], family: []}.
async function family(k) {
  const entry = (await chunk(k[0])).words[k];
  if (!entry) return { exact: [], family: [] };
  const [exact, rest] = entry.split("|").map(part => part.split(" ").filter(Boolean));
  return { exact, family: rest };
}

// --- Slots ---------------------------------------------------------------------

// [{label, keys, last}], in query order: a phrase of synonyms.txt, or one word.
function slots(query) {
  const list = tokens(query);
  // A hyphenated word is also its parts ("on-call" is "on call").
  const expanded = list.flatMap(t => /\p{L}-\p{L}/u.test(t.text) && !words.phrases.some(p => p.keys.length === 1 && p.keys[0] === t.key)
    ? t.text.split("-").filter(Boolean).map(text => ({ text, key: key(text), joined: t })) : [t]);
  const found = [];
  for (let i = 0; i < expanded.length;) {
    const phrase = words.phrases.find(p => p.keys.every((k, j) => j === p.keys.length - 1
      ? sameOrPlural(expanded[i + j]?.key, k) : expanded[i + j]?.key === k));
    if (phrase) {
      const parts = expanded.slice(i, i + phrase.keys.length);
      found.push({ label: parts.map(t => t.text).join(" "), keys: parts.map(t => t.key), phrase, stop: false,
                   joined: parts.every(t => t.joined && t.joined === parts[0].joined) ? parts[0].joined.key : null });
      i += phrase.keys.length;
    } else {
      const t = expanded[i];
      if (t.joined) {  // the parts of a hyphenated word: one slot
        const parts = expanded.slice(i).filter((u, j) => expanded[i + j]?.joined === t.joined);
        found.push({ label: t.joined.text, keys: parts.map(u => u.key), phrase: null, stop: false, joined: t.joined.key });
        i += parts.length;
        continue;
      }
      found.push({ label: t.text, keys: [t.key], phrase: null, stop: words.stop.has(t.key),
                   negated: NEGATIONS.has(expanded[i - 1]?.key) });
      i += 1;
    }
  }
  // A question is searched by its topic; a query of stop words only, as typed.
  const content = found.filter(slot => !slot.stop);
  const unique = new Map();
  for (const slot of content.length ? content : found)
    if (!unique.has(slot.keys.join(" "))) unique.set(slot.keys.join(" "), slot);
  const kept = [...unique.values()].slice(0, MAX_SLOTS);
  if (kept.length) kept.at(-1).last = !/\s$/.test(query);
  return kept;
}

// --- How a slot is met -----------------------------------------------------------

// A test on a word of the text (its key) for one query word: the word
// itself, its regular forms (mentor: mentors, mentoring), and for the last
// word typed, longer words it begins.
function sameWord(k, { prefix = false } = {}) {
  const b = base(k);
  return w => {
    if (w === k) return WEIGHT.exact;
    if (b.length >= 4 && base(w) === b) return WEIGHT.form;
    if (prefix && k.length >= 3 && w.startsWith(k)) return WEIGHT.prefix;
    return 0;
  };
}

// A word less a regular inflection (debating, debates, debate: debat), to compare
// forms of words the word lists do not know. Derivations (leader, pragmatically)
// are not forms: WordNet's families have them, as a weaker match.
const bases = new Map();
const base = w => {
  let b = bases.get(w);
  if (b === undefined)
    bases.set(w, b = w.replace(/(ings?|ed|es|s)$/, "").replace(/e$/, "").replace(/([^aeiou])\1$/, "$1"));
  return b;
};

const inSet = (set, weight) => w => set.has(w) ? weight : 0;

// One alternative: the words to ask Pagefind for, and per query word a test
// on the words of the text (a phrase has several, met side by side).
const alternative = (kind, search, tests, keys = null) =>
  ({ kind, search, tests, keys, stops: keys ? keys.map(k => words.stop.has(k)) : null });

async function alternatives(slot) {
  const found = [];
  const k = slot.keys.join("");
  if (slot.phrase || slot.keys.length > 1) {
    found.push(alternative("exact", [slot.keys.join(" ")], slot.keys.map(w => sameWord(w)), slot.keys));
    if (slot.joined) found.push(alternative("exact", [slot.joined], [sameWord(slot.joined)]));
  } else {
    found.push(alternative("exact", [slot.label], [sameWord(k, { prefix: slot.last })]));
    const { exact, family: rest } = await family(k);
    if (exact.length) found.push(alternative("exact", exact, [inSet(new Set(exact), WEIGHT.form)]));
    if (rest.length) found.push(alternative("family", rest, [inSet(new Set(rest), WEIGHT.family)]));
    if (slot.negated)
      for (const prefix of NEGATIVE) {
        const negative = await family(prefix + k), all = [...negative.exact, ...negative.family];
        if (all.length) found.push(alternative("family", all, [inSet(new Set(all), WEIGHT.family)]));
      }
  }
  const group = slot.phrase?.group ?? words.phrases.find(p => p.keys.length === 1 && p.keys[0] === k)?.group;
  for (const phrase of words.about.get(group) ?? []) {
    const keys = phrase.split(/[\s-]+/).map(key).filter(Boolean);
    found.push(alternative("about", [phrase], keys.map(w => { const test = sameWord(w); return word => test(word) && WEIGHT.about; }), keys));
  }
  for (const phrase of group ?? []) {
    const keys = phrase.split(/[\s-]+/).map(key).filter(Boolean);
    if (keys.join(" ") === slot.keys.join(" ")) continue;
    const synonym = list => list.map(w => { const test = sameWord(w); return word => test(word) && WEIGHT.synonym; });
    found.push(alternative("synonym", [phrase], synonym(keys), keys));
    if (/-/.test(phrase)) found.push(alternative("synonym", [key(phrase)], synonym([key(phrase)])));
  }
  return found;
}

// Site words one slip from a word that is neither in the site, in a family,
// nor an English word: the most frequent first.
async function corrections(k) {
  if (k.length < TYPO_MIN_LENGTH || !/^\p{L}+$/u.test(k)) return [];
  // Site words that begin with its first letter or (a letter added or two swapped at
  // the start) its second; a four-letter word is only short of a letter, past its first.
  const [first, second] = await Promise.all([chunk(k[0]), k.length > TYPO_MIN_LENGTH ? chunk(k[1]) : null]);
  if (first.words[k] || first.english.includes(k) || first.vocabulary.includes(k)) return [];
  const forms = k.endsWith("s") ? [k, k.slice(0, -1)] : [k];
  // Then names of the field vocabulary and long forms of a family the site does not use
  // (postmortem; diplomacy, for diplomat).
  return [...first.vocabulary, ...(second?.vocabulary ?? []), ...words.names, ...Object.keys(first.words).filter(typoForm)]
    .filter(word => forms.some(form => oneEditApart(form, word)))
    .slice(0, TYPO_CANDIDATES);
}

// A family's form a typo may be corrected to (lexicon.typo_form: its English neighbours are listed).
const typoForm = w => w.length >= 8 && /^[a-z]+$/.test(w) && !/(s|ed|ing|er|est)$/.test(w);

// What a correction meets: a site word; what a name of the field vocabulary finds,
// as weakly as a typo; or the site words of a family's form.
async function correction(w) {
  const { vocabulary, words: forms } = await chunk(w[0]);
  if (vocabulary.includes(w) || !(forms[w] || words.names.includes(w)))
    return [alternative("typo", [w], [sameWord(w)].map(t => x => t(x) && WEIGHT.typo))];
  if (words.names.includes(w)) {
    const phrase = words.phrases.find(p => p.keys.length === 1 && p.keys[0] === w);
    return (await alternatives({ label: w, keys: [w], phrase, stop: false }))
      .map(a => ({ ...a, kind: "typo", tests: a.tests.map(test => x => test(x) * WEIGHT.typo) }));
  }
  const { exact, family: rest } = await family(w), all = [...exact, ...rest];
  return [alternative("typo", all, [inSet(new Set(all), WEIGHT.typo)])];
}

// The site words of the stems of an unknown word (ENDINGS): the stem's own
// site words and its family's, when the word has no family of its own.
async function stems(k) {
  if (!/^\p{L}+$/u.test(k) || (await family(k)).exact.length) return [];
  const found = new Set();
  for (const [ending, alternatives] of Object.entries(ENDINGS)) {
    if (!k.endsWith(ending) || k.length - ending.length < 4) continue;
    for (const tail of alternatives) {
      const stem = k.slice(0, -ending.length) + tail;
      const { exact, family: rest } = await family(stem);
      const vocabulary = (await chunk(stem[0])).vocabulary;
      if (vocabulary.includes(stem)) found.add(stem);
      for (const w of [...exact, ...rest]) found.add(w);
    }
  }
  return [...found];
}

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

// --- Pagefind ----------------------------------------------------------------

function find(text) {
  if (!searches.has(text))
    searches.set(text, pagefind.search(text).then(({ results }) => results));
  return searches.get(text);
}

// Pagefind keeps one record per page and rewrites it on every data() call,
// so records are read in turn, each copied before the next is asked for.
// A read whose search has gone stale when its turn comes is dropped, so the
// reader's latest query never waits behind the words typed before it.
let turn = Promise.resolve();
const records = new Map();
class Stale extends Error {}
function record(result, stale) {
  // A read an older query started and then dropped is started again for this one.
  if (records.has(result.id))
    return records.get(result.id).catch(error => {
      if (error instanceof Stale && !stale()) return record(result, stale);
      throw error;
    });
  const done = turn.then(async () => {
    if (stale()) throw new Stale();
    const data = await result.data();
    const text = data.content.split(/\s+/).filter(Boolean);
    return {
      url: data.url, title: data.meta.title, words: text, keys: text.map(key),
      titleKeys: (data.meta.title || "").split(/\s+/).map(key).filter(k => k && !words.stop.has(k)),
      anchors: data.anchors.filter(a => a.text && /^(h[1-6]|strong)$/.test(a.element)),
      excerpt: data.excerpt, sub: data.sub_results,
    };
  });
  turn = done.catch(() => {});
  records.set(result.id, done);
  done.catch(() => records.delete(result.id));
  return done;
}

// --- Searching -----------------------------------------------------------------

// Material's results for a query: {items: [[section, ..., page], ...], suggest},
// and help when nothing matches. `stale` says a newer query has come in: the
// work stops, returning null.
export async function search(query, stale = () => false) {
  try {
    return await answer(query, stale);
  } catch (error) {
    if (error instanceof Stale) return null;
    throw error;
  }
}

async function answer(query, stale) {
  await ready;
  const wanted = slots(query);
  if (!wanted.length) return { items: [] };
  const options = await Promise.all(wanted.map(alternatives));
  let met = await gather(wanted, options, stale), corrected = false;
  if (stale()) return null;

  // A slot none of whose alternatives occurs may be a typo.
  for (let i = 0; i < wanted.length; i++) {
    if (met.slots[i] || wanted[i].keys.length > 1 || wanted[i].phrase) continue;
    const fixes = await corrections(wanted[i].keys[0]);
    if (!fixes.length) continue;
    options[i].push(...(await Promise.all(fixes.map(correction))).flat());
    corrected = true;
  }
  // A word still unmet may be a derivation that WordNet lacks.
  for (let i = 0; i < wanted.length; i++) {
    if (met.slots[i] || wanted[i].keys.length > 1) continue;
    const related = await stems(wanted[i].keys[0]);
    if (!related.length) continue;
    options[i].push(alternative("family", related, [inSet(new Set(related), WEIGHT.family)]));
    corrected = true;
  }
  // A real word still unmet may be close in meaning to words the site uses.
  for (let i = 0; i < wanted.length; i++) {
    if (met.slots[i] || wanted[i].keys.length > 1 || wanted[i].phrase || wanted[i].keys[0].length < 4) continue;
    const near = await closeInMeaning(wanted[i].keys[0]);
    if (!near.length) continue;
    options[i].push(alternative("meaning", near, [inSet(new Set(near), WEIGHT.meaning)]));
    corrected = true;
  }
  if (corrected) met = await gather(wanted, options, stale);
  if (stale()) return null;
  if (!met.slots.some(Boolean)) return { items: [], help: await help(query, wanted, stale) };

  const { items, top } = await rank(wanted, options, met.pages);
  if (stale()) return null;
  if (!items.length) return { items: [], help: await help(query, wanted, stale) };
  // How sure the answer is. A word met nowhere (not even by meaning) is outside the
  // handbook: the rest must then meet the best section's heading or title by the
  // words themselves (or their families, field vocabulary, corrections). Several words
  // met by meaning only are a guess. Either way the reader is told (help.weak), and
  // the sections found are offered as close ones.
  const strong = top.kinds.map((kind, i) => kind !== null && kind !== "meaning" && top.strength[i] > 0);
  const unknown = wanted.some((_, i) => !met.slots[i]);
  if ((unknown && !strong.some((s, i) => s && top.heads[i])) || (wanted.length > 1 && !strong.some(Boolean)))
    return { items: [], help: { ...close(query, items), weak: true } };
  return { items, suggest: suggest(query, items[0]) };
}

// Pagefind's pages for every alternative; which slots occur anywhere, and the candidate pages.
async function gather(wanted, options, stale = () => false) {
  const pages = new Map(), slotsMet = wanted.map(() => false), holding = wanted.map(() => new Set());
  const tops = [];  // each search's best pages
  await Promise.all(options.flatMap((list, i) => list.flatMap(a => a.search.map(async text => {
    const results = await find(text);
    tops.push(results.slice(0, PER_SEARCH).map(result => result.id));
    for (const result of results) {
      let page = pages.get(result.id);
      if (!page) pages.set(result.id, page = { result, score: wanted.map(() => 0) });
      page.score[i] = Math.max(page.score[i], result.score * WEIGHT[a.kind]);
      holding[i].add(result.id);
    }
  }))));
  // Pagefind's results are prefix and stem matches: a slot is met only if a
  // candidate page really holds one of its words. The candidates: the best
  // pages for the whole query, and each search's best few, so that the pages
  // of a phrase or a rare word are read even where common words fill the list.
  const all = [...pages.values()]
    .map(page => ({ ...page, total: page.score.reduce((sum, s) => sum + Math.log2(1 + s * 10), 0) }))
    .sort((a, b) => b.total - a.total);
  const chosen = new Set(all.slice(0, MAX_PAGES).map(page => page.result.id));
  for (const id of tops.flat()) if (chosen.size < MAX_READ) chosen.add(id);
  const candidates = all.filter(page => chosen.has(page.result.id));
  if (stale()) throw new Stale();
  const read = await Promise.all(candidates.map(page => record(page.result, stale)));
  candidates.forEach((page, n) => { page.record = read[n]; });
  for (const page of candidates)
    wanted.forEach((_, i) => {
      if (!slotsMet[i] && options[i].some(a => a.tests.some(test => page.record.keys.some(test)))) slotsMet[i] = true;
    });
  return { slots: slotsMet, pages: candidates, holding };
}

// Sections of a page record: [start, end) of each, the heading's own words, its address.
function sections(rec) {
  const page = locationOf(rec.url).split("#")[0];
  const anchors = [...rec.anchors].sort((a, b) => a.location - b.location);
  if (!anchors.length || anchors[0].location > 0)
    anchors.unshift({ element: "h1", id: null, text: rec.title || "", location: 0 });
  const level = a => /^h[1-6]$/.test(a.element) ? +a.element[1] : 7;  // a bold row label: below every heading
  return anchors.map((a, n) => ({
    start: a.location,
    end: anchors[n + 1]?.location ?? rec.words.length,
    // with its subsections (the h3s under an h2), up to the next heading of its level or above
    scope: level(a) === 1 ? anchors[n + 1]?.location ?? rec.words.length
      : anchors.slice(n + 1).find(b => level(b) <= level(a))?.location ?? rec.words.length,
    heading: a.location + a.text.split(/\s+/).filter(Boolean).length,
    location: a.element === "h1" ? page : `${page}#${a.id}`,
    title: a.element === "h1" ? null : a.text,
  }));
}

async function rank(wanted, options, candidates) {
  const total = Math.max(words.pages || 1, candidates.length);
  const groups = [];
  const perSection = [];
  for (const page of candidates) {
    const rec = page.record;
    for (const section of sections(rec)) {
      const strength = wanted.map(() => 0), positions = wanted.map(() => []), kinds = wanted.map(() => null);
      const heads = wanted.map(() => false);
      options.forEach((list, i) => {
        for (const a of list) {
          const { value, at, head } = meet(a, rec, section);
          const titled = section.title === null ? 0 : TITLE * inTitle(a, rec.titleKeys);
          if (value + titled > strength[i]) {
            strength[i] = value + titled; positions[i] = at; kinds[i] = a.kind; heads[i] = Boolean(head || titled);
          }
        }
      });
      perSection.push({ page, rec, section, strength, positions, kinds, heads });
    }
  }
  // Rarer slots weigh more: by the sections that meet them.
  const weights = wanted.map((_, i) => {
    const df = perSection.filter(s => s.strength[i] > 0).length;
    return Math.log(1 + (perSection.length + total) / Math.max(1, df));
  });
  for (const s of perSection) s.score = score(s, weights);
  const byPage = new Map();
  for (const s of perSection) {
    if (!(s.score > 0)) continue;
    if (!byPage.has(s.page)) byPage.set(s.page, []);
    byPage.get(s.page).push(s);
  }
  for (const [page, list] of byPage) {
    list.sort((a, b) => b.score - a.score);
    const best = list[0].score + 0.1 * (list[1]?.score ?? 0);
    groups.push({ best, docs: documents(page, list, wanted), top: list[0] });
  }
  groups.sort((a, b) => b.best - a.best);
  return { items: groups.map(g => g.docs), top: groups[0]?.top };
}

// Where an alternative's words occur on a page: per test, [{p, v}] (worked out once a page).
const pageHits = new WeakMap();
function onPage(a, rec) {
  let byRecord = pageHits.get(a);
  if (!byRecord) pageHits.set(a, byRecord = new Map());
  if (!byRecord.has(rec)) {
    byRecord.set(rec, a.tests.map(test => {
      const list = [];
      rec.keys.forEach((k, p) => { const v = test(k); if (v) list.push({ p, v }); });
      return list;
    }));
  }
  return byRecord.get(rec);
}

// How strongly an alternative meets a section: {value, at: positions matched}.
// Per word: its best match, 1 + log2(matches) / 2 for how often it occurs, and
// HEADING more for a match in the heading; matches in a subsection count
// SUBSECTION as much. A phrase counts in full where its words stand side by
// side; its words apart count half, and some of them (stop words aside) little.
function meet(a, rec, section) {
  const hits = onPage(a, rec).map(list => list.filter(h => h.p >= section.start && h.p < section.scope)
    .map(({ p, v }) => ({ p, v: p < section.end ? v : v * SUBSECTION, head: p < section.heading })));
  const strength = list => {
    if (!list.length) return 0;
    const best = Math.max(...list.map(h => h.v)), head = Math.max(0, ...list.filter(h => h.head).map(h => h.v));
    return best * (1 + Math.log2(list.length) / 2) + head * HEADING;
  };
  const at = hits.flat().map(h => h.p);
  if (a.tests.length === 1) return { value: strength(hits[0]), at, head: hits[0].some(h => h.head) };
  const together = hits[0].filter(h => a.tests.every((_, j) => hits[j].some(o => o.p === h.p + j)));
  if (together.length) {
    const v = Math.min(...hits.map(list => Math.max(...list.map(h => h.v))));
    const head = together.some(h => h.head) ? v * HEADING : 0;
    return { value: v * (1.5 + Math.log2(together.length) / 2) + head, at, head: head > 0 };
  }
  // Apart, only the phrase's distinct content words count ("one on one" has one: none apart).
  const content = a.tests.map((_, j) => !a.stops?.[j] && a.keys?.indexOf(a.keys[j]) === j);
  if (content.filter(Boolean).length < 2) return { value: 0, at: [] };
  const found = hits.map((list, j) => content[j] ? strength(list) : 0);
  const share = found.filter(Boolean).length / content.filter(Boolean).length;
  if (share === 1) return { value: Math.min(...found.filter((_, j) => content[j])) * 0.5, at };
  return { value: Math.max(0, ...found) * share * 0.25, at: hits.flatMap((list, j) => content[j] ? list.map(h => h.p) : []) };
}

// How well an alternative meets a page title (its keys): its best word's weight.
function inTitle(a, titleKeys) {
  if (a.tests.length !== 1) return 0;
  return Math.max(0, ...titleKeys.map(a.tests[0]));
}

// The share of a section's heading words (stop words aside) that the query met.
function headingShare(s, keys) {
  const own = [];
  for (let p = s.section.start; p < s.section.heading; p++) if (!words.stop.has(keys[p])) own.push(p);
  if (!own.length) return 0;
  const met = new Set(s.positions.flat());
  return own.filter(p => met.has(p)).length / own.length;
}

// Σ slot weight × strength, scaled by the share of slots met, squared, plus
// a bonus for neighbouring slots met side by side, and for a heading the
// query covers.
function score(s, weights) {
  let sum = 0, met = 0;
  s.strength.forEach((strength, i) => { if (strength > 0) { met += 1; sum += weights[i] * strength; } });
  if (!met) return 0;
  for (let i = 0; i + 1 < s.strength.length; i++) {
    if (!s.strength[i] || !s.strength[i + 1]) continue;
    const next = new Set(s.positions[i + 1]);
    if (s.positions[i].some(p => [1, 2, 3].slice(0, NEARBY).some(d => next.has(p + d))))
      sum += Math.min(weights[i], weights[i + 1]) * 2;
  }
  // A slot met only weakly (a word of a phrase, one family word in passing) covers it in part.
  const covered = s.strength.reduce((sum, strength) => sum + Math.min(1, strength), 0);
  return sum * (covered / s.strength.length) ** 2 * (1 + HEADING_SHARE * headingShare(s, s.rec.keys));
}

// One page's group as Material draws it: the page and its best sections.
function documents(page, list, wanted) {
  const rec = page.record;
  const pageLocation = locationOf(rec.url).split("#")[0];
  const docs = list.slice(0, MAX_SECTIONS + 1).map(s => {
    const terms = {};
    for (const p of s.positions.flat()) if (rec.words[p]) terms[bare(rec.words[p])] = true;
    wanted.forEach((slot, i) => { if (!s.strength[i]) terms[slot.label.toLowerCase()] = false; });
    return {
      location: s.section.location,
      title: escapeHTML(s.section.title ?? rec.title ?? ""),
      text: excerptHTML(excerpt(rec, s)),
      score: s.score,
      terms,
    };
  });
  // Material draws the page first and needs it in every group.
  const top = docs.find(doc => doc.location === pageLocation)
    ?? { location: pageLocation, title: escapeHTML(rec.title ?? ""), text: "", score: 0, terms: {} };
  return [...docs.filter(doc => doc !== top).slice(0, MAX_SECTIONS), top];
}

// About 24 words of the section around its first match, the matches marked.
function excerpt(rec, s) {
  const marked = new Set(s.positions.flat());
  const first = Math.min(...s.positions.flat().filter(p => p >= s.section.heading), s.section.end);
  const from = Math.max(s.section.heading, Math.min(first - 6, s.section.end - 24));
  const text = [];
  for (let p = Math.max(from, s.section.start); p < Math.min(from + 24, s.section.end); p++) {
    const word = rec.words[p].replace(/</g, "&lt;").replace(/>/g, "&gt;");
    text.push(marked.has(p) ? `<mark>${word}</mark>` : word);
  }
  return text.join(" ");
}

function locationOf(url) {
  const absolute = new URL(url, SITE).href;
  return absolute.startsWith(SITE) ? absolute.slice(SITE.length) : absolute;
}

// Material completes the last word typed with the last suggestion.
function suggest(query, best) {
  const last = tokens(query).at(-1);
  if (!best || !last || /\s$/.test(query)) return [];
  const start = last.key;
  for (const doc of best)
    for (const [word, found] of Object.entries(doc.terms))
      if (found && word.length > start.length && key(word).startsWith(start) && /^[\p{L}\p{N}-]+$/u.test(word)) return [word];
  return [];
}

// --- When nothing matches ------------------------------------------------------

// The empty state with the first sections of a ranking as close sections.
function close(query, items) {
  const sections = [];
  for (const group of items)
    for (const doc of group.slice(0, -1).concat(group.at(-1)))
      if (sections.length < MAX_HELP && !sections.some(c => c.location === doc.location))
        sections.push({ location: doc.location, title: doc.title, page: group.at(-1).title });
  return { query: query.trim(), topics: TOPICS, sections };
}

// The Topics page and up to MAX_HELP sections close to the query: those its
// words' field vocabulary leads to (a phrase of synonyms.txt that holds one
// of its words), or that a longer form of a query word begins.
async function help(query, wanted, stale) {
  const loose = wanted.filter(slot => !slot.stop).flatMap(slot => slot.keys).filter(k => k.length >= 4);
  const options = [];
  for (const k of loose) {
    const list = [];
    for (const p of words.phrases)
      if (p.keys.length > 1 && p.keys.includes(k))
        for (const phrase of p.group)
          list.push(alternative("synonym", [phrase], [phrase.split(/[\s-]+/).map(key).filter(Boolean)].map(keys => {
            const set = new Set(keys.filter(w => !words.stop.has(w)));
            return w => set.has(w) ? WEIGHT.synonym : 0;
          })));
    if (k.length >= 6) list.push(alternative("prefix", [k.slice(0, 5)], [w => w.startsWith(k.slice(0, 5)) ? WEIGHT.prefix : 0]));
    if (list.length) options.push(list);
  }
  if (!options.length) return close(query, []);
  const relaxed = options.map((_, i) => ({ label: loose[i] ?? "", keys: [loose[i] ?? ""] }));
  const met = await gather(relaxed, options, stale);
  return close(query, (await rank(relaxed, options, met.pages)).items);
}
