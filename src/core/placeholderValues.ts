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

/** Replaces each placeholder by its (shell-quoted) value; `[optional]` ones may be left empty. */
export function fillPlaceholders(text: string, placeholders: readonly Placeholder[], values: ReadonlyMap<string, string>): string {
  let result = text;
  for (const placeholder of [...placeholders].sort((a, b) => b.offset - a.offset)) {
    const value = values.get(placeholder.text) ?? '';
    const replacement = value === '' ? '' : quoteShellValue(value);
    result = result.slice(0, placeholder.offset) + replacement + result.slice(placeholder.offset + placeholder.text.length);
  }
  return result.replace(/[ \t]{2,}/g, ' ').trim();
}

