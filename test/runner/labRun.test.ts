import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabPlan } from '../../src/core/labPlan';
import { planLab } from '../../src/core/labPlan';
import { parseNote } from '../../src/core/noteParser';
import { formatLabReport } from '../../src/cli/labReport';
import type { LabEvent, LabRunOptions, LabStepRecord } from '../../src/runner/labRun';
import { runLab } from '../../src/runner/labRun';
import { sessionLauncher } from '../../src/runner/shellSession';
import { ensureDocker, tempDir, uniqueSeconds } from './helpers';
import { aliveInSession, withMarker } from '../processes';

/** This process's environment without HISTFILE (bash would write there instead of ~/.bash_history). */
function withoutHistFile(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.HISTFILE;
  return env;
}

describe('runner: course-notes run, the headless lab runner (real bash sessions)', function () {
  this.timeout(60_000);
  let work: ReturnType<typeof tempDir>;

  before(function () {
    if (!sessionLauncher()) {
      if (process.env.CI === 'true') {
        throw new Error('util-linux script is needed for sessions (apt-get install bsdutils)');
      }
      this.skip();
    }
  });

  beforeEach(() => {
    work = tempDir('labrun');
  });

  afterEach(() => work.remove());

  /** Writes `text` as a note in the work folder and plans it. */
  function note(text: string, options: { sections?: string[]; values?: Record<string, string> } = {}): { model: ReturnType<typeof parseNote>; plan: LabPlan } {
    const file = path.join(work.dir, 'lab.md');
    fs.writeFileSync(file, text);
    const model = parseNote(file, text);
    const outcome = planLab(model, options);
    assert.ok('plan' in outcome, `planned: ${JSON.stringify(outcome)}`);
    return { model, plan: outcome.plan };
  }

  async function run(text: string, options: LabRunOptions & { sections?: string[]; values?: Record<string, string> } = {}) {
    const { model, plan } = note(text, options);
    const events: LabEvent[] = [];
    const result = await runLab(model, plan, { env: { ...process.env, HOME: work.dir }, ...options, onEvent: (event) => events.push(event) });
    return { result, events, steps: result.records.filter((r): r is LabStepRecord => r.kind === 'step') };
  }

  it('runs the steps in order in one session: cd and export carry across blocks, in the note\'s folder', async () => {
    const { result, steps } = await run(['# Lab', '', '## One', '', '```bash', 'mkdir -p demo', 'cd demo', 'export NAME=x', '```', '', '## Two', '', '```bash', 'echo "$NAME in $(basename "$PWD")"', 'pwd', '```', ''].join('\n'));
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    assert.deepEqual(steps.map((s) => [s.line, s.status]), [[6, 'ok'], [7, 'ok'], [8, 'ok'], [14, 'ok'], [15, 'ok']]);
    assert.equal(steps[3].output.trim(), 'x in demo');
    assert.equal(steps[4].output.trim(), path.join(fs.realpathSync(work.dir), 'demo'));
    assert.deepEqual([result.totals.steps, result.totals.stepsRun, result.totals.stepsPassed], [5, 5, 5]);
    assert.ok(steps.every((s) => !Number.isNaN(Date.parse(s.startedAt)) && s.durationMs >= 0));
  });

  it('writes nothing into the runner\'s ~/.bash_history (a CI machine\'s, or the author\'s)', async () => {
    const home = tempDir('labrun-home');
    try {
      fs.writeFileSync(path.join(home.dir, '.bash_history'), 'ls\n');
      const { result } = await run(['# Lab', '', '```bash', 'echo a-line-for-no-history', 'cd /', '```', ''].join('\n'), { env: { ...withoutHistFile(), HOME: home.dir } });
      assert.equal(result.passed, true, JSON.stringify(result.failure));
      assert.equal(fs.readFileSync(path.join(home.dir, '.bash_history'), 'utf8'), 'ls\n');
      assert.deepEqual(fs.readdirSync(work.dir).filter((name) => name.includes('history')), []);
    } finally {
      home.remove();
    }
  });

  it('stops at the first failing step and names it; what follows does not run', async () => {
    const { result, steps } = await run(['# Lab', '', '```bash', 'echo one', 'ls /no/such/folder', 'touch after-failure', '```', '', '```bash', 'touch later-block', '```', ''].join('\n'));
    assert.equal(result.passed, false);
    assert.equal(result.failure?.line, 5);
    assert.equal(result.failure?.text, 'ls /no/such/folder');
    assert.equal(steps.length, 2);
    assert.equal(steps[1].status, 'failed');
    assert.notEqual(steps[1].exitCode, 0);
    assert.match(steps[1].output, /No such file or directory/);
    assert.equal(fs.existsSync(path.join(work.dir, 'after-failure')), false);
    assert.equal(fs.existsSync(path.join(work.dir, 'later-block')), false);
    assert.equal(result.totals.stepsRun, 2);
  });

  it('compares a step with the output the note prints: matched, and a difference stops the run before the next step', async () => {
    const good = await run(['# Lab', '', '```console', '$ echo hello world', 'hello world', '$ date -u +%Y-%m-%dT%H:%M:%SZ', '2019-01-02T03:04:05Z', '```', ''].join('\n'));
    assert.equal(good.result.passed, true, JSON.stringify(good.result.failure));
    assert.deepEqual(good.steps.map((s) => s.verdict), ['matched', 'matched']);
    assert.equal(good.result.totals.matched, 2);

    const bad = await run(['# Lab', '', '```console', '$ echo hello moon', 'hello world', '$ touch not-reached', '```', ''].join('\n'));
    assert.equal(bad.result.passed, false);
    assert.equal(bad.steps.length, 1, 'the step after the difference does not run');
    assert.equal(bad.steps[0].status, 'ok');
    assert.equal(bad.steps[0].verdict, 'differs');
    assert.match(bad.steps[0].reason ?? '', /hello world/);
    assert.equal(bad.result.failure?.line, 4);
    assert.equal(fs.existsSync(path.join(work.dir, 'not-reached')), false);
  });

  it('runs a section\'s check after its steps: exit 0 passes, else the run stops with its output', async () => {
    const text = (check: string) => ['# Lab', '', '## Make it', '', `<!-- check: ${check} -->`, '', '```bash', 'echo made > made.txt', '```', '', '## Later', '', '```bash', 'touch later', '```', ''].join('\n');
    const passing = await run(text('grep -q made made.txt'));
    assert.equal(passing.result.passed, true, JSON.stringify(passing.result.failure));
    assert.deepEqual(passing.result.records.map((r) => `${r.kind}:${r.line}`), ['step:8', 'check:5', 'step:14'], 'the check written above the steps runs after them');
    assert.equal(passing.result.totals.checksPassed, 1);

    fs.rmSync(path.join(work.dir, 'later'));
    const failing = await run(text('echo "no web service yet"; false'));
    assert.equal(failing.result.passed, false);
    const check = failing.result.failure;
    assert.equal(check?.kind, 'check');
    assert.equal(check?.kind === 'check' && check.passed, false);
    assert.match(check?.output ?? '', /no web service yet/);
    assert.equal(fs.existsSync(path.join(work.dir, 'later')), false);
  });

  it('ends a step that never ends at --timeout, records it timed out, stops, and leaves no process behind', async () => {
    const seconds = uniqueSeconds();
    const { model, plan } = note(['# Lab', '', '```bash', 'echo start', `sleep ${seconds}`, 'touch not-reached', '```', ''].join('\n'));
    let sid: number | undefined;
    const started = Date.now();
    const result = await runLab(model, plan, {
      env: { ...process.env, HOME: work.dir },
      timeoutMs: 700,
      onEvent: (event) => {
        if (event.kind === 'step-start' && event.text.startsWith('sleep')) {
          // The sleep's session id is the shell's: read it from the sleep itself once it is up.
          setTimeout(() => {
            const pid = withMarker(`sleep${'\0'}${seconds}`)[0];
            if (pid) {
              const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
              sid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
            }
          }, 300);
        }
      },
    });
    const took = Date.now() - started;
    assert.equal(result.passed, false);
    const steps = result.records.filter((r): r is LabStepRecord => r.kind === 'step');
    assert.deepEqual(steps.map((s) => s.status), ['ok', 'timed-out']);
    assert.equal(result.failure?.line, 5);
    assert.match(steps[1].reason ?? '', /did not end within 0\.7 s/);
    assert.ok(took < seconds * 1000, 'it did not wait for the sleep');
    assert.ok(sid !== undefined, 'the sleep was seen running in the session');
    assert.deepEqual(aliveInSession(sid ?? -1), [], 'nothing of the session is left');
    assert.deepEqual(withMarker(`sleep${'\0'}${seconds}`), []);
    assert.equal(fs.existsSync(path.join(work.dir, 'not-reached')), false);
  });

  it('an abort (Ctrl+C of the CLI) ends the step running, records it interrupted, and closes the sessions', async () => {
    const seconds = uniqueSeconds();
    const { model, plan } = note(['# Lab', '', '```bash', `sleep ${seconds}`, '```', ''].join('\n'));
    const abort = new AbortController();
    const result = await runLab(model, plan, {
      env: { ...process.env, HOME: work.dir },
      signal: abort.signal,
      onEvent: (event) => event.kind === 'step-start' && setTimeout(() => abort.abort(), 300),
    });
    assert.equal(result.passed, false);
    assert.equal(result.records[0]?.status, 'cancelled');
    assert.deepEqual(withMarker(`sleep${'\0'}${seconds}`), []);
  });

  it('a placeholder without a value stops before anything runs; with --set it runs, quoted as a literal', () => {
    const text = ['# Lab', '', '```bash', 'touch ran', 'docker inspect <container ID>', 'docker run', '```', ''].join('\n');
    const file = path.join(work.dir, 'lab.md');
    const model = parseNote(file, text);
    const without = planLab(model);
    assert.ok('needs' in without);
    assert.deepEqual(without.needs.map((n) => [n.kind, n.name, n.line]), [['placeholder', 'container ID', 5], ['incomplete', 'docker run', 6]]);
    const withValues = planLab(model, { values: { 'Container  id': 'web; rm -rf x', 'docker run': '--rm hello-world' } });
    assert.ok('plan' in withValues);
    const steps = withValues.plan.items.flatMap((item) => (item.kind === 'steps' ? item.steps.map((s) => s.text) : []));
    assert.deepEqual(steps, ['touch ran', "docker inspect 'web; rm -rf x'", 'docker run --rm hello-world']);
  });

  it('runs --set values in a real session (the value reaches the command as one word)', async () => {
    await ensureDocker();
    const { result, steps } = await run(['# Lab', '', '```bash', 'docker run --rm busybox printf "[%s]\\n" <greeting>', '```', ''].join('\n'), { values: { greeting: 'two words; echo injected' } });
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    assert.equal(steps[0].output.trim(), '[two words; echo injected]');
  });

  it('masks secrets in command text, output and the report', async () => {
    await ensureDocker();
    const { result } = await run(['# Lab', '', '```bash', 'export API_TOKEN=abc123', 'echo "token is $API_TOKEN"', 'echo SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx', "docker run --rm busybox echo pw: <password>", '```', ''].join('\n'), { values: { password: 'hunter2secret' } });
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    const report = formatLabReport([{ title: 'Lab', file: 'lab.md', result, versions: [] }], { date: new Date(0), maxOutput: 64 * 1024 });
    const everything = JSON.stringify(result.records) + report;
    for (const secret of ['abc123', '3pu6hszjas19', 'hunter2secret']) {
      assert.equal(everything.includes(secret), false, `${secret} is masked`);
    }
    assert.match(report, /API_TOKEN=••••••/);
    assert.match(report, /SWMTKN-1-••••••/);
    assert.ok(result.records.some((r) => r.text === 'export API_TOKEN=••••••'));
    // A value the note assigned to a secret name is masked where it is printed later (`token is …`).
    assert.ok(result.records.some((r) => r.output.includes('token is ••••••')));
    assert.ok(result.records.some((r) => r.output.includes('pw: ••••••')));
  });

  it('gives each terminal name its own session: .term1 and .term2 do not share cd or variables', async () => {
    const { result, steps, events } = await run(
      ['# Lab', '', '```.term1', 'mkdir -p one && cd one', 'export WHO=node1', '```', '', '```.term2', 'echo "[${WHO-}] $(basename "$PWD")"', '```', '', '```.term1', 'echo "[$WHO] $(basename "$PWD")"', '```', ''].join('\n'),
    );
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    assert.deepEqual(events.filter((e) => e.kind === 'session').map((e) => e.kind === 'session' && e.terminal), ['term1', 'term2']);
    assert.deepEqual(steps.map((s) => s.terminal), ['term1', 'term1', 'term2', 'term1']);
    assert.equal(steps[2].output.trim(), `[] ${path.basename(work.dir)}`);
    assert.equal(steps[3].output.trim(), '[node1] one');
  });

  it('runs only the selected sections (by title without its estimate, case-insensitive)', async () => {
    const { result, steps } = await run(['# Lab', '', '## Setup (5min)', '', '```bash', 'echo setup', '```', '', '## The Build (10 min)', '', '```bash', 'echo build', '```', ''].join('\n'), { sections: ['the  build'] });
    assert.equal(result.passed, true);
    assert.deepEqual(steps.map((s) => s.output.trim()), ['build']);
    assert.equal(steps[0].section, 'The Build');
  });

  it('caps each step\'s output and says so', async () => {
    const { steps } = await run(['# Lab', '', '```bash', 'head -c 300000 /dev/zero | tr "\\0" "x"; echo', '```', ''].join('\n'), { maxOutput: 4096 });
    assert.equal(steps[0].status, 'ok');
    assert.ok(steps[0].output.length < 4096 + 200, `${steps[0].output.length} characters kept`);
    assert.ok(steps[0].outputOmitted > 290_000);
    assert.match(steps[0].output, /characters left out: each step's output is capped at 4 KB/);
  });

  it('runs a docker step against the real engine and matches its output', async () => {
    await ensureDocker();
    const { result, steps } = await run(['# Lab', '', '```bash', 'docker run --rm busybox echo hello from busybox', '```', '', 'You should see:', '', '```', 'hello from busybox', '```', ''].join('\n'));
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    assert.equal(steps[0].verdict, 'matched');
  });
});
