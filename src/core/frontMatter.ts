/**
 * YAML front matter at the very top of a note (`---` … `---` or `...`). `title:` and `nodes:` (a map
 * of terminal names to targets, see nodeTargets.ts) are read; the
 * block is blanked before Markdown parsing so it is not taken for a rule and a heading, while line
 * numbers stay as they are.
 */
export interface FrontMatter {
  readonly title: string | undefined;
  /**
   * `nodes:` — the targets the course binds its terminals to, one `name: target` per indented line:
   * ```yaml
   * nodes:
   *   node1: tcp://10.0.0.11:2376
   *   node2: lab-node2
   * ```
   */
  readonly nodes?: Readonly<Record<string, string>>;
  /** Number of lines the front matter takes, closing line included; 0 when there is none. */
  readonly lineCount: number;
}

const MAX_FRONT_MATTER_LINES = 500;

/** Reads front matter from the note's lines. */
export function readFrontMatter(lines: readonly string[]): FrontMatter {
  if (lines.length < 2 || !/^---\s*$/.test(lines[0])) {
    return { title: undefined, lineCount: 0 };
  }
  let title: string | undefined;
  let nodes: Record<string, string> | undefined;
  let inNodes = false;
  const limit = Math.min(lines.length, MAX_FRONT_MATTER_LINES);
  for (let i = 1; i < limit; i++) {
    const line = lines[i];
    if (/^(?:---|\.\.\.)\s*$/.test(line)) {
      return nodes ? { title, nodes, lineCount: i + 1 } : { title, lineCount: i + 1 };
    }
    if (/^nodes:\s*(?:#.*)?$/.test(line)) {
      inNodes = true;
      nodes ??= Object.create(null) as Record<string, string>;
      continue;
    }
    const node = inNodes ? /^\s+([\w.-]{1,64}):\s*(.*?)\s*$/.exec(line) : null;
    if (node) {
      const value = unquote(node[2]);
      if (value !== undefined && nodes && !(node[1] in nodes)) {
        nodes[node[1]] = value;
      }
      continue;
    }
    if (!/^\s/.test(line)) {
      inNodes = false;
    }
    const match = /^title:\s*(.*?)\s*$/.exec(line);
    if (match && title === undefined) {
      title = unquote(match[1]);
    }
  }
  return { title: undefined, lineCount: 0 };
}

function unquote(value: string): string | undefined {
  let text = value;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    text = text.slice(1, -1).replace(/\\(["\\])/g, '$1');
  } else if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    text = text.slice(1, -1).replace(/''/g, "'");
  } else {
    text = text.replace(/\s+#.*$/, '');
  }
  text = text.trim();
  return text === '' || text === '|' || text === '>' ? undefined : text;
}
