const MAX_LABEL = 120;

/** One line, no control characters, at most `max` characters: note text shown as a label. */
export function labelText(text: string, max = MAX_LABEL): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `labelText` for places that render `$(icon)` syntax (lens titles, terminal names): the syntax is escaped. */
export function iconSafeLabel(text: string, max = MAX_LABEL): string {
  return labelText(text, max).replace(/\$\(/g, '\\$(');
}
