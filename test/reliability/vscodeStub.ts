/**
 * `require('vscode')` for plain-Node tests of the few feature classes that only need VS Code's
 * event emitter (NotesTerminal). The real module exists only in an extension host; this stand-in
 * does what the real EventEmitter does for them and counts listeners, so leaks show.
 */
import Module from 'node:module';

export class EventEmitter<T> {
  private readonly listeners = new Set<(event: T) => void>();
  private disposed = false;

  readonly event = (listener: (event: T) => void): { dispose(): void } => {
    if (!this.disposed) {
      this.listeners.add(listener);
    }
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      listener(event);
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

let installed = false;

/** Makes `require('vscode')` answer the stand-in from now on (idempotent). */
export function installVscodeStub(): void {
  if (installed) {
    return;
  }
  installed = true;
  const stub = { EventEmitter };
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
}

/** Loads a module that imports `vscode`, after installing the stand-in (a static import would load it first). */
export function loadWithVscodeStub<T>(modulePath: string): T {
  installVscodeStub();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(modulePath) as T;
}
