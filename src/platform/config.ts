import * as vscode from 'vscode';
import { DEFAULT_PROGRAMS } from '../core/model';

const SECTION = 'courseNotes';

function strings(value: unknown, fallback: readonly string[]): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [...fallback];
}

/** Typed, read-only access to the `courseNotes.*` settings. */
export class Config {
  static readonly section = SECTION;

  private get(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION, scope);
  }

  /** Glob patterns (relative to a workspace folder) of the files that are notes. */
  include(scope?: vscode.ConfigurationScope): string[] {
    return strings(this.get(scope).get('include'), ['**/*.md', '**/*.markdown']);
  }

  /** Glob patterns of files that are never notes. */
  exclude(scope?: vscode.ConfigurationScope): string[] {
    return strings(this.get(scope).get('exclude'), ['**/node_modules/**']);
  }

  /** Programs whose command lines are commands. Only valid program names are kept. */
  programs(scope?: vscode.ConfigurationScope): string[] {
    const programs = strings(this.get(scope).get('programs'), DEFAULT_PROGRAMS).filter((p) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p));
    return programs.length > 0 ? programs : [...DEFAULT_PROGRAMS];
  }

  /** Notes larger than this many bytes are listed as skipped instead of parsed. */
  maxNoteBytes(): number {
    const kb = this.get().get<number>('maxNoteSizeKB', 5120);
    return (typeof kb === 'number' && kb > 0 ? kb : 5120) * 1024;
  }

  /** The docker CLI: a name looked up on PATH, or a full path. */
  dockerPath(): string {
    return this.get().get<string>('dockerPath', 'docker')?.trim() || 'docker';
  }

  /** The kubectl CLI: a name looked up on PATH, or a full path. */
  kubectlPath(): string {
    return this.get().get<string>('kubectlPath', 'kubectl')?.trim() || 'kubectl';
  }

  /** Ask before running commands that remove things. */
  confirmDestructive(): boolean {
    return this.get().get<boolean>('confirmDestructive', true) !== false;
  }

  /** One terminal per note (else one shared terminal). */
  terminalPerNote(): boolean {
    return this.get().get<boolean>('terminalPerNote', true) !== false;
  }

  /** Run a note's commands in a persistent shell session behind its terminal (where one can start). */
  sessions(): boolean {
    return this.get().get<boolean>('session.enabled', true) !== false;
  }

  /** A session sources the user's ~/.bashrc first, as a terminal does. */
  sessionSourcesBashrc(): boolean {
    return this.get().get<boolean>('session.sourceBashrc', true) !== false;
  }

  /** The `courseNotes.nodes` setting as it is (checked by core/nodeTargets). */
  nodes(): unknown {
    return this.get().get<unknown>('nodes', {});
  }

  /** Extra glossary files (relative to a workspace folder); their definitions rank as notes'. */
  glossaryFiles(scope?: vscode.ConfigurationScope): string[] {
    return strings(this.get(scope).get('glossaryFiles'), []);
  }

  /** Underline defined terms in notes. */
  underlineTerms(): boolean {
    return this.get().get<boolean>('underlineTerms', false) === true;
  }

  /** True when a configuration change touches our settings. */
  static affects(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(SECTION);
  }
}
