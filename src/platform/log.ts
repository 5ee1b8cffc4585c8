import * as vscode from 'vscode';

/** The extension's one log, "Course Notes" in the Output panel. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export function createLog(): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Course Notes', { log: true });
  return {
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => {
      if (error === undefined) {
        channel.error(message);
      } else {
        channel.error(`${message}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    },
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
