import * as vscode from 'vscode';
import type { NoteCommand, Placeholder } from '../../core/model';
import type { PlaceholderSource } from '../../core/placeholderValues';
import { fillPlaceholders, placeholderSource } from '../../core/placeholderValues';
import { kubeNames } from '../../runner/cliTools';
import type { DockerEngine } from '../../runner/dockerEngine';

export interface PlaceholderDeps {
  readonly memento: vscode.Memento;
  readonly engine: () => Promise<DockerEngine>;
  readonly kubectl: () => string;
}

const REMEMBER_KEY = 'courseNotes.placeholderValues.v1';

/**
 * Asks for each distinct placeholder of a command: a pick from live state where the placeholder
 * names a thing (containers, images, pods…), else free text. Returns the filled command, or
 * undefined when the user cancels. The last values are remembered per note.
 */
export async function askPlaceholders(uri: vscode.Uri, command: NoteCommand, deps: PlaceholderDeps): Promise<string | undefined> {
  const remembered = deps.memento.get<Record<string, Record<string, string>>>(REMEMBER_KEY) ?? {};
  const forNote = { ...(remembered[uri.toString()] ?? {}) };
  const values = new Map<string, string>();
  const distinct = [...new Map(command.placeholders.map((p) => [p.text, p])).values()];
  for (const [index, placeholder] of distinct.entries()) {
    const optional = placeholder.text.startsWith('[');
    const value = await pickValue(placeholder, command.program, forNote[placeholder.text], optional, `${index + 1}/${distinct.length}`, deps);
    if (value === undefined) {
      return undefined;
    }
    values.set(placeholder.text, value);
    forNote[placeholder.text] = value;
  }
  await deps.memento.update(REMEMBER_KEY, { ...remembered, [uri.toString()]: forNote });
  return fillPlaceholders(command.text, command.placeholders, values);
}

async function liveItems(source: PlaceholderSource, deps: PlaceholderDeps): Promise<{ items: vscode.QuickPickItem[]; error?: string }> {
  if (!source) {
    return { items: [] };
  }
  try {
    if (source.tool === 'kubectl') {
      return { items: (await kubeNames(deps.kubectl(), source.kind)).map((label) => ({ label, description: source.kind })) };
    }
    const engine = await deps.engine();
    return { items: (await engine.listNames(source.kind)).map((item) => ({ label: item.label, description: item.detail })) };
  } catch (error) {
    return { items: [], error: error instanceof Error ? error.message : String(error) };
  }
}

function pickValue(
  placeholder: Placeholder,
  program: string,
  last: string | undefined,
  optional: boolean,
  step: string,
  deps: PlaceholderDeps,
): Promise<string | undefined> {
  const source = placeholderSource(placeholder.name, program);
  const pick = vscode.window.createQuickPick();
  pick.title = `Fill ${placeholder.text} (${step})`;
  pick.placeholder = optional ? `Value for ${placeholder.text}, or Enter to leave it out` : `Type a value for ${placeholder.text}${source ? ' or pick one' : ''}`;
  pick.ignoreFocusOut = true;
  pick.busy = source !== undefined;
  const fixed: vscode.QuickPickItem[] = last !== undefined ? [{ label: last, description: 'last value' }] : [];
  let live: vscode.QuickPickItem[] = [];
  const typed = (): vscode.QuickPickItem[] => (pick.value && !live.concat(fixed).some((item) => item.label === pick.value) ? [{ label: pick.value, description: 'typed' }] : []);
  const update = () => {
    pick.items = [...typed(), ...fixed, ...live];
  };
  update();
  void liveItems(source, deps).then(({ items, error }) => {
    live = items.filter((item) => item.label !== last);
    pick.busy = false;
    if (error) {
      pick.placeholder = `${pick.placeholder} (could not list: ${error})`;
    }
    update();
  });
  return new Promise((resolve) => {
    let accepted = false;
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const value = pick.selectedItems[0]?.label ?? pick.value;
      if (!value && !optional) {
        return;
      }
      accepted = true;
      resolve(value ?? '');
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!accepted) {
        resolve(undefined);
      }
      pick.dispose();
    });
    pick.show();
  });
}
