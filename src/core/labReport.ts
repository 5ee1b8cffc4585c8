import { maskSecrets } from './secrets';

/**
 * The lab report: a Markdown record of what ran from one note (issue 14), for handing a lab in.
 * Pure: it gets the runs (the run log's entries) and the facts read from the machine, and returns
 * the text. Everything in it is untrusted — command text, output, terminal and target names — so:
 * - every line is masked with maskSecrets once more, whatever the log did before;
 * - output and commands go in fenced blocks whose fence is longer than any run of backticks inside,
 *   so no output can close the fence and write Markdown of its own;
 * - terminal colours and other control characters are removed (a `\r` redraw keeps what showed last);
 * - each output is capped (its start and end kept), and the report says how much was cut.
 */

/** One run as the run log keeps it (features/shared/runLog.ts records these). */
export interface RunLogEntry {
  readonly kind: 'command' | 'block' | 'check';
  /** The command as run (a block: its steps, one a line). */
  readonly text: string;
  /** The note terminal it ran in. */
  readonly terminal: string;
  /** The target that terminal is bound to (a Docker context, DOCKER_HOST, kube context), if any. */
  readonly target?: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly exitCode?: number;
  /** `ok`, `failed`, `cancelled`, `error`… */
  readonly status: string;
  /** A block's steps, up to the one that failed. */
  readonly steps?: readonly RunLogStep[];
  readonly output: string;
  /** Characters cut out of `output` (and of the steps' outputs) by a cap before, if any. */
  readonly outputOmitted?: number;
  /** Compared with the output the note prints, when it prints some. */
  readonly verdict?: 'matched' | 'differs';
  readonly verdictReason?: string;
}

export interface RunLogStep {
  readonly text: string;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly output: string;
  /** Compared with the output the note prints under the step, when it prints some. */
  readonly verdict?: 'matched' | 'differs';
  readonly verdictReason?: string;
}

export interface LabReportInput {
  readonly title: string;
  /** The note's path as shown (relative to the workspace). */
  readonly file: string;
  readonly date: Date;
  /** Each a version, or why there is none ("not reachable: …", "not read in Restricted Mode"). */
  readonly versions: { readonly dockerClient: string; readonly dockerServer: string; readonly kubectl: string };
  /** The terminals the runs used and what each is bound to ('' or undefined: the default target). */
  readonly targets: readonly { readonly terminal: string; readonly target?: string }[];
  readonly entries: readonly RunLogEntry[];
  /** Characters of each output the report keeps (start and end); default {@link REPORT_OUTPUT_CAP}. */
  readonly outputCap?: number;
}

/** 16 KB of each output in the log and the report. */
export const REPORT_OUTPUT_CAP = 16 * 1024;

/**
 * `text` cut to at most about `max` characters: its first and last halves, with a line between
 * saying how many characters were cut. `cut` is how many were left out (0: none).
 */
export function capMiddle(text: string, max: number): { readonly text: string; readonly cut: number } {
  if (text.length <= max) {
    return { text, cut: 0 };
  }
  const head = Math.ceil(max / 2);
  const tail = Math.floor(max / 2);
  const cut = text.length - head - tail;
  return { text: `${text.slice(0, head)}\n… ${cut.toLocaleString('en-US')} characters cut …\n${text.slice(text.length - tail)}`, cut };
}

/** Output as a reader should see it: no colours or control sequences, a redrawn line as it ended. */
export function plainOutput(text: string): string {
  return (
    text
      // OSC (title, hyperlinks) first, then CSI and other escapes.
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b[@-_]?/g, '')
      .replace(/\r+\n/g, '\n')
      .split('\n')
      .map((line) => line.slice(line.lastIndexOf('\r') + 1))
      .join('\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
  );
}

