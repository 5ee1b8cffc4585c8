import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatLabReport, parseDockerVersion, parseKubectlVersion } from '../../src/cli/labReport';
import { diffExcerpt, parseRunArgs, reportTarget, resultLines, stepLine } from '../../src/cli/run';
import { planLab, valueKey } from '../../src/core/labPlan';
import { parseNote } from '../../src/core/noteParser';
import type { LabCheckRecord, LabRunResult, LabStepRecord } from '../../src/runner/labRun';
import { assignedSecrets, cap, screenText } from '../../src/runner/labRun';
import { tempDir } from './helpers';

const step = (over: Partial<LabStepRecord> = {}): LabStepRecord => ({
  kind: 'step',
  block: 0,
  step: 1,
  line: 12,
  terminal: 'default',
  text: 'docker run --rm hello-world',
  status: 'ok',
  exitCode: 0,
  durationMs: 312,
  startedAt: '2024-05-01T10:00:00.000Z',
  output: 'Hello from Docker!\n',
  outputOmitted: 0,
  verdict: 'no-expected',
  ...over,
});

function result(records: (LabStepRecord | LabCheckRecord)[], over: Partial<LabRunResult> = {}): LabRunResult {
  const steps = records.filter((r): r is LabStepRecord => r.kind === 'step');
  return {
    file: 'lab.md',
    passed: records.every((r) => (r.kind === 'step' ? r.status === 'ok' && r.verdict !== 'differs' : r.passed)),
    records,
    targets: [{ terminal: 'default', target: 'default target' }],
    startedAt: '2024-05-01T10:00:00.000Z',
    totals: { steps: steps.length, stepsRun: steps.length, stepsPassed: steps.filter((s) => s.status === 'ok' && s.verdict !== 'differs').length, matched: steps.filter((s) => s.verdict === 'matched').length, differs: steps.filter((s) => s.verdict === 'differs').length, checks: 0, checksRun: 0, checksPassed: 0, durationMs: 1500 },
    ...over,
  };
}

describe('course-notes run: arguments', () => {
  it('reads every option, repeated ones and --opt=value forms', () => {
    const options = parseRunArgs(['a.md', '--section', 'Build it', '--section=Run it', '--report', 'r.md', '--force', '--node', 'node1=tcp://10.0.0.1:2375', '--set', 'container ID=web=1', '--set=image name=x', '--timeout', '2.5', 'b.md']);
    assert.deepEqual(options, {
      notes: ['a.md', 'b.md'],
      sections: ['Build it', 'Run it'],
      report: 'r.md',
      force: true,
      nodes: { node1: 'tcp://10.0.0.1:2375' },
      values: { 'container ID': 'web=1', 'image name': 'x' },
      timeoutMs: 2500,
    });
  });

  it('defaults: every section, a 600 s step timeout, no report', () => {
    assert.deepEqual(parseRunArgs(['lab.md']), { notes: ['lab.md'], sections: [], force: false, nodes: {}, values: {}, timeoutMs: 600_000 });
    assert.deepEqual(parseRunArgs(['lab.md', '--all', '--timeout', '0']), { notes: ['lab.md'], sections: [], force: false, nodes: {}, values: {}, timeoutMs: 0 });
  });

  const usage: [string[], RegExp][] = [
    [[], /needs a note/],
    [['lab.md', '--section'], /--section needs/],
    [['lab.md', '--all', '--section', 'x'], /do not go together/],
    [['lab.md', '--timeout', 'soon'], /--timeout needs a number/],
    [['lab.md', '--timeout', '-1'], /--timeout needs a number/],
    [['lab.md', '--set', 'novalue'], /--set needs NAME=VALUE/],
    [['lab.md', '--set', '=x'], /--set needs NAME=VALUE/],
    [['lab.md', '--node', 'node1'], /--node needs NAME=TARGET/],
    [['lab.md', '--report'], /--report needs a file/],
    [['lab.md', '--bogus'], /unknown option --bogus/],
  ];
  for (const [args, message] of usage) {
    it(`usage error: ${args.join(' ') || '(nothing)'}`, () => {
      const parsed = parseRunArgs(args);
      assert.equal(typeof parsed, 'string');
      assert.match(parsed as string, message);
    });
  }

  it('names values by the placeholder as written, case and spacing aside, brackets allowed', () => {
    assert.equal(valueKey('<Container  ID>'), 'container id');
    assert.equal(valueKey(' container ID '), 'container id');
    assert.equal(valueKey('[options]'), 'options');
  });
});

