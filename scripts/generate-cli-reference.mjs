#!/usr/bin/env node
// Generates media/cli-reference.json from the help output of the real `docker` and `kubectl` CLIs.
//
//   node scripts/generate-cli-reference.mjs [--out <file>] [--docker <bin>] [--kubectl <bin>]
//                                           [--compose <bin>] [--only docker,kubectl,compose]
//
// `--only` regenerates those parts and keeps the others as they are in the output file (so the
// compose part can be made on a machine with Debian's docker-compose 1.29 without touching the rest).
//
// Plain Node ESM, no dependencies. Walks each CLI's command tree (`<cli> --help`, then
// `<cli> <cmd> --help`, recursively for command groups), parses description, usage, aliases and
// options, and writes a JSON file with sorted keys so that regenerating gives a stable diff.
//
// The CLIs run in a clean environment: fixed COLUMNS, NO_COLOR, an empty temporary HOME, an empty
// KUBECONFIG, and DOCKER_HOST pointing at a socket that does not exist, so docker does not hide
// flags or commands based on what the local daemon supports (the output is then the same on every
// machine with the same CLI version). Paths under the temporary HOME are written as "~".
// A help that fails or times out is skipped and reported on stderr.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

function parseArgs(argv) {
  const args = { out: join(ROOT, 'media', 'cli-reference.json'), docker: 'docker', kubectl: 'kubectl', compose: 'docker-compose', only: 'docker,kubectl,compose' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--docker' || a === '--kubectl' || a === '--compose' || a === '--only') {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      args[a.slice(2)] = v;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/generate-cli-reference.mjs [--out FILE] [--docker BIN] [--kubectl BIN] [--compose BIN] [--only docker,kubectl,compose]\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return args;
}

const TIMEOUT_MS = 15_000;
const MAX_DEPTH = 4; // e.g. "kubectl create secret generic", "docker trust key generate"
const MAX_DESCRIPTION = 300;

// ---------------------------------------------------------------------------------------------
// Environment and process helpers

const TMP = mkdtempSync(join(tmpdir(), 'cli-reference-'));
const HOME = join(TMP, 'home');
mkdirSync(HOME);
const KUBECONFIG = join(TMP, 'kubeconfig');
writeFileSync(KUBECONFIG, '');

const ENV = {
  PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME,
  KUBECONFIG,
  DOCKER_CONFIG: join(HOME, '.docker'),
  DOCKER_HOST: `unix://${join(TMP, 'no-daemon.sock')}`,
  DOCKER_CLI_HINTS: 'false',
  COLUMNS: '200',
  LINES: '50',
  NO_COLOR: '1',
  TERM: 'dumb',
  LANG: 'C',
  LC_ALL: 'C',
};

const failures = [];

/** Runs `bin args` and returns stdout (or null, recording the failure). */
function run(bin, args) {
  const label = [bin, ...args].join(' ');
  const r = spawnSync(bin, args, { env: ENV, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) {
    failures.push(`${label}: ${r.error.code === 'ETIMEDOUT' ? `timed out after ${TIMEOUT_MS} ms` : r.error.message}`);
    return null;
  }
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || '').trim().split('\n')[0] || `signal ${r.signal}`;
    failures.push(`${label}: exit ${r.status ?? r.signal}: ${why}`);
    return null;
  }
  return scrub(r.stdout);
}

/** Makes output machine-independent: temp paths become "~", tabs and trailing blanks go. */
function scrub(text) {
  return text
    .split(HOME).join('~')
    .split(TMP).join('~')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '');
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const norm = (s) => s.replace(/\s+/g, ' ').trim();

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'eg', 'ie', 'cf', 'approx', 'incl', 'no', 'min', 'max']);

/**
 * First sentence of a text: up to the first ". " (or "! ", "? ") that is followed by a capital
 * letter. A very short first sentence ("Output format.") keeps the next one, which then usually
 * says what the values are. A single trailing period is dropped, so docker's and kubectl's texts
 * read alike.
 */