/** A fenced block that nothing inside can close: the fence is longer than any backtick run in `text`. */
export function fenced(text: string, info = ''): string {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) {
    longest = Math.max(longest, match[0].length);
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** Inline code that nothing inside can close (CommonMark: a longer backtick string, padded). */
function code(text: string): string {
  // Masked while it still has its lines: some forms (a kubeconfig's `token:`) are known by where a line starts.
  const single = maskSecrets(text).replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const match of single.matchAll(/`+/g)) {
    longest = Math.max(longest, match[0].length);
  }
  const ticks = '`'.repeat(longest + 1);
  return `${ticks} ${single} ${ticks}`;
}

/** Text for one line of prose: masked while it has its lines, then joined, without control characters. */
function oneLine(text: string): string {
  return maskSecrets(plainOutput(text)).replace(/[\r\n]+/g, ' ');
}

/** 0.3s, 1.2s, 12s, 2m 05s (as the lenses say it). */
function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return '?';
  }
  if (ms < 10_000) {
    return `${(ms / 1000).toFixed(1)}s`;
  }
  if (ms < 60_000) {
    return `${Math.round(ms / 1000)}s`;
  }
  return `${Math.floor(ms / 60_000)}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function time(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '?' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const STATUS: Record<string, string> = { ok: '✓ ok', failed: '✗ failed', cancelled: '■ cancelled', error: '✗ could not run', sent: '↗ sent to a terminal' };

function outputBlock(output: string, cap: number, omittedBefore: number): string[] {
  // Masked before the cut too: a cut through a secret could leave a part no pattern knows.
  const plain = maskSecrets(plainOutput(output));
  if (plain.trim() === '') {
    return ['', '_No output._'];
  }
  const capped = capMiddle(plain, cap);
  const cut = capped.cut + omittedBefore;
  return ['', fenced(capped.text, 'text'), ...(cut > 0 ? ['', `_Output capped at ${Math.round(cap / 1024)} KB per step: ${cut.toLocaleString('en-US')} characters cut from its middle._`] : [])];
}

/** The report as Markdown. */
export function labReport(input: LabReportInput): string {
  const cap = input.outputCap ?? REPORT_OUTPUT_CAP;
  const lines: string[] = [
    `# Lab report: ${oneLine(input.title)}`,
    '',
    `- Note: ${code(input.file)}`,
    `- Date: ${time(input.date.getTime())}`,
    `- Docker: client ${input.versions.dockerClient}, server ${input.versions.dockerServer}`,
    `- kubectl: ${input.versions.kubectl}`,
  ];
  if (input.targets.length === 0) {
    lines.push('- Targets: none (nothing ran)');
  } else {
    lines.push('- Targets:');
    for (const { terminal, target } of input.targets) {
      lines.push(`  - ${code(plainOutput(terminal))}: ${target ? code(plainOutput(target)) : "the default target (the engine and kube context the CLI would use)"}`);
    }
  }
  const ok = input.entries.filter((entry) => entry.status === 'ok').length;
  lines.push('', `## Runs (${input.entries.length}, ${ok} ok)`);
  if (input.entries.length === 0) {
    lines.push('', 'Nothing was run from this note.');
  }
  input.entries.forEach((entry, i) => {
    const kind = entry.kind === 'block' ? 'Block' : entry.kind === 'check' ? 'Check' : 'Command';
    const status = entry.kind === 'check' ? (entry.status === 'ok' ? '✓ check passed' : `✗ check ${entry.status === 'failed' ? 'failed' : entry.status}`) : (STATUS[entry.status] ?? plainOutput(entry.status));
    lines.push('', `### ${i + 1}. ${kind} · ${status}`, '', fenced(plainOutput(entry.text), 'sh'), '');
    const where = `${code(plainOutput(entry.terminal))}${entry.target ? ` on ${code(plainOutput(entry.target))}` : ''}`;
    lines.push(`- Terminal: ${where}`);
    lines.push(`- Started: ${time(entry.startedAt)} · Duration: ${duration(entry.durationMs)} · Exit code: ${entry.exitCode ?? '–'}`);
    if (entry.verdict) {
      const reason = entry.verdictReason ? ` (${oneLine(entry.verdictReason)})` : '';
      lines.push(`- Expected output: ${entry.verdict === 'matched' ? '✓ matches the note' : '≠ differs from the note'}${reason}`);
    }
    if (entry.steps && entry.steps.length > 0) {
      entry.steps.forEach((step, n) => {
        const verdict = step.verdict ? ` · ${step.verdict === 'matched' ? '✓ matches the note' : `≠ differs from the note${step.verdictReason ? ` (${oneLine(step.verdictReason)})` : ''}`}` : '';
        lines.push('', `#### Step ${n + 1} · ${step.exitCode === 0 ? '✓' : `✗ exit ${step.exitCode}`} · ${duration(step.durationMs)}${verdict}`, '', fenced(plainOutput(step.text), 'sh'));
        lines.push(...outputBlock(step.output, cap, 0));
      });
      if (entry.output.trim() !== '' && entry.steps.every((step) => step.output.trim() === '')) {
        lines.push(...outputBlock(entry.output, cap, entry.outputOmitted ?? 0));
      } else if ((entry.outputOmitted ?? 0) > 0) {
        lines.push('', `_The log had capped this run's output: ${(entry.outputOmitted ?? 0).toLocaleString('en-US')} characters cut._`);
      }
    } else {
      lines.push(...outputBlock(entry.output, cap, entry.outputOmitted ?? 0));
    }
  });
  lines.push('', '---', '', `_Secrets (swarm join tokens, passwords, tokens, keys, registry auth) are masked as •••••• in this report._`, '');
  // Every line once more: whatever came in unmasked (a target, a title, a reason) leaves masked.
  return maskSecrets(lines.join('\n'));
}
