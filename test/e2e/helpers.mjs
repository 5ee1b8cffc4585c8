// Shared steps of the UI end-to-end tests: the sample course, the notes view, the editor position.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshot } from '../harness/vscodeServer.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_COURSE = join(REPO, 'sample-course');

/**
 * A fresh copy of the sample course to open: VS Code in a browser saves edits on its own, so a
 * stray keystroke must never reach the notes the project ships.
 */
export function sampleCourseCopy() {
  const dir = join(mkdtempSync(join(tmpdir(), 'course-notes-e2e-')), 'sample-course');
  cpSync(SAMPLE_COURSE, dir, { recursive: true });
  return dir;
}

// The model as the extension computes it (compiled by `npm run compile-tests`).
const require = createRequire(import.meta.url);
export const core = require(join(REPO, 'out', 'src', 'core', 'index.js'));

/** Opens the Course Notes container in the activity bar and waits for the Notes view's tree. */
export async function openNotesView(page) {
  await page.locator('.activitybar .action-item a[aria-label^="Course Notes"], .activitybar .action-item .action-label[aria-label^="Course Notes"]').first().click();
  const tree = page.locator('.pane:has(.pane-header[aria-label^="Notes"]) .monaco-list, [id="workbench.view.extension.courseNotes"] .monaco-list').first();
  await tree.waitFor({ state: 'visible', timeout: 30_000 });
  return tree;
}

/** A row of the notes tree by its label (the start of its accessible name). */
export function treeRow(page, label) {
  return page.locator('[id="workbench.view.extension.courseNotes"] .monaco-list-row').filter({ hasText: label }).first();
}

/** Expands a row of the notes tree (by its twistie) unless it is expanded already. */
export async function expandRow(page, label) {
  const row = treeRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await row.locator('.monaco-tl-twistie').click();
    await eventually(`${label} to expand`, async () => (await row.getAttribute('aria-expanded')) === 'true');
  }
  return row;
}

/** Opens the note at a command by clicking its leaf in the notes tree, as a user would. */
export async function revealCommand(page, note, section, command) {
  await expandRow(page, note);
  await expandRow(page, section);
  const row = page.locator('[id="workbench.view.extension.courseNotes"] .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: command }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  // A pause first, so this click is not read as a double click with the last one.
  await page.waitForTimeout(600);
  await row.locator('.label-name').click();
}

/** The editor's cursor position from the status bar: { line, column }. */
export async function cursorPosition(page) {
  const text = await page.locator('[id="status.editor.selection"]').innerText({ timeout: 10_000 });
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  if (!match) throw new Error(`unexpected cursor position text: ${text}`);
  return { line: Number(match[1]), column: Number(match[2]) };
}

/** Saves a screenshot under test-results/; with UPDATE_SCREENSHOTS=1 also into media/screenshots/ for the README. */
export async function shoot(page, name) {
  const path = await screenshot(page, name);
  if (path && process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(REPO, 'media', 'screenshots'), { recursive: true });
    copyFileSync(path, join(REPO, 'media', 'screenshots', `${name}.png`));
  }
  return path;
}

/** Polls until `check` returns a truthy value. */
export async function eventually(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Moves the editor's cursor to a line, or `line:column` (Ctrl+G), which also scrolls it into view. */
export async function goToLine(page, line) {
  // Focus the editor first: a click in its middle (the sticky-scroll header covers its top).
  const editor = page.locator('.editor-instance .view-lines').first();
  const box = await editor.boundingBox();
  await page.mouse.click(box.x + Math.min(300, box.width / 2), box.y + box.height / 2);
  await page.keyboard.press('Control+G');
  // Type only once the Go to Line box is open, so no keystroke lands in the note.
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  const wanted = Number(String(line).split(':')[0]);
  await eventually(`the cursor at line ${wanted}`, async () => (await cursorPosition(page)).line === wanted);
}

/** The CodeLens row drawn just above the editor line whose text is `lineText`. */
export async function lensRowAbove(page, lineText) {
  return eventually(`a lens above "${lineText}"`, async () => {
    const lines = page.locator('.editor-instance .view-lines .view-line');
    const count = await lines.count();
    let lineBox;
    for (let i = 0; i < count; i++) {
      if ((await lines.nth(i).innerText()).replace(/\u00a0/g, ' ').trim() === lineText) {
        lineBox = await lines.nth(i).boundingBox();
        break;
      }
    }
    if (!lineBox) return undefined;
    const lenses = page.locator('.editor-instance .codelens-decoration');
    let best;
    for (let i = 0; i < (await lenses.count()); i++) {
      const box = await lenses.nth(i).boundingBox();
      if (box && box.y < lineBox.y && (!best || box.y > best.box.y)) best = { box, index: i };
    }
    return best && lineBox.y - best.box.y < 40 ? lenses.nth(best.index) : undefined;
  });
}

/** Clicks the lens whose title starts with `title` above the line `lineText`. */
export async function clickLens(page, lineText, title) {
  // Lenses are laid out again while the editor scrolls to a line; a click then can hit one on its
  // way out. Let the layout settle first.
  await page.waitForTimeout(1000);
  const row = await lensRowAbove(page, lineText);
  const link = row.locator('a', { hasText: title }).first();
  await link.click();
  return row;
}

/** The text of the visible terminal (the DOM renderer is on: terminal.integrated.gpuAcceleration off). */
export async function terminalText(page) {
  const rows = page.locator('.terminal-wrapper.active .xterm-rows, .terminal-wrapper .xterm-rows').first();
  return (await rows.innerText()).replace(/\u00a0/g, ' ');
}
