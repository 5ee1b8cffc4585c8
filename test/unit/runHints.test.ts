import * as assert from 'node:assert/strict';
import { describeCleanup, noClusterHint } from '../../src/core/runHints';
import { resultKeyOf, resultKeys, textOfKey } from '../../src/core/resultKeys';

describe('results belong to where they ran', () => {
  const commands = [
    { text: 'docker ps', line: 11, column: 1 },
    { text: 'docker run hello-world', line: 12, column: 1 },
    { text: 'docker ps', line: 13, column: 1 },
  ];

  it('gives two copies of the same command two keys, the first its text (as results were stored before)', () => {
    assert.deepEqual(resultKeys(commands), ['docker ps', 'docker run hello-world', 'docker ps\u00002']);
    assert.equal(resultKeyOf(commands, { text: 'docker ps', line: 13, column: 1 }), 'docker ps\u00002');
    assert.equal(resultKeyOf(commands, { text: 'docker ps', line: 11, column: 1 }), 'docker ps');
    assert.equal(textOfKey('docker ps\u00002'), 'docker ps');
  });

  it('keeps a command its key when lines above it move', () => {
    const moved = commands.map((command) => ({ ...command, line: command.line + 5 }));
    assert.deepEqual(resultKeys(moved), resultKeys(commands));
  });
});

describe('the kubectl no-cluster hint', () => {
  it('says how to add a context when kubectl has none, and does not point at an empty list', () => {
    const hint = noClusterHint([], undefined);
    assert.match(hint, /^kubectl reached no cluster\. Start one/);
    assert.match(hint, /kubectl config set-context NAME --cluster=NAME/);
    assert.doesNotMatch(hint, /status bar/);
  });

  it('points at the status bar when there are contexts to pick', () => {
    assert.equal(
      noClusterHint(['kind-lab', 'minikube'], 'kind-lab'),
      'kubectl reached no cluster. The context kind-lab points at no running cluster. Start its cluster (minikube start, kind create cluster), or pick one of the 2 Kubernetes contexts from the status bar.',
    );
  });
});

describe('what Clean Up This Note says', () => {
  it('names what it removed', () => {
    assert.deepEqual(describeCleanup([{ type: 'container', name: 'web' }, { type: 'network', name: 'lab-net' }], []), { level: 'info', text: 'Removed container web, network lab-net.' });
  });

  it('names what it could not remove and why, as a warning', () => {
    assert.deepEqual(describeCleanup([{ type: 'container', name: 'web' }], [{ object: { type: 'volume', name: 'data' }, reason: 'volume is in use' }]), {
      level: 'warning',
      text: 'Removed container web. Could not remove volume data (volume is in use).',
    });
    assert.equal(describeCleanup([], [{ object: { type: 'network', name: 'n' }, reason: 'has active endpoints' }]).text, 'Removed nothing. Could not remove network n (has active endpoints).');
  });
});
