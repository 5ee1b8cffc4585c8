import * as vscode from 'vscode';
import { inertIconLabel } from '../../core/inertText';
import type { RunPlan } from '../../runner/runPlan';
import type { RunResult } from '../../runner/runTypes';

/** A `vscode-terminal` plan started in a real VS Code terminal. */
export interface VsCodeTerminalRun {
  readonly terminal: vscode.Terminal;
  /**
   * How it ended, when the terminal's shell integration tells; `sent` when the terminal has none
   * (the command was typed into it and nothing more can be known).
   */
  readonly done: Promise<RunResult | { readonly status: 'sent' }>;
  cancel(): void;
}

/**
 * Runs a command we do not run ourselves (`kubectl exec -it`, `compose exec`, docker flags the
 * session does not translate) in a real VS Code terminal, which has the keyboard. With shell
 * integration we still learn its exit code; closing the terminal cancels it.
 */
export function runInVsCodeTerminal(plan: RunPlan & { readonly route: 'vscode-terminal' }, options: { readonly cwd: string | undefined; readonly env: NodeJS.ProcessEnv }): VsCodeTerminalRun {
  const terminal = vscode.window.createTerminal({ name: `Notes: ${inertIconLabel(plan.text, 30)}`, cwd: options.cwd, env: options.env, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  const done = waitForShellIntegration(terminal, 3000).then(async (integration): Promise<RunResult | { readonly status: 'sent' }> => {
    if (!integration) {
      terminal.sendText(plan.text, true);
      return { status: 'sent' };
    }
    const started = Date.now();
    const execution = integration.executeCommand(plan.text);
    const exitCode = await new Promise<number | undefined>((resolve) => {
      const ended = vscode.window.onDidEndTerminalShellExecution((event) => {
        if (event.execution === execution) {
          ended.dispose();
          closed.dispose();
          resolve(event.exitCode);
        }
      });
      const closed = vscode.window.onDidCloseTerminal((closedTerminal) => {
        if (closedTerminal === terminal) {
          ended.dispose();
          closed.dispose();
          resolve(undefined);
        }
      });
    });
    return { status: exitCode === 0 ? 'ok' : exitCode === undefined ? 'cancelled' : 'failed', exitCode, durationMs: Date.now() - started };
  });
  return { terminal, done, cancel: () => terminal.dispose() };
}

function waitForShellIntegration(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) {
    return Promise.resolve(terminal.shellIntegration);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(undefined);
    }, timeoutMs);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal === terminal) {
        clearTimeout(timer);
        listener.dispose();
        resolve(event.shellIntegration);
      }
    });
  });
}
