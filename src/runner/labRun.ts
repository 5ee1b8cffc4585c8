import * as path from 'node:path';
import type { LabPlan, PlannedCheck, PlannedFile, PlannedRun, PlannedStep } from '../core/labPlan';
import type { NoteModel } from '../core/model';
import type { NodeTarget } from '../core/nodeTargets';
import { describeTarget, targetEnvironment } from '../core/nodeTargets';
import { matchOutput, stripTerminalEscapes } from '../core/outputMatch';
import { MASK, maskSecrets } from '../core/secrets';
import type { RunHandle, RunResult, StepResult } from './runTypes';
import { checkFileName } from '../core/fileBlocks';
import { writeInside } from '../platform/safeFile';
import { ShellSession } from './shellSession';

/**
 * The headless lab runner behind `course-notes run`: a plan (see core/labPlan) run in one shell
 * session per terminal name, the same ShellSession the editor's lab terminals use, each started in
 * the note's folder with its terminal's target in its environment and living across the whole
 * note. Each planned run is a session block run; each step the note prints output for is compared
 * with it (matchOutput). It stops at the first failure: a step that fails, times out or differs
 * from the note, or a check that fails. It asks nothing and reads no keyboard. Everything it
 * records is masked (maskSecrets, and the values given for secret-named placeholders) and each
 * step's output is capped. Every session is closed at the end, whatever happened.
 */

export type StepVerdict = 'matched' | 'differs' | 'no-expected';

/** How a step or check ended. */
export type LabStatus = 'ok' | 'failed' | 'timed-out' | 'cancelled' | 'error';

export interface LabStepRecord {
  readonly kind: 'step';
  readonly block: number;
  /** 1-based number of the step in its block. */
  readonly step: number;
  readonly line: number;
  readonly terminal: string;
  readonly section?: string;
  /** The command as run, masked. */
  readonly text: string;
  readonly status: LabStatus;
  readonly exitCode: number | undefined;
  readonly durationMs: number;
  /** ISO time the step started. */
  readonly startedAt: string;
  /** Its output as a terminal shows it (escapes removed, `\r` redraws resolved, LF line ends), masked and capped. */
  readonly output: string;
  /** Characters of output left out by the cap (0: none). */
  readonly outputOmitted: number;
  readonly verdict: StepVerdict;
  /** Why it failed or differs: one sentence. */
  readonly reason?: string;
  /** The note's output for the step (masked), and where it is, when it prints one. */
  readonly expected?: { readonly text: string; readonly line: number; readonly endLine: number };
  /** For `differs`: 1-based lines of the first difference in the expected text and in `output`. */
  readonly expectedLine?: number;
  readonly actualLine?: number;
}

export interface LabCheckRecord {
  readonly kind: 'check';
  readonly line: number;
  readonly terminal: string;
  readonly section?: string;
  readonly text: string;
  readonly status: LabStatus;
  readonly passed: boolean;
  readonly exitCode: number | undefined;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly output: string;
  readonly outputOmitted: number;
  readonly reason?: string;
}

export type LabRecord = LabStepRecord | LabCheckRecord;

export type LabEvent =
  | { readonly kind: 'session'; readonly terminal: string; readonly target?: string }
  | { readonly kind: 'step-start'; readonly terminal: string; readonly line: number; readonly text: string }
  | { readonly kind: 'check-start'; readonly terminal: string; readonly line: number; readonly text: string }
  | { readonly kind: 'end'; readonly record: LabRecord };

export interface LabRunOptions {
  /** The target of each terminal used (absent: the default target). */
  readonly targets?: ReadonlyMap<string, NodeTarget>;
  /** Values given for placeholders (`--set`), to mask those whose names say they are secrets. */
  readonly values?: Readonly<Record<string, string>>;
  /** How long one step (or check) may take; 0 or absent: no limit. */
  readonly timeoutMs?: number;
  /** The sessions' environment before targets (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  readonly onEvent?: (event: LabEvent) => void;
  /** Aborting ends the step running (as Ctrl+C), records it cancelled, and stops. */
  readonly signal?: AbortSignal;
  /** Characters of output kept per step (default 64 KiB): its first and last halves. */
  readonly maxOutput?: number;
}

export interface LabTotals {
  readonly steps: number;
  readonly stepsRun: number;
  readonly stepsPassed: number;
  readonly matched: number;
  readonly differs: number;
  readonly checks: number;
  readonly checksRun: number;
  readonly checksPassed: number;
  readonly durationMs: number;
}

export interface LabRunResult {
  readonly file: string;
  /** Every selected step ran with exit 0, none differs from the note, every check passed. */
  readonly passed: boolean;
  readonly records: readonly LabRecord[];
  /** The record it stopped at, when it did not pass. */
  readonly failure?: LabRecord;
  /** Something outside any step went wrong (a session did not start). */
  readonly error?: string;
  readonly targets: readonly { readonly terminal: string; readonly target: string }[];
  readonly startedAt: string;
  readonly totals: LabTotals;
}

