import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveInside, writeInside } from '../../src/platform/safeFile';

/** Every file under `dir` (links as `-> target`), so a test can see that nothing else was written. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const shown = path.relative(dir, full);
      if (entry.isSymbolicLink()) {
        out.push(`${shown} -> ${fs.readlinkSync(full)}`);
      } else if (entry.isDirectory()) {
        out.push(`${shown}/`);
        walk(full);
      } else {
        out.push(shown);
      }
    }
  };
  walk(dir);
  return out.sort();
}

describe('safeFile: resolveInside and writeInside on a real folder', () => {
  let base: string;
  let folder: string;
  let outside: string;

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-safe-'));
    folder = path.join(base, 'lab');
    outside = path.join(base, 'outside');
    fs.mkdirSync(folder);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'keep me\n');
  });

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('writes a new file, making the missing folders inside', async () => {
    const written = await writeInside(folder, 'app/src/main.go', 'package main\n');
    assert.deepEqual(written, { ok: true, path: path.join(fs.realpathSync(folder), 'app', 'src', 'main.go'), created: true });
    assert.equal(fs.readFileSync(path.join(folder, 'app', 'src', 'main.go'), 'utf8'), 'package main\n');
    assert.deepEqual(tree(folder), ['app/', 'app/src/', 'app/src/main.go'], 'no temporary file is left');
  });

  it('replaces an existing file in place, keeping its mode', async () => {
    const target = path.join(folder, 'run.sh');
    fs.writeFileSync(target, 'old\n');
    fs.chmodSync(target, 0o750);
    assert.deepEqual(await resolveInside(folder, './run.sh'), { ok: true, path: fs.realpathSync(target), exists: true });
    const written = await writeInside(folder, './run.sh', '#!/bin/sh\necho new\n');
    assert.equal(written.ok && written.created, false);
    assert.equal(fs.readFileSync(target, 'utf8'), '#!/bin/sh\necho new\n');
    assert.equal(fs.statSync(target).mode & 0o777, 0o750);
  });

  it('replaces a hard link to a file outside without touching that file', async () => {
    fs.linkSync(path.join(outside, 'secret.txt'), path.join(folder, 'linked.txt'));
    assert.equal((await writeInside(folder, 'linked.txt', 'new\n')).ok, true);
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'keep me\n');
    assert.equal(fs.readFileSync(path.join(folder, 'linked.txt'), 'utf8'), 'new\n');
  });

  it('follows a link to a folder that stays inside', async () => {
    fs.mkdirSync(path.join(folder, 'real'));
    fs.symlinkSync('real', path.join(folder, 'alias'));
    const written = await writeInside(folder, 'alias/config.yml', 'a: 1\n');
    assert.equal(written.ok, true);
    assert.equal(fs.readFileSync(path.join(folder, 'real', 'config.yml'), 'utf8'), 'a: 1\n');
  });

  const refusals: readonly { readonly name: string; readonly relative: string; readonly setUp?: (folder: string, outside: string) => void; readonly reason: RegExp }[] = [
    { name: 'a .. path', relative: '../outside/secret.txt', reason: /\.\./ },
    { name: 'an absolute path', relative: '/etc/passwd', reason: /absolute/ },
    { name: 'a control character', relative: 'a\u0007b.txt', reason: /control/ },
    { name: 'a link to a folder outside', relative: 'out/secret.txt', setUp: (f, o) => fs.symlinkSync(o, path.join(f, 'out')), reason: /symbolic link out of the folder/ },
    { name: 'a link outside deeper down', relative: 'a/b/new.txt', setUp: (f, o) => { fs.mkdirSync(path.join(f, 'a')); fs.symlinkSync(o, path.join(f, 'a', 'b')); }, reason: /a\/b is a symbolic link out/ },
    { name: 'an absolute link to a folder outside', relative: 'up/x.txt', setUp: (f) => fs.symlinkSync('/', path.join(f, 'up')), reason: /out of the folder/ },
    { name: 'the target a link to a file outside', relative: 'secret.txt', setUp: (f, o) => fs.symlinkSync(path.join(o, 'secret.txt'), path.join(f, 'secret.txt')), reason: /symbolic link/ },
    { name: 'the target a link inside', relative: 'b.txt', setUp: (f) => { fs.writeFileSync(path.join(f, 'a.txt'), 'a'); fs.symlinkSync('a.txt', path.join(f, 'b.txt')); }, reason: /symbolic link/ },
    { name: 'a dangling link on the way', relative: 'gone/x.txt', setUp: (f) => fs.symlinkSync('nowhere', path.join(f, 'gone')), reason: /leads nowhere/ },
    { name: 'a file where a folder is needed', relative: 'file.txt/x.txt', setUp: (f) => fs.writeFileSync(path.join(f, 'file.txt'), ''), reason: /is a file, not a folder/ },
    { name: 'a folder as the target', relative: 'sub', setUp: (f) => fs.mkdirSync(path.join(f, 'sub')), reason: /is a folder/ },
    { name: 'a FIFO as the target', relative: 'pipe', setUp: (f) => execFileSync('mkfifo', [path.join(f, 'pipe')]), reason: /not a regular file/ },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name}, writing nothing anywhere`, async () => {
      c.setUp?.(folder, outside);
      const before = { inside: tree(folder), outside: tree(outside), base: tree(base) };
      const resolved = await resolveInside(folder, c.relative);
      assert.equal(resolved.ok, false);
      assert.match(resolved.ok ? '' : resolved.reason, c.reason);
      const written = await writeInside(folder, c.relative, 'pwned\n');
      assert.equal(written.ok, false);
      assert.deepEqual({ inside: tree(folder), outside: tree(outside), base: tree(base) }, before);
      assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'keep me\n');
    });
  }

  it('refuses a folder that does not exist', async () => {
    const resolved = await resolveInside(path.join(base, 'missing'), 'a.txt');
    assert.equal(resolved.ok, false);
    assert.match(resolved.ok ? '' : resolved.reason, /does not exist/);
  });

  it('notices a folder swapped for a link out between its making and the write', async () => {
    // The race writeInside checks for, staged: as it makes `sub`, something else puts a link to a
    // folder outside there first (its mkdir then fails with EEXIST, as in a real race).
    const sub = path.join(folder, 'sub');
    const original = fs.promises.mkdir;
    let swapped = false;
    (fs.promises as { mkdir: typeof fs.promises.mkdir }).mkdir = (async (dir: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
      if (String(dir) === fs.realpathSync(folder) + path.sep + 'sub' && !swapped) {
        swapped = true;
        fs.symlinkSync(outside, sub);
      }
      return original(dir, options);
    }) as typeof fs.promises.mkdir;
    const originalOpen = fs.promises.open;
    const opened: string[] = [];
    (fs.promises as { open: typeof fs.promises.open }).open = ((file: fs.PathLike, ...rest: []) => {
      opened.push(fs.realpathSync(path.dirname(String(file))));
      return originalOpen(file, ...rest);
    }) as typeof fs.promises.open;
    try {
      const written = await writeInside(folder, 'sub/x.txt', 'pwned\n');
      assert.deepEqual(opened, [], 'no file was opened, outside above all');
      assert.equal(swapped, true, 'the race was staged');
      assert.equal(written.ok, false);
      assert.match(written.ok ? '' : written.reason, /symbolic link out of the folder/);
      assert.deepEqual(tree(outside), ['secret.txt']);
    } finally {
      (fs.promises as { mkdir: typeof fs.promises.mkdir }).mkdir = original;
      (fs.promises as { open: typeof fs.promises.open }).open = originalOpen;
    }
  });
});
