/**
 * Findings: what the checks of a note report, as plain data (the extension turns them into
 * diagnostics, the CLI into `file:line:column: severity code: message` lines).
 * Positions are 1-based; `endColumn` is exclusive, as in the notes model.
 */

export type FindingSeverity = 'error' | 'warning' | 'info' | 'hint';

/** Every code a finding can carry (documented in the README). */
export type FindingCode =
  | 'unknown-subcommand'
  | 'unknown-flag'
  | 'missing-value'
  | 'missing-argument'
  | 'almost-a-program'
  | 'prose-command'
  | 'broken-link'
  | 'bad-estimate'
  | 'conflicting-definition'
  | 'heading-order';

/** A replacement of the text between two positions. */
export interface FindingEdit {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly newText: string;
}

/** A quick fix: what it is called and what it changes. */
export interface FindingFix {
  readonly title: string;
  readonly edits: readonly FindingEdit[];
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fixes: readonly FindingFix[];
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Findings in document order (then the most severe first). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** A fix that replaces one range with `newText`. */
export function replaceFix(title: string, at: Omit<FindingEdit, 'newText'>, newText: string): FindingFix {
  return { title, edits: [{ line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, newText }] };
}
