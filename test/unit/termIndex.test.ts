import * as assert from 'node:assert/strict';
import type { ConceptDefinition, GlossaryEntry } from '../../src/core/termIndex';
import { ownFirst, TermIndex } from '../../src/core/termIndex';

const glossary: GlossaryEntry[] = [
  { term: 'image', aliases: ['container image'], definition: 'A read-only template.' },
  { term: 'Docker daemon', aliases: ['dockerd'], definition: 'The background service.' },
  { term: 'Job', aliases: ['Kubernetes Job'], definition: 'Runs pods to completion.', matchCase: true },
  { term: 'kind', aliases: ['Kubernetes in Docker'], definition: 'A cluster in containers.', notFollowedBy: ['of'] },
];

function index(): TermIndex {
  const terms = new TermIndex();
  terms.addGlossary(glossary);
  return terms;
}

/** The matched text of every term in a line. */
function found(line: string, terms = index()): string[] {
  return terms.matchesIn(line).map((match) => line.slice(match.start, match.end));
}

describe('TermIndex', () => {
  it('matches terms whatever their case and number, the longest term first', () => {
    assert.deepEqual(found('Images and the Docker daemon; container images too'), ['Images', 'Docker daemon', 'container images']);
  });

  it('finds the term covering a column', () => {
    const line = 'Ask the Docker daemon.';
    const match = index().matchAt(line, line.indexOf('daemon'));
    assert.deepEqual(match && line.slice(match.start, match.end), 'Docker daemon');
  });

  it('matches a term marked matchCase only as written (the Kubernetes Job, not "a job")', () => {
    assert.deepEqual(found('Create a Job; Jobs run pods; a Kubernetes Job is batch work.'), ['Job', 'Jobs', 'Kubernetes Job']);
    assert.deepEqual(found('That does the job. Two jobs. A JOB.'), []);
  });

  it('does not match a term before the words of notFollowedBy (kind, not "this kind of")', () => {
    assert.deepEqual(found('This kind of network, and what kinds of images.'), ['images']);
    assert.deepEqual(found('Create a cluster with kind: kind create cluster.'), ['kind', 'kind']);
  });

  it("matches those terms as usual when a note defines them itself", () => {
    const terms = index();
    const fromNote: ConceptDefinition = { term: 'job', definition: 'What the batch system runs.', source: { kind: 'note', file: 'a.md', noteTitle: 'A', section: undefined, line: 1, column: 1 } };
    terms.add('job', fromNote);
    assert.deepEqual(found('That does the job.', terms), ['job']);
  });
});

describe('ownFirst', () => {
  const note = (file: string, definition: string): ConceptDefinition => ({
    term: 'Docker daemon',
    definition,
    source: { kind: 'note', file, noteTitle: file, section: undefined, line: 1, column: 1 },
  });
  const builtin: ConceptDefinition = { term: 'Docker daemon', definition: 'built-in', source: { kind: 'builtin', docs: undefined } };

  it("ranks a note's own definition first in that note, keeping the others in their order", () => {
    const list = [note('a.md', 'A'), note('b.md', 'B'), note('c.md', 'C'), builtin];
    assert.deepEqual(ownFirst(list, 'c.md').map((d) => d.definition), ['C', 'A', 'B', 'built-in']);
  });

  it('keeps the list as it is in a note that defines nothing of it, or whose definition is first', () => {
    const list = [note('a.md', 'A'), builtin];
    assert.equal(ownFirst(list, 'x.md'), list);
    assert.equal(ownFirst(list, 'a.md'), list);
  });
});
