import * as assert from 'node:assert/strict';
import { allSections } from '../../src/core/model';
import { NoteCache } from '../../src/core/noteCache';
import { toJson } from '../../src/core/noteJson';
import { parseNote, skippedNote } from '../../src/core/noteParser';

const NOTE = '# Lab (20min)\n\n## Run\n\nUse `docker container exec <container ID> ls`.\n\n### Deeper\n\n## Clean (5min)\n\n```\ndocker rm -f web\n```\n';

describe('allSections', () => {
  it('walks sections depth first, parents before children', () => {
    const note = parseNote('lab.md', NOTE);
    assert.deepEqual([...allSections(note.sections)].map((s) => s.title), ['Lab (20min)', 'Run', 'Deeper', 'Clean (5min)']);
  });
});

describe('toJson', () => {
  it('gives the documented shape: flat sections, commands with placeholder texts', () => {
    assert.deepEqual(toJson(parseNote('notes/lab.md', NOTE)), {
      file: 'notes/lab.md',
      title: 'Lab (20min)',
      minutes: 20,
      sections: [
        { title: 'Lab (20min)', level: 1, line: 1, minutes: 20 },
        { title: 'Run', level: 2, line: 3, minutes: 0 },
        { title: 'Deeper', level: 3, line: 7, minutes: 0 },
        { title: 'Clean (5min)', level: 2, line: 9, minutes: 5 },
      ],
      commands: [
        {
          text: 'docker container exec <container ID> ls',
          program: 'docker',
          line: 5,
          column: 6,
          endLine: 5,
          endColumn: 45,
          source: 'inline',
          placeholders: ['<container ID>'],
          interactive: false,
          destructive: false,
          block: -1,
        },
        {
          text: 'docker rm -f web',
          program: 'docker',
          line: 12,
          column: 1,
          endLine: 12,
          endColumn: 17,
          source: 'block',
          placeholders: [],
          interactive: false,
          destructive: true,
          block: 0,
        },
      ],
      blocks: [
        {
          index: 0,
          line: 11,
          endLine: 13,
          info: '',
          language: '',
          terminal: null,
          usesPrompts: false,
          check: false,
          steps: [{ text: 'docker rm -f web', line: 12, column: 1, endLine: 12, endColumn: 17, command: 1 }],
        },
      ],
      checks: [],
      definitions: [],
    });
  });

  it('lists the definitions as term, definition and line', () => {
    const note = parseNote('a.md', '# A\n\n- **Image** – a read-only template. Built in layers.\n\n## What is a Pod?\n\nThe smallest unit Kubernetes runs.\n');
    assert.deepEqual(toJson(note).definitions, [
      { term: 'Image', definition: 'a read-only template. Built in layers.', line: 3 },
      { term: 'Pod', definition: 'The smallest unit Kubernetes runs.', line: 5 },
    ]);
  });

  it('adds skipped only for a skipped note', () => {
    assert.equal('skipped' in toJson(parseNote('a.md', '# A\n')), false);
    assert.deepEqual(toJson(skippedNote('dir/big.md', 'too large')), {
      file: 'dir/big.md',
      title: 'big',
      minutes: 0,
      sections: [],
      commands: [],
      blocks: [],
      checks: [],
      definitions: [],
      skipped: 'too large',
    });
  });
});

describe('NoteCache', () => {
  it('parses a note again only when its version changes', () => {
    const cache = new NoteCache();
    let reads = 0;
    const read = (text: string) => () => {
      reads++;
      return text;
    };
    const first = cache.get('a.md', 'v1', read('`docker ps`'));
    const again = cache.get('a.md', 'v1', read('`docker images`'));
    assert.equal(again, first);
    assert.equal(reads, 1);
    const changed = cache.get('a.md', 'v2', read('`docker images`'));
    assert.equal(reads, 2);
    assert.equal(changed.commands[0].text, 'docker images');
    assert.equal(cache.peek('a.md'), changed);
    assert.equal(cache.size, 1);
  });

  it('parses with its options, and forgets every note when they change', () => {
    const cache = new NoteCache({ programs: ['kubectl'] });
    assert.equal(cache.get('a.md', 'v1', () => '`docker ps`').commands.length, 0);
    cache.setOptions({ programs: ['docker'] });
    assert.equal(cache.size, 0);
    assert.equal(cache.get('a.md', 'v1', () => '`docker ps`').commands.length, 1);
  });

  it('stores a model made elsewhere and deletes entries', () => {
    const cache = new NoteCache();
    const skipped = skippedNote('big.md', 'too large');
    cache.set('big.md', 'v1', skipped);
    assert.equal(cache.get('big.md', 'v1', () => assert.fail('must not read')), skipped);
    cache.delete('big.md');
    assert.equal(cache.peek('big.md'), undefined);
    assert.equal(cache.size, 0);
  });
});
