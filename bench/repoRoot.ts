import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository root: the first folder above this file with a package.json. The bench and the
 * tests run compiled (out/bench/bench/, out/test/…), so it is looked up rather than assumed.
 */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}
