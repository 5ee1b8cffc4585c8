import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from '../harness/vscodeServer.mjs';
import { clickLens, cursorPosition, eventually, lensRowAbove, openNotesView, REPO, sampleCourseCopy, shoot, terminalText, treeRow } from './helpers.mjs';

function docker(...args) {
  try {
    return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/**
 * The sample course's lab, followed from the note in a real VS Code as a student would: blocks run
 * with ▶ Run block in one session (cd and export carry), a file saved with Save as into the folder
 * the session is in, a build whose output the note shows, a served port offered as a link, and a
 * line typed into the same shell.
 */
describe('A lab followed from the note (UI, real Docker engine)', function () {
  let workbench;
  const course = sampleCourseCopy();
  const note = join(course, '05-lab-build-and-serve.md');
  const lines = readFileSync(note, 'utf8').split('\n');
  const lineOf = (text) => lines.indexOf(text) + 1;

  before(async function () {
    docker('rm', '-f', 'hello-web');
    workbench = await openWorkbench({ folder: course, extensionDevelopmentPath: REPO });
    const { page } = workbench;
    await openNotesView(page);
    const noteRow = treeRow(page, 'Lab: Build and Serve Your Own Image');
    await noteRow.waitFor({ state: 'visible', timeout: 30_000 });
    await noteRow.locator('.label-name').click();
    await eventually('the lab to open', async () => (await page.locator('.editor-group-container .tab.active').first().innerText()).replace(/\s+/g, '').includes('05-lab-build-and-serve.md'));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await shoot(workbench.page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });

  after(async function () {
    await workbench?.close();
    docker('rm', '-f', 'hello-web');
    docker('rmi', '-f', 'hello-web');
  });

  /**
   * Ctrl+G to a line, with the keyboard put in the editor by a click on its tab: a click inside the
   * editor could land on a lens (this note has one on nearly every block).
   */
  async function goTo(page, line) {
    await page.locator('.editor-group-container .tab.active').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await eventually(`the cursor at line ${line}`, async () => (await cursorPosition(page)).line === line);
  }

  /** Runs a block from its lens (`▶ Run block (N)`, or `▶ Run` on a block of one shell step). */
  async function runBlock(page, firstLine, lens, what, done, timeoutMs = 60_000) {
    await goTo(page, lineOf(firstLine));
    await clickLens(page, firstLine, lens);
    await eventually(what, async () => done(await terminalText(page)), timeoutMs);
  }

  it('runs the lab block by block in one session: cd and export carry, Save as writes into the session\'s folder, the output matches the note', async function () {
    const { page } = workbench;
    await runBlock(page, 'mkdir -p hello-web', '▶ Run block', 'the first block to end', (text) => /✓ exit 0 · /.test(text));

    await goTo(page, lineOf('```html'));
    await clickLens(page, '```html', 'Save as index.html');
    await eventually('index.html in the folder the session went to', async () => existsSync(join(course, 'hello-web', 'index.html')));
    assert.equal(readFileSync(join(course, 'hello-web', 'index.html'), 'utf8'), '<h1>Hello from my first image</h1>\n');

    await runBlock(page, 'cat > Dockerfile <<EOF', '▶ Run', 'the Dockerfile written', () => existsSync(join(course, 'hello-web', 'Dockerfile')));
    await runBlock(page, 'docker build -t $APP .', '▶ Run block', 'the build and its run', (text) => /matches the note/.test(text), 120_000);
    const row = await lensRowAbove(page, 'docker build -t $APP .');
    await eventually('the block lens to say ✓ 2 steps', async () => /✓ 2 steps/.test(await row.innerText()));
    const shown = await lensRowAbove(page, 'docker run --rm $APP cat /www/index.html');
    await eventually('the step lens to say it matches the note', async () => /✓ matches the note/.test(await shown.innerText()));
    await shoot(page, 'lab-session');
  });

  it('serves the image and offers the port Docker picked as a link; typing goes to the same shell', async function () {
    const { page } = workbench;
    await runBlock(page, 'docker run -d --rm --name $APP -p 80 $APP', '▶ Run block', 'the served port', (text) => /Open http:\/\/localhost:\d+/.test(text));
    const port = docker('port', 'hello-web', '80/tcp').split('\n')[0].replace(/^.*:/, '');
    assert.match(port, /^\d+$/);
    const row = await lensRowAbove(page, 'docker run -d --rm --name $APP -p 80 $APP');
    await eventually('the Open lens', async () => (await row.innerText()).includes(`Open http://localhost:${port}`));
    await shoot(page, 'lab-link');
    // The student types into the terminal: the same session, still in hello-web, with $APP set.
    await page.locator('.terminal-wrapper.active .xterm, .terminal-wrapper .xterm').first().click();
    await page.keyboard.type('echo "in $(basename $PWD) as $APP"');
    await page.keyboard.press('Enter');
    await eventually('the typed line\'s output', async () => /in hello-web as hello-web/.test(await terminalText(page)));
    await shoot(page, 'lab-typed');
  });
  it('keeps the progress across a reload of the window, and Continue Lab opens the next step not done', async function () {
    const { page } = workbench;
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await openNotesView(page);
    const noteRow = treeRow(page, 'Lab: Build and Serve Your Own Image');
    await noteRow.waitFor({ state: 'visible', timeout: 60_000 });
    // 8 of its 10 steps ran (the clean-up block did not): the tree says so after the reload.
    await eventually('the lab\'s progress in the tree', async () => /8\/10 steps/.test(await noteRow.innerText()), 30_000);
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type('Course Notes: Continue Lab');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await eventually('the cursor on the next step not done', async () => (await cursorPosition(page)).line === lineOf('docker rm -f $APP'), 20_000);
    await shoot(page, 'lab-continue');
  });
});
