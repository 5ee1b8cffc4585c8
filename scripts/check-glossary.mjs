#!/usr/bin/env node
// Validates media/glossary.json (or the file given as the first argument).
//
//   node scripts/check-glossary.mjs [path/to/glossary.json]
//
// Checks: valid JSON with { version: 1, terms: [...] }; every entry has term, aliases, category,
// definition and docs with the right types and no extra fields (optional: matchCase, notFollowedBy); terms and aliases are unique
// case-insensitively across the whole file (an alias may not repeat its own term either) and none
// is just the simple plural of another (plurals are matched automatically); category is one of the
// allowed ones; definitions are 40-400 characters of plain text; docs are https URLs; entries are
// sorted by term (case-insensitive). Exits 1 with one line per problem, 0 when all is well.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, 'media', 'glossary.json');

const CATEGORIES = ['docker', 'kubernetes', 'virtualization', 'cloud', 'networking', 'distributed-systems'];
const FIELDS = ['term', 'aliases', 'category', 'definition', 'docs'];
/** Fields an entry may have: matching rules for terms that are also everyday words. */
const OPTIONAL = ['matchCase', 'notFollowedBy'];
const MIN_DEF = 40;
const MAX_DEF = 400;

const problems = [];
const fail = (msg) => problems.push(msg);

/** Case-insensitive key with whitespace normalised: how the extension matches words. */
const keyOf = (s) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Simple English plurals of a key (the extension matches these automatically). */
function plurals(k) {
  const out = [`${k}s`, `${k}es`];
  if (/[^aeiou]y$/.test(k)) out.push(`${k.slice(0, -1)}ies`);
  return out;
}

function main() {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read ${file}: ${err.message}`);
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) fail('file starts with a byte order mark; write plain UTF-8');
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(`not valid JSON: ${err.message}`);
    return;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    fail('top level must be an object { "version": 1, "terms": [...] }');
    return;
  }
  if (data.version !== 1) fail(`"version" must be 1, found ${JSON.stringify(data.version)}`);
  for (const k of Object.keys(data)) if (k !== 'version' && k !== 'terms') fail(`unexpected top-level field "${k}"`);
  if (!Array.isArray(data.terms)) {
    fail('"terms" must be an array');
    return;
  }

  const owner = new Map(); // key -> description of where it was first used
  const claim = (name, where) => {
    const k = keyOf(name);
    if (owner.has(k)) fail(`${where}: "${name}" is already used by ${owner.get(k)} (terms and aliases must be unique, case-insensitively)`);
    else owner.set(k, where);
  };

  data.terms.forEach((entry, i) => {
    const at = `terms[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      fail(`${at}: must be an object`);
      return;
    }
    const label = typeof entry.term === 'string' && entry.term ? `${at} ("${entry.term}")` : at;
    for (const f of FIELDS) if (!(f in entry)) fail(`${label}: missing field "${f}"`);
    for (const f of Object.keys(entry)) if (!FIELDS.includes(f) && !OPTIONAL.includes(f)) fail(`${label}: unexpected field "${f}"`);
    if ('matchCase' in entry && typeof entry.matchCase !== 'boolean') fail(`${label}: "matchCase" must be true or false`);
    if ('notFollowedBy' in entry && (!Array.isArray(entry.notFollowedBy) || entry.notFollowedBy.length === 0 || entry.notFollowedBy.some((w) => typeof w !== 'string' || !/^[a-z]+$/.test(w)))) {
      fail(`${label}: "notFollowedBy" must be a list of lower-case words`);
    }

    const { term, aliases, category, definition, docs } = entry;
    if (typeof term !== 'string' || !term.trim()) fail(`${label}: "term" must be a non-empty string`);
    else {
      if (term !== term.trim() || /\s{2,}/.test(term)) fail(`${label}: "term" has stray whitespace`);
      claim(term, `term "${term}"`);
    }

    if (!Array.isArray(aliases)) fail(`${label}: "aliases" must be an array (use [] for none)`);
    else {
      aliases.forEach((a, j) => {
        if (typeof a !== 'string' || !a.trim()) fail(`${label}: aliases[${j}] must be a non-empty string`);
        else if (a !== a.trim() || /\s{2,}/.test(a)) fail(`${label}: alias "${a}" has stray whitespace`);
        else claim(a, `alias "${a}" of "${term}"`);
      });
    }

    if (!CATEGORIES.includes(category)) fail(`${label}: "category" must be one of ${CATEGORIES.join(', ')}, found ${JSON.stringify(category)}`);

    if (typeof definition !== 'string') fail(`${label}: "definition" must be a string`);
    else {
      const len = [...definition].length;
      if (len < MIN_DEF || len > MAX_DEF) fail(`${label}: definition is ${len} characters; it must be ${MIN_DEF}-${MAX_DEF}`);
      if (definition !== definition.trim() || /\s{2,}|\n/.test(definition)) fail(`${label}: definition has stray whitespace or line breaks`);
      if (/[<>]/.test(definition)) fail(`${label}: definition must be plain text (no markup)`);
    }

    if (typeof docs !== 'string') fail(`${label}: "docs" must be a string`);
    else {
      let url = null;
      try {
        url = new URL(docs);
      } catch {
        /* reported below */
      }
      if (!url || url.protocol !== 'https:' || !url.hostname.includes('.') || /\s/.test(docs)) fail(`${label}: "docs" must be an https URL, found ${JSON.stringify(docs)}`);
    }
  });

  // No term or alias may be the simple plural of another one: plurals are matched automatically.
  for (const [k, where] of owner) {
    for (const p of plurals(k)) {
      if (owner.has(p)) fail(`${owner.get(p)} is just the plural of ${where}; drop it (plurals are matched automatically)`);
    }
  }

  // Sorted by term, case-insensitively (code-point order of the lower-cased term).
  for (let i = 1; i < data.terms.length; i++) {
    const a = data.terms[i - 1]?.term;
    const b = data.terms[i]?.term;
    if (typeof a === 'string' && typeof b === 'string' && keyOf(a) > keyOf(b)) {
      fail(`not sorted by term: "${a}" (terms[${i - 1}]) comes before "${b}" (terms[${i}])`);
    }
  }

  // Layout: 2-space indentation as written by JSON.stringify(data, null, 2).
  if (problems.length === 0 && text !== `${JSON.stringify(data, null, 2)}\n`) {
    fail('layout differs from JSON.stringify(data, null, 2) plus a final newline; reformat the file');
  }

  if (problems.length === 0) {
    const counts = {};
    for (const t of data.terms) counts[t.category] = (counts[t.category] ?? 0) + 1;
    const byCat = CATEGORIES.map((c) => `${c} ${counts[c] ?? 0}`).join(', ');
    process.stdout.write(`glossary OK: ${data.terms.length} terms, ${owner.size - data.terms.length} aliases (${byCat})\n`);
  }
}

main();
if (problems.length) {
  process.stderr.write(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
  for (const p of problems) process.stderr.write(`  - ${p}\n`);
  process.exit(1);
}
