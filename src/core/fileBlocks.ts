import { findCodeSpans } from './codeSpans';
import { fenceLanguage } from './fenceKinds';
import { readFrontMatter } from './frontMatter';
import type { ParseEnv, Token } from './markdownEngine';
import { getMarkdownIt, splitLines } from './markdownEngine';

/**
 * File blocks: code blocks a note asks the reader to save as a file, named by the fence's info
 * string (```` ```yaml title="compose.yaml" ````, ```` ```{file=app.py} ````) or by the sentence
 * right before the block ("Create a file named `Dockerfile`:"). Pure: the names are not checked
 * against any file system here (see checkFileName for what a name may be).
 */

/** A code block the note asks the reader to save, and the name it gives. */
export interface FileBlock {
  /** The name as the note writes it, trimmed; not yet checked (see checkFileName). */
  readonly name: string;
  /** Where the name came from: the fence's info string, or the prose right before the block. */
  readonly nameSource: 'info' | 'prose';
  /** 1-based line of the opening fence (an indented block's first line). */
  readonly line: number;
  /** 1-based last line of the block, closing fence included. */
  readonly endLine: number;
  /** 1-based line of the block's first content line. */
  readonly contentLine: number;
  /** The block's text as the file gets it (markdown-it's content: fence indentation removed). */
  readonly content: string;
  /** The fence's language word, '' for none and for indented blocks. */
  readonly language: string;
  /** Index of the block among the note's code blocks, as NoteCommand.block counts them. */
  readonly block: number;
}

/** Extensionless names that are file names by convention. */
const WELL_KNOWN_NAMES = new Set([
  'dockerfile', 'containerfile', 'makefile', 'gnumakefile', 'procfile', 'jenkinsfile', 'vagrantfile',
  'gemfile', 'rakefile', 'brewfile', 'caddyfile', 'tiltfile', 'justfile', 'pipfile', 'earthfile',
  'license', 'readme', 'codeowners',
]);

/** Extensions a bare (unformatted) word in prose must end with to be taken for a file name. */
const KNOWN_EXTENSIONS = new Set([
  'yml', 'yaml', 'json', 'jsonc', 'toml', 'ini', 'cfg', 'conf', 'config', 'env', 'properties', 'xml',
  'txt', 'md', 'html', 'htm', 'css', 'scss', 'js', 'mjs', 'cjs', 'ts', 'jsx', 'tsx', 'py', 'go', 'rb',
  'php', 'java', 'kt', 'rs', 'c', 'h', 'cpp', 'cs', 'sh', 'bash', 'ps1', 'sql', 'tf', 'hcl', 'j2',
  'service', 'lock', 'mod', 'sum', 'gradle', 'csv', 'dockerfile', 'vue', 'svelte', 'lua', 'pl', 'r',
]);

/** Fence languages whose blocks are commands to type, not a file's text (unless the file is a script). */
const SHELL_LANGUAGES = new Set(['', 'bash', 'sh', 'shell', 'zsh', 'console', 'shell-session', 'shellsession', 'terminal', 'cmd', 'powershell', 'ps', 'ps1', 'pwsh', 'bat']);
const SCRIPT_EXTENSIONS = /\.(?:sh|bash|zsh|ps1|bat|cmd|command)$/i;

/**
 * A first content line that is a command writing or opening a file (`cat > Dockerfile <<EOF`,
 * `$ docker build .`, `nano app.py`): the block shows how to make the file, it is not its text.
 */
