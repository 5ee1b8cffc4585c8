/**
 * Bench rows of `course-notes run` (issue 14): the built CLI (`node dist/cli.js run lab.md`, the
 * whole process: Node start, parsing, one session, the report-less run) on a 20-step lab, against
 * `bash lab.sh` with the same 20 command lines, interleaved in one run so the machine's load falls
 * on both alike, after one untimed run of each (the CLI's code cache is written by its first run).
 * Two labs: quick docker CLI steps (what a lab's steps are: `docker ps`, `docker image inspect`…,
 * the budgeted row), and quick shell builtins (information: there the fixed cost of starting Node
 * and an interactive bash is all there is to see).
 *
 * The budgeted row starts both without NODE_EXTRA_CA_CERTS: Node 20 reads that file, and builds its
 * whole root store, before it runs a line of any program (+85 ms at every start on these machines,
 * whose environment sets it; a course's CI runner does not). The rows `node-start-ca` (`node -e 0`
 * with and without it) and `labrun-docker-ca` (the same lab in this environment as it is) show it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sessionLauncher } from '../src/runner/shellSession';
import { repoRoot } from './repoRoot';
import type { Row } from './run';
import { median } from './stats';

const round = (value: number) => Math.round(value * 10) / 10;

/** Runs a program to its end; its time in ms and exit code. */
function timed(program: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(program, [...args], { cwd, env: { ...env, HOME: cwd }, stdio: 'ignore' });
    child.on('exit', (code) => resolve({ ms: performance.now() - start, code }));
    child.on('error', () => resolve({ ms: Number.NaN, code: null }));
  });
}

async function compare(dir: string, name: string, steps: readonly string[], runs: number, env: NodeJS.ProcessEnv): Promise<{ ours: number[]; bash: number[]; failed: number }> {
  const note = path.join(dir, `${name}.md`);
  const script = path.join(dir, `${name}.sh`);
  // Two blocks of ten, as a lab has them.
  fs.writeFileSync(note, `# ${name}\n\n\`\`\`bash\n${steps.slice(0, 10).join('\n')}\n\`\`\`\n\nThen:\n\n\`\`\`bash\n${steps.slice(10).join('\n')}\n\`\`\`\n`);
  fs.writeFileSync(script, `set -e\n${steps.join('\n')}\n`);
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const ours: number[] = [];
  const bash: number[] = [];
  let failed = 0;
  await timed(process.execPath, [cli, 'run', note], dir, env);
  await timed('bash', [script], dir, env);
  for (let i = 0; i < runs; i++) {
    const a = await timed(process.execPath, [cli, 'run', note], dir, env);
    const b = await timed('bash', [script], dir, env);
    failed += a.code === 0 && b.code === 0 ? 0 : 1;
    ours.push(a.ms);
    bash.push(b.ms);
  }
  return { ours, bash, failed };
}

/** A measured row from two lists of samples (ms). */
function measuredRow(id: string, what: string, budget: string, ours: readonly number[], baseline: readonly number[], details: Record<string, unknown>, limit?: number): Row {
  const ratio = median(ours) / median(baseline);
  return {
    id,
    what,
    measured: true,
    ours: { value: round(median(ours)), unit: 'ms', samples: ours.map(round) },
    baseline: { value: round(median(baseline)), unit: 'ms', samples: baseline.map(round) },
    ratio,
    budget,
    ...(limit !== undefined ? { pass: details.failedRuns === 0 && ratio <= limit } : {}),
    details: { ...details, addedMs: round(median(ours) - median(baseline)) },
  };
}

export async function labRunRows(quick: boolean): Promise<Row[]> {
  const what = {
    docker: '`course-notes run` on a 20-step lab of quick docker CLI steps, over `bash lab.sh` of the same lines (whole process, warm code cache; Node started without NODE_EXTRA_CA_CERTS, see node-start-ca)',
    dockerCa: '`course-notes run`, the same lab, in this machine\'s environment as it is (NODE_EXTRA_CA_CERTS set: information)',
    shell: '`course-notes run` on a 20-step lab of shell builtins, over `bash lab.sh` (information: the fixed cost)',
    nodeStart: '`node -e 0` with this machine\'s NODE_EXTRA_CA_CERTS, over without it (information: Node\'s cost before any program)',
  };
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  if (!sessionLauncher() || !fs.existsSync(cli)) {
    const note = !fs.existsSync(cli) ? 'skipped: dist/cli.js not built (npm run build)' : 'skipped: no util-linux script';
    return [
      { id: 'labrun-docker', what: what.docker, measured: false, budget: '≤ 1.3×', note },
      { id: 'labrun-shell', what: what.shell, measured: false, budget: 'information', note },
    ];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bench-labrun-'));
  const asIs = process.env;
  const withoutCa: NodeJS.ProcessEnv = { ...process.env };
  delete withoutCa.NODE_EXTRA_CA_CERTS;
  const caSet = asIs.NODE_EXTRA_CA_CERTS !== undefined;
  try {
    const runs = quick ? 3 : 10;
    const dockerSteps = Array.from({ length: 20 }, (_, i) =>
      [`docker ps -q --filter name=cn-bench-none-${i}`, 'docker image inspect busybox --format "{{.Id}}"', 'docker version --format "{{.Server.Version}}"', 'docker network ls -q --filter name=^bridge$'][i % 4],
    );
    const shellSteps = Array.from({ length: 20 }, (_, i) => `echo step ${i} && ls > /dev/null && x=$((x+${i}))`);
    const rows: Row[] = [];
    const probe = await timed('docker', ['image', 'inspect', 'busybox'], dir, withoutCa);
    if (probe.code !== 0) {
      rows.push({ id: 'labrun-docker', what: what.docker, measured: false, budget: '≤ 1.3×', note: 'skipped: no Docker engine with busybox' });
    } else {
      const docker = await compare(dir, 'docker-lab', dockerSteps, runs, withoutCa);
      rows.push(measuredRow('labrun-docker', what.docker, '≤ 1.3×', docker.ours, docker.bash, { runs, failedRuns: docker.failed }, 1.3));
      if (caSet) {
        const ca = await compare(dir, 'docker-lab', dockerSteps, runs, asIs);
        rows.push(measuredRow('labrun-docker-ca', what.dockerCa, 'information', ca.ours, ca.bash, { runs, failedRuns: ca.failed }));
      }
    }
    const shell = await compare(dir, 'shell-lab', shellSteps, runs, withoutCa);
    rows.push(measuredRow('labrun-shell', what.shell, 'information', shell.ours, shell.bash, { runs, failedRuns: shell.failed, why: 'Node start, the bundle, an interactive bash on a pty: a fixed cost, not one per step' }));
    if (caSet) {
      const withCa: number[] = [];
      const without: number[] = [];
      for (let i = 0; i < runs * 2; i++) {
        withCa.push((await timed(process.execPath, ['-e', '0'], dir, asIs)).ms);
        without.push((await timed(process.execPath, ['-e', '0'], dir, withoutCa)).ms);
      }
      rows.push(measuredRow('node-start-ca', what.nodeStart, 'information', withCa, without, { runs: runs * 2, file: asIs.NODE_EXTRA_CA_CERTS }));
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
