import { constants as fsConstants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { checkFileName } from '../core/fileBlocks';

/**
 * Writing a file a note names, inside a folder and nowhere else (plain Node, no VS Code). The name
 * is untrusted: it is checked as a name (core/fileBlocks checkFileName), then on the disk — every
 * folder on the way is resolved with realpath, so a symbolic link anywhere on the path that leads
 * out of the folder is refused, and the file itself is never a symbolic link.
 */

export type Resolved =
  | { readonly ok: true; readonly path: string; readonly exists: boolean }
  | { readonly ok: false; readonly reason: string };

export type Written =
  | { readonly ok: true; readonly path: string; readonly created: boolean }
  | { readonly ok: false; readonly reason: string };

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * Where `relative` is inside `folder` on the disk, following the folders that exist: refused when
 * the name is not a relative path inside (see checkFileName), when a folder on the way is a file or
 * a symbolic link leading out of `folder`, or when the target is a symbolic link, a folder or not a
 * regular file. `exists` says whether the target is there now.
 */
export async function resolveInside(folder: string, relative: string): Promise<Resolved> {
  const name = checkFileName(relative);
  if (!name.ok) {
    return name;
  }
  let root: string;
  try {
    root = await fs.realpath(folder);
    if (!(await fs.stat(root)).isDirectory()) {
      return { ok: false, reason: `${folder} is not a folder` };
    }
  } catch {
    return { ok: false, reason: `the folder ${folder} does not exist` };
  }
  const segments = name.relative.split('/');
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    const shown = segments.slice(0, i + 1).join('/');
    const candidate = path.join(current, segments[i]);
    let stat;
    try {
      stat = await fs.lstat(candidate);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        return { ok: true, path: path.join(candidate, ...segments.slice(i + 1)), exists: false };
      }
      return { ok: false, reason: `${shown} cannot be read (${errorCode(error) ?? String(error)})` };
    }
    if (stat.isSymbolicLink()) {
      if (last) {
        return { ok: false, reason: `${shown} is a symbolic link: Course Notes writes only plain files` };
      }
      let target: string;
      try {
        target = await fs.realpath(candidate);
      } catch {
        return { ok: false, reason: `${shown} is a symbolic link that leads nowhere` };
      }
      if (!isInside(root, target)) {
        return { ok: false, reason: `${shown} is a symbolic link out of the folder (to ${target})` };
      }
      stat = await fs.stat(target);
      current = target;
    } else {
      current = candidate;
    }
    if (!last && !stat.isDirectory()) {
      return { ok: false, reason: `${shown} is a file, not a folder` };
    }
    if (last && stat.isDirectory()) {
      return { ok: false, reason: `${shown} is a folder` };
    }
    if (last && !stat.isFile()) {
      return { ok: false, reason: `${shown} is not a regular file` };
    }
  }
  return { ok: true, path: current, exists: true };
}

/** What writeInside writes with: the mode of the file it replaces, else rw-r--r-- (less the umask). */
const NEW_FILE_MODE = 0o644;

/**
 * Writes `content` (UTF-8) to `relative` inside `folder`: missing folders on the way are made (each
 * checked again once made), the text goes to a temporary file beside the target (opened with
 * O_EXCL and O_NOFOLLOW), and a rename puts it in place, which replaces the target's own entry and
 * never writes through a link. Refused as resolveInside refuses, and when the target or a folder
 * changes into a link between the checks.
 */
export async function writeInside(folder: string, relative: string, content: string): Promise<Written> {
  const first = await resolveInside(folder, relative);
  if (!first.ok) {
    return first;
  }
  const root = await fs.realpath(folder);
  const directory = path.dirname(first.path);
  // Made one at a time from the deepest folder that exists, so none is made through a link.
  const missing: string[] = [];
  for (let dir = directory; !(await exists(dir)); dir = path.dirname(dir)) {
    if (!isInside(root, dir) || dir === root) {
      return { ok: false, reason: 'the folder changed while saving' };
    }
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      await fs.mkdir(dir);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') {
        return { ok: false, reason: `cannot make the folder ${path.relative(root, dir)} (${errorCode(error) ?? String(error)})` };
      }
    }
  }
  // Check again now that the folders exist: one of them may have been swapped for a link meanwhile.
  const again = await resolveInside(folder, relative);
  if (!again.ok) {
    return again;
  }
  if (again.path !== first.path) {
    return { ok: false, reason: 'the folder changed while saving' };
  }
  let mode = NEW_FILE_MODE;
  if (again.exists) {
    mode = (await fs.stat(again.path)).mode & 0o777;
  }
  // node:crypto (and fs.promises, read through node:fs's lazy getter) load only here: a headless run
  // that saves nothing does not pay their ≈ 8 ms at start.
  const { randomBytes } = await import('node:crypto');
  const temporary = path.join(directory, `.${path.basename(again.path).slice(0, 200)}.${randomBytes(6).toString('hex')}.course-notes.tmp`);
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0);
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(temporary, flags, mode);
    if (again.exists) {
      await handle.chmod(mode); // the replaced file's mode exactly, whatever the umask
    }
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    // The last look before the rename: the folder still resolves inside, the target is no link.
    const last = await resolveInside(folder, relative);
    if (!last.ok || last.path !== again.path) {
      await fs.rm(temporary, { force: true });
      return last.ok ? { ok: false, reason: 'the folder changed while saving' } : last;
    }
    await fs.rename(temporary, again.path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    return { ok: false, reason: `cannot write ${relative} (${errorCode(error) ?? String(error)})` };
  }
  return { ok: true, path: again.path, created: !again.exists };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
