import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Runs every `*.test.js` of a folder with mocha's TDD UI inside the extension host and prints
 * `<label>: N passed, N failed` for the harness; rejects when a test failed.
 */
export async function runMochaSuite(folder: string, label: string, entry: string): Promise<void> {
  // COURSE_NOTES_TEST_GREP runs only the matching tests (while working on one feature).
  const grep = process.env.COURSE_NOTES_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = fs.readdirSync(folder).filter((file) => file.endsWith('.test.js') && file !== entry).sort();
  for (const file of files) {
    mocha.addFile(path.join(folder, file));
  }
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('end', () => {
      console.log(`${label}: ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? 0} failed`);
    });
  });
  if (failures > 0) {
    throw new Error(`${failures} extension-host test(s) failed`);
  }
}
