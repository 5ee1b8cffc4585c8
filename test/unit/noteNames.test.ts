import * as assert from 'node:assert/strict';
import { distinguishingNames } from '../../src/core/noteNames';

describe('distinguishingNames', () => {
  const cases: Array<{ name: string; notes: Array<[string, string]>; expected: Record<string, string> }> = [
    {
      name: 'names nothing when every title is its own',
      notes: [['Intro', 'intro.md'], ['Swarm', 'labs/swarm.md']],
      expected: {},
    },
    {
      name: 'tells two notes with the same title in different folders apart by folder',
      notes: [['Distributed Systems Practice', 'week1/practice.md'], ['Distributed Systems Practice', 'week2/practice.md'], ['Intro', 'intro.md']],
      expected: { 'week1/practice.md': 'week1', 'week2/practice.md': 'week2' },
    },
    {
      name: 'uses as much of the folder path as it takes, as VS Code does for editors',
      notes: [['Lab', '2023/labs/lab.md'], ['Lab', '2024/labs/lab.md']],
      expected: { '2023/labs/lab.md': '2023/labs', '2024/labs/lab.md': '2024/labs' },
    },
    {
      name: 'tells notes of the same folder apart by file name',
      notes: [['Distributed Systems Practice', 'ds/practice-1.md'], ['Distributed Systems Practice', 'ds/practice-2.md']],
      expected: { 'ds/practice-1.md': 'practice-1.md', 'ds/practice-2.md': 'practice-2.md' },
    },
    {
      name: 'adds the folder before a file name another note of the group also has',
      notes: [['Practice', 'ds/week1/practice.md'], ['Practice', 'ds/week2/practice.md'], ['Practice', 'ds/week2/practice-extra.md']],
      expected: { 'ds/week1/practice.md': 'week1', 'ds/week2/practice.md': 'week2/practice.md', 'ds/week2/practice-extra.md': 'practice-extra.md' },
    },
    {
      name: 'compares titles without case and surrounding space',
      notes: [['Docker Intro', 'a/intro.md'], ['docker intro ', 'b/intro.md']],
      expected: { 'a/intro.md': 'a', 'b/intro.md': 'b' },
    },
    {
      name: 'names a note at the root by its file name',
      notes: [['Lab', 'lab.md'], ['Lab', 'old/lab-v1.md']],
      expected: { 'lab.md': 'lab.md', 'old/lab-v1.md': 'old' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const names = distinguishingNames(c.notes.map(([title, relativePath]) => ({ title, relativePath })));
      assert.deepEqual(Object.fromEntries(names), c.expected);
    });
  }
});
