import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec, ROOT, tempDir } from './helpers';

/**
 * The command's loader (src/cliEntry.ts): the program with V8's code cache beside it. Run on a copy
 * of the built dist/ in a folder of the test's, so the modes and owners are the test's to set.
 */
describe('runner: the course-notes command keeps V8\'s code cache beside its bundle', function () {
  this.timeout(120_000);
  let copy: ReturnType<typeof tempDir>;
  let dist: string;

  before(async () => {
    const build = await exec('npm', ['run', 'build'], { timeoutMs: 120_000 });
    assert.equal(build.code, 0, build.stderr);
  });

  beforeEach(() => {
    copy = tempDir('cli-entry');
    dist = path.join(copy.dir, 'dist');
    fs.mkdirSync(dist, { mode: 0o755 });
    fs.chmodSync(dist, 0o755);
    for (const name of ['cli.js', 'cli-main.js']) {
      fs.copyFileSync(path.join(ROOT, 'dist', name), path.join(dist, name));
    }
  });

  afterEach(() => copy.remove());

  const note = () => {
    const file = path.join(copy.dir, 'note.md');
    fs.writeFileSync(file, '# A note\n\n## Run it (5 min)\n\n```bash\ndocker ps\n```\n');
    return file;
  };
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(dist, 'cli.js'), ...args], { cwd: copy.dir, encoding: 'utf8' });
  const caches = () => fs.readdirSync(dist).filter((name) => name.endsWith('.cache')).sort();

  it('writes one cache per subcommand after its first run, and gives the same output with it', () => {
    const first = run('list', note());
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(caches().map((name) => name.split('.')[2]), ['list']);
    const cache = caches()[0];
    const written = fs.statSync(path.join(dist, cache));
    assert.equal(written.mode & 0o022, 0, 'writable by its owner only');
    const second = run('list', note());
    assert.equal(second.stdout, first.stdout);
    assert.equal(fs.statSync(path.join(dist, cache)).mtimeMs, written.mtimeMs, 'a cache V8 took is not written again');
    assert.equal(run('--version').status, 0);
    assert.deepEqual(caches().map((name) => name.split('.')[2]), ['list', 'other']);
    // A run that stopped at a usage error compiled little: no cache is written from it.
    assert.equal(run('check', '--max-warnings', 'many').status, 2);
    assert.deepEqual(caches().map((name) => name.split('.')[2]), ['list', 'other']);
  });

  it('the bundle\'s markdown-it decodes entities (its decoder loads on first use)', () => {
    const file = path.join(copy.dir, 'entities.md');
    fs.writeFileSync(file, '# Tom &amp; Jerry &copy;\n\n## Run &lt;it&gt; (5 min)\n\n```bash\ndocker ps\n```\n');
    const result = run('list', '--json', file);
    assert.equal(result.status, 0, result.stderr);
    const [listed] = (JSON.parse(result.stdout) as { notes: { title: string; sections: { title: string }[] }[] }).notes;
    assert.equal(listed.title, 'Tom & Jerry ©');
    assert.ok(listed.sections.some((section) => section.title.startsWith('Run <it>')), JSON.stringify(listed.sections));
  });

  it('a bundle changed since (even to the same length, which V8 alone would not notice) never runs the old code', () => {
    assert.match(run('--version').stdout, /0\.1\.0/);
    assert.equal(caches().length, 1);
    const bundle = path.join(dist, 'cli-main.js');
    const text = fs.readFileSync(bundle, 'utf8');
    assert.ok(text.includes('"0.1.0"'));
    fs.writeFileSync(bundle, text.split('"0.1.0"').join('"9.9.9"'));
    const later = (Date.now() + 5000) / 1000;
    fs.utimesSync(bundle, later, later);
    const again = run('--version');
    assert.match(again.stdout, /9\.9\.9/, again.stdout);
    assert.equal(caches().length, 1, `the cache of the bundle before is removed: ${caches().join(', ')}`);
  });

  it('the extension\'s markdown-it bundle (dist/node_modules/markdown-it) parses on its own, entities decoded', () => {
    // Copied out of the repository, so a broken bundle cannot fall back to node_modules/markdown-it.
    const alone = path.join(copy.dir, 'alone', 'index.js');
    fs.mkdirSync(path.dirname(alone));
    fs.copyFileSync(path.join(ROOT, 'dist', 'node_modules', 'markdown-it', 'index.js'), alone);
    const script = `const md = require(${JSON.stringify(alone)})({ html: true }); const tokens = md.parse('# Tom &amp; Jerry &copy;\\n\\n\`\`\`bash title="a&amp;b"\\ndocker ps\\n\`\`\`\\n', {}); console.log(JSON.stringify([tokens[1].children.map((t) => t.content).join(''), tokens[3].info]));`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: copy.dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), ['Tom & Jerry ©', 'bash title="a&amp;b"']); // the info string is the note's text (decoded only by a renderer)
  });

  it('a damaged cache is rejected by V8: the program runs as usual and the cache is written anew', () => {
    assert.equal(run('list', note()).status, 0);
    const cache = path.join(dist, caches()[0]);
    fs.writeFileSync(cache, Buffer.alloc(4096, 7));
    const again = run('list', note());
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /docker ps/);
    assert.notDeepEqual(fs.readFileSync(cache), Buffer.alloc(4096, 7));
  });

  it('a cache others may write is never read, and is replaced by one only its owner may write', () => {
    assert.equal(run('list', note()).status, 0);
    // A good cache, but anyone may write it: V8 would take it; the loader must not give it.
    const cache = path.join(dist, caches()[0]);
    fs.chmodSync(cache, 0o666);
    fs.utimesSync(cache, 1_000_000, 1_000_000);
    const again = run('list', note());
    assert.equal(again.status, 0, again.stderr);
    const stat = fs.statSync(cache);
    assert.equal(stat.mode & 0o022, 0);
    assert.notEqual(stat.mtimeMs, 1_000_000_000, 'written anew, so it was not taken');
  });

  it('writes nothing into a folder others may write to, and runs all the same', () => {
    fs.chmodSync(dist, 0o777);
    const result = run('list', note());
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(caches(), []);
    assert.deepEqual(fs.readdirSync(dist).filter((name) => name.endsWith('.tmp')), []);
  });
});
