/** What a fence's info string says about its lines: its language, and which languages are not shell. */

/**
 * Fence languages that are not shell: their lines are never commands. Anything else (`bash`,
 * `console`, `.term1`, `powershell`, none…) is read as shell.
 */
export const NOT_SHELL = new Set([
  'yaml', 'yml', 'json', 'jsonc', 'json5', 'dockerfile', 'containerfile', 'xml', 'html', 'css', 'scss',
  'javascript', 'js', 'jsx', 'ts', 'typescript', 'tsx', 'python', 'py', 'go', 'golang', 'java', 'c', 'cpp',
  'c++', 'csharp', 'cs', 'rust', 'rs', 'ruby', 'rb', 'php', 'sql', 'toml', 'ini', 'hcl', 'terraform', 'tf',
  'groovy', 'kotlin', 'swift', 'nginx', 'apache', 'diff', 'patch', 'makefile', 'make', 'properties', 'env',
  'markdown', 'md', 'mermaid', 'plantuml', 'math', 'latex', 'tex', 'http', 'graphql', 'proto', 'protobuf',
  'output', 'log', 'csv', 'lua', 'perl', 'r', 'scala', 'elixir', 'erlang', 'haskell', 'vue', 'svelte',
]);

export const POWERSHELL = new Set(['powershell', 'ps', 'ps1', 'pwsh']);

/**
 * Fence languages for plain text: usage lines (`docker run [OPTIONS] IMAGE`) and printed output more
 * often than commands, so only lines behind a prompt (`$ docker ps`, a pasted session) are commands.
 */
export const PLAIN_TEXT = new Set(['text', 'txt', 'plaintext', 'plain']);

const SIMPLE_LANGUAGE = /^[A-Za-z0-9_+-]*$/;

/** The language word of a fence info string: "bash {terminal=node2}" → "bash", "{.term1}" → "term1". */
export function fenceLanguage(info: string): string {
  if (SIMPLE_LANGUAGE.test(info)) {
    return info.toLowerCase(); // `bash`, `yaml`, `console`: most fences
  }
  const first = info.trim().split(/\s+/)[0] ?? '';
  return first.replace(/^[{.]+|[}]+$/g, '').replace(/^\./, '').toLowerCase();
}

/**
 * The terminal a fence names: ```` ```.term2 ```` (Play with Docker) → `term2`, `{terminal=node2}`
 * → `node2`; undefined when it names none. (A copy lives in features/run/noteTerminals.ts until the
 * run feature imports this one.)
 */
export function terminalFromInfo(info: string): string | undefined {
  const named = /\{[^}]*\bterminal\s*=\s*["']?([\w.-]+)/.exec(info);
  if (named) {
    return named[1];
  }
  const term = /(?:^|[\s{])\.(term\d+)\b/.exec(info);
  return term?.[1];
}

/** An attribute block of an info string: `{check}`, `{.check}`, `{.term1 .check}`. */
const ATTRIBUTES = /\{([^}]*)\}/g;

/**
 * True when a fence's info string marks an author's check: a `check` or `.check` word inside its
 * braces (```` ```bash {check} ````, ```` ```sh {.check} ````, ```` ```{.check} ````).
 */
export function isCheckFence(info: string): boolean {
  if (!info.includes('{')) {
    return false; // most fences
  }
  for (const match of info.matchAll(ATTRIBUTES)) {
    if (match[1].split(/\s+/).some((word) => word === 'check' || word === '.check')) {
      return true;
    }
  }
  return false;
}

/** Fence languages an author uses for printed output: with an intro that says so, the block is output. */
export const OUTPUT_TEXT = new Set(['', 'text', 'txt', 'plaintext', 'plain', 'output', 'console-output', 'stdout', 'log', 'shell-output']);

/** Fence languages that are output by name: the block is output even with no sentence introducing it. */
export const OUTPUT_BY_NAME = new Set(['output', 'console-output', 'stdout', 'shell-output']);
