import { execFile } from 'node:child_process';
import type { NodeTarget } from '../core/nodeTargets';
import { describeTarget, targetEnvironment } from '../core/nodeTargets';
import { maskSecrets } from '../core/secrets';
import type { LabRecord, LabRunResult } from '../runner/labRun';

/**
 * The Markdown lab report `course-notes run --report FILE` writes: the date and the result, the
 * Docker and kubectl versions (client and server) and the target of each terminal, then per step
 * the command as run, its exit code, duration, start time, output (capped, the cap said) and
 * verdict. Everything in it was masked when it was recorded (runner/labRun); it is masked once more
 * here, so nothing the report adds (a version line, a target) can carry a secret either.
 */

/** What a terminal's tools report. Absent parts: the tool is missing or its server did not answer. */
export interface ToolVersions {
  readonly terminal: string;
  readonly target: string;
  readonly dockerClient?: string;
  readonly dockerServer?: string;
  readonly kubectlClient?: string;
  readonly kubectlServer?: string;
}

export interface ReportNote {
  readonly title: string;
  readonly file: string;
  readonly result: LabRunResult;
  readonly versions: readonly ToolVersions[];
}

const VERSION_TIMEOUT_MS = 10_000;

function capture(program: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(program, [...args], { env, timeout: VERSION_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (_error, stdout) => resolve(String(stdout ?? '')));
  });
}

/** Docker's and kubectl's versions in each terminal's environment; failures leave parts absent. */
export async function toolVersions(terminals: readonly string[], targets: ReadonlyMap<string, NodeTarget>, env: NodeJS.ProcessEnv): Promise<ToolVersions[]> {
  return Promise.all(
    terminals.map(async (terminal) => {
      const target = targets.get(terminal);
      const environment = targetEnvironment(target, env);
      const context = target?.kubeContext ? ['--context', target.kubeContext] : [];
      const [docker, kubectl] = await Promise.all([
        capture('docker', ['version', '--format', '{{.Client.Version}}|{{if .Server}}{{.Server.Version}}{{end}}'], environment),
        capture('kubectl', [...context, 'version', '-o', 'json', '--request-timeout=5s'], environment),
      ]);
      return { terminal, target: target ? describeTarget(target) : 'default target', ...parseDockerVersion(docker), ...parseKubectlVersion(kubectl) };
    }),
  );
}

/** `28.2.2|20.10.24` → client and server. */
export function parseDockerVersion(text: string): Pick<ToolVersions, 'dockerClient' | 'dockerServer'> {
  const line = text.split('\n').find((each) => each.includes('|'));
  if (!line) {
    return {};
  }
  const [client, server] = line.split('|').map((part) => part.trim());
  return { ...(client ? { dockerClient: client.slice(0, 80) } : {}), ...(server ? { dockerServer: server.slice(0, 80) } : {}) };
}

/** `kubectl version -o json`: clientVersion / serverVersion gitVersion (the server part only when it answered). */
export function parseKubectlVersion(text: string): Pick<ToolVersions, 'kubectlClient' | 'kubectlServer'> {
  const start = text.indexOf('{');
  if (start < 0) {
    return {};
  }
  try {
    const data = JSON.parse(text.slice(start)) as { clientVersion?: { gitVersion?: unknown }; serverVersion?: { gitVersion?: unknown } };
    const client = typeof data.clientVersion?.gitVersion === 'string' ? data.clientVersion.gitVersion : undefined;
    const server = typeof data.serverVersion?.gitVersion === 'string' ? data.serverVersion.gitVersion : undefined;
    return { ...(client ? { kubectlClient: client.slice(0, 80) } : {}), ...(server ? { kubectlServer: server.slice(0, 80) } : {}) };
  } catch {
    return {};
  }
}

