import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliReference } from '../../src/core/cliReference';
import { explainWord } from '../../src/core/cliReference';
import { ROOT } from './helpers';

const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'media', 'cli-reference.json'), 'utf8')) as CliReference;

describe('CLI reference: compose', () => {
  it('holds docker-compose 1.29 as generated from its help', () => {
    assert.equal(reference.generatedWith?.['docker-compose'], '1.29.2');
    assert.ok(reference['docker-compose']?.commands.up.options.some((option) => option.long === '--detach' && option.short === '-d'));
  });

  const cases: [string, string, string][] = [
    ['docker compose up -d', 'up', 'command docker compose up'],
    ['docker-compose up -d', 'up', 'command docker-compose up'],
    ['docker compose -f lab.yml logs --tail 3 web', 'logs', 'command docker compose logs'],
    ['docker compose up -d', '-d', 'options docker compose up -d'],
    ['docker compose exec -T web sh', '-T', 'options docker compose exec -T'],
    ['docker container run -it alpine sh', 'run', 'command docker container run'],
  ];
  for (const [text, word, expected] of cases) {
    it(`explains ${word} in ${text}`, () => {
      const explanation = explainWord(reference, text, word);
      assert.ok(explanation);
      const summary = explanation.kind === 'command' ? `command ${explanation.tool} ${explanation.path}` : `options ${explanation.tool} ${explanation.path} ${explanation.options.map((o) => o.flag).join(' ')}`;
      assert.equal(summary, expected);
    });
  }
});
