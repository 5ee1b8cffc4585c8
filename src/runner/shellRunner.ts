import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { explainFailure } from '../core/failureExplanation';
import type { RunHandle, RunResult } from './runTypes';
import { utilLinuxScript } from './utilLinuxScript';

/** A process run in progress: `cancel` ends the whole process tree (SIGTERM to the process group, SIGKILL after a grace period). */
export type ActiveRun = Pick<RunHandle, 'done' | 'cancel'>;

export interface ShellRunOptions {
  readonly cwd: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** The shell to run `-c command` with; the user's $SHELL, else /bin/sh. */
  readonly shell?: string;
  /** Output as it arrives, stdout and stderr interleaved as the process wrote them. */
  readonly onData: (text: string) => void;
  /** Milliseconds between SIGTERM and SIGKILL when cancelled. */
  readonly killGraceMs?: number;
  /**
   * Run under a pseudo-terminal of this size (util-linux `script`), for commands that draw their
   * progress for a terminal; as a plain process where `script` is not available.
   */
  readonly tty?: { readonly columns: number; readonly rows: number };
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/**
 * The argv of a command line made of plain words only (no quotes, variables, globs, operators,
 * redirections or assignments), which the shell would pass on unchanged; undefined otherwise.
 */
export function plainArgv(command: string): string[] | undefined {
  if (!/^[A-Za-z0-9_./:=@%+,\- \t-]+$/.test(command)) {
    return undefined;
  }
  const words = command.trim().split(/[ \t]+/);
  return words.length > 0 && words[0] !== '' && !words[0].includes('=') ? words : undefined;
}

/** The user's login shell when it is a POSIX-style one we can pass `-c` to. */
export function defaultShell(env: NodeJS.ProcessEnv = process.env): string {
  const shell = env.SHELL;
  if (shell && /\/(bash|zsh|sh|dash|ksh|ash)$/.test(shell)) {
    return shell;
  }
  return '/bin/sh';
}

/**
 * Runs a command line through the shell, as typed, in its own process group so that cancelling
 * ends everything it started (no orphans). Never rejects: failures come back as a result.
 */
export function runInShell(command: string, options: ShellRunOptions): ActiveRun {
  const started = Date.now();
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  const script = options.tty ? utilLinuxScript(options.env) : undefined;
  // Only with the default shell: a caller that names a shell gets that shell.
  const direct = options.shell === undefined && !script ? plainArgv(command) : undefined;
  const shell = options.shell ?? defaultShell(options.env);
  // A line of plain words runs as the shell would run it, without the shell in between. Under a
  // pseudo-terminal, script runs the line with $SHELL -c after giving the terminal its size; it
  // ends its child when it is signalled, so cancelling still leaves nothing behind.
  const [program, args] = script && options.tty
    ? [script, ['-qfec', `stty cols ${options.tty.columns} rows ${options.tty.rows} 2>/dev/null; ${command}`, '/dev/null']]
    : direct ? [direct[0], direct.slice(1)] : [shell, ['-c', command]];
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: script ? { ...options.env, SHELL: shell } : options.env,
    detached: true, // a new process group: kill(-pid) reaches every descendant
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) {
      return;
    }
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  // The end of the output, for explaining a failure by what the program said (engine unreachable…).
  let tail = '';
  for (const stream of [child.stdout, child.stderr]) {
    const decoder = new StringDecoder('utf8');
    stream?.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk);
      tail = keepTail(tail, text);
      options.onData(text);
    });
    stream?.on('end', () => {
      const rest = decoder.end();
      if (rest) {
        options.onData(rest);
      }
    });
  }

  // Whatever the shell left behind in its group goes with it. On 'exit', not only on 'close': a
  // leftover (`cmd &`) holds the output pipes open, so 'close' would wait for it.
  child.on('exit', () => killGroup('SIGKILL'));

  const done = new Promise<RunResult>((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (direct && (error.code === 'ENOENT' || error.code === 'EACCES')) {
        // What the shell reports for a program it cannot find (127) or cannot execute (126).
        const exitCode = error.code === 'ENOENT' ? 127 : 126;
        options.onData(`${direct[0]}: ${exitCode === 127 ? 'command not found' : 'Permission denied'}\n`);
        resolve({ status: 'failed', exitCode, durationMs: Date.now() - started, message: explainExit(command, exitCode) });
        return;
      }
      resolve({
        status: 'error',
        exitCode: undefined,
        durationMs: Date.now() - started,
        message: error.code === 'ENOENT' ? `the shell ${shell} was not found` : error.message,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      // Whatever the shell left behind in its group goes with it.
      killGroup('SIGKILL');
      const durationMs = Date.now() - started;
      if (cancelled) {
        resolve({ status: 'cancelled', exitCode: code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : undefined), durationMs });
      } else if (code === 0) {
        resolve({ status: 'ok', exitCode: 0, durationMs });
      } else {
        const exitCode = code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : 1);
        const explained = explainFailure(command, exitCode, tail);
        resolve({
          status: 'failed',
          exitCode,
          durationMs,
          message: explained?.message,
          ...(explained?.missingContainer ? { missingContainer: explained.missingContainer } : {}),
          ...(explained?.noCluster ? { noCluster: true } : {}),
          ...(explained?.engineFault ? { engineFault: explained.engineFault } : {}),
        });
      }
    });
  });

  return {
    done,
    cancel: () => {
      if (cancelled || child.exitCode !== null) {
        return;
      }
      cancelled = true;
      // Under a pseudo-terminal the command runs in a session of its own below `script`: signal its
      // process group, as Ctrl+C in a terminal reaches the foreground job, so it stops the way it
      // stops for a person (its own last words, its own exit code). Signalled itself, `script`
      // would say "Session terminated, killing shell..." and wait two seconds before killing it.
      const below = script && child.pid !== undefined ? childrenOf(child.pid) : [];
      const signal = (name: NodeJS.Signals) => {
        for (const pid of below) {
          killProcessGroup(pid, name);
        }
      };
      if (below.length > 0) {
        signal('SIGTERM');
      } else {
        killGroup('SIGTERM');
      }
      killTimer = setTimeout(() => {
        signal('SIGKILL');
        killGroup('SIGKILL');
      }, options.killGraceMs ?? 2000);
    },
  };
}

/** The children of a process (Linux: /proc/PID/task/TID/children). */
function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/))
      .filter((word) => /^\d+$/.test(word))
      .map(Number);
  } catch {
    return []; // gone already, or no /proc
  }
}

/** Signals the process group led by `pid` (a session leader below `script`), or `pid` alone. */
function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return;
    } catch {
      // Not a group leader, or gone: try the process itself, then give up.
    }
  }
}

const OUTPUT_TAIL = 2048;

/** The last OUTPUT_TAIL characters of `tail + text`, without copying big chunks whole. */
function keepTail(tail: string, text: string): string {
  return text.length >= OUTPUT_TAIL ? text.slice(-OUTPUT_TAIL) : (tail + text).slice(-OUTPUT_TAIL);
}

/** Known meanings of exit codes (and of what the program printed last, when given), said in words. */
export function explainExit(command: string, exitCode: number, output = ''): string | undefined {
  return explainFailure(command, exitCode, output)?.message;
}
