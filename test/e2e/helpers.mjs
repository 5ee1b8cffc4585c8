// Shared steps of the UI end-to-end tests: the sample course, the notes view, the editor position.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshot } from '../harness/vscodeServer.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_COURSE = join(REPO, 'sample-course');

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
