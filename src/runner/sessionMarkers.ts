/**
 * The markers a session's shell prints around what it runs, and the streaming parser that takes
 * them out of the output. Every marker is an OSC sequence `ESC ] 6973 ; K ; fields… BEL` carrying
 * the session's nonce, which only the shell knows (it is not exported to what runs), so output
 * that prints something marker-like cannot end a run: a marker without the nonce stays in the output
 * as the text it is (terminals ignore OSC sequences they do not know).
 *
 * - `S;<run>;<nonce>`: a run starts (its command's own output follows);
 * - `B;<run>.<step>;<nonce>`: a step of a block starts;
 * - `E;<run>.<step>;<status>;<nonce>`: a step of a block ended with that status;
 * - `D;<status>;<run>;<nonce>;<docker host>;<docker context>;<cwd>`: the shell is back at its prompt
 *   after a command line (a run when `<run>` is set, else a line the user typed). The cwd comes last
 *   (it may hold `;`); it is empty when it holds control characters.
 */

export const MARKER_PREFIX = '\x1b]6973;';
const BEL = '\x07';
/** A marker longer than this is not ours: its text is let through. */
const MAX_MARKER = 8192;

export type SessionMarker =
  | { readonly kind: 'S'; readonly run: string }
  | { readonly kind: 'B'; readonly run: string; readonly step: number }
  | { readonly kind: 'E'; readonly run: string; readonly step: number; readonly status: number }
  | {
      readonly kind: 'D';
      readonly status: number;
      /** The run this prompt ends; '' after a line the user typed. */
      readonly run: string;
      readonly cwd: string | undefined;
      readonly dockerHost: string;
      readonly dockerContext: string;
    };

export type MarkerEvent = { readonly text: string } | { readonly marker: SessionMarker };

/**
 * Splits a session's output into text and markers, chunk by chunk. Holds back only what may be the
 * start of a marker (a trailing `ESC ]…` without its BEL), so output is never delayed otherwise.
 */
export class MarkerParser {
  private pending = '';

  constructor(private readonly nonce: string) {}

  feed(chunk: string): MarkerEvent[] {
    const events: MarkerEvent[] = [];
    let text = this.pending + chunk;
    this.pending = '';
    let from = 0;
    for (;;) {
      const start = text.indexOf(MARKER_PREFIX, from);
      if (start < 0) {
        // Keep back a tail that could be the beginning of the prefix.
        const keep = partialPrefixLength(text);
        pushText(events, text.slice(from, text.length - keep));
        this.pending = text.slice(text.length - keep);
        return events;
      }
      const end = text.indexOf(BEL, start + MARKER_PREFIX.length);
      if (end < 0) {
        if (text.length - start > MAX_MARKER) {
          // Too long to be ours: let it through and go on after its prefix.
          pushText(events, text.slice(from, start + MARKER_PREFIX.length));
          from = start + MARKER_PREFIX.length;
          continue;
        }
        pushText(events, text.slice(from, start));
        this.pending = text.slice(start);
        return events;
      }
      const inner = text.lastIndexOf(MARKER_PREFIX, end);
      if (inner > start) {
        // An unterminated prefix printed by a command (`printf '\e]6973;x'`) before a real marker: the
        // marker starts at the last prefix before the BEL.
        pushText(events, text.slice(from, inner));
        from = inner;
        continue;
      }
      const marker = this.parse(text.slice(start + MARKER_PREFIX.length, end));
      if (marker) {
        pushText(events, text.slice(from, start));
        events.push({ marker });
      } else {
        pushText(events, text.slice(from, end + 1));
      }
      from = end + 1;
      if (from >= text.length) {
        return events;
      }
      if (from > 0 && text.length > 65536) {
        text = text.slice(from);
        from = 0;
      }
    }
  }

  /** What is held back (at the end of the session: it was not a marker). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  private parse(body: string): SessionMarker | undefined {
    const fields = body.split(';');
    const kind = fields[0];
    const step = (value: string | undefined): { run: string; step: number } | undefined => {
      const match = /^(\w+)\.(\d+)$/.exec(value ?? '');
      return match ? { run: match[1], step: Number(match[2]) } : undefined;
    };
    switch (kind) {
      case 'S':
        return fields.length === 3 && fields[2] === this.nonce && /^\w+$/.test(fields[1]) ? { kind: 'S', run: fields[1] } : undefined;
      case 'B': {
        const at = step(fields[1]);
        return fields.length === 3 && fields[2] === this.nonce && at ? { kind: 'B', ...at } : undefined;
      }
      case 'E': {
        const at = step(fields[1]);
        return fields.length === 4 && fields[3] === this.nonce && at && /^\d+$/.test(fields[2]) ? { kind: 'E', ...at, status: Number(fields[2]) } : undefined;
      }
      case 'D': {
        if (fields.length < 7 || fields[3] !== this.nonce || !/^\d+$/.test(fields[1]) || !/^\w*$/.test(fields[2])) {
          return undefined;
        }
        const cwd = fields.slice(6).join(';');
        return { kind: 'D', status: Number(fields[1]), run: fields[2], dockerHost: fields[4], dockerContext: fields[5], cwd: cwd === '' ? undefined : cwd };
      }
      default:
        return undefined;
    }
  }
}

function pushText(events: MarkerEvent[], text: string): void {
  if (text !== '') {
    events.push({ text });
  }
}

/** How many characters at the end of `text` are a proper beginning of MARKER_PREFIX. */
function partialPrefixLength(text: string): number {
  const esc = text.lastIndexOf('\x1b', text.length - 1);
  if (esc < 0 || text.length - esc >= MARKER_PREFIX.length) {
    return 0;
  }
  return MARKER_PREFIX.startsWith(text.slice(esc)) ? text.length - esc : 0;
}
