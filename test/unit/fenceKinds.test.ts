import * as assert from 'node:assert/strict';
import { isCheckFence, terminalFromInfo } from '../../src/core/fenceKinds';

describe('fence info strings', () => {
  const terminals: [string, string | undefined][] = [
    ['.term1', 'term1'],
    ['.term2', 'term2'],
    ['{.term3}', 'term3'],
    ['bash {terminal=node2}', 'node2'],
    ['console {terminal="manager-1"}', 'manager-1'],
    ["sh {.lab terminal='worker.2'}", 'worker.2'],
    ['bash', undefined],
    ['', undefined],
    ['bash term1', undefined],
    ['python file.term1', undefined],
    ['{terminal=}', undefined],
  ];
  for (const [info, terminal] of terminals) {
    it(`terminalFromInfo(${JSON.stringify(info)}) is ${String(terminal)}`, () => {
      assert.equal(terminalFromInfo(info), terminal);
    });
  }

  const checks: [string, boolean][] = [
    ['bash {check}', true],
    ['sh {.check}', true],
    ['{.check}', true],
    ['bash {.term1 .check}', true],
    ['bash', false],
    ['bash check', false],
    ['bash {checked}', false],
    ['bash {terminal=check}', false],
    ['{.term1}', false],
  ];
  for (const [info, check] of checks) {
    it(`isCheckFence(${JSON.stringify(info)}) is ${check}`, () => {
      assert.equal(isCheckFence(info), check);
    });
  }
});