const COMMAND_LINE = /^\s*(?:\$ |[#>%] (?=\S)|(?:sudo\s+)?(?:cat|tee|echo|printf|touch|vi|vim|nano|code|docker|docker-compose|kubectl|cd|mkdir|curl|wget|git|cp|mv|chmod|export|npm|pip|python3?|go|node)\b(?![-.\w:]))/;

/** Info string keys that name a file. `title=` may be any caption, so its value must look like a file. */
const INFO_NAME = /(?:^|[\s{,])(title|file|filename)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}"',]+))/i;
/** `yaml:docker-compose.yml` (a language, a colon, a file name): Zenn, Qiita and other renderers. */
const INFO_COLON_NAME = /^([A-Za-z0-9_+-]+):([^\s{}:]+)$/;

const MAX_PROSE = 1000;
/**
 * A sentence that introduces a file is short ("Create a file named `Dockerfile` in the project
 * folder with the following content:" is 80 characters); a longer one is not read, which also
 * bounds the matching time of a hostile note (measured warm: under 0.2 ms for the worst
 * 300-character sentences tried, about 1.4 ms at 1000 characters without the bound).
 */
const MAX_SENTENCE = 300;
const MAX_CLAUSES = 8;

/**
 * The file blocks of a note, in document order. Block indexes count every fenced and indented code
 * block of the note exactly as parseNote does (same markdown-it engine, same front matter handling).
 */
export function findFileBlocks(input: string): FileBlock[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let source = text;
  if (source.startsWith('---')) {
    const lines = splitLines(source);
    const frontMatter = readFrontMatter(lines);
    if (frontMatter.lineCount > 0) {
      // As parseNote: blanked, so markdown-it does not read it as a rule and a heading.
      source = '\n'.repeat(frontMatter.lineCount) + lines.slice(frontMatter.lineCount).join('\n');
    }
  }
  const env: ParseEnv = {};
  const tokens = getMarkdownIt().parse(source, env);
  delete env.blockState; // it holds the parse's tokens
  const found: FileBlock[] = [];
  let block = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type !== 'fence' && token.type !== 'code_block') {
      continue;
    }
    const index = block++;
    if (!token.map) {
      continue;
    }
    const fileBlock = fileBlockOf(tokens, i, index);
    if (fileBlock) {
      found.push(fileBlock);
    }
  }
  return found;
}

function fileBlockOf(tokens: readonly Token[], at: number, block: number): FileBlock | undefined {
  const token = tokens[at];
  const map = token.map as [number, number];
  const fenced = token.type === 'fence';
  const info = fenced ? token.info.trim() : '';
  const fromInfo = fenced ? nameInInfo(info) : undefined;
  let language = fenced ? fenceLanguage(info) : '';
  const colon = INFO_COLON_NAME.exec(info);
  if (colon) {
    language = colon[1].toLowerCase();
  }
  let name = fromInfo;
  let nameSource: FileBlock['nameSource'] = 'info';
  if (name === undefined) {
    const prose = proseBefore(tokens, at);
    name = prose === undefined ? undefined : nameInProse(prose);
    nameSource = 'prose';
    if (name !== undefined && !proseBlockFits(name, language, token.content)) {
      name = undefined;
    }
  }
  if (name === undefined) {
    return undefined;
  }
  return {
    name,
    nameSource,
    line: map[0] + 1,
    endLine: map[1],
    contentLine: fenced ? map[0] + 2 : map[0] + 1,
    content: token.content,
    language,
    block,
  };
}

/** The file name an info string gives: `file=`/`filename=` whatever it is, `title=` if it looks like one. */
export function nameInInfo(info: string): string | undefined {
  const match = INFO_NAME.exec(info);
  if (match) {
    const value = (match[2] ?? match[3] ?? match[4] ?? '').trim();
    if (match[1].toLowerCase() === 'title') {
      return looksLikeFileName(value) ? value : undefined;
    }
    return value === '' ? undefined : value;
  }
  const colon = INFO_COLON_NAME.exec(info);
  return colon && looksLikeFileName(colon[2]) ? colon[2] : undefined;
}

/**
 * The raw inline text of the paragraph (or heading) right before the block at `at`, in the same
 * container (a list item's paragraph before its fence counts; the paragraph before the list does not).
 */
function proseBefore(tokens: readonly Token[], at: number): string | undefined {
  const close = tokens[at - 1];
  const inline = tokens[at - 2];
  if (!close || !inline || inline.type !== 'inline' || close.level !== tokens[at].level) {
    return undefined;
  }
  if (close.type !== 'paragraph_close' && close.type !== 'heading_close') {
    return undefined;
  }
  const content = inline.content;
  return content.length > MAX_PROSE ? content.slice(content.length - MAX_PROSE) : content;
}

