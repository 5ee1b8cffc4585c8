import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';

/** The files `vsce package` would put in the .vsix, as `vsce ls` lists them. */
function packagedFiles(): string[] {
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  return execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').sort();
}

describe('packaging: the .vsix holds what the extension uses', function () {
  this.timeout(60_000);
  let files: string[];

  before(() => {
    files = packagedFiles();
  });

  it('leaves out the README screenshots and everything else not read at run time', () => {
    assert.deepEqual(files.filter((file) => file.startsWith('media/screenshots/') || file.startsWith('src/') || file.startsWith('test/')), []);
  });

  it('keeps the bundles, the icons the manifest names and every data file under media/', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { icon: string; main: string; contributes: { viewsContainers: { activitybar: { icon: string }[] }; views: Record<string, { icon?: string }[]> } };
    const icons = [manifest.icon, ...manifest.contributes.viewsContainers.activitybar.map((container) => container.icon), ...Object.values(manifest.contributes.views).flat().flatMap((view) => (view.icon ? [view.icon] : []))];
    const data = fs.readdirSync(path.join(ROOT, 'media')).filter((name) => name.endsWith('.json')).map((name) => `media/${name}`);
    const required = [...new Set([path.normalize(manifest.main), 'dist/cli.js', 'dist/cli-main.js', 'dist/node_modules/dockerode/index.js', 'dist/node_modules/markdown-it/index.js', ...icons, ...data])];
    assert.deepEqual(required.filter((file) => !files.includes(file)), []);
  });
});