function firstSentence(text) {
  const s = norm(text);
  const re = /([.!?])\s+(?=[A-Z])/g;
  let m;
  let end = -1;
  while ((m = re.exec(s))) {
    const before = s.slice(0, m.index);
    const word = (before.match(/(\S+)$/)?.[1] ?? '').replace(/^[("'[]+/, '').toLowerCase();
    if (m[1] === '.' && ABBREVIATIONS.has(word)) continue;
    if (end < 0 && m.index < 25) { end = m.index; continue; }
    end = m.index;
    break;
  }
  const out = m ? s.slice(0, end + 1) : s;
  return clip(out.replace(/([^.])\.$/, '$1'));
}

function clip(s) {
  if (s.length <= MAX_DESCRIPTION) return s;
  const cut = s.slice(0, MAX_DESCRIPTION - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_DESCRIPTION / 2)).replace(/[\s,;:]+$/, '')}…`;
}

/** Splits help text into sections: { heading, lines } where heading is a line like "Options:". */
function sections(text) {
  const out = [{ heading: '', lines: [] }];
  for (const line of text.split('\n')) {
    const h = line.match(/^([A-Z][A-Za-z ()-]*):(?:\s+(.*))?$/);
    if (h) out.push({ heading: h[1], lines: h[2] ? [h[2]] : [] });
    else out[out.length - 1].lines.push(line);
  }
  return out;
}

/** "  name   Description" lines of a command list. */
function commandList(lines) {
  const cmds = [];
  for (const line of lines) {
    const m = line.match(/^ {2,4}([a-z0-9][\w-]*)\*?\s{2,}(\S.*)$/);
    if (m) cmds.push({ name: m[1], description: norm(m[2]) });
  }
  return cmds;
}

/** Pulls a trailing "(default X)" out of a description. Empty defaults become null. */
function splitDefault(desc) {
  const m = desc.match(/^(.*?)\s*\(default (.*)\)\s*$/);
  if (!m) return { description: desc, default: null };
  let v = m[2];
  // "(default hides intermediate images)" is prose, not a value: leave it in the description.
  if (/\s/.test(v) && !/^".*"$/.test(v)) return { description: desc, default: null };
  if (/^".*"$/.test(v)) v = v.slice(1, -1);
  return { description: m[1], default: emptyDefault(v) ? null : v };
}

function emptyDefault(v) {
  return v === '' || v === '""' || v === "''" || v === '[]' || v === 'map[]' || v === 'false' || v === '<nil>';
}

// ---------------------------------------------------------------------------------------------
// docker

const DOCKER_FLAG = /^ {2,6}(?:(-[A-Za-z0-9?]), )?\s*(--[A-Za-z0-9][\w.-]*)(?: ([A-Za-z][\w-]*))?(?:\s{2,}(\S.*))?$/;
const DOCKER_SHORT_ONLY = /^ {2,6}(-[A-Za-z0-9?])(?: ([A-Za-z][\w-]*))?(?:\s{2,}(\S.*))?$/;

/** Options from docker's "Options:" / "Global Options:" section. */
function parseDockerOptions(lines) {
  const opts = [];
  let cur = null;
  let stopped = false; // stop joining continuation lines once the text turns into a list
  for (const raw of lines) {
    if (!raw.trim()) { cur = null; continue; }
    const m = raw.match(DOCKER_FLAG);
    const s = m ? null : raw.match(DOCKER_SHORT_ONLY);
    if (m || (s && !cur)) {
      cur = m
        ? { long: m[2], short: m[1] ?? null, value: m[3] ?? null, parts: m[4] ? [m[4]] : [] }
        : { long: null, short: s[1], value: s[2] ?? null, parts: s[3] ? [s[3]] : [] };
      stopped = false;
      opts.push(cur);
    } else if (cur && /^\s{8,}\S/.test(raw)) {
      const t = raw.trim();
      const prev = cur.parts[cur.parts.length - 1] ?? '';
      if (stopped || /^['"][^'"]*['"]:/.test(t) || /:$/.test(prev)) { stopped = true; continue; }
      cur.parts.push(t);
    }
  }
  return opts.map(finishOption);
}

function finishOption(o) {
  const joined = norm(o.parts.join(' ')).replace(/:$/, '');
  const { description, default: def } = splitDefault(joined);
  return {
    long: o.long,
    short: o.short,
    value: o.value,
    default: o.default !== undefined ? o.default : def,
    description: firstSentence(description),
  };
}

function parseDockerHelp(text) {
  const secs = sections(text);
  const get = (h) => secs.find((s) => s.heading === h);
  const usageSec = get('Usage');
  const usage = usageSec ? norm(usageSec.lines[0] ?? '') || null : null;
  // The description is the first non-empty paragraph after the usage line.
  let description = '';
  if (usageSec) {
    const para = [];
    for (const l of usageSec.lines.slice(1)) {
      if (l.trim()) para.push(l.trim());
      else if (para.length) break;
    }
    description = firstSentence(para.join(' '));
  }
  const aliasSec = get('Aliases');
  const aliases = aliasSec
    ? aliasSec.lines.join(' ').split(',').map((a) => norm(a).replace(/^docker\s+/, '')).filter(Boolean)
    : [];
  const options = [];
  for (const s of secs) if (s.heading === 'Options' || s.heading === 'Flags') options.push(...parseDockerOptions(s.lines));
  const subcommands = [];
  for (const s of secs) if (/Commands$/.test(s.heading)) subcommands.push(...commandList(s.lines));
  const globalSec = get('Global Options');
  return { usage, description, aliases, options, subcommands, globalOptions: globalSec ? parseDockerOptions(globalSec.lines) : [] };
}

/**
 * Walks a CLI's command tree breadth first from `<bin> --help`: each listed subcommand's own help is
 * parsed with `parse` and turned into its entry by `entry(path, listed, help)`.
 */
function walkTree(bin, parse, entry) {
  const top = run(bin, ['--help']);
  if (top === null) throw new Error(`cannot run "${bin} --help": ${failures.at(-1)}`);
  const root = parse(top);
  const commands = {};
  const queue = root.subcommands.map((c) => ({ path: [c.name], listed: c.description }));
  while (queue.length) {
    const { path, listed } = queue.shift();
    const key = path.join(' ');
    if (commands[key]) continue;
    const help = run(bin, [...path, '--help']);
    if (help === null) continue;
    const h = parse(help);
    commands[key] = entry(path, listed, h);
    if (path.length < MAX_DEPTH) {
      for (const c of h.subcommands) queue.push({ path: [...path, c.name], listed: c.description });
    }
  }
  return { root, commands };
}

function walkDocker(bin) {
  const { root, commands } = walkTree(bin, parseDockerHelp, (path, listed, h) => ({
    description: h.description || listed,
    usage: h.usage,
    aliases: h.aliases.filter((a) => a !== path.join(' ')).sort(),
    options: sortOptions(h.options.filter((o) => o.long !== '--help')),
  }));
  return { globalOptions: sortOptions(root.globalOptions), commands: sortKeys(commands) };
}

// ---------------------------------------------------------------------------------------------
// kubectl

const KUBECTL_FLAG = /^ {2,6}(?:(-[A-Za-z0-9?]), )?(--[A-Za-z0-9][\w.-]*)=(.*):$/;

/** kubectl writes each flag as `    -o, --output='':` followed by tab-indented description lines. */
function parseKubectlOptions(lines) {
  const opts = [];
  let cur = null;
  for (const raw of lines) {
    const m = raw.match(KUBECTL_FLAG);
    if (m) {
      const { value, default: def } = kubectlValue(m[3]);
      cur = { long: m[2], short: m[1] ?? null, value, default: def, parts: [] };
      opts.push(cur);
    } else if (cur && raw.trim()) {
      cur.parts.push(raw.trim());
    } else if (cur && !raw.trim() && cur.parts.length) {
      cur.parts.push('\n');
    }
  }
  return opts.map((o) => {
    // first paragraph only
    const para = o.parts.join(' ').split('\n')[0];
    return finishOption({ ...o, parts: [para] });
  });
}

/** Infers the value placeholder of a kubectl flag from its printed default. */
function kubectlValue(raw) {
  if (raw === 'true' || raw === 'false') return { value: null, default: raw === 'true' ? 'true' : null };
  if (/^'.*'$/s.test(raw)) {
    const v = raw.slice(1, -1);
    return { value: 'string', default: v === '' ? null : v };
  }
  if (/^\[.*\]$/.test(raw)) return { value: 'strings', default: raw === '[]' ? null : raw.slice(1, -1) };
  if (/^map\[.*\]$/.test(raw)) return { value: 'map', default: raw === 'map[]' ? null : raw };
  if (/^-?\d+$/.test(raw)) return { value: 'int', default: raw };
  if (/^-?\d*\.\d+$/.test(raw)) return { value: 'float', default: raw };
  if (/^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(raw)) return { value: 'duration', default: raw };
  return { value: 'string', default: emptyDefault(raw) ? null : raw };
}

function parseKubectlHelp(text) {
  const secs = sections(text);
  const get = (h) => secs.find((s) => s.heading === h);
  // The long description is everything before the first heading.
  const lead = secs[0].lines;
  const para = [];
  for (const l of lead) {
    if (l.trim()) para.push(l.trim());
    else if (para.length) break;
  }
  const usageSec = get('Usage');
  // Usage lines run up to the first blank line (then comes 'Use "kubectl options" ...').
  let usage = null;
  if (usageSec) {
    const u = [];
    for (const l of usageSec.lines) {
      if (l.trim()) u.push(norm(l));
      else if (u.length) break;
    }
    usage = u.join(' | ') || null;
  }
  const aliasSec = get('Aliases');
  const aliases = aliasSec ? aliasSec.lines.join(' ').split(',').map(norm).filter(Boolean) : [];
  const options = [];
  for (const s of secs) if (s.heading === 'Options' || s.heading === 'Flags') options.push(...parseKubectlOptions(s.lines));
  const subcommands = [];
  for (const s of secs) {
    if (s.heading === 'Usage' || s.heading === 'Examples' || s.heading === 'Aliases' || s.heading === 'Options') continue;
    if (/Commands\b/.test(s.heading)) subcommands.push(...commandList(s.lines));
  }
  return { description: firstSentence(para.join(' ')), usage, aliases, options, subcommands };
}

function walkKubectl(bin) {
  const { commands } = walkTree(bin, parseKubectlHelp, (path, listed, h) => ({
    // The one-line summary in the parent's list is cobra's short description; prefer it.
    description: firstSentence(listed || h.description),
    usage: h.usage,
    aliases: h.aliases.filter((a) => a !== path.at(-1)).map((a) => [...path.slice(0, -1), a].join(' ')).sort(),
    options: sortOptions(h.options.filter((o) => o.long !== '--help')),
  }));
  const opts = run(bin, ['options']);
  const globalOptions = opts === null ? [] : parseKubectlOptions(opts.split('\n'));
  return { globalOptions: sortOptions(globalOptions), commands: sortKeys(commands) };
}

// ---------------------------------------------------------------------------------------------
// docker-compose (v1, Python; Debian 12 packages 1.29.2). Its help is docopt: "Usage: up [options] …",
// options indented by four spaces, a value after a space or "=" (`--index=index`, `-e, --env KEY=VAL`).

const COMPOSE_FLAG = /^ {2,6}(-[A-Za-z0-9])?(?:, )?(--[A-Za-z0-9][\w-]*)?(?:([= ])(\S+))?\s+(\S.*)?$/;

function parseComposeOptions(lines) {
  const opts = [];
  let cur = null;
  for (const raw of lines) {
    if (!raw.trim()) { cur = null; continue; }
    const m = /^ {2,6}-/.test(raw) ? raw.match(COMPOSE_FLAG) : null;
    if (m && (m[1] || m[2])) {
      // A word after one space is a value only when it looks like one (KEY=VAL, FILE, <arg>, (a|b)).
      let value = m[4] ?? null;
      let first = m[5] ?? '';
      if (value !== null && m[3] === ' ' && !/^[A-Z<(\[]/.test(value)) {
        first = `${value} ${first}`.trim();
        value = null;
      }
      cur = { long: m[2] ?? null, short: m[1] ?? null, value, parts: first ? [first] : [] };
      opts.push(cur);
    } else if (cur && /^\s{8,}\S/.test(raw)) {
      cur.parts.push(raw.trim());
    }
  }
  return opts.map((o) => {
    const joined = norm(o.parts.join(' '));
    const def = joined.match(/[([]default: ([^)\]]+)[)\]]/);
    return { long: o.long, short: o.short, value: o.value, default: def ? def[1].trim() : null, description: firstSentence(joined.replace(/\s*[([]default: [^)\]]+[)\]]/, '')) };
  });
}

function parseComposeHelp(text, name) {
  const lines = text.split('\n');
  const usageAt = lines.findIndex((l) => /^Usage:/.test(l));
  const para = [];
  for (const l of lines.slice(0, usageAt < 0 ? lines.length : usageAt)) {
    if (l.trim()) para.push(l.trim());
    else if (para.length) break;
  }
  let usage = null;
  if (usageAt >= 0) {
    const inline = lines[usageAt].replace(/^Usage:\s*/, '').trim();
    const first = inline || (lines[usageAt + 1] ?? '').trim();
    usage = norm(first.startsWith('docker-compose') ? first : `docker-compose ${first}`);
  }
  const secs = sections(text);
  const options = [];
  for (const s of secs) if (s.heading === 'Options') options.push(...parseComposeOptions(s.lines));
  const subcommands = [];
  for (const s of secs) if (s.heading === 'Commands') subcommands.push(...commandList(s.lines));
  return { name, usage, description: firstSentence(para.join(' ')), options, subcommands };
}

function walkCompose(bin) {
  const top = run(bin, ['--help']);
  if (top === null) throw new Error(`cannot run "${bin} --help": ${failures.at(-1)}`);
  const root = parseComposeHelp(top, '');
  const commands = {};
  for (const c of root.subcommands) {
    if (c.name === 'help') continue;
    const help = run(bin, [c.name, '--help']);
    if (help === null) continue;
    const h = parseComposeHelp(help, c.name);
    commands[c.name] = { aliases: [], description: h.description || c.description, usage: h.usage, options: sortOptions(h.options.filter((o) => o.long !== '--help' && o.short !== '-h')) };
  }
  return { globalOptions: sortOptions(root.options.filter((o) => o.long !== '--help' && o.short !== '-h')), commands: sortKeys(commands) };
}

function composeVersion(bin) {
  const out = run(bin, ['version', '--short']);
  return out?.trim() || null;
}

// ---------------------------------------------------------------------------------------------
// Versions, output

function dockerVersion(bin) {
  const out = run(bin, ['--version']);
  return out?.match(/version ([^\s,]+)/)?.[1] ?? null;
}

function kubectlVersion(bin) {
  const out = run(bin, ['version', '--client', '-o', 'json']);
  if (out === null) return null;
  try {
    return JSON.parse(out).clientVersion?.gitVersion ?? null;
  } catch {
    return null;
  }
}

function sortOptions(opts) {
  const seen = new Set();
  return opts
    .filter((o) => {
      const k = o.long ?? o.short;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => cmp((a.long ?? a.short).replace(/^-+/, ''), (b.long ?? b.short).replace(/^-+/, '')));
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Recursively sorts object keys (arrays keep their order). */
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort(cmp)) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

function countOptions(tree) {
  return tree.globalOptions.length + Object.values(tree.commands).reduce((n, c) => n + c.options.length, 0);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const only = new Set(args.only.split(',').map((part) => part.trim()).filter(Boolean));
  try {
    const previous = existsSync(args.out) ? JSON.parse(readFileSync(args.out, 'utf8')) : {};
    const generatedWith = { ...(previous.generatedWith ?? {}) };
    const parts = {};
    const tools = [
      ['docker', 'docker', () => walkDocker(args.docker), () => dockerVersion(args.docker)],
      ['kubectl', 'kubectl', () => walkKubectl(args.kubectl), () => kubectlVersion(args.kubectl)],
      ['compose', 'docker-compose', () => walkCompose(args.compose), () => composeVersion(args.compose)],
    ];
    for (const [name, key, walk, version] of tools) {
      if (only.has(name)) {
        parts[key] = walk();
        generatedWith[key] = version();
      } else if (previous[key]) {
        parts[key] = previous[key];
      }
    }
    const result = sortKeys({ generatedWith, ...parts });
    writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
    for (const f of failures) process.stderr.write(`skipped: ${f}\n`);
    process.stdout.write(
      `${Object.entries(parts)
        .map(([key, tree]) => `${key}: ${Object.keys(tree.commands).length} commands, ${countOptions(tree)} options`)
        .join('; ')}\n`,
    );
  } finally {
    rmSync(TMP, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`generate-cli-reference: ${err.message}\n`);
  process.exit(1);
}
