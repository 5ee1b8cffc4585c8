import type { CliReference } from './cliReference';
import { cliIndex } from './cliIndex';
import { commandFindings } from './commandChecks';
import { estimateFindings, headingFindings } from './courseChecks';
import type { Finding } from './findings';
import { sortFindings } from './findings';
import type { NoteModel } from './model';
import { proseFindings } from './proseChecks';

/**
 * The findings of one note that need nothing but its text and the CLI reference: its commands,
 * near-commands and prose commands, estimates and headings. Links and definitions across notes
 * need the file system or the other notes: the CLI adds them (courseChecks).
 */
export function noteFindings(model: NoteModel, lines: readonly string[], reference: CliReference): Finding[] {
  if (model.skipped) {
    return [];
  }
  const index = cliIndex(reference);
  const findings: Finding[] = [];
  for (const command of model.commands) {
    findings.push(...commandFindings(command, lines, index));
  }
  findings.push(...proseFindings(model, lines, index), ...estimateFindings(model, lines), ...headingFindings(model, lines));
  return sortFindings(findings);
}

/** The code of the most severe error among `findings` on the command starting at `line`:`column`, for the Run lens. */
export function errorAt(findings: readonly Finding[], command: { readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number }): Finding | undefined {
  return findings.find(
    (finding) =>
      finding.severity === 'error' &&
      (finding.line > command.line || (finding.line === command.line && finding.column >= command.column)) &&
      (finding.line < command.endLine || (finding.line === command.endLine && finding.column <= command.endColumn)),
  );
}