/** Whether a file name found in prose goes with this block: not a shell block that makes the file. */
function proseBlockFits(name: string, language: string, content: string): boolean {
  if (SCRIPT_EXTENSIONS.test(name)) {
    return true;
  }
  if (SHELL_LANGUAGES.has(language) && language !== '') {
    return false;
  }
  const first = content.split('\n').find((line) => line.trim() !== '') ?? '';
  return !COMMAND_LINE.test(first);
}

/** Whether a word looks like a file name: an extension, a dot file, or a well-known extensionless name. */
export function looksLikeFileName(name: string): boolean {
  if (name === '' || /\s/.test(name) || name.length > 1024) {
    return false;
  }
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (WELL_KNOWN_NAMES.has(base.toLowerCase())) {
    return true;
  }
  if (/^\.[A-Za-z0-9][\w.-]*$/.test(base)) {
    return true; // .dockerignore, .env, .gitlab-ci.yml
  }
  // A stem, a dot and an extension with a letter in it: `app.py`, `Dockerfile.dev`; not `v1.2`, `nginx:1.25`.
  return /^[\w@+-][\w.@+-]*\.(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{1,12}$/.test(base);
}

function looksLikeBareFileName(word: string): boolean {
  if (WELL_KNOWN_NAMES.has(word.toLowerCase()) && /^[A-Z][a-z]+$|^[a-z]+$/.test(word)) {
    return true;
  }
  if (/^\.[a-z][\w.-]*$/.test(word)) {
    return true;
  }
  const dot = word.lastIndexOf('.');
  return dot > 0 && KNOWN_EXTENSIONS.has(word.slice(dot + 1)) && /^[\w./-]+$/.test(word) && !word.startsWith('.') && /[a-z]/.test(word.slice(0, dot));
}

/** A placeholder standing for a formatted name (code span, bold) in a sentence: `\u0001<index>\u0002`. */
const SLOT = '\u0001(\\d+)\u0002';
/** A bare word that may be a file name, or a slot. */
const NAME = `(?:${SLOT}|([\\w./-]*\\w))`;

const LEAD = String.raw`(?:(?:now|next|then|first|firstly|second|secondly|finally|also|afterwards|after that|here|ok|okay|so|and|lastly|step \d+)[,:]?\s+){0,4}(?:(?:let's|let us|please|go ahead and|you (?:will |'ll |can |should |need to |must |have to |now )?|we (?:will |'ll |can |need to |now )?|i )\s*)?`;
const ARTICLE = String.raw`(?:(?:a|an|the|your|our|this|that|another|following|new|empty|blank|simple|small|basic|minimal)\s+){0,4}`;
const FOLLOWS = String.raw`(?:\s+file)?(?:\s*[:.]?\s*$|\s+(?:with|containing|that|which|and|in|inside|under|for|like|as|next to|beside|at)\b|\s*,)`;
const CONTENT = String.raw`(?:(?:this|it|that|these(?: lines)?|the following(?: \w+)?|the \w+ (?:below|above)|the (?:code|content|contents|file|snippet|text|configuration|config|block|lines|script|manifest|yaml|definition|program)|below|the above)\s+)?`;

interface Cue {
  readonly pattern: RegExp;
  /** A strong cue says "file" in so many words: any formatted name without spaces is taken. */
  readonly strong: boolean;
  /** A label is the whole paragraph (a name alone, or `File: name`): no colon needed after it. */
  readonly label?: boolean;
}

/** What a sentence asking for a file says, on its text with formatted names as slots. */
const CUES: readonly Cue[] = [
  // "Create a file named `Dockerfile`", "make a new file called app.py", "create the file `x`"
  { pattern: new RegExp(String.raw`^${LEAD}(?:create|make|add|open|start|write)\s+${ARTICLE}file\s+(?:(?:named|called|titled)\s+|with the name\s+)?${NAME}`, 'i'), strong: true },
  // "Save this as `app.py`", "save the following to **index.html**", "save it in a file called x"
  { pattern: new RegExp(String.raw`\bsave\s+${CONTENT}(?:(?:as|to|in|into)\s+)(?:(?:a |the )?(?:new )?file\s+(?:(?:named|called)\s+)?)?${NAME}`, 'i'), strong: true },
  // "Add this to a new file called `nginx.conf`", "paste the following into a new file named x"
  { pattern: new RegExp(String.raw`^${LEAD}(?:copy|paste|put|place|write|type|enter|add|insert)\s+${CONTENT}(?:in|into|to)\s+(?:a |an )?new file\s+(?:(?:named|called)\s+)?${NAME}`, 'i'), strong: true },
  // "Create `docker-compose.yml` with the following content", "Create a Dockerfile:"
  { pattern: new RegExp(String.raw`^${LEAD}(?:create|make|write)\s+${ARTICLE}${NAME}${FOLLOWS}`, 'i'), strong: false },
  // "Paste this into `app.py`", "put the following in the file `nginx.conf`" (not "add", which appends)
  { pattern: new RegExp(String.raw`^${LEAD}(?:copy|paste|put|place|write|type|enter)\s+${CONTENT}(?:in|into|to)\s+(?:the file\s+|a file (?:named|called)\s+)?${NAME}${FOLLOWS}`, 'i'), strong: false },
  // "In `app/main.go`, put:"
  { pattern: new RegExp(String.raw`^${LEAD}in\s+(?:the file\s+|a new file\s+)?${NAME}\s*,?\s*(?:put|write|paste|place|type|enter)\b`, 'i'), strong: false },
  // A label: "`docker-compose.yml`:", "**Dockerfile**", "File: `app.py`"
  { pattern: new RegExp(String.raw`^(?:(?:file(?:name)?|new file)\s*:?\s*)?${NAME}(?:\s+file)?\s*:?$`, 'i'), strong: false, label: true },
];

/** Where a clause can start inside a sentence: after a comma or semicolon, "and", "then". */
const CLAUSE_STARTS = /[,;]\s+|\s+(?:and|then)\s+/gi;

/**
 * The file name the last sentence of a paragraph asks the reader to save the next block as, if it
 * asks that: "Create a file named `Dockerfile`:" → Dockerfile; "Run `docker ps`:" → undefined.
 */
export function nameInProse(paragraph: string): string | undefined {
  const { sentence, names } = slotted(paragraph);
  const last = lastSentence(sentence);
  if (last === '' || last.length > MAX_SENTENCE) {
    return undefined;
  }
  const endsWithColon = last.endsWith(':');
  const starts = [0];
  for (const match of last.matchAll(CLAUSE_STARTS)) {
    if (starts.length >= MAX_CLAUSES) {
      break;
    }
    starts.push((match.index ?? 0) + match[0].length);
  }
  for (const cue of CUES) {
    // A weak cue only in a sentence that ends with a colon (it introduces the block).
    if (cue.label ? sentence !== last : !cue.strong && !endsWithColon && !/\b(?:following|below)\b/i.test(last)) {
      continue;
    }
    for (const start of cue.label ? [0] : starts) {
      const match = cue.pattern.exec(last.slice(start));
      if (!match) {
        continue;
      }
      const name = match[1] !== undefined ? names[Number(match[1])] : match[2];
      if (name === undefined) {
        continue;
      }
      const formatted = match[1] !== undefined;
      if (formatted ? (cue.strong ? isNameLike(name) : looksLikeFileName(name)) : looksLikeBareFileName(name)) {
        return name;
      }
    }
  }
  return undefined;
}

/** A formatted name a strong cue takes: no whitespace, not empty, not a sentence. */
function isNameLike(name: string): boolean {
  return name !== '' && !/\s/.test(name) && name.length <= 4096;
}

/**
 * The paragraph with code spans and bold text replaced by slots (their text kept in
 * `names`, case and all), links reduced to their text and emphasis markers dropped.
 */
function slotted(input: string): { sentence: string; names: string[] } {
  // The slots' markers are control characters no prose has; a note that has them loses them.
  // eslint-disable-next-line no-control-regex
  const paragraph = input.replace(/[\u0001\u0002]/g, ' ');
  const names: string[] = [];
  let text = '';
  let at = 0;
  for (const span of findCodeSpans(paragraph)) {
    // The backtick runs around the content, behind the one space markdown-it trims on each side.
    let opening = span.start;
    if (paragraph[opening - 1] === ' ' && paragraph[opening - 2] === '`') {
      opening--;
    }
    while (opening > at && paragraph[opening - 1] === '`') {
      opening--;
    }
    let closing = span.end;
    if (paragraph[closing] === ' ' && paragraph[closing + 1] === '`') {
      closing++;
    }
    while (paragraph[closing] === '`') {
      closing++;
    }
    text += `${paragraph.slice(at, opening)}\u0001${names.length}\u0002`;
    names.push(span.content.trim());
    at = closing;
  }
  text += paragraph.slice(at);
  text = text
    // eslint-disable-next-line no-control-regex -- the slots' own markers
    .replace(/\*\*([^*\n\u0001]+)\*\*|__([^_\n\u0001]+)__/g, (_whole, a: string | undefined, b: string | undefined) => {
      const inner = (a ?? b ?? '').trim();
      names.push(inner);
      return `\u0001${names.length - 1}\u0002`;
    })
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    // eslint-disable-next-line no-control-regex -- the slots' own markers
    .replace(/\*\*?(\u0001\d+\u0002)\*\*?/g, '$1')
    .replace(/(^|\s)\*([^*\s][^*]*)\*(?=\s|[.,:;!?]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  return { sentence: text, names };
}

/** The last sentence of a paragraph: after the last `.`, `!` or `?` followed by a space. */
function lastSentence(text: string): string {
  const ends = [...text.matchAll(/[.!?](?:\s+)(?=\S)/g)];
  const last = ends[ends.length - 1];
  return (last ? text.slice((last.index ?? 0) + last[0].length) : text).trim();
}

/** What a name must be to be saved: a path relative to the folder, staying inside it. */
export type FileNameCheck = { readonly ok: true; readonly relative: string } | { readonly ok: false; readonly reason: string };

const MAX_SEGMENT = 255;
const MAX_PATH = 1024;
/** Folders whose files VS Code or git act on by themselves (settings, tasks, hooks). */
const TOOL_FOLDERS = new Set(['.git', '.vscode']);

/**
 * Whether a file block's name may be saved, and as what relative path (`/` separators, `./`
 * dropped). Refused: empty names, absolute paths (`/etc/passwd`, `C:\x`, `\\server\x`), `~`, any
 * `..` segment, control characters, backslashes, segments over 255 characters, a trailing slash,
 * and paths into `.git` or `.vscode`.
 */
export function checkFileName(name: string): FileNameCheck {
  if (name.trim() === '') {
    return { ok: false, reason: 'the name is empty' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    return { ok: false, reason: 'the name holds control characters' };
  }
  if (/[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name)) {
    return { ok: false, reason: 'the name holds invisible direction or line-separator characters' };
  }
  const trimmed = name.trim();
  if (/^[A-Za-z]:/.test(trimmed) || trimmed.startsWith('\\\\') || trimmed.startsWith('/') || trimmed.startsWith('\\')) {
    return { ok: false, reason: 'it is an absolute path: only a path inside the folder can be saved' };
  }
  if (trimmed.startsWith('~')) {
    return { ok: false, reason: 'it starts with ~ (the home folder): only a path inside the folder can be saved' };
  }
  if (trimmed.includes('\\')) {
    return { ok: false, reason: 'it holds a backslash: write folders with /' };
  }
  if (trimmed.length > MAX_PATH) {
    return { ok: false, reason: `the name is longer than ${MAX_PATH} characters` };
  }
  if (trimmed.endsWith('/')) {
    return { ok: false, reason: 'it names a folder (a trailing /), not a file' };
  }
  const segments = trimmed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) {
    return { ok: false, reason: 'the name is empty' };
  }
  for (const segment of segments) {
    if (segment === '..') {
      return { ok: false, reason: 'it holds .. (a path out of the folder)' };
    }
    if (segment.length > MAX_SEGMENT) {
      return { ok: false, reason: `a part of it is longer than ${MAX_SEGMENT} characters` };
    }
    if (TOOL_FOLDERS.has(segment.toLowerCase())) {
      return { ok: false, reason: `it is inside ${segment}, whose files ${segment.toLowerCase() === '.git' ? 'git' : 'VS Code'} acts on by itself` };
    }
  }
  return { ok: true, relative: segments.join('/') };
}
