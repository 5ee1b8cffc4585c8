/**
 * The keys a note's run results are kept under, one per command, in the note's order. A result
 * belongs to where it ran: two copies of `docker ps` in a note get two keys, the first the command's
 * text and the n-th `text` + NUL + n. Keys follow the commands, not their lines, so a result stays
 * with its command when lines above it move, and results stored by text before stay the first copy's.
 */
export function resultKeys(commands: readonly { readonly text: string }[]): string[] {
  const seen = new Map<string, number>();
  return commands.map(({ text }) => {
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return n === 1 ? text : `${text}\u0000${n}`;
  });
}

interface Located {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The key of one command of a note (see {@link resultKeys}), found by its position; its text when it is not among them. */
export function resultKeyOf(commands: readonly Located[], command: Located): string {
  let copy = 0;
  for (const other of commands) {
    if (other.text === command.text) {
      copy++;
      if (other.line === command.line && other.column === command.column) {
        return copy === 1 ? command.text : `${command.text}\u0000${copy}`;
      }
    }
  }
  return command.text;
}

/** The command text a result key was made from. */
export function textOfKey(key: string): string {
  const nul = key.indexOf('\u0000');
  return nul < 0 ? key : key.slice(0, nul);
}

/**
 * The result key of a block of steps: a block mark, then the key its first step has among the
 * first steps of the note's blocks (so two blocks starting alike get two keys, as commands do).
 */
export function blockResultKey(blocks: readonly { readonly check: boolean; readonly steps: readonly Located[] }[], block: { readonly steps: readonly Located[] }): string {
  const firsts = blocks.filter((each) => !each.check && each.steps.length > 0).map((each) => each.steps[0]);
  return `\u0001block\u0001${resultKeyOf(firsts, block.steps[0])}`;
}

/** The result key of an author's check: a check mark, then its text (with its copy's number). */
export function checkResultKey(checks: readonly { readonly text: string; readonly line: number }[], check: { readonly text: string; readonly line: number }): string {
  const located = checks.map((each) => ({ text: each.text, line: each.line, column: 1 }));
  return `\u0001check\u0001${resultKeyOf(located, { text: check.text, line: check.line, column: 1 })}`;
}
