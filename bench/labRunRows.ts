/**
 * Bench rows of `course-notes run` (issue 14): the built CLI (`node dist/cli.js run lab.md`, the
 * whole process: Node start, parsing, one session, the report-less run) on a 20-step lab, against
 * `bash lab.sh` with the same 20 command lines, interleaved in one run so the machine's load falls
 * on both alike. Two labs: quick docker CLI steps (what a lab's steps are: `docker ps`, `docker
 * image inspect`…, the budgeted row), and quick shell builtins (information: there the fixed cost
 * of starting Node and an interactive bash is all there is to see).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sessionLauncher } from '../src/runner/shellSession';
import { repoRoot } from './repoRoot';
import type { Row } from './run';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Runs a program to its end; its time in ms and exit code. */
function timed(program: string, args: readonly string[], cwd: string): Promise<{ ms: number; code: number | null }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(program, [...args], { cwd, env: { ...process.env, HOME: cwd }, stdio: 'ignore' });
    child.on('exit', (code) => resolve({ ms: performance.now() - start, code }));
    child.on('error', () => resolve({ ms: Number.NaN, code: null }));
  });
}

async function compare(dir: string, name: string, steps: readonly string[], runs: number): Promise<{ ours: number[]; bash: number[]; failed: number }> {
  const note = path.join(dir, `${name}.md`);
  const script = path.join(dir, `${name}.sh`);
  // Two blocks of ten, as a lab has them.
  fs.writeFileSync(note, `# ${name}\n\n\`\`\`bash\n${steps.slice(0, 10).join('\n')}\n\`\`\`\n\nThen:\n\n\`\`\`bash\n${steps.slice(10).join('\n')}\n\`\`\`\n`);
  fs.writeFileSync(script, `set -e\n${steps.join('\n')}\n`);
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const ours: number[] = [];
  const bash: number[] = [];
  let failed = 0;
  for (let i = 0; i < runs; i++) {
    const a = await timed(process.execPath, [cli, 'run', note], dir);
    const b = await timed('bash', [script], dir);
    failed += a.code === 0 && b.code === 0 ? 0 : 1;
    ours.push(a.ms);
    bash.push(b.ms);
  }
  return { ours, bash, failed };
}

export async function labRunRows(quick: boolean): Promise<Row[]> {
  const what = [
    '`course-notes run` on a 20-step lab of quick docker CLI steps, over `bash lab.sh` of the same lines (whole process)',
    '`course-notes run` on a 20-step lab of shell builtins, over `bash lab.sh` (information: the fixed cost)',
  ];
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  if (!sessionLauncher() || !fs.existsSync(cli)) {
    const note = !fs.existsSync(cli) ? 'skipped: dist/cli.js not built (npm run build)' : 'skipped: no util-linux script';
    return [
      { id: 'labrun-docker', what: what[0], measured: false, budget: '≤ 1.3×', note },
      { id: 'labrun-shell', what: what[1], measured: false, budget: 'information', note },
    ];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bench-labrun-'));
  try {
    const runs = quick ? 3 : 10;
    const dockerSteps = Array.from({ length: 20 }, (_, i) =>
      [`docker ps -q --filter name=cn-bench-none-${i}`, 'docker image inspect busybox --format "{{.Id}}"', 'docker version --format "{{.Server.Version}}"', 'docker network ls -q --filter name=^bridge$'][i % 4],
    );
    const shellSteps = Array.from({ length: 20 }, (_, i) => `echo step ${i} && ls > /dev/null && x=$((x+${i}))`);
    const rows: Row[] = [];
    const probe = await timed('docker', ['image', 'inspect', 'busybox'], dir);
    if (probe.code !== 0) {
      rows.push({ id: 'labrun-docker', what: what[0], measured: false, budget: '≤ 1.3×', note: 'skipped: no Docker engine with busybox' });
    } else {
      const docker = await compare(dir, 'docker-lab', dockerSteps, runs);
      const ratio = median(docker.ours) / median(docker.bash);
      rows.push({
        id: 'labrun-docker',
        what: what[0],
        measured: true,
        ours: { value: round(median(docker.ours)), unit: 'ms', samples: docker.ours.map(round) },
        baseline: { value: round(median(docker.bash)), unit: 'ms', samples: docker.bash.map(round) },
        ratio,
        budget: '≤ 1.3×',
        pass: docker.failed === 0 && ratio <= 1.3,
        details: { runs, failedRuns: docker.failed, addedMs: round(median(docker.ours) - median(docker.bash)) },
      });
    }
    const shell = await compare(dir, 'shell-lab', shellSteps, runs);
    rows.push({
      id: 'labrun-shell',
      what: what[1],
      measured: true,
      ours: { value: round(median(shell.ours)), unit: 'ms', samples: shell.ours.map(round) },
      baseline: { value: round(median(shell.bash)), unit: 'ms', samples: shell.bash.map(round) },
      ratio: median(shell.ours) / median(shell.bash),
      budget: 'information',
      details: { runs, failedRuns: shell.failed, addedMs: round(median(shell.ours) - median(shell.bash)), why: 'Node start, the bundle, an interactive bash on a pty: a fixed cost, not one per step' },
    });
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