/** A fence that no backtick run in `text` can close. */
function fence(text: string, info = ''): string {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

/** Inline code that holds `text` (one line, no control characters). */
function code(text: string): string {
  const line = oneLine(text);
  const ticks = '`'.repeat(Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return `${ticks}${line.startsWith('`') || line.endsWith('`') ? ` ${line} ` : line}${ticks}`;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
}

/** Markdown table cells and headings: no line breaks, `|` escaped. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function verdictOf(record: LabRecord): string {
  if (record.kind === 'check') {
    return record.passed ? '✓ check passed' : `✗ check failed: ${cell(record.reason ?? '')}`;
  }
  const status =
    record.status === 'ok'
      ? '✓ ran'
      : record.status === 'failed'
        ? `✗ failed (exit ${record.exitCode})`
        : record.status === 'timed-out'
          ? `⏱ timed out: ${cell(record.reason ?? '')}`
          : record.status === 'cancelled'
            ? '✗ interrupted'
            : `✗ ${cell(record.reason ?? 'error')}`;
  const match =
    record.verdict === 'matched'
      ? ` · matches the note (lines ${record.expected?.line}–${record.expected?.endLine})`
      : record.verdict === 'differs'
        ? ` · ≠ differs from the note (lines ${record.expected?.line}–${record.expected?.endLine}): ${cell(record.reason ?? '')}`
        : '';
  return status + match;
}

function resultSentence(note: ReportNote): string {
  const { result } = note;
  const t = result.totals;
  const counts = `${t.stepsPassed} of ${t.steps} steps passed, ${t.matched} matching the note, ${t.differs} differing${t.checks ? `, ${t.checksPassed} of ${t.checks} checks passed` : ''}`;
  if (result.passed) {
    return `✓ passed — ${counts}`;
  }
  const failure = result.failure;
  const where = failure ? `line ${failure.line}, ${code(failure.text.split('\n')[0])}` : cell(result.error ?? 'stopped');
  return `✗ stopped at ${where} — ${counts}${t.stepsRun + t.checksRun < t.steps + t.checks ? `; ${t.steps + t.checks - t.stepsRun - t.checksRun} not run` : ''}`;
}

/** The report for the notes run (see the module comment). */
export function formatLabReport(notes: readonly ReportNote[], options: { readonly date: Date; readonly maxOutput: number; readonly interrupted?: boolean }): string {
  const out: string[] = [];
  const passed = notes.every((note) => note.result.passed) && !options.interrupted;
  out.push('# Lab report', '');
  out.push(`- Date: ${options.date.toISOString()}`);
  out.push(`- Notes: ${notes.length} · ${passed ? '✓ every step passed' : options.interrupted ? '✗ interrupted' : '✗ some did not pass'}`);
  out.push(`- Each step's output is capped at ${Math.round(options.maxOutput / 1024)} KB (its first and last halves are kept); secrets are masked as ••••••.`);
  for (const note of notes) {
    const { result } = note;
    out.push('', `## ${cell(note.title)} (${code(note.file)})`, '');
    out.push(`- Started: ${result.startedAt} · took ${seconds(result.totals.durationMs)}`);
    out.push(`- Result: ${resultSentence(note)}`);
    if (note.versions.length > 0) {
      out.push('', '| Terminal | Target | Docker client | Docker server | kubectl client | kubectl server |', '|---|---|---|---|---|---|');
      for (const v of note.versions) {
        out.push(`| ${cell(v.terminal)} | ${cell(v.target)} | ${cell(v.dockerClient ?? '—')} | ${cell(v.dockerServer ?? 'not reached')} | ${cell(v.kubectlClient ?? '—')} | ${cell(v.kubectlServer ?? 'not reached')} |`);
      }
    } else if (result.targets.length > 0) {
      out.push('', ...result.targets.map((t) => `- Terminal ${code(t.terminal)}: ${cell(t.target)}`));
    }
    result.records.forEach((record, i) => {
      const kind = record.kind === 'check' ? 'Check' : 'Step';
      out.push('', `### ${i + 1}. ${kind} at line ${record.line}${record.section ? ` · ${cell(record.section)}` : ''}`, '');
      out.push(fence(record.text, 'sh'), '');
      out.push(`- Terminal: ${code(record.terminal)} · exit code: ${record.exitCode ?? '—'} · duration: ${seconds(record.durationMs)} · started: ${record.startedAt}`);
      out.push(`- Verdict: ${verdictOf(record)}`);
      if (record.output.trim() !== '') {
        out.push('', `Output${record.outputOmitted > 0 ? ` (${record.outputOmitted} characters left out by the cap)` : ''}:`, '', fence(record.output, 'text'));
      } else {
        out.push('- Output: none');
      }
      if (record.kind === 'step' && record.verdict === 'differs' && record.expected) {
        out.push('', `The note's output (lines ${record.expected.line}–${record.expected.endLine}):`, '', fence(record.expected.text, 'text'));
      }
    });
    const notRun = result.totals.steps + result.totals.checks - result.totals.stepsRun - result.totals.checksRun;
    if (notRun > 0) {
      out.push('', `*${notRun} more step${notRun === 1 ? '' : 's'} or check${notRun === 1 ? '' : 's'} not run: the run stops at the first failure.*`);
    }
  }
  return `${maskSecrets(out.join('\n'))}\n`;
}
