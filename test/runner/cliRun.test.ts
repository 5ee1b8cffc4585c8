import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sessionLauncher } from '../../src/runner/shellSession';
import { docker, ensureDocker, exec, ROOT, tempDir, uniqueName } from './helpers';

/** The built CLI (`npm run build` first), run as a course's CI would: `node dist/cli.js run …` in the course folder. */
function cli(args: readonly string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd, env: { ...process.env, HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('runner: the built course-notes CLI runs a lab note (node dist/cli.js run)', function () {
  this.timeout(180_000);
  let course: ReturnType<typeof tempDir>;
  const image = uniqueName('cli-lab');

  before(async function () {
    if (!sessionLauncher()) {
      if (process.env.CI === 'true') {
        throw new Error('util-linux script is needed for sessions (apt-get install bsdutils)');
      }
      this.skip();
    }
    await ensureDocker();
    const build = await exec('npm', ['run', 'build'], { timeoutMs: 120_000 });
    assert.equal(build.code, 0, build.stderr);
  });

  beforeEach(() => {
    course = tempDir('cli-course');
    fs.mkdirSync(path.join(course.dir, 'labs'));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'lab', 'cli-lab.md'), path.join(course.dir, 'labs', 'cli-lab.md'));
  });

  afterEach(async () => {
    await docker('rmi', '-f', image);
    course.remove();
  });

  it("passes on the sample course's own lab (its file block saved as a reader would), and fails naming the step on a copy whose expected output changed", async () => {
    const sample = tempDir('sample-lab');
    try {
      fs.copyFileSync(path.join(ROOT, 'sample-course', '05-lab-build-and-serve.md'), path.join(sample.dir, 'lab.md'));
      await docker('rm', '-f', 'hello-web');
      const run = await cli(['run', 'lab.md'], sample.dir);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /\$ Save as index\.html\n {4}saved .*hello-web\/index\.html\n✓/);
      assert.match(run.stdout, /<h1>Hello from my first image<\/h1>\n✓ \d+\.\ds · matches the note/);
      assert.match(run.stdout, /✓ lab\.md: 11\/11 steps passed, 1 matching the note, 2\/2 checks passed/);
      const text = fs.readFileSync(path.join(sample.dir, 'lab.md'), 'utf8');
      fs.writeFileSync(path.join(sample.dir, 'changed.md'), text.replace('```\n<h1>Hello from my first image</h1>\n```', '```\n<h1>Hello from somebody else</h1>\n```'));
      fs.rmSync(path.join(sample.dir, 'hello-web'), { recursive: true, force: true });
      const changed = await cli(['run', 'changed.md'], sample.dir);
      assert.equal(changed.code, 1, changed.stdout);
      assert.match(changed.stdout, /✗ changed\.md:\d+: `docker run --rm \$APP cat \/www\/index\.html` differs from the note/);
    } finally {
      await docker('rm', '-f', 'hello-web');
      await docker('rmi', '-f', 'hello-web');
      sample.remove();
    }
  });

  it('passes on the sample lab: exit 0, every step printed with its result, and a report', async () => {
    const run = await cli(['run', 'labs/cli-lab.md', '--set', `image name=${image}`, '--report', 'report.md'], course.dir);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /▶ labs\/cli-lab\.md:9 {2}\$ mkdir -p cli-lab-work\n✓ \d+\.\ds/);
    assert.match(run.stdout, new RegExp(`▶ labs/cli-lab\\.md:30  \\$ docker run --rm ${image}\\n    hello from the cli lab\\n✓ \\d+\\.\\ds · matches the note`));
    assert.match(run.stdout, /check \$ test -f Dockerfile/);
    assert.match(run.stdout, /✓ labs\/cli-lab\.md: 6\/6 steps passed, 2 matching the note, 1\/1 checks passed/);
    assert.equal(fs.existsSync(path.join(course.dir, 'labs', 'cli-lab-work', 'Dockerfile')), true, 'the lab ran in the note\'s folder');
    const report = fs.readFileSync(path.join(course.dir, 'report.md'), 'utf8');
    assert.match(report, /Result: ✓ passed — 6 of 6 steps passed/);
    assert.match(report, /\| default \| default target \| \d+\.\d+/, 'the docker client version');
    assert.equal((report.match(/^### \d+\. (Step|Check) at line/gm) ?? []).length, 7);
    // A report that exists is not replaced without --force; nothing runs then.
    const again = await cli(['run', 'labs/cli-lab.md', '--set', `image name=${image}`, '--report', 'report.md'], course.dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists; give --force/);
    assert.equal(again.stdout, '');
  });

  it('fails on a copy whose expected output was changed: exit 1, the step named', async () => {
    const file = path.join(course.dir, 'labs', 'cli-lab.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('```\nhello from the cli lab\n```', '```\nhello from another lab\n```'));
    const run = await cli(['run', 'labs/cli-lab.md', '--set', `image name=${image}`], course.dir);
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /≠ differs from the note: .*hello from another lab/);
    assert.match(run.stdout, / {4}- +36 │ hello from another lab\n {4}\+ run {2}│ hello from the cli lab/);
    assert.match(run.stdout, new RegExp(`✗ labs/cli-lab\\.md:30: \`docker run --rm ${image}\` differs from the note`));
    assert.doesNotMatch(run.stdout, /basename/, 'the step after it did not run');
  });

  it('stops with exit 2 and runs nothing when a placeholder has no value', async () => {
    const run = await cli(['run', 'labs/cli-lab.md'], course.dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cli-lab\.md:29: `docker build -q -t <image name> \.` needs a value for <image name>: give it with --set 'image name=VALUE'/);
    assert.equal(fs.existsSync(path.join(course.dir, 'labs', 'cli-lab-work')), false);
  });

  it('a step over --timeout: exit 1, named, and no process left', async () => {
    const file = path.join(course.dir, 'labs', 'slow.md');
    const seconds = 40000 + Math.floor(Math.random() * 50000);
    fs.writeFileSync(file, ['# Slow', '', '```bash', 'echo before', `sleep ${seconds}`, '```', ''].join('\n'));
    const run = await cli(['run', 'labs/slow.md', '--timeout', '1'], course.dir);
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /⏱ did not end within 1 s \(--timeout\)/);
    assert.match(run.stdout, new RegExp(`✗ labs/slow\\.md:5: \`sleep ${seconds}\` did not end within --timeout`));
    const ps = await exec('ps', ['-eo', 'stat=,args=']);
    assert.equal(ps.stdout.split('\n').filter((line) => line.includes(`sleep ${seconds}`) && !line.startsWith('Z')).length, 0);
  });
});