export const DEFAULT_MAX_OUTPUT = 64 * 1024;

/** Names of placeholders whose values are secrets (as maskSecrets reads names). */
const SECRET_VALUE_NAME = /pass(?:word|wd)?|secret|token|key|credential|auth/i;

/** Runs a planned note (see the module comment). Never rejects. */
export async function runLab(model: NoteModel, plan: LabPlan, options: LabRunOptions = {}): Promise<LabRunResult> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const cwd = path.dirname(path.resolve(model.file));
  const maxOutput = Math.max(256, options.maxOutput ?? DEFAULT_MAX_OUTPUT);
  const secretValues = [
    ...Object.entries(options.values ?? {})
      .filter(([name, value]) => SECRET_VALUE_NAME.test(name) && value.length >= 3)
      .map(([, value]) => value),
    ...plan.items.flatMap((item) => (item.kind === 'steps' ? item.steps.flatMap((step) => assignedSecrets(step.text)) : [])),
  ];
  const mask = (text: string) => {
    let masked = maskSecrets(text);
    for (const value of secretValues) {
      masked = masked.split(value).join(MASK);
    }
    return masked;
  };
  const sessions = new Map<string, ShellSession>();
  const records: LabRecord[] = [];
  const targets = plan.terminals.map((terminal) => {
    const target = options.targets?.get(terminal);
    return { terminal, target: target ? describeTarget(target) : 'default target' };
  });
  let failure: LabRecord | undefined;
  let error: string | undefined;
  let running: RunHandle | undefined;
  const onAbort = () => running?.cancel();
  options.signal?.addEventListener('abort', onAbort);

  const sessionFor = async (terminal: string): Promise<ShellSession | string> => {
    const existing = sessions.get(terminal);
    if (existing && existing.state !== 'ended') {
      return existing;
    }
    const target = options.targets?.get(terminal);
    const session = new ShellSession({
      cwd,
      // HISTFILE empty: a headless run keeps its lines out of the runner's ~/.bash_history.
      env: { ...targetEnvironment(target, options.env ?? process.env), HISTFILE: '' },
      columns: 120,
      rows: 40,
      sourceBashrc: false,
      kubeContext: target?.kubeContext,
      onOutput: () => undefined,
    });
    sessions.set(terminal, session);
    options.onEvent?.({ kind: 'session', terminal, ...(target ? { target: describeTarget(target) } : {}) });
    if (!(await session.ready)) {
      return `the shell of terminal "${terminal}" did not start`;
    }
    return session;
  };

  /**
   * A file block, saved as the reader would with Save as: into the session's folder, which must be
   * inside the note's folder or the folder the run was started in; the name checked (core/fileBlocks),
   * no link followed out (platform/safeFile). Recorded as a step, `Save as NAME`.
   */
  const saveFile = async (item: PlannedFile, session: ShellSession) => {
    const started = Date.now();
    const folder = session.cwd;
    const base = { kind: 'step' as const, block: item.block, step: 1, line: item.line, terminal: item.terminal, ...(item.section ? { section: item.section } : {}), text: `Save as ${item.name}`, exitCode: undefined, startedAt: new Date(started).toISOString(), outputOmitted: 0, verdict: 'no-expected' as const };
    options.onEvent?.({ kind: 'step-start', terminal: item.terminal, line: item.line, text: base.text });
    const name = checkFileName(item.name);
    const allowed = [path.dirname(model.file), process.cwd()].map((each) => path.resolve(each));
    const inside = folder !== undefined && allowed.some((root) => folder === root || folder.startsWith(`${root}${path.sep}`));
    const refused = (reason: string) => record({ ...base, status: 'failed', durationMs: Date.now() - started, output: '', reason });
    if (!name.ok) {
      refused(`a file block named "${item.name}" is not saved: ${name.reason}`);
      return;
    }
    if (!inside) {
      refused(`the session is in ${folder ?? 'an unknown folder'}, outside the note's folder and the folder the run started in: ${item.name} is not saved there`);
      return;
    }
    const written = await writeInside(folder, name.relative, item.content.endsWith('\n') ? item.content : `${item.content}\n`);
    if (!written.ok) {
      refused(written.reason);
      return;
    }
    record({ ...base, status: 'ok', exitCode: 0, durationMs: Date.now() - started, output: `saved ${written.path}` });
  };

  const record = (entry: LabRecord) => {
    records.push(entry);
    options.onEvent?.({ kind: 'end', record: entry });
    const bad = entry.kind === 'step' ? entry.status !== 'ok' || entry.verdict === 'differs' : !entry.passed;
    if (bad && !failure) {
      failure = entry;
    }
  };

  try {
    for (const item of plan.items) {
      if (failure || error || options.signal?.aborted) {
        break;
      }
      const session = await sessionFor(item.terminal);
      if (typeof session === 'string') {
        error = session;
        break;
      }
      if (item.kind === 'steps') {
        running = undefined;
        await runSteps(item, session);
      } else if (item.kind === 'file') {
        await saveFile(item, session);
      } else {
        await runCheck(item, session);
      }
    }
  } catch (thrown) {
    error = `the run stopped: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all([...sessions.values()].map((session) => session.close().catch(() => undefined)));
  }

  const steps = records.filter((entry): entry is LabStepRecord => entry.kind === 'step');
  const checks = records.filter((entry): entry is LabCheckRecord => entry.kind === 'check');
  const totals: LabTotals = {
    // A saved file block counts as a step of the lab, as it is one for the reader.
    steps: plan.stepCount + plan.items.filter((item) => item.kind === 'file').length,
    stepsRun: steps.length,
    stepsPassed: steps.filter((step) => step.status === 'ok' && step.verdict !== 'differs').length,
    matched: steps.filter((step) => step.verdict === 'matched').length,
    differs: steps.filter((step) => step.verdict === 'differs').length,
    checks: plan.checkCount,
    checksRun: checks.length,
    checksPassed: checks.filter((check) => check.passed).length,
    durationMs: Date.now() - started,
  };
  const passed = !failure && !error && !options.signal?.aborted && totals.stepsPassed === totals.steps && totals.checksPassed === totals.checks;
  return { file: model.file, passed, records, ...(failure ? { failure } : {}), ...(error ? { error } : {}), targets, startedAt, totals };

  /** One planned run: its steps as one block run of the session, each timed, compared and recorded. */
  async function runSteps(item: PlannedRun, session: ShellSession): Promise<void> {
    let current: { index: number; started: number; startedAt: string; output: Capped } | undefined;
    let timedOut: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let begun = false;
    const stopped = (index: number, result: { status: RunResult['status']; message?: string }): { status: LabStatus; reason: string } | undefined =>
      timedOut === index
        ? { status: 'timed-out', reason: `did not end within ${formatSeconds(options.timeoutMs ?? 0)} (--timeout); it was stopped` }
        : options.signal?.aborted || result.status === 'cancelled'
          ? { status: 'cancelled', reason: 'interrupted' }
          : result.status === 'error'
            ? { status: 'error', reason: result.message ?? 'the session ended during the step' }
            : undefined;
    const handle = session.runBlock(
      item.steps.map((step) => step.text),
      {
        onData: (text) => current?.output.add(text),
        onStepStart: (n) => {
          begun = true;
          const step = item.steps[n - 1];
          current = { index: n - 1, started: performance.now(), startedAt: new Date().toISOString(), output: new Capped(maxOutput * 4) };
          options.onEvent?.({ kind: 'step-start', terminal: item.terminal, line: step.line, text: mask(step.text) });
          if (options.timeoutMs) {
            timer = setTimeout(() => {
              timedOut = n - 1;
              handle.cancel();
            }, options.timeoutMs);
          }
        },
        onStepEnd: (result) => {
          clearTimeout(timer);
          const at = current;
          current = undefined;
          if (at) {
            recordStep(item, item.steps[at.index], result, at.startedAt, at.output, stopped(at.index, { status: 'ok' }));
          }
        },
      },
    );
    running = handle;
    const result = await handle.done;
    clearTimeout(timer);
    running = undefined;
    // A step the run ended in before its end marker came: timed out, interrupted, or the shell ended (`exit`).
    const open = current as typeof current;
    if (open) {
      const step: StepResult = { step: open.index + 1, exitCode: result.exitCode ?? 1, durationMs: Math.round(performance.now() - open.started), output: '' };
      recordStep(item, item.steps[open.index], step, open.startedAt, open.output, stopped(open.index, result) ?? { status: 'error', reason: result.message ?? 'the step did not report how it ended' });
    } else if (!begun && result.status !== 'ok' && !failure) {
      error = result.message ?? `the session of terminal "${item.terminal}" could not run the steps (${result.status})`;
    }
  }

  function recordStep(item: PlannedRun, step: PlannedStep, result: StepResult, startedAtIso: string, raw: Capped, end?: { status: LabStatus; reason: string }): void {
    const status: LabStatus = end?.status ?? (result.exitCode === 0 ? 'ok' : 'failed');
    const output = screenText(raw.text());
    const capped = cap(mask(output), maxOutput, raw.dropped);
    let verdict: StepVerdict = 'no-expected';
    let reason = end?.reason ?? (status === 'failed' ? `exit ${result.exitCode}` : undefined);
    let lines: { expectedLine?: number; actualLine?: number } = {};
    if (step.expected && (status === 'ok' || status === 'failed')) {
      const match = matchOutput(step.expected.text, raw.text());
      verdict = match.matches ? 'matched' : 'differs';
      if (!match.matches) {
        reason = status === 'ok' ? mask(match.reason ?? 'differs from the note') : reason;
        lines = { expectedLine: match.expectedLine, actualLine: match.actualLine };
      }
    }
    record({
      kind: 'step',
      block: step.block,
      step: step.step,
      line: step.line,
      terminal: item.terminal,
      ...(item.section ? { section: item.section } : {}),
      text: mask(step.text),
      status,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      startedAt: startedAtIso,
      output: capped.text,
      outputOmitted: capped.omitted,
      verdict,
      ...(reason ? { reason } : {}),
      ...(step.expected ? { expected: { text: mask(step.expected.text), line: step.expected.line, endLine: step.expected.endLine } } : {}),
      ...lines,
    });
  }

  async function runCheck(item: PlannedCheck, session: ShellSession): Promise<void> {
    const startedAtIso = new Date().toISOString();
    const output = new Capped(maxOutput * 4);
    options.onEvent?.({ kind: 'check-start', terminal: item.terminal, line: item.check.line, text: mask(item.check.text) });
    let timedOut = false;
    const handle = session.run(item.check.text, { onData: (text) => output.add(text) });
    running = handle;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          handle.cancel();
        }, options.timeoutMs)
      : undefined;
    const result: RunResult = await handle.done;
    clearTimeout(timer);
    running = undefined;
    const status: LabStatus = timedOut ? 'timed-out' : result.status === 'ok' ? 'ok' : result.status;
    const capped = cap(mask(screenText(output.text())), maxOutput, output.dropped);
    record({
      kind: 'check',
      line: item.check.line,
      terminal: item.terminal,
      ...(item.section ? { section: item.section } : {}),
      text: mask(item.check.text),
      status,
      passed: status === 'ok',
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      startedAt: startedAtIso,
      output: capped.text,
      outputOmitted: capped.omitted,
      ...(status === 'ok' ? {} : { reason: timedOut ? `did not end within ${formatSeconds(options.timeoutMs ?? 0)} (--timeout); it was stopped` : status === 'cancelled' ? 'interrupted' : result.message ?? `exit ${result.exitCode}` }),
    });
  }
}

/**
 * Values a step assigns to a secret name (`export API_TOKEN=abc123`, `-e DB_PASSWORD="x y"`), as
 * maskSecrets reads names: a later `echo $API_TOKEN` prints the value where no name says it is one.
 */
export function assignedSecrets(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]{0,200})=("[^"\n$`]{3,4096}"|'[^'\n]{3,4096}'|[^\s"'|;&$`]{3,4096})/g)) {
    if (maskSecrets(`${match[1]}=x${match[1]}`) !== `${match[1]}=x${match[1]}`) {
      found.push(/^["']/.test(match[2]) ? match[2].slice(1, -1) : match[2]);
    }
  }
  return found;
}

