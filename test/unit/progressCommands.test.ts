import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../src/core/commandKinds';
import { drawsProgress } from '../../src/core/progressCommands';

describe('commands that draw progress for a terminal', () => {
  const table: Array<[string, boolean]> = [
    ['docker service create --name web nginx:latest', true],
    ['docker service update --image nginx:1.25 web', true],
    ['docker service create -d --name web nginx', false],
    ['docker service create --detach --name web nginx', false],
    ['docker service ls', false],
    ['docker pull nginx', true],
    ['docker image pull nginx', true],
    ['docker build -t web .', true],
    ['docker compose up', true],
    ['docker-compose up -d', true],
    ['docker compose ps', false],
    ['docker run --rm busybox echo hi', false],
    ['kubectl apply -f web.yaml', false],
  ];
  for (const [command, expected] of table) {
    it(`${expected ? 'gives' : 'does not give'} \`${command}\` a pseudo-terminal`, () => {
      assert.equal(drawsProgress(classifyCommand(command)), expected);
    });
  }
});
