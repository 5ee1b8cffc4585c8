import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from '../harness/vscodeServer.mjs';
import { clickLens, eventually, lensRowAbove, revealCommand, openNotesView, REPO, sampleCourseCopy, shoot, terminalText, treeRow } from './helpers.mjs';

function docker(...args) {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** Where the keyboard is: the editor, the terminal or elsewhere. */
function focusedPart(page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active?.closest('.terminal-wrapper, .xterm')) return 'terminal';
    if (active?.closest('.editor-instance, .monaco-editor')) return 'editor';
    return active ? `${active.tagName}.${active.className}` : 'none';
  });
}

/** Puts the keyboard in the note's editor by clicking the line that holds `lineText`. */
async function focusEditorLine(page, lineText) {
  const line = page.locator('.editor-instance .view-lines .view-line').filter({ hasText: lineText }).first();
  await line.click();
  await eventually('the editor to have the focus', async () => (await focusedPart(page)) === 'editor');
}

function containersOf(image) {
  return docker('ps', '-aq', '--filter', `ancestor=${image}`).split('\n').filter(Boolean);
}

describe('Run lenses in a real VS Code (UI, real Docker engine)', function () {
  let workbench;
  const course = sampleCourseCopy();

  before(async function () {
    // The note's commands create containers from these images; start from none so cleanup can be checked.
    for (const id of [...containersOf('hello-world'), ...containersOf('alpine')]) docker('rm', '-f', id);
    workbench = await openWorkbench({ folder: course, extensionDevelopmentPath: REPO });
    const { page } = workbench;
    await openNotesView(page);
    const noteRow = treeRow(page, 'Docker Basics');
    await noteRow.waitFor({ state: 'visible', timeout: 30_000 });
    await noteRow.locator('.label-name').click();
    await eventually('the note to open', async () => (await page.locator('.editor-group-container .tab.active').first().innerText()).replace(/\s+/g, '').includes('01-docker-basics.md'));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await shoot(workbench.page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });

  after(async function () {
    await workbench?.close();
    for (const id of [...containersOf('hello-world'), ...containersOf('alpine')]) docker('rm', '-f', id);
  });

  it('runs a command from its lens: output in the terminal, exit code and duration in the lens', async function () {
    const { page } = workbench;
    await revealCommand(page, 'Docker Basics', 'Running your first container', 'docker run hello-world');
    await focusEditorLine(page, 'docker run hello-world');
    await clickLens(page, 'docker run hello-world', '▶ Run');
    await eventually('the output and footer in the terminal', async () => {
      const text = await terminalText(page);
      return text.includes('Hello from Docker!') && /✓ exit 0 · \d+\.\ds/.test(text);
    }, 60_000);
    const row = await lensRowAbove(page, 'docker run hello-world');
    await eventually('the result in the lens', async () => /✓ 0 · \d+\.\ds/.test(await row.innerText()));
    await shoot(page, 'run-lens');
    // A run that reads no keyboard shows its terminal without taking the focus from the note.
    assert.equal(await focusedPart(page), 'editor');
  });

  it('runs docker run -it as an interactive session: keystrokes in, output out, exit code back', async function () {
    const { page } = workbench;
    const notePath = join(course, '01-docker-basics.md');
    const noteBefore = readFileSync(notePath, 'utf8');
    await revealCommand(page, 'Docker Basics', 'Running your first container', 'docker run -it alpine sh');
    // The keyboard is in the note when the lens is clicked, as when a student reads and clicks.
    await focusEditorLine(page, 'docker run -it alpine sh');
    await clickLens(page, 'docker run -it alpine sh', '▶ Run');
    await eventually('the shell prompt', async () => /\/ #\s*$/m.test(await terminalText(page)), 60_000);
    // No click on the terminal: a session that needs the keyboard has it already.
    assert.equal(await focusedPart(page), 'terminal');
    // The lens says the session runs, although the focus left the editor for the terminal.
    await eventually('the lens to offer Stop', async () => /■ Stop/.test(await (await lensRowAbove(page, 'docker run -it alpine sh')).innerText()), 10_000);
    await page.keyboard.type('echo $((6*7)); hostname | wc -c\n');
    await eventually('the answer', async () => /^42$/m.test(await terminalText(page)), 20_000);
    await shoot(page, 'interactive-run');
    await page.keyboard.type('exit 4\n');
    await eventually('the footer with the exit code', async () => /✗ exit 4 · /.test(await terminalText(page)), 20_000);
    // Not a keystroke reached the note: no unsaved edit, the file as it was.
    assert.equal(await page.locator('.editor-group-container .tab.dirty').count(), 0, 'the note has no unsaved edits');
    assert.equal(readFileSync(notePath, 'utf8'), noteBefore, 'the note on disk is unchanged');
  });

  it('asks before a destructive command and runs nothing when cancelled', async function () {
    const { page } = workbench;
    await revealCommand(page, 'Docker Basics', 'Cleaning up', 'docker container rm web pinger');
    await clickLens(page, 'docker container rm web pinger', '▶ Run');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /removes things[\s\S]*docker container rm web pinger/);
    await shoot(page, 'destructive-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = await lensRowAbove(page, 'docker container rm web pinger');
    assert.doesNotMatch(await row.innerText(), /✓|✗|running/);
  });

  it('cleans up what running the note created, after confirmation', async function () {
    const { page } = workbench;
    assert.ok(containersOf('hello-world').length + containersOf('alpine').length >= 2, 'the runs left containers');
    await page.keyboard.press('F1');
    const picker = page.locator('.quick-input-widget');
    await picker.waitFor({ state: 'visible' });
    await page.keyboard.type('Course Notes: Clean Up This Note');
    await eventually('the command in the palette', async () => (await picker.innerText()).includes('Clean Up This Note'));
    await page.keyboard.press('Enter');
    await eventually('the created containers in the picker', async () => /container · [0-9a-f]{12}/.test(await picker.innerText()), 20_000);
    await shoot(page, 'cleanup-pick');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await eventually('the containers to be removed', async () => containersOf('hello-world').length + containersOf('alpine').length === 0, 20_000);
    // Afterwards it says, where it is seen, what it removed, by name (the notification alone went
    // to the notification list without a toast).
    const said = await eventually('the report in the status bar', async () => {
      const text = await page.locator('.part.statusbar').innerText();
      return /Clean up: Removed container [\w-]+(, container [\w-]+)*\./.test(text) && text;
    }, 10_000);
    assert.doesNotMatch(said, /Could not remove/);
    await shoot(page, 'cleanup-done');
  });
});
