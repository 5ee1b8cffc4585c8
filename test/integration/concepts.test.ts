import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CourseNotesApi } from '../../src/extension';
import { activateExtension, waitFor, workspaceFolder } from './helpers';

/** The rendered text of a hover's contents. */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

function markdowns(hovers: vscode.Hover[]): vscode.MarkdownString[] {
  return hovers.flatMap((hover) => hover.contents).filter((content): content is vscode.MarkdownString => content instanceof vscode.MarkdownString);
}

suite('Concepts: hovers, definitions, references, glossary', () => {
  let api: CourseNotesApi;
  let services: vscode.TextDocument;
  let intro: vscode.TextDocument;

  suiteSetup(async () => {
    api = await activateExtension();
    services = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, '02-services.md'));
    intro = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, '01-intro.md'));
  });

  function positionOf(document: vscode.TextDocument, text: string, offset = 1): vscode.Position {
    const at = document.getText().lastIndexOf(text);
    assert.ok(at >= 0, `${text} is in ${document.uri.path}`);
    return document.positionAt(at + offset);
  }

  async function hoversAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover[]> {
    return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  }

  test('hovering a term a note defines shows its definition and a link to where it is defined', async () => {
    // "image" in 02-services.md is defined in 01-intro.md as **Image** (plural and case do not matter).
    const hovers = await hoversAt(services, positionOf(services, 'image as'));
    const text = hoverText(hovers);
    assert.match(text, /read\\?-only template/);
    assert.match(text, /Defined in/);
    // The first hover waits a moment for the count (enough for this small course on a quiet machine);
    // on a busy one it comes with a later hover, as it does for a student on a big course.
    await waitFor('the use count in the hover', async () => /used \d+ times? across the notes/.test(hoverText(await hoversAt(services, positionOf(services, 'image as')))));
    const link = /\(command:courseNotes\.openLocation\?([^)]+)\)/.exec(text);
    assert.ok(link, 'a link to the definition');
    const [uri, line] = JSON.parse(decodeURIComponent(link[1])) as [string, number];
    assert.equal(uri, intro.uri.toString());
    assert.equal(intro.lineAt(line - 1).text.includes('**Image**'), true);
  });

  test('a built-in glossary term shows the built-in definition and its documentation link', async () => {
    const text = hoverText(await hoversAt(services, positionOf(services, 'hypervisor underneath', 3)));
    assert.match(text, /Built\\?-in glossary/);
    assert.match(text, /\(https:\/\/[^)]+\)/);
  });

  test('explains a subcommand and a flag inside a command', async () => {
    const flag = hoverText(await hoversAt(services, positionOf(services, '--replicas 2', 4)));
    assert.match(flag, /replicas/i);
    assert.match(flag, /docker service create/);
    const sub = hoverText(await hoversAt(services, positionOf(services, 'create --replicas', 2)));
    assert.match(sub, /\*\*docker service create\*\*/);
    // A management command explains itself too.
    const group = hoverText(await hoversAt(services, positionOf(services, 'service create --replicas', 2)));
    assert.match(group, /\*\*docker service\*\* — Manage Swarm services/);
  });

  test('Go to Definition jumps from a plural use to the note that defines the term', async () => {
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      services.uri,
      positionOf(services, 'containers across'),
    );
    assert.equal(locations.length, 1);
    const location = locations[0] as vscode.Location;
    assert.equal(location.uri.toString(), intro.uri.toString());
    assert.ok(intro.lineAt(location.range.start.line).text.includes('**Container**'));
  });

  test('Go to Definition on a term only the built-in glossary knows opens its entry, read-only', async () => {
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      services.uri,
      positionOf(services, 'hypervisor underneath', 3),
    );
    assert.equal(locations.length, 1, 'the built-in entry, not "No definition found"');
    const location = locations[0] as vscode.Location;
    assert.equal(location.uri.scheme, 'course-notes-glossary');
    const entry = await vscode.workspace.openTextDocument(location.uri);
    const builtin = (await api.concepts.index.builtinGlossary()).find((e) => e.term.toLowerCase() === 'hypervisor');
    assert.ok(builtin, 'hypervisor is in media/glossary.json');
    assert.match(entry.getText(), /^# Hypervisor\n/i);
    assert.ok(entry.getText().includes(builtin.definition), entry.getText());
    if (builtin.docs) {
      assert.ok(entry.getText().includes(builtin.docs), 'the documentation link');
    }
    // A content provider's document: VS Code opens it read-only, and it is not a file that could be saved.
    assert.notEqual(entry.uri.scheme, 'file');
  });

  test("hovering a term on the line of the note that defines it shows that note's definition, not another note's; F12 goes there", async () => {
    const folder = workspaceFolder().uri;
    const first = vscode.Uri.joinPath(folder, 'scratch-daemon-a.md');
    const second = vscode.Uri.joinPath(folder, 'scratch-daemon-b.md');
    try {
      await vscode.workspace.fs.writeFile(first, new TextEncoder().encode('# Lab A\n\n- *Docker daemon* - the background service of lab A.\n'));
      await vscode.workspace.fs.writeFile(second, new TextEncoder().encode('# Lab B\n\n- *Docker daemon* - the process lab B talks to.\n'));
      await waitFor('both notes indexed', () => api.notes.get(first) && api.notes.get(second));
      for (const [uri, words] of [[first, /lab A/], [second, /lab B/]] as const) {
        const document = await vscode.workspace.openTextDocument(uri);
        const text = hoverText(await hoversAt(document, positionOf(document, 'Docker daemon', 2)));
        assert.match(text, words, text);
        const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', uri, positionOf(document, 'Docker daemon', 2));
        assert.deepEqual(locations.map((location) => location.uri.toString()), [uri.toString()], "Go to Definition goes to the note's own definition");
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const uri of [first, second]) {
        await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
      }
      await waitFor('the scratch notes to leave the index', () => !api.notes.get(first) && !api.notes.get(second));
    }
  });

  test('Find All References lists the uses of a term across notes, in prose only', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', services.uri, positionOf(services, 'image as'));
    const files = new Set(locations.map((location) => vscode.workspace.asRelativePath(location.uri)));
    assert.ok(files.has('02-services.md') && files.has('labs/lab-1.md') && files.has('01-intro.md'), [...files].join(', '));
    for (const location of locations) {
      const document = await vscode.workspace.openTextDocument(location.uri);
      assert.match(document.getText(location.range), /^images?$/i);
      const model = api.notes.forDocument(document);
      const line = location.range.start.line + 1;
      assert.ok(!model.codeBlocks.some((block) => block.startLine <= line && line <= block.endLine), 'not inside code');
    }
  });

  test('note text in a hover is inert: no command links but ours, no HTML, no icons', async () => {
    const hovers = await hoversAt(services, positionOf(services, 'Evil term', 2));
    const [markdown] = markdowns(hovers);
    assert.ok(markdown, 'the definition hover');
    assert.equal(markdown.supportHtml, false);
    assert.notEqual(markdown.supportThemeIcons, true);
    assert.deepEqual(markdown.isTrusted, { enabledCommands: ['courseNotes.openLocation'] });
    const links = [...markdown.value.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1]);
    assert.ok(links.every((target) => target.startsWith('command:courseNotes.openLocation?')), links.join(' '));
    assert.ok(!markdown.value.includes('<img'), 'HTML is escaped');
    assert.ok(!/(^|[^\\])\$\(alert\)/.test(markdown.value), 'icon syntax is escaped');
    // The note's link was reduced to its text; what remains of the note is escaped.
    assert.ok(!markdown.value.includes('command:workbench'), 'the note link is gone');
    assert.match(markdown.value, /click here or and \\\$\\\(alert\\\) code bold/);
  });

  test('the Glossary view lists terms A–Z with the notes that define them', async () => {
    const terms = await api.concepts.glossary.getChildren();
    const labels = terms.map((node) => api.concepts.glossary.getTreeItem(node).label as string);
    assert.ok(labels.includes('Image') && labels.includes('Container'), labels.slice(0, 20).join(', '));
    const sorted = [...labels].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    assert.deepEqual(labels, sorted);
    const image = terms.find((node) => api.concepts.glossary.getTreeItem(node).label === 'Image');
    assert.ok(image);
    const sites = await api.concepts.glossary.getChildren(image);
    const first = api.concepts.glossary.getTreeItem(sites[0]);
    assert.equal(first.command?.command, 'courseNotes.openLocation');
    assert.equal(first.command?.arguments?.[0], intro.uri.toString());
  });
});