/** `12 s`, `1.5 s`, `2 min`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.round(seconds * 10) / 10} s`;
}

/** Terminal output as the screen shows it: escapes removed, `\r` redraws resolved, LF line ends. */
export function screenText(raw: string): string {
  return stripTerminalEscapes(raw)
    .split('\n')
    .map((line) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (!text.includes('\r')) {
        return text;
      }
      // A redraw: the last non-empty state of the line.
      const parts = text.split('\r').filter((part) => part !== '');
      return parts[parts.length - 1] ?? '';
    })
    .join('\n');
}

/** At most `max` characters: the first and last halves around a line saying how much was left out. */
export function cap(text: string, max: number, droppedBefore = 0): { text: string; omitted: number } {
  if (text.length <= max && droppedBefore === 0) {
    return { text, omitted: 0 };
  }
  const half = Math.floor(max / 2);
  const omitted = Math.max(0, text.length - 2 * half) + droppedBefore;
  return { text: `${text.slice(0, half)}\n[… ${omitted} characters left out: each step's output is capped at ${Math.round(max / 1024)} KB …]\n${text.slice(-half)}`, omitted };
}

/** Output as it arrives, kept to its first and last `max / 2` characters. */
class Capped {
  private head = '';
  private tail = '';
  /** Characters not kept. */
  dropped = 0;

  constructor(private readonly max: number) {}

  add(text: string): void {
    const half = this.max >> 1;
    if (this.head.length < half) {
      const room = half - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text) {
      this.tail += text;
      if (this.tail.length > half * 2) {
        const cut = this.tail.length - half;
        this.dropped += cut;
        this.tail = this.tail.slice(cut);
      }
    }
  }

  text(): string {
    return this.head + this.tail;
  }
}
