/*
 * talk-kit/search: German queries for Material's search worker.
 *
 * Material's search worker (loaded below, unchanged) appends "*" to every word of a query and
 * matches it against the beginnings of the indexed words. lunr neither stems such a word nor
 * filters it as a stop word, and the index keeps words as written. So "Mitarbeiter" missed a
 * page that writes "Mitarbeitende", "Mitarbeiterfotos" missed one that writes "Fotos von
 * Mitarbeitenden", and "wie oft posten" found every page with "wieder" and "oft".
 *
 * This script runs first in the worker and prepares each query before Material sees it:
 *
 * 1. German stop words (lunr's list) and question words ("wer", "oft", "warum") are dropped,
 *    as long as another word is left.
 * 2. A word that begins no indexed word, as typed or by its stem, is split into parts that
 *    do, the way German joins nouns: "Mitarbeiterfotos" → "mitarbeiter fotos" (a linking
 *    "s", "es", "n", "en" or "e" may follow a part). Failing that, it is searched by the
 *    longest indexed word it ends in, which names what a German compound is:
 *    "Hackerangriff" → "angriff".
 * 3. Each word is searched by its stem (lunr's German stemmer), as the word spells it:
 *    "barrierefreier" → "barrierefrei", "Mitarbeiter" and "Mitarbeiterin" → "mitarbeit".
 *    Material matches the stem as the beginning of a word, so "barrierefrei*" finds
 *    "Barrierefreiheit". Where the stemmer folded an umlaut ("Passwörter" → "passwort"), the
 *    folded stem is searched too if it begins an indexed word.
 * 4. Words that begin no indexed word are left out if others remain (Material would list them
 *    as missing under every result).
 *
 * The index side of the same idea is built in Python (talk_kit.search): compound parts of the
 * site's words and the lemmas that a stem cannot reach ("Konten" → "konto").
 * The build replaces MATERIAL_WORKER below with the file name of Material's worker.
 */
"use strict"

const MATERIAL_WORKER = "__MATERIAL_WORKER__"

/* Material's message types (SearchMessageType): the index, then queries */
const SETUP = 0
const QUERY = 2

/* Question words and the filler of everyday questions ("wie oft", "was tun bei", "darf ich",
   "brauche ich"), beside lunr's German stop words ("wie", "was", "ich", "muss", "kann") */
const QUESTION_WORDS = new Set([
  "wer", "wem", "wen", "wessen", "wann", "warum", "weshalb", "weswegen", "wieso", "wobei",
  "wodurch", "wofür", "woher", "wohin", "womit", "woran", "worauf", "worüber", "wozu", "oft",
  "darf", "dürfen", "brauche", "brauchen", "gibt", "geht", "tun", "eigentlich", "bitte",
])
const LINKING_ELEMENTS = ["", "s", "es", "n", "en", "e"]
const FEMININE = /(er)in(nen)?$/  /* "Mitarbeiterin" is searched as "Mitarbeiter" */
const MIN_PART = 3    /* shortest compound part a query is split into */
const MIN_TAIL = 4    /* shortest last part that names what an unknown compound is */
const MIN_STEM = 4    /* shorter stems are searched as typed: "Räte" is not "rat*" */
const SYNTAX = /(^|\s)[+-]|[~^:*"]/  /* lunr's query syntax: such queries stay as typed */

let setup = { config: { separator: "[\\s\\-]+", fields: {} }, docs: [] }
let index = null  /* made from `setup` at the first query, once lunr's German is loaded */

/* The words of a field's value, as the search tokenizes them */
function fieldWords(value, separator) {
  const texts = Array.isArray(value) ? value : [value]
  return texts
    .filter(text => typeof text === "string")
    .flatMap(text => text.replace(/<[^>]*>/g, " ").toLowerCase().split(separator))
    .filter(word => word && !isStopWord(word))
}

/* The distinct words of all fields of the index, sorted, without the stop words that lunr
   leaves out of the index */
function indexVocabulary({ config, docs }) {
  const separator = new RegExp(config.separator)
  const words = new Set()
  for (const doc of docs)
    for (const field of Object.keys(config.fields))
      for (const word of fieldWords(doc[field], separator)) words.add(word)
  return { vocabulary: [...words].sort(), separator }
}

/* The first indexed word that is not before `word` in sort order, or "" */
function firstFrom(word) {
  const words = index.vocabulary
  let low = 0
  let high = words.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (words[middle] < word) low = middle + 1
    else high = middle
  }
  return low < words.length ? words[low] : ""
}

