import * as vscode from 'vscode';
import { describeCleanup } from '../../core/runHints';
import type { CreatedObject } from '../../runner/cleanupObjects';
import { removeObjects } from '../../runner/cleanupObjects';
import type { DockerEngine } from '../../runner/dockerEngine';
import type { Log } from '../../platform/log';

const STORAGE_KEY = 'courseNotes.created.v1';
/** Events can arrive a little after the command that caused them has returned. */
const GRACE_MS = 3000;
const TYPES = ['container', 'service', 'network', 'volume'] as const;

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * Watches the engine's events while a note's commands run and remembers what they created, so
 * "Clean up this note" can remove it. Swarm task containers are left to their service. A run on a
 * terminal bound to a node watches that node's engine, and what it creates is remembered with the
 * node's host, so clean-up removes it there.
 */
export class CreatedObjects implements vscode.Disposable {
  private readonly active = new Map<string, number>();
  private readonly recentlyEnded = new Map<string, number>();
  /** The event streams open, by engine host. */
  private readonly streams = new Map<string, NodeJS.ReadableStream>();
  private readonly connecting = new Map<string, Promise<void>>();
  private defaultHost: string | undefined;
  private stored: Record<string, CreatedObject[]>;

  constructor(
    private readonly state: vscode.Memento,
    private readonly engine: () => Promise<DockerEngine>,
    private readonly log: Log,
  ) {
    this.stored = state.get<Record<string, CreatedObject[]>>(STORAGE_KEY) ?? {};
  }

  /**
   * A run of the note starts: watch the engine. Resolves once the event stream is open (or after
   * `maxWaitMs` when the engine is slow or away), so what the run creates is not missed.
   */
  async begin(uri: vscode.Uri, maxWaitMs = 1500, engine: () => Promise<DockerEngine> = this.engine): Promise<void> {
    const key = uri.toString();
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    let ready: DockerEngine;
    try {
      ready = await engine();
    } catch {
      return;
    }
    const host = ready.target.host;
    let connecting = this.connecting.get(host);
    if (!connecting) {
      connecting = this.connect(ready, engine === this.engine).finally(() => this.connecting.delete(host));
      this.connecting.set(host, connecting);
    }
    await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, maxWaitMs))]);
  }

  end(uri: vscode.Uri): void {
    const key = uri.toString();
    const count = (this.active.get(key) ?? 1) - 1;
    if (count <= 0) {
      this.active.delete(key);
      this.recentlyEnded.set(key, Date.now());
    } else {
      this.active.set(key, count);
    }
  }

  /** What the note's runs created (as recorded; some may be gone already). */
  list(uri: vscode.Uri): CreatedObject[] {
    return [...(this.stored[uri.toString()] ?? [])];
  }

  async forget(uri: vscode.Uri, objects: readonly CreatedObject[]): Promise<void> {
    const ids = new Set(objects.map((o) => `${o.type}:${o.id}`));
    this.stored[uri.toString()] = (this.stored[uri.toString()] ?? []).filter((o) => !ids.has(`${o.type}:${o.id}`));
    await this.state.update(STORAGE_KEY, this.stored);
  }

  /** Waits until events already sent by the engine have been read (used before cleaning up and in tests). */
  async settle(): Promise<void> {
    await Promise.all(this.connecting.values());
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  private async connect(engine: DockerEngine, isDefault: boolean): Promise<void> {
    const host = engine.target.host;
    if (isDefault) {
      this.defaultHost = host;
    }
    if (this.streams.has(host)) {
      return;
    }
    try {
      const stream = (await engine.api.getEvents({ filters: { type: [...TYPES], event: ['create'] } })) as NodeJS.ReadableStream;
      this.streams.set(host, stream);
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim()) {
            this.onEvent(line, host);
          }
        }
      });
      const reset = () => {
        if (this.streams.get(host) === stream) {
          this.streams.delete(host);
        }
      };
      stream.on('end', reset);
      stream.on('close', reset);
      stream.on('error', reset);
    } catch (error) {
      this.log.warn(`Not watching the engine for cleanup: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onEvent(line: string, host: string): void {
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    const type = event.Type as CreatedObject['type'];
    if (!TYPES.includes(type) || event.Action !== 'create' || !event.Actor?.ID) {
      return;
    }
    const attributes = event.Actor.Attributes ?? {};
    if (type === 'container' && attributes['com.docker.swarm.service.id']) {
      return; // a task of a service: removing the service removes it
    }
    const object: CreatedObject = { type, id: event.Actor.ID, name: attributes.name ?? event.Actor.ID.slice(0, 12), ...(host !== this.defaultHost ? { host } : {}) };
    const now = Date.now();
    const notes = new Set([...this.active.keys(), ...[...this.recentlyEnded].filter(([, at]) => now - at < GRACE_MS).map(([key]) => key)]);
    for (const note of notes) {
      const list = (this.stored[note] ??= []);
      if (!list.some((o) => o.type === object.type && o.id === object.id)) {
        list.push(object);
      }
    }
    void this.state.update(STORAGE_KEY, this.stored);
  }

  dispose(): void {
    for (const stream of this.streams.values()) {
      (stream as { destroy?: () => void }).destroy?.();
    }
    this.streams.clear();
  }
}

/** `courseNotes.cleanUpNote`: lists what the note created and removes what the user keeps ticked. */
export async function cleanUpNote(uri: vscode.Uri, created: CreatedObjects, engineFor: (host: string | undefined) => Promise<DockerEngine>): Promise<void> {
  await created.settle();
  const objects = created.list(uri);
  if (objects.length === 0) {
    void vscode.window.showInformationMessage('Nothing to clean up: no container, service, network or volume was created by running this note.');
    return;
  }
  const picks = await vscode.window.showQuickPick(
    objects.map((object) => ({ label: object.name, description: `${object.type} · ${object.id.slice(0, 12)}${object.host ? ` · on ${object.host}` : ''}`, picked: true, object })),
    { canPickMany: true, title: 'Clean up this note', placeHolder: 'What running this note created; untick what to keep' },
  );
  if (!picks || picks.length === 0) {
    return;
  }
  const choice = await vscode.window.showWarningMessage(
    `Remove ${picks.length} object${picks.length === 1 ? '' : 's'} created by this note?`,
    { modal: true, detail: picks.map((p) => `${p.object.type} ${p.object.name}`).join('\n') },
    'Remove',
  );
  if (choice !== 'Remove') {
    return;
  }
  // Each engine removes what was made on it (a node's objects on the node).
  const removed: CreatedObject[] = [];
  const failed: { object: CreatedObject; reason: string }[] = [];
  for (const host of new Set(picks.map((p) => p.object.host))) {
    const objects = picks.map((p) => p.object).filter((object) => object.host === host);
    try {
      const outcome = await removeObjects(await engineFor(host), objects);
      removed.push(...outcome.removed);
      failed.push(...outcome.failed);
    } catch (error) {
      failed.push(...objects.map((object) => ({ object, reason: error instanceof Error ? error.message : String(error) })));
    }
  }
  await created.forget(uri, removed);
  const report = describeCleanup(removed, failed);
  // Right after the modal, the workbench files the notification in its list without a toast
  // (seen in VS Code 1.139): the status bar says it where it is seen, the notification keeps it.
  const icon = report.level === 'warning' ? '$(warning)' : '$(check)';
  void vscode.window.setStatusBarMessage(`${icon} Clean up: ${report.text.replace(/\$\(/g, '$\u200b(')}`, 20_000);
  void (report.level === 'warning' ? vscode.window.showWarningMessage(report.text) : vscode.window.showInformationMessage(report.text));
}
