import type { Placeholder } from './model';
import { quoteShellValue } from './shellWords';

/** What a placeholder names, for picking from live state. */
export type PlaceholderSource =
  | { readonly tool: 'docker'; readonly kind: 'container' | 'image' | 'network' | 'volume' | 'service' | 'node' }
  | { readonly tool: 'kubectl'; readonly kind: 'pods' | 'deployments' | 'services' | 'nodes' | 'namespaces' }
  | undefined;

/** Reads what a placeholder stands for from its words and the command's program. */
export function placeholderSource(name: string, program: string): PlaceholderSource {
  const words = name.toLowerCase();
  if (program === 'kubectl') {
    if (/\bpod/.test(words)) return { tool: 'kubectl', kind: 'pods' };
    if (/deploy/.test(words)) return { tool: 'kubectl', kind: 'deployments' };
    if (/\b(service|svc)/.test(words)) return { tool: 'kubectl', kind: 'services' };
    if (/\bnode/.test(words)) return { tool: 'kubectl', kind: 'nodes' };
    if (/namespace|\bns\b/.test(words)) return { tool: 'kubectl', kind: 'namespaces' };
    return undefined;
  }
  if (/container|\bid\b|\bcid\b/.test(words)) return { tool: 'docker', kind: 'container' };
  if (/image/.test(words)) return { tool: 'docker', kind: 'image' };
  if (/network/.test(words)) return { tool: 'docker', kind: 'network' };
  if (/volume/.test(words)) return { tool: 'docker', kind: 'volume' };
  if (/service/.test(words)) return { tool: 'docker', kind: 'service' };
  if (/\bnode/.test(words)) return { tool: 'docker', kind: 'node' };
  return undefined;
}

/** The quoting in force at `offset` of a command line: none, inside `'…'` or inside `"…"`. */
function quotingAt(text: string, offset: number): 'none' | 'single' | 'double' {
  let state: 'none' | 'single' | 'double' = 'none';
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (state === 'single') {
      state = ch === "'" ? 'none' : state;
    } else if (ch === '\\') {
      i++;
    } else if (state === 'double') {
      state = ch === '"' ? 'none' : state;
    } else if (ch === "'" || ch === '"') {
      state = ch === "'" ? 'single' : 'double';
    }
  }
  return state;
}

/** A value as one literal piece of text where it lands: quoted outside quotes, escaped inside them. */
function quoteFor(quoting: 'none' | 'single' | 'double', value: string): string {
  switch (quoting) {
    case 'single':
      return value.replace(/'/g, `'\\''`);
    case 'double':
      return value.replace(/[\\"$`]/g, '\\$&');
    default:
      return quoteShellValue(value);
  }
}

/**
 * Replaces each placeholder by its value, quoted so the shell reads it literally (also inside quotes
 * the note wrote around the placeholder); `[optional]` ones may be left empty, taking a space with them.
 */
export function fillPlaceholders(text: string, placeholders: readonly Placeholder[], values: ReadonlyMap<string, string>): string {
  let result = text;
  for (const placeholder of [...placeholders].sort((a, b) => b.offset - a.offset)) {
    const value = values.get(placeholder.text) ?? '';
    let start = placeholder.offset;
    let end = start + placeholder.text.length;
    const quoting = quotingAt(text, start);
    if (value === '' && quoting === 'none') {
      // An empty optional placeholder leaves no double space behind: `docker ps [options]` → `docker ps`.
      if (/[ \t]/.test(result[start - 1] ?? '') && /^[ \t]?$/.test(result[end] ?? '')) {
        start--;
      } else if (start === 0 && /[ \t]/.test(result[end] ?? '')) {
        end++;
      }
    }
    const replacement = value === '' ? '' : quoteFor(quoting, value);
    result = result.slice(0, start) + replacement + result.slice(end);
  }
  return result.trim();
}
