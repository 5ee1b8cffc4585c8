/**
 * The one stand-in for `require('vscode')` in plain-Node code: the reliability tests and the bench
 * load feature classes (NotesTerminal, RunCodeLensProvider, ConceptHoverProvider) with it. The real
 * module exists only in an extension host. Its types do no work beyond storing their arguments, so
 * what the bench measures is the extension's code; its EventEmitter behaves as VS Code's does for
 * these classes and counts listeners, so leaks show.
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

function makeStub(): Record<string, unknown> {
  class Position {
    constructor(
      readonly line: number,
      readonly character: number,
    ) {}
  }
  class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
      this.start = typeof a === 'number' ? new Position(a, b as number) : a;
      this.end = typeof a === 'number' ? new Position(c ?? 0, d ?? 0) : (b as Position);
    }
  }
  class CodeLens {
    constructor(
      readonly range: Range,
      readonly command?: unknown,
    ) {}
  }
  class Hover {
    constructor(
      readonly contents: unknown,
      readonly range?: Range,
    ) {}
  }
  class MarkdownString {
    isTrusted: unknown;
    supportHtml = false;
    constructor(
      public value = '',
      readonly supportThemeIcons = false,
    ) {}
    appendMarkdown(value: string): this {
      this.value += value;
      return this;
    }
    appendCodeblock(code: string, language = ''): this {
      this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
      return this;
    }
  }
  class Disposable {
    constructor(private readonly callOnDispose: () => void) {}
    static from(...disposables: { dispose(): unknown }[]): Disposable {
      return new Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
    }
    dispose(): void {
      this.callOnDispose();
    }
  }
  const none = () => ({ dispose: () => undefined });
  return {
    EventEmitter,
    Position,
    Range,
    CodeLens,
    Hover,
    MarkdownString,
    Disposable,
    Uri: class Uri {},
    workspace: { isTrusted: true, onDidGrantWorkspaceTrust: none, onDidCloseTextDocument: none },
  };
}

let installed: Record<string, unknown> | undefined;

/** Makes `require('vscode')` answer the stand-in from now on (idempotent); returns it. */
export function installVscodeStub(): Record<string, unknown> {
  if (installed) {
    return installed;
  }
  const stub = makeStub();
  installed = stub;
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  return stub;
}
