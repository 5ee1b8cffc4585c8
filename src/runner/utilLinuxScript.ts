import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * util-linux `script` on PATH, or undefined: its `-qfec` gives a command a pty (a session's shell,
 * a process run's progress). macOS's and BSD's take other arguments, BusyBox's and toybox's have no
 * -e. Read off the file, not by running it: util-linux's binary carries the "util-linux" that its
 * `--version` prints (probes cost ≈ 10 ms of a headless run's start). Looked up once per PATH.
 */
export function utilLinuxScript(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform !== 'linux') {
    return undefined;
  }
  const searched = env.PATH ?? DEFAULT_PATH;
  if (!found.has(searched)) {
    const file = onPath('script', searched);
    found.set(searched, file !== undefined && isUtilLinux(file) ? file : undefined);
  }
  return found.get(searched);
}

/** The first executable file named `name` on `searched` (a PATH), as spawn would find it. */
export function onPath(name: string, searched: string = process.env.PATH ?? DEFAULT_PATH): string | undefined {
  for (const dir of searched.split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) {
        return file;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

const DEFAULT_PATH = '/usr/bin:/bin';
const found = new Map<string, string | undefined>();

function isUtilLinux(file: string): boolean {
  try {
    const real = fs.realpathSync(file);
    // BusyBox and toybox are one binary for every applet.
    if (/^(?:busybox|toybox)/.test(path.basename(real))) {
      return false;
    }
    if (fs.statSync(real).size > 8 * 1024 * 1024) {
      return false;
    }
    return fs.readFileSync(real).includes('util-linux');
  } catch {
    return false;
  }
}
