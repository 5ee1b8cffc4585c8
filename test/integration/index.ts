import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * The extension-host test entry (the contract of @vscode/test-electron and of our VS Code server
 * harness): runs every `*.test.js` beside this file with mocha's TDD UI inside the real extension host.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort();
  for (const file of files) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('end', () => {
      const passed = runner.stats?.passes ?? 0;
      const failed = runner.stats?.failures ?? 0;
      console.log(`integration: ${passed} passed, ${failed} failed`);
    });
  });
  if (failures > 0) {
    throw new Error(`${failures} extension-host test(s) failed`);
  }
}
