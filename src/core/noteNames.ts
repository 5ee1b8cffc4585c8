/**
 * What tells notes with the same title apart, as VS Code does for editors with the same name: the
 * shortest end of their folder path that no other note of the same title shares, or, for notes in
 * the same folder, the file name.
 */

/** A note as it is named: its title and its path relative to the workspace folder (`/` separated). */
export interface NamedNote {
  readonly title: string;
  readonly relativePath: string;
}

/**
 * For each note whose title another note also has, what tells it apart (`week2`, `labs/week2`,
 * `swarm-practice.md`), keyed by relative path. Notes with a title of their own are not in the map.
 * Titles are compared without case or surrounding space, as a reader would.
 */
export function distinguishingNames(notes: readonly NamedNote[]): Map<string, string> {
  const byTitle = new Map<string, NamedNote[]>();
  for (const note of notes) {
    const key = note.title.trim().toLowerCase();
    const group = byTitle.get(key);
    if (group) {
      group.push(note);
    } else {
      byTitle.set(key, [note]);
    }
  }
  const names = new Map<string, string>();
  for (const group of byTitle.values()) {
    if (group.length > 1) {
      nameGroup(group, names);
    }
  }
  return names;
}

interface SplitPath {
  readonly path: string;
  readonly folders: readonly string[];
  readonly file: string;
}

function nameGroup(group: readonly NamedNote[], names: Map<string, string>): void {
  const split = group.map((note): SplitPath => {
    const parts = note.relativePath.split(/[\\/]+/).filter((part) => part !== '');
    return { path: note.relativePath, folders: parts.slice(0, -1), file: parts[parts.length - 1] ?? note.relativePath };
  });
  for (const note of split) {
    names.set(note.path, nameOf(note, split));
  }
}

function nameOf(note: SplitPath, group: readonly SplitPath[]): string {
  const others = group.filter((other) => other !== note);
  // The shortest end of the folder path that no other note of the group is in.
  for (let count = 1; count <= note.folders.length; count++) {
    const end = note.folders.slice(-count).join('/');
    if (others.every((other) => other.folders.slice(-count).join('/') !== end)) {
      return end;
    }
  }
  // Same folder as another (or no folder of its own): the file name tells them apart, with as much
  // of the folder path before it as it takes.
  if (others.every((other) => other.file !== note.file)) {
    return note.file;
  }
  const withFile = (of: SplitPath, count: number) => [...of.folders.slice(-count), of.file].join('/');
  for (let count = 1; count < note.folders.length; count++) {
    const end = withFile(note, count);
    if (others.every((other) => withFile(other, count) !== end)) {
      return end;
    }
  }
  return note.path;
}

/** The file name without folders or extension, for notes with no title. */
export function baseName(file: string): string {
  const name = file.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? file;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not URI-encoded: keep it as it is.
  }
  return decoded.replace(/\.(md|markdown)$/i, '') || decoded;
}

/**
 * The title of a note with no H1 and no front matter title: its file name made readable, with
 * underscores and dashes as spaces (`docker_swarm-lab.md` → "docker swarm lab").
 */
export function readableName(file: string): string {
  const name = baseName(file);
  return name.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || name;
}
