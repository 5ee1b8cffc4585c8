import type * as vscode from 'vscode';
import type { NoteProgress, StatusOf, StepsOf } from '../../core/labProgress';
import { noteProgress } from '../../core/labProgress';
import type { NoteModel } from '../../core/model';
import type { RunLedger } from './runLedger';

/**
 * The ledger's last results as the lookups core/labProgress reads: finished results only, so a
 * section does not lose its ✓ while one of its blocks runs again.
 */
export function ledgerLookups(ledger: RunLedger, uri: vscode.Uri): { readonly statusOf: StatusOf; readonly stepsOf: StepsOf } {
  return {
    statusOf: (key) => ledger.lastResult(uri, key)?.status,
    stepsOf: (key) => {
      const result = ledger.lastResult(uri, key);
      return result && 'steps' in result ? result.steps : undefined;
    },
  };
}

/** A note's progress from the ledger. */
export function progressOfNote(ledger: RunLedger, uri: vscode.Uri, model: NoteModel): NoteProgress {
  const { statusOf, stepsOf } = ledgerLookups(ledger, uri);
  return noteProgress(model, statusOf, stepsOf);
}
