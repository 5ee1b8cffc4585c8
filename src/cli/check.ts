import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliReference } from '../core/cliReference';
import { brokenLinkFinding, conflictingDefinitions } from '../core/courseChecks';
import type { Finding } from '../core/findings';
import { sortFindings } from '../core/findings';
import type { NoteModel } from '../core/model';
import { noteFindingsAndLinks } from '../core/noteChecks';
import { splitLines } from '../core/markdownEngine';
import { inertCli } from '../core/inertText';

/** A note as `check` reads it: its model and its text. */
export interface CheckedNote {
  readonly model: NoteModel;
  readonly text: string;
}

/** A finding and the note it is in. */
export interface FileFinding extends Finding {
  readonly file: string;
}

/** Every finding of the notes: each note's own, broken relative links, and conflicting definitions across notes. */
export function checkNotes(notes: readonly CheckedNote[], reference: CliReference, exists: (file: string) => boolean = fs.existsSync): FileFinding[] {
  const byFile = new Map<string, Finding[]>();
  for (const { model, text } of notes) {
    if (model.skipped) {
      continue;
    }
    const { findings, links } = noteFindingsAndLinks(model, splitLines(text), reference);
    for (const link of links) {
      if (!exists(path.resolve(path.dirname(model.file), link.path))) {
        findings.push(brokenLinkFinding(link));
      }
    }
    byFile.set(model.file, findings);
  }
  for (const { file, finding } of conflictingDefinitions(notes.map(({ model }) => ({ file: model.file, model })))) {
    byFile.get(file)?.push(finding);
  }
  return [...byFile].flatMap(([file, findings]) => sortFindings(findings).map((finding) => ({ file, ...finding })));
}

/** `file:line:column: severity code: message`, the form problem matchers and CI annotations read. */
export function formatFinding(finding: FileFinding): string {
  return `${inertCli(finding.file)}:${finding.line}:${finding.column}: ${finding.severity} ${finding.code}: ${inertCli(finding.message)}`;
}

/** A summary line: `2 errors, 1 warning, 3 infos, 0 hints in 5 notes`. */
export function summary(findings: readonly FileFinding[], notes: number): string {
  const count = (severity: Finding['severity'], word: string) => {
    const n = findings.filter((finding) => finding.severity === severity).length;
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  };
  return `${count('error', 'error')}, ${count('warning', 'warning')}, ${count('info', 'info')}, ${count('hint', 'hint')} in ${notes} note${notes === 1 ? '' : 's'}`;
}

/** The exit status: 1 with an error, or more warnings than allowed; else 0. */
export function checkStatus(findings: readonly FileFinding[], maxWarnings: number | undefined): number {
  if (findings.some((finding) => finding.severity === 'error')) {
    return 1;
  }
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  return maxWarnings !== undefined && warnings > maxWarnings ? 1 : 0;
}
