import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from '../harness/vscodeServer.mjs';
import { eventually, goToLine, openNotesView, REPO, revealCommand, sampleCourseCopy, shoot } from './helpers.mjs';

describe('Concept hovers in a real VS Code (UI)', function () {
  let workbench;
  const course = sampleCourseCopy();

  before(async function () {
    workbench = await openWorkbench({ folder: course, extensionDevelopmentPath: REPO });
    await openNotesView(workbench.page);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await shoot(workbench.page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });

  after(async function () {
    await workbench?.close();
  });

  /**
   * Puts the cursor inside `word` on the first line of the note holding `onLine` (Go to Line with a column)
   * and shows the hover there with Ctrl+K Ctrl+I, as a keyboard user would; returns its text.
   */
  async function hover(page, word, onLine = word) {
    const text = readFileSync(join(course, '01-docker-basics.md'), 'utf8');
    const lines = text.split('\n');
    const index = lines.findIndex((line) => line.includes(onLine));
    assert.ok(index >= 0, `${word} is in the note`);
    await goToLine(page, `${index + 1}:${lines[index].indexOf(word) + 2}`);
    const widget = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    // The chord can land before the editor has settled after the jump; ask again if nothing shows.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      try {
        return await eventually(`a hover over ${word}`, async () => {
          const content = await widget.innerText().catch(() => '');
          return content.trim() ? content : undefined;
        }, 4_000);
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  it('shows the definition a note gives, with where it is defined', async function () {
    const { page } = workbench;
    await revealCommand(page, 'Docker Basics', 'Running your first container', 'docker run hello-world');
    const content = await hover(page, 'Docker Hub');
    assert.match(content, /Docker Hub/);
    assert.match(content, /public registry/);
    assert.match(content, /Defined in\s+Docker Basics › Terminology, line \d+/);
    await shoot(page, 'concept-hover');
    await page.keyboard.press('Escape');
  });

  it('explains the flags of a command from the CLI help', async function () {
    const { page } = workbench;
    await page.mouse.move(5, 5);
    await revealCommand(page, 'Docker Basics', 'Running your first container', 'docker run -it alpine sh');
    const content = await hover(page, '-it', 'docker run -it alpine sh');
    assert.match(content, /--interactive/);
    assert.match(content, /--tty/);
    await shoot(page, 'command-hover');
  });
});
