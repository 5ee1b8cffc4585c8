import * as vscode from 'vscode';
import type { Log } from '../../platform/log';
import type { SessionIo } from '../../runner/interactiveSession';

/**
 * How an image pulled for an Engine API run shows: a notification with the pull's latest line for
 * as long as it lasts, and every line in the log.
 */
export function pullProgressReporter(log: Log): Required<Pick<SessionIo, 'pullProgress' | 'pulling'>> {
  let report: ((line: string) => void) | undefined;
  return {
    pullProgress: (image, line) => {
      log.info(`pull ${image}: ${line}`);
      report?.(line);
    },
    pulling: (image, pulled) => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pulling ${image}` }, async (progress) => {
        report = (line) => progress.report({ message: line.slice(0, 80) });
        await pulled;
        report = undefined;
      });
    },
  };
}
