import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * `course-notes`, the command: loads the program (dist/cli-main.js, bundled from src/cli.ts) with
 * V8's code cache, so a run does not compile the same 250 KB again at each start (≈ 20 ms of a
 * headless lab run's start, measured by the bench's labrun rows). Node 22's module.enableCompileCache
 * does the same; Node 20 has no such API, so this does it with vm.Script's cachedData.
 *
 * The cache is V8's compiled code of the program after one run of a subcommand (`run`, `check`…:
 * each has its own, so `--help` does not leave a cache without `run`'s code), kept beside the bundle
 * as Python keeps __pycache__: one file per subcommand, V8 version and state of the bundle (the
 * caches of a bundle rebuilt since are removed). It is as trusted as the bundle
 * is: read only when owned by the bundle's owner and writable by no one else, written only into a
 * folder of the current user's that no one else may write to. V8 checks it against its own version
 * and flags and the source's length (not its text: hence the bundle's state in the name), and
 * rejects it (then the program is compiled as usual, and the cache written anew). A cache that
 * cannot be read or written changes nothing but the time.
 */

const COMMANDS = new Set(['list', 'define', 'check', 'run']);

/**
 * The cache of this bundle, as it is now, for a subcommand. V8 checks a cache against the source's
 * length only, not its text: the bundle's inode, size, modification and change times are in the
 * name (the change time, which no copy or unpacking can set, tells a bundle replaced by one with the
 * same size and modification time), so a rebuilt or edited bundle never runs code compiled from the
 * one before. `prefix`: this subcommand's caches for this V8 (another Node's are left alone).
 */
function cacheFile(bundle: string, stat: fs.Stats, command: string | undefined): { file: string; prefix: string } {
  const which = command !== undefined && COMMANDS.has(command) ? command : 'other';
  const prefix = `${path.basename(bundle)}.${which}.${process.versions.v8.replace(/[^\w.-]/g, '_')}.`;
  const state = [stat.ino, stat.size, Math.round(stat.mtimeMs), Math.round(stat.ctimeMs)].join('-');
  return { file: path.join(path.dirname(bundle), `${prefix}${state}.cache`), prefix };
}

/** Owned by `owner` and writable by no one else. */
function trusted(stat: fs.Stats, owner: number): boolean {
  return stat.uid === owner && (stat.mode & 0o022) === 0;
}

function readCache(file: string, owner: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !trusted(stat, owner) || stat.size > 64 * 1024 * 1024) {
      return undefined;
    }
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

/** The folder is the current user's, no one else may write to it, and this process may. */
function writable(dir: string): boolean {
  const uid = process.getuid?.();
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return uid !== undefined && trusted(fs.lstatSync(dir), uid);
  } catch {
    return false;
  }
}

/** Writes the cache (atomically), and removes this subcommand's caches of bundles that are gone. */
function writeCache(file: string, prefix: string, data: Buffer): void {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode: 0o644, flag: 'wx' });
    fs.renameSync(temporary, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.cache') && name !== path.basename(file)) {
        fs.rmSync(path.join(dir, name), { force: true });
      }
    }
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

function start(): void {
  const bundle = path.join(__dirname, 'cli-main.js');
  // Its state before its text: a bundle rebuilt between the two then gets a name of its own.
  const stat = fs.statSync(bundle);
  const source = fs.readFileSync(bundle, 'utf8');
  const { file, prefix } = cacheFile(bundle, stat, process.argv[2]);
  const cachedData = readCache(file, stat.uid);
  // The wrapper Node gives every CommonJS module.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  if ((cachedData === undefined || script.cachedDataRejected) && writable(path.dirname(file))) {
    // After the run: the code cache then holds every function the run compiled, not only the top
    // level; only after one that did its work (a usage error or `--help` would leave a thin cache
    // that is never written again).
    process.once('exit', (code) => {
      if (code === 0 || code === 1) {
        writeCache(file, prefix, script.createCachedData());
      }
    });
  }
  const program = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  program(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

start();
