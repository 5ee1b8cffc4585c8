import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * `npm run test:electron`: the same extension-host suites in a desktop VS Code downloaded by
 * @vscode/test-electron, on machines that can download it. Here (offline) `npm test` runs them
 * in the VS Code server instead; see README "Testing".
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const suites = [
    { entry: 'integration', trusted: true },
    { entry: 'integration-restricted', trusted: false },
  ];
  for (const suite of suites) {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', suite.entry, 'index.js'),
      launchArgs: [
        path.join(root, 'test', 'fixtures', 'workspace'),
        '--disable-extensions',
        ...(suite.trusted ? ['--disable-workspace-trust'] : []),
      ],
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
