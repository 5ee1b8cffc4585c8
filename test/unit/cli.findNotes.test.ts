import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNotes, readNote } from '../../src/cli/findNotes';
import { fixturePath, tempDir, writeTree } from './helpers';

/** True when this process can read a folder or file whatever its mode (root with CAP_DAC_OVERRIDE). */
function readsDespiteMode(target: string): boolean {
  try {
    if (fs.statSync(target).isDirectory()) {
      fs.readdirSync(target);
    } else {
      fs.readFileSync(target);
    }
    return true;
  } catch {
    return false;
  }
}

describe('findNotes', () => {
  let dir: string;
  let remove: () => void;
  const rel = (files: readonly string[]) => files.map((file) => path.relative(dir, file).split(path.sep).join('/'));

  beforeEach(() => {
    ({ dir, remove } = tempDir('find'));
  });
  afterEach(() => remove());

  it('lists notes in natural order (2 before 10), .md and .markdown only', () => {
    writeTree(dir, { '10-a.md': '', '2-b.md': '', '1-c.markdown': '', 'notes.txt': '', 'README.MD': '' });
    const found = findNotes([dir]);
    assert.deepEqual(rel(found.files), ['1-c.markdown', '2-b.md', '10-a.md', 'README.MD']);
    assert.deepEqual(found.problems, []);
  });

  it('walks subfolders but skips dependency, build and hidden folders', () => {
    writeTree(dir, {
      'labs/lab-1.md': '',
      'labs/deep/lab-2.md': '',
      'node_modules/pkg/README.md': '',
      '.git/info.md': '',
      'dist/x.md': '',
      'out/x.md': '',
      'build/x.md': '',
      '.obsidian/x.md': '',
      'intro.md': '',
    });
    assert.deepEqual(rel(findNotes([dir]).files), ['intro.md', 'labs/deep/lab-2.md', 'labs/lab-1.md']);
  });

  it('takes a file named explicitly whatever its extension, once', () => {
    writeTree(dir, { 'notes.txt': '# t' });
    const file = path.join(dir, 'notes.txt');
    assert.deepEqual(findNotes([file, file]).files, [file]);
  });

  it('reports a path that does not exist and goes on', () => {
    writeTree(dir, { 'a.md': '' });
    const missing = path.join(dir, 'missing');
    const found = findNotes([missing, dir]);
    assert.deepEqual(rel(found.files), ['a.md']);
    assert.deepEqual(found.problems, [{ file: missing, message: 'no such file or folder' }]);
  });

  it('follows a symbolic link back into the tree only once (no loop)', () => {
    writeTree(dir, { 'course/a.md': '', 'course/labs/b.md': '' });
    fs.symlinkSync('..', path.join(dir, 'course', 'labs', 'up'));
    fs.symlinkSync('.', path.join(dir, 'course', 'self'));
    const found = findNotes([path.join(dir, 'course')]);
    assert.deepEqual(rel(found.files), ['course/a.md', 'course/labs/b.md']);
    assert.deepEqual(found.problems, []);
  });

  it('lists a note reached through a link and its target once', () => {
    writeTree(dir, { 'a.md': '' });
    fs.symlinkSync('a.md', path.join(dir, 'z-link.md'));
    assert.deepEqual(rel(findNotes([dir]).files), ['a.md']);
  });

  it('reports a dangling link named like a note, and ignores other dangling links', () => {
    fs.symlinkSync('missing.md', path.join(dir, 'gone.md'));
    fs.symlinkSync('nowhere', path.join(dir, 'gone-folder'));
    const found = findNotes([dir]);
    assert.deepEqual(found.files, []);
    assert.deepEqual(found.problems, [{ file: path.join(dir, 'gone.md'), message: 'no such file or folder' }]);
  });

  it('reports a link to itself as a symbolic-link loop', () => {
    fs.symlinkSync('self.md', path.join(dir, 'self.md'));
    const found = findNotes([dir]);
    assert.deepEqual(found.problems, [{ file: path.join(dir, 'self.md'), message: 'too many levels of symbolic links' }]);
  });

  // As root (this CI runs as root) a folder with mode 000 can still be read: CAP_DAC_OVERRIDE
  // bypasses the mode, so there is no EACCES to report. The test checks what really happens for
  // the user running it: listed when readable, "permission denied" otherwise.
  it('reports a folder with mode 000 as permission denied, or lists it when the user may read it anyway (root)', () => {
    writeTree(dir, { 'locked/secret.md': '# s', 'open.md': '' });
    const locked = path.join(dir, 'locked');
    fs.chmodSync(locked, 0o000);
    const found = findNotes([dir]);
    if (readsDespiteMode(locked)) {
      assert.deepEqual(rel(found.files), ['locked/secret.md', 'open.md']);
      assert.deepEqual(found.problems, []);
    } else {
      assert.deepEqual(rel(found.files), ['open.md']);
      assert.deepEqual(found.problems, [{ file: locked, message: 'permission denied' }]);
    }
  });

  it('finds the fixture workspace notes and not the node_modules README', () => {
    const root = fixturePath('workspace');
    const found = findNotes([root]);
    assert.deepEqual(
      found.files.map((file) => path.relative(root, file).split(path.sep).join('/')),
      ['01-intro.md', '02-services.md', 'labs/lab-1.md'],
    );
  });
});

describe('readNote', () => {
  let dir: string;
  let remove: () => void;

  beforeEach(() => {
    ({ dir, remove } = tempDir('read'));
  });
  afterEach(() => remove());

  it('reads UTF-8 text', () => {
    writeTree(dir, { 'a.md': '# Café `docker ps`' });
    assert.deepEqual(readNote(path.join(dir, 'a.md'), 1024), { text: '# Café `docker ps`' });
  });

  it('turns invalid UTF-8 bytes into U+FFFD', () => {
    const file = path.join(dir, 'latin1.md');
    fs.writeFileSync(file, Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9]));
    assert.deepEqual(readNote(file, 1024), { text: '# caf\uFFFD' });
  });

  it('reports a note larger than the limit with its size, without reading it', () => {
    writeTree(dir, { 'big.md': 'x'.repeat(20) });
    assert.deepEqual(readNote(path.join(dir, 'big.md'), 10), { tooLarge: 20 });
  });

  it('says why a missing note cannot be read', () => {
    assert.deepEqual(readNote(path.join(dir, 'nope.md'), 10), { problem: 'no such file or folder' });
  });

  it('says "permission denied" for a file with mode 000, unless the user may read it anyway (root)', () => {
    writeTree(dir, { 'secret.md': '# s' });
    const file = path.join(dir, 'secret.md');
    fs.chmodSync(file, 0o000);
    const expected = readsDespiteMode(file) ? { text: '# s' } : { problem: 'permission denied' };
    assert.deepEqual(readNote(file, 1024), expected);
  });
});