describe('course-notes run: the plan', () => {
  const note = (text: string) => parseNote('/labs/lab.md', text);

  it('leaves an [optional] placeholder out without a value, and cuts a block after each step with expected output', () => {
    const outcome = planLab(note(['# L', '', '```console', '$ docker ps [options]', 'CONTAINER ID   IMAGE', '$ echo two', '$ echo three', '```', ''].join('\n')));
    assert.ok('plan' in outcome);
    assert.deepEqual(outcome.plan.items.map((item) => (item.kind === 'steps' ? item.steps.map((s) => s.text) : [])), [['docker ps'], ['echo two', 'echo three']]);
  });

  it('says which section titles do not exist, and lists those that do', () => {
    const outcome = planLab(note(['# L', '', '## Setup (5min)', '', '```bash', 'echo hi', '```', ''].join('\n')), { sections: ['Teardown'] });
    assert.ok('unknownSections' in outcome);
    assert.deepEqual(outcome.unknownSections, ['Teardown']);
    assert.deepEqual(outcome.titles, ['L', 'Setup']);
  });

  it('runs a check in the terminal of its section\'s last step, or the one its fence names', () => {
    const outcome = planLab(note(['# L', '', '```.term2', 'echo a', '```', '', '<!-- check: true -->', '', '```bash {check terminal=node1}', 'true', '```', ''].join('\n')));
    assert.ok('plan' in outcome);
    assert.deepEqual(outcome.plan.items.map((item) => [item.kind, item.terminal]), [['steps', 'term2'], ['check', 'term2'], ['check', 'node1']]);
  });
});