/* Whether an indexed word begins with `prefix` */
function begins(prefix) {
  return firstFrom(prefix).startsWith(prefix)
}

/* Whether `word` is an indexed word itself */
function isIndexed(word) {
  return firstFrom(word) === word
}

function isStopWord(word) {
  const filter = self.lunr && self.lunr.de && self.lunr.de.stopWordFilter
  return QUESTION_WORDS.has(word) || (filter ? filter(word) === undefined : false)
}

/* The beginning of `word` that its stem stands for, as written ("passwört" for "Passwörter"),
   and the stem itself where the stemmer folded an umlaut or ß ("passwort"), if it begins an
   indexed word: "Passwörter" finds "Passwort" */
function stems(word) {
  const stemmer = self.lunr && self.lunr.de && self.lunr.de.stemmer
  if (!stemmer) return [word]
  const stem = stemmer(new self.lunr.Token(word.replace(FEMININE, "$1"))).toString()
  if (stem.length < MIN_STEM) return [word]
  let length = 0
  for (let folded = 0; length < word.length && folded < stem.length; length++)
    folded += word[length] === "ß" ? 2 : 1
  const written = word.slice(0, length)
  return written === stem || !begins(stem) ? [written] : [written, stem]
}

/* A compound's first part: an indexed word, maybe with a linking element */
function isHead(part) {
  return LINKING_ELEMENTS.some(link => (
    part.endsWith(link) &&
    part.length - link.length >= MIN_PART &&
    isIndexed(part.slice(0, part.length - link.length))
  ))
}

/* A compound's last part: it begins an indexed word, as typed or by its stem */
function isTail(part) {
  return part.length >= MIN_PART && stems(part).some(begins)
}

/* The parts of an unknown `word` as a compound of indexed words, fewest first; or null */
function split(word, memo = new Map()) {
  if (memo.has(word)) return memo.get(word)
  let best = null
  for (let end = word.length - MIN_PART; end >= MIN_PART; end--) {
    const head = word.slice(0, end)
    const tail = word.slice(end)
    if (!isHead(head)) continue
    const rest = isTail(tail) ? [tail] : split(tail, memo)
    if (rest && (!best || rest.length + 1 < best.length)) best = [head, ...rest]
  }
  memo.set(word, best)
  return best
}

/* An unknown `word` as its first letters and the longest indexed word it ends in: German
   compounds name what they are last ("Hackerangriff" is an "Angriff") */
function lastPart(word) {
  for (let start = MIN_PART; start <= word.length - MIN_TAIL; start++)
    if (isIndexed(word.slice(start))) return [word.slice(0, start), word.slice(start)]
  return null
}

/* The words to search for one word of the query: the word if the index has it, as typed or
   by its stem; else the parts it is made of */
function searchWords(word) {
  const found = isTail(word) ? [word] : split(word) || lastPart(word) || [word]
  return found.flatMap(stems)
}

/* The query Material gets: stop words out, compounds split, words stemmed */
function prepare(query) {
  if (typeof query !== "string" || SYNTAX.test(query)) return query
  index = index || indexVocabulary(setup)
  const words = query.toLowerCase().split(index.separator).filter(Boolean)
  const content = words.filter(word => !isStopWord(word))
  const kept = content.length ? content : words
  const terms = [...new Set(kept.flatMap(searchWords))]
  const found = terms.filter(begins)  /* Material would list the others as missing */
  return (found.length ? found : terms).join(" ") || query
}

function prepared(message) {
  if (message && message.type === SETUP) [setup, index] = [message.data, null]
  if (message && message.type === QUERY) return { ...message, data: prepare(message.data) }
  return message
}

/* Material's worker handles "message" events: it gets them prepared */
const listen = self.addEventListener.bind(self)
self.addEventListener = (type, listener, ...options) => listen(
  type,
  type === "message" ? event => listener({ data: prepared(event.data) }) : listener,
  ...options
)

/* From file://, Material's iframe-worker shim runs this file in a frame of the page, where a
   relative address would resolve against the page: resolve it against this script instead */
const script = self.document && self.document.querySelector("script[src]")
importScripts(new URL(MATERIAL_WORKER, script ? script.src : self.location.href).href)
