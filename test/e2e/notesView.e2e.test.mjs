import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from '../harness/vscodeServer.mjs';
import { core, cursorPosition, eventually, openNotesView, REPO, sampleCourseCopy, shoot, treeRow } from './helpers.mjs';

describe('Notes view in a real VS Code (UI)', function () {
  let workbench;
  const course = sampleCourseCopy();

  before(async function () {
    workbench = await openWorkbench({ folder: course, extensionDevelopmentPath: REPO });
  });

  after(async function () {
    await workbench?.close();
  });

  it('opens the notes view, expands a note and jumps to a section when it is clicked', async function () {
    const { page } = workbench;
    await openNotesView(page);
    const file = join(course, '01-docker-basics.md');
    const note = core.parseNote(file, readFileSync(file, 'utf8'));
    const noteLabel = core.stripEstimate(note.title);
    const noteRow = treeRow(page, noteLabel);
    await noteRow.waitFor({ state: 'visible', timeout: 30_000 });
    const description = `${note.commands.length} commands`;
    assert.match(await noteRow.innerText(), new RegExp(description));

    // The twistie expands a note; a click on its label opens it (VS Code runs an item's command on click).
    await noteRow.locator('.monaco-tl-twistie').click();
    await eventually('the note to expand', async () => (await noteRow.getAttribute('aria-expanded')) === 'true');
    // The note's H1 is its own row, so its first section shows right under it.
    const [h1] = note.sections;
    const first = h1.children[0];
    await treeRow(page, core.stripEstimate(first.title)).waitFor({ state: 'visible', timeout: 10_000 });
    // Pause so the next click is not read as a double click, which toggles instead of opening.
    await page.waitForTimeout(700);
    await noteRow.locator('.label-name').click();
    await eventually('the note to open', async () => (await page.locator('.editor-group-container .tab.active').first().innerText()).replace(/\s+/g, '').includes('01-docker-basics.md'));

    const target = h1.children[1];
    const sectionRow = treeRow(page, core.stripEstimate(target.title));
    await sectionRow.waitFor({ state: 'visible', timeout: 10_000 });
    await sectionRow.click();
    await eventually(`the cursor at line ${target.line}`, async () => (await cursorPosition(page)).line === target.line);
    const { line } = await cursorPosition(page);
    assert.equal(line, target.line);

    // For the picture: a wider sidebar and the clicked section open on its commands.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const x = sidebar.x + sidebar.width + 1;
      const y = sidebar.y + sidebar.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 180, y, { steps: 8 });
      await page.mouse.up();
    }
    await sectionRow.locator('.monaco-tl-twistie').click();
    await page.waitForTimeout(700);
    await shoot(page, 'notes-tree');
  });
});