describe('course-notes run: printing and the report', () => {
  it('prints a step line and its result lines', () => {
    assert.equal(stepLine('labs/lab.md', 12, 'cat > Dockerfile <<EOF\nFROM busybox\nEOF'), '▶ labs/lab.md:12  $ cat > Dockerfile <<EOF  (+2 lines)');
    assert.deepEqual(resultLines(step()), ['✓ 0.3s']);
    assert.deepEqual(resultLines(step({ verdict: 'matched' })), ['✓ 0.3s · matches the note']);
    assert.deepEqual(resultLines(step({ status: 'failed', exitCode: 1, durationMs: 200 })), ['✗ exit 1 · 0.2s']);
    assert.deepEqual(resultLines(step({ status: 'timed-out', reason: 'did not end within 2 s (--timeout); it was stopped', durationMs: 2000 })), ['⏱ did not end within 2 s (--timeout); it was stopped · 2.0s']);
    const differs = resultLines(step({ verdict: 'differs', reason: 'The note shows "hello"; this run shows "bye".', output: 'bye\n', expected: { text: 'hello', line: 20, endLine: 20 }, expectedLine: 1, actualLine: 1 }));
    assert.deepEqual(differs, ['✓ 0.3s', '≠ differs from the note: The note shows "hello"; this run shows "bye".', '    -   20 │ hello', '    + run  │ bye']);
  });

  it('a diff excerpt shows a few lines around the first difference, and no output as such', () => {
    const lines = diffExcerpt({ expected: { text: 'a\nb\nc\nd', line: 30 }, output: 'a\nB\nc\nd', expectedLine: 2, actualLine: 2 });
    assert.deepEqual(lines, ['    -   30 │ a', '    -   31 │ b', '    -   32 │ c', '    + run  │ a', '    + run  │ B', '    + run  │ c']);
    assert.deepEqual(diffExcerpt({ expected: { text: 'x', line: 5 }, output: '' }), ['    -    5 │ x', '    + run  │ (no output)']);
  });

  it('writes every step with command, exit code, duration, time, output and verdict, the tools\' versions per terminal', () => {
    const records = [
      step({ line: 9, text: 'mkdir demo', output: '', section: 'Setup' }),
      step({ verdict: 'matched', expected: { text: 'Hello from Docker!', line: 14, endLine: 14 } }),
      step({ line: 20, text: 'echo ```x```', status: 'failed', exitCode: 3, output: 'some ``` fence\n' }),
    ];
    const report = formatLabReport([{ title: 'Docker | intro', file: 'labs/lab.md', result: result(records, { failure: records[2] }), versions: [{ terminal: 'default', target: 'default target', dockerClient: '28.2.2', dockerServer: '20.10.24', kubectlClient: 'v1.32.4' }] }], { date: new Date('2024-05-01T10:00:05Z'), maxOutput: 64 * 1024 });
    assert.match(report, /^# Lab report\n\n- Date: 2024-05-01T10:00:05.000Z\n/);
    assert.match(report, /capped at 64 KB/);
    assert.match(report, /## Docker \\\| intro \(`labs\/lab.md`\)/);
    assert.match(report, /\| default \| default target \| 28\.2\.2 \| 20\.10\.24 \| v1\.32\.4 \| not reached \|/);
    assert.match(report, /### 1\. Step at line 9 · Setup\n\n```sh\nmkdir demo\n```/);
    assert.match(report, /exit code: 0 · duration: 0\.3 s · started: 2024-05-01T10:00:00\.000Z/);
    assert.match(report, /Verdict: ✓ ran · matches the note \(lines 14–14\)/);
    assert.match(report, /Verdict: ✗ failed \(exit 3\)/);
    assert.match(report, /````sh\necho ```x```\n````/, 'a fence longer than any backtick run inside');
    assert.match(report, /````text\nsome ``` fence\n````/);
    assert.match(report, /Result: ✗ stopped at line 20/);
  });

  it('says how much output the cap left out, and masks what it adds', () => {
    const report = formatLabReport([{ title: 'L', file: 'l.md', result: result([step({ output: 'x', outputOmitted: 1234, text: 'docker login -p hunter2 r.io' })]), versions: [] }], { date: new Date(0), maxOutput: 64 * 1024 });
    assert.match(report, /Output \(1234 characters left out by the cap\)/);
    assert.equal(report.includes('hunter2'), false);
  });

  it('caps output to its first and last halves, and renders the screen a terminal shows', () => {
    const capped = cap('a'.repeat(100) + 'b'.repeat(100), 64);
    assert.equal(capped.omitted, 200 - 64);
    assert.ok(capped.text.startsWith('a'.repeat(32)) && capped.text.endsWith('b'.repeat(32)));
    assert.equal(cap('short', 64).omitted, 0);
    assert.equal(screenText('\x1b[32mok\x1b[0m\r\n10%\r50%\r100%\r\ndone'), 'ok\n100%\ndone');
  });

  it('reads values a step assigns to secret names, not to others', () => {
    assert.deepEqual(assignedSecrets('export API_TOKEN=abc123 MONKEY=banana DB_PASSWORD="p w d" PW=$X'), ['abc123', 'p w d']);
  });

  it('reads docker and kubectl versions, tolerating failures', () => {
    assert.deepEqual(parseDockerVersion('28.2.2|20.10.24+dfsg1\n'), { dockerClient: '28.2.2', dockerServer: '20.10.24+dfsg1' });
    assert.deepEqual(parseDockerVersion('28.2.2|\n'), { dockerClient: '28.2.2' });
    assert.deepEqual(parseDockerVersion(''), {});
    assert.deepEqual(parseKubectlVersion('{"clientVersion":{"gitVersion":"v1.32.4"}}'), { kubectlClient: 'v1.32.4' });
    assert.deepEqual(parseKubectlVersion('{"clientVersion":{"gitVersion":"v1"},"serverVersion":{"gitVersion":"v2"}}'), { kubectlClient: 'v1', kubectlServer: 'v2' });
    assert.deepEqual(parseKubectlVersion('{not json'), {});
  });
});

describe('course-notes run: where the report may go', () => {
  let work: ReturnType<typeof tempDir>;
  beforeEach(() => (work = tempDir('report')));
  afterEach(() => work.remove());

  it('inside the current folder, a new file or an existing one with --force', () => {
    fs.mkdirSync(path.join(work.dir, 'out'));
    const real = fs.realpathSync(work.dir);
    assert.deepEqual(reportTarget('out/report.md', work.dir, false), { path: path.join(real, 'out', 'report.md') });
    fs.writeFileSync(path.join(work.dir, 'old.md'), 'x');
    assert.match((reportTarget('old.md', work.dir, false) as { error: string }).error, /exists; give --force/);
    assert.deepEqual(reportTarget('old.md', work.dir, true), { path: path.join(real, 'old.md') });
  });

  it('refuses a path outside it, through a link out of it, a link itself, a folder, or a missing folder', () => {
    const outside = tempDir('outside');
    try {
      fs.symlinkSync(outside.dir, path.join(work.dir, 'away'));
      fs.symlinkSync(path.join(outside.dir, 'f.md'), path.join(work.dir, 'link.md'));
      fs.mkdirSync(path.join(work.dir, 'folder.md'));
      const refused: [string, RegExp][] = [
        ['../report.md', /outside the current folder/],
        [path.join(outside.dir, 'r.md'), /outside the current folder/],
        ['.', /outside the current folder/],
        ['away/r.md', /a link leads out/],
        ['link.md', /symbolic link/],
        ['folder.md', /not a file/],
        ['missing/r.md', /does not exist/],
      ];
      for (const [file, message] of refused) {
        const target = reportTarget(file, work.dir, true);
        assert.ok('error' in target, `${file} is refused`);
        assert.match(target.error, message, file);
      }
    } finally {
      outside.remove();
    }
  });
});
