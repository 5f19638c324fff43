/* Search worker of the glossary: Material for MkDocs' own worker (lunr), with each query
 * rewritten to match how dlglossary/core/search_index.py builds the index.
 *
 * Material names a custom worker as its extension point for search ("This allows the author
 * to implement custom search functionality, by providing a custom web worker via
 * configuration", integrations/search/worker/_/index.ts): overrides/main.html points the
 * theme's config at this script, with Material's own worker file as ?material=. The worker
 * protocol is Material's: SETUP (0) answered by READY (1), QUERY (2) answered by RESULT (3).
 * The glossary plugin checks the Material version this was written for (9.x).
 *
 * Each word of a query (Latin script; Chinese runs are left to Material's segmenter) becomes
 *   word*^10   the word, or a word it begins: "distil" finds "distillation"
 *   stem*^10   its stem, on the English index, which lunr stems: "gradients" finds "gradient"
 *   word~1     a word one edit away, for words of 4+ letters: "gleu" finds "gelu"
 * and a query of several words also looks for them fused ("batch norm" → "batchnorm"), as
 * the index holds every term name fused too. When the whole query is a term's name or alias
 * (ignoring case, spaces and hyphens: "relu", "leaky relu", "锚框"), or failing that the
 * beginning of one ("distil"), that term comes first; Material's own ranking orders the rest. Queries written in lunr's syntax (+word, -word,
 * word~2, "a phrase", field:word) are passed on unchanged.
 *
 * The index comes in two parts (dlglossary/core/search_index.py, split_index): the theme fetches
 * the small first part (every page's own entry: names, summaries) and sends it here, so the
 * first results need only that download; this worker then fetches the sections
 * (config.sections, a path from the site root) and rebuilds Material's index with both.
 */
"use strict"

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3
const REWRITTEN = "glossary-rewritten"

let separator = /[\s-]+/
let stems = false
let words = []  // the current query's words: {word, terms: [clause terms], fuzzy: bool}
let named = [new Map(), new Map()]  // a term's name or alias, as keys() gives it → its page
let query = ""  // the current query
let setup = null  // the first part's SETUP message, until the sections are in
let swallowReady = false  // the READY that answers the second SETUP is not the page's
const SITE_ROOT = new URL("../../../", self.location.href)  // this file is in assets/javascripts/workers/

/* A name as readers type it: in lower case with single spaces ("flop/s"), then also
 * without any separator ("flops", "leakyrelu"); the first form decides where two differ. */
function keys(text) {
  const lower = text.toLowerCase().trim().replace(/\s+/g, " ")
  return [lower, lower.split(separator).join("").replace(/\s+/g, "")]
}

/* The term the query names: one whose name or alias it is; else, for a query of 3 or more
 * characters, the term with the shortest name or alias that begins with it ("distil" →
 * distillation → knowledge distillation, "anch" → anchor box → prior box). */
function namedBy(text) {
  const [exact, fused] = keys(text)
  const doc = named[0].get(exact) || named[1].get(fused)
  if (doc || [...fused].length < 3)
    return doc
  let best = null
  for (const [level, key] of [[0, exact], [1, fused]])
    for (const [name, candidate] of named[level])
      if (name.startsWith(key) && (!best || name.length < best[0].length))
        best = [name, candidate]
  return best && best[1]
}

function stem(word) {
  return self.lunr.stemmer(new self.lunr.Token(word, {})).toString()
}

function clausesFor(word, fused) {
  const clauses = [`${word}*^10`]
  const entry = {word, terms: [word], fuzzy: false}
  if (stems) {
    const root = stem(word)
    if (root && root !== word) {
      clauses.push(`${root}*^10`)
      entry.terms.push(root)
    }
  }
  if (!fused && [...word].length >= 4) {
    clauses.push(`${word}~1`)
    entry.fuzzy = true
  }
  if (!fused)
    words.push(entry)
  return clauses
}

function rewrite(query) {
  words = []
  if (/(^|\s)[+-]|[~^*:"]/.test(query))
    return query
  const clauses = []
  const latin = []
  for (const part of query.trim().split(/\s+/)) {
    for (const piece of part.split(separator)) {
      if (!piece)
        continue
      if (/\p{Script=Han}/u.test(piece)) {
        clauses.push(piece)
        continue
      }
      const word = piece.toLowerCase().replace(/[^\p{L}\p{N}.]/gu, "")
      if (word) {
        latin.push(word)
        clauses.push(...clausesFor(word, false))
      }
    }
  }
  if (latin.length > 1)
    clauses.push(...clausesFor(latin.join(""), true))
  return clauses.join(" ")
}

/* Rebuild Material's index with the sections once they are downloaded. Material answers
 * that SETUP with a second READY, which the page does not expect: it is not passed on. */
async function loadSections(first) {
  const response = await fetch(new URL(first.data.config.sections, SITE_ROOT))
  if (!response.ok)
    throw new Error(`glossary-search.js: ${response.url}: ${response.status}`)
  const {docs} = await response.json()
  swallowReady = true
  dispatchEvent(new MessageEvent("message", {data: {
    ...first, data: {...first.data, docs: [...first.data.docs, ...docs]}, [REWRITTEN]: true
  }}))
}
/* The term named by the query first; then Material reports, per result, which query terms
 * it matched ("Missing: …"): report the reader's words, not the clauses made from them. */
function tidy(result) {
  const doc = namedBy(query)
  if (doc && result.items) {
    const at = result.items.findIndex(group => group[0].location.split("#")[0] === doc.location)
    const group = at >= 0 ? result.items.splice(at, 1)[0] : [{...doc, score: 0, terms: {}}]
    const best = result.items.length ? result.items[0][0].score : 0
    group[0] = {...group[0], score: Math.max(best, group[0].score) + 1}
    result.items.unshift(group)
  }
  for (const group of result.items || [])
    for (const item of group) {
      if (!item.terms || !Object.keys(item.terms).length || !words.length)
        continue
      const found = {}
      for (const {word, terms, fuzzy} of words)
        found[word] = fuzzy || terms.some(term => item.terms[term])
      item.terms = found
    }
  return result
}

addEventListener("message", event => {
  const message = event.data
  if (message[REWRITTEN])
    return
  if (message.type === SETUP) {
    setup = message.data.config.sections ? message : null
    separator = new RegExp(message.data.config.separator)
    stems = message.data.config.lang.includes("en")
    named = [new Map(), new Map()]
    for (const doc of message.data.docs)
      for (const name of doc.names || [])
        keys(name).forEach((key, level) => named[level].has(key) || named[level].set(key, doc))
  } else if (message.type === QUERY) {
    query = message.data
    event.stopImmediatePropagation()
    dispatchEvent(new MessageEvent("message", {
      data: {type: QUERY, data: rewrite(message.data), [REWRITTEN]: true}
    }))
  }
})

const post = self.postMessage.bind(self)
self.postMessage = message => {
  if (message.type === READY && swallowReady) {
    swallowReady = false
    return
  }
  post(message.type === RESULT ? {...message, data: tidy(message.data)} : message)
  if (message.type === READY && setup) {
    const first = setup
    setup = null
    loadSections(first)
  }
}

const material = new URL(self.location.href).searchParams.get("material")
if (!material || !/^search\.[0-9a-f]+\.min\.js$/.test(material))
  throw new Error(`glossary-search.js: ?material= must name Material's worker, got ${material}`)
importScripts(material)
