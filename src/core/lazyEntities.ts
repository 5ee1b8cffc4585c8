import type * as Decode from 'entities/lib/decode.js';

/**
 * entities' HTML decoders as the bundles' markdown-it has them (esbuild.js), loaded on first use:
 * building their tables costs ≈ 2 ms at every start of the CLI, and markdown-it asks for them only
 * where a note has an entity (`&amp;`) in a fence's info string or in inline content the model
 * parses. Tests run markdown-it with entities itself.
 */
let decode: typeof Decode | undefined;

function decoders(): typeof Decode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  decode ??= require('entities/lib/decode.js') as typeof Decode;
  return decode;
}

export function decodeHTML(text: string): string {
  return decoders().decodeHTML(text);
}

export function decodeHTMLStrict(text: string): string {
  return decoders().decodeHTMLStrict(text);
}
