import * as path from 'node:path';
import { runMochaSuite } from './runMocha';

/**
 * The extension-host test entry (the contract of @vscode/test-electron and of our VS Code server
 * harness): runs every `*.test.js` beside this file inside the real extension host.
 */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'integration', path.basename(__filename));
}
