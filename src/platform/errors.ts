import * as vscode from 'vscode';
import type { Log } from './log';

/**
 * Reports a failure the user should know about: logged with its details, and shown as a short
 * message with an "Open Log" action. Never rethrows, so callers in event handlers stay alive.
 */
export async function reportError(log: Log, message: string, error?: unknown): Promise<void> {
  log.error(message, error);
  const detail = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  const choice = await vscode.window.showErrorMessage(detail ? `${message}: ${detail}` : message, 'Open Log');
  if (choice === 'Open Log') {
    log.show();
  }
}

/** Wraps a command handler so a failure becomes a message with "Open Log", never an unhandled rejection. */
export function guarded<A extends unknown[]>(log: Log, what: string, handler: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await handler(...args);
    } catch (error) {
      await reportError(log, `Course Notes could not ${what}`, error);
    }
  };
}
