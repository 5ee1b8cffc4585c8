import type { CliReference } from './cliReference';
import { cliIndex } from './cliIndex';
import { commandFindings } from './commandChecks';
import type { CodeSpan } from './codeSpans';
import { findCodeSpans } from './codeSpans';
import type { NoteLink } from './courseChecks';
import { addEstimateFinding, addRelativeLinks, headingFindings } from './courseChecks';
import type { Finding } from './findings';
import { sortFindings } from './findings';
import type { NoteModel } from './model';
import { addProseLineFindings, addShellLineFindings, LineKind, lineKinds } from './proseChecks';

const NO_SPANS: readonly CodeSpan[] = [];

/**
 * What a line of prose needs for any finding: a backtick (a code span), a `k` (`docker`, `kubectl`),
 * a `(` or `[` (an estimate, a link). One search rules out the many lines with none of them.
 */
const MAY_HAVE_FINDINGS = /[`k([]/;

/**
 * The findings of one note that need nothing but its text and the CLI reference: its commands,
 * near-commands and prose commands, estimates and headings. Links and definitions across notes
 * need the file system or the other notes: the CLI adds them (see {@link noteFindingsAndLinks}, courseChecks).
 */
export function noteFindings(model: NoteModel, lines: readonly string[], reference: CliReference): Finding[] {
  return checkNote(model, lines, reference, undefined);
}

/** {@link noteFindings}, and the relative links of the note's prose, read in the same pass over its lines. */
export function noteFindingsAndLinks(model: NoteModel, lines: readonly string[], reference: CliReference): { findings: Finding[]; links: NoteLink[] } {
  const links: NoteLink[] = [];
  return { findings: checkNote(model, lines, reference, links), links };
}

function checkNote(model: NoteModel, lines: readonly string[], reference: CliReference, links: NoteLink[] | undefined): Finding[] {
  if (model.skipped) {
    return [];
  }
  const index = cliIndex(reference);
  const findings: Finding[] = [];
  for (const command of model.commands) {
    for (const finding of commandFindings(command, lines, index)) {
      findings.push(finding);
    }
  }
  // One pass over the lines for the prose checks, the estimates and the links; each kind of finding
  // is kept apart until the end, so they come in the order the checks always gave them.
  const prose: Finding[] = [];
  const estimates: Finding[] = [];
  const kinds = lineKinds(model, lines);
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i + 1];
    if (kind !== LineKind.Prose) {
      if (kind === LineKind.Shell) {
        addShellLineFindings(lines[i], i + 1, index, prose);
      }
      continue;
    }
    const line = lines[i];
    if (!MAY_HAVE_FINDINGS.test(line)) {
      continue;
    }
    const spans = line.includes('`') ? findCodeSpans(line) : NO_SPANS;
    addProseLineFindings(line, i + 1, spans, index, prose);
    addEstimateFinding(line, i + 1, estimates);
    if (links) {
      addRelativeLinks(line, i + 1, spans, links);
    }
  }
  for (const finding of prose) {
    findings.push(finding);
  }
  for (const finding of estimates) {
    findings.push(finding);
  }
  for (const finding of headingFindings(model, lines)) {
    findings.push(finding);
  }
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
