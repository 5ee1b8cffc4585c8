import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/main';
import { main } from '../../src/cli/main';
import type { CliReference } from '../../src/core/cliReference';
import { ROOT, tempDir, writeTree } from './helpers';

const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'media', 'cli-reference.json'), 'utf8')) as CliReference;

function check(...args: string[]): { status: number; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text), version: 'test', cliReference: () => reference };
  const cwd = process.cwd();
  process.chdir(ROOT); // findings name files as given: relative paths read like CI annotations
  try {
    const status = main(['check', ...args], io);
    assert.equal(typeof status, 'number', 'check is synchronous');
    return { status: status as number, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

/** What `course-notes check sample-course` prints: information only, so it exits 0. */
const SAMPLE_COURSE = [
  "sample-course/01-docker-basics.md:25:52: info missing-argument: docker pull needs NAME (usage: docker pull [OPTIONS] NAME[:TAG|@DIGEST])",
  "sample-course/01-docker-basics.md:59:38: info missing-argument: docker run needs IMAGE (usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...])",
  "sample-course/01-docker-basics.md:77:28: info missing-argument: docker run needs IMAGE (usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...])",
  "sample-course/01-docker-basics.md:92:23: info missing-argument: docker container run needs IMAGE (usage: docker container run [OPTIONS] IMAGE [COMMAND] [ARG...])",
  "sample-course/01-docker-basics.md:118:9: info missing-argument: docker run needs IMAGE (usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...])",
  "sample-course/03-swarm.md:10:5: info conflicting-definition: 'Service' is defined differently in sample-course/02-docker-compose.md:14 (\"one container definition in the Compose file.\")",
  "sample-course/03-swarm.md:56:17: info missing-argument: docker service scale needs SERVICE=REPLICAS (usage: docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...])",
  "sample-course/04-kubernetes.md:13:5: info conflicting-definition: 'Service' is defined differently in sample-course/02-docker-compose.md:14 (\"one container definition in the Compose file.\")",
  "sample-course/04-kubernetes.md:45:10: info missing-argument: kubectl scale needs more (usage: kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options])",
  "sample-course/04-kubernetes.md:50:28: info missing-argument: kubectl create deployment needs more (usage: kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options])",
];

/** What `course-notes check test/fixtures` prints: the typos and course problems of test/fixtures/check among them. */
const FIXTURES = [
  "test/fixtures/check/course-problems.md:1:19: warning bad-estimate: The time estimate (1h30) is not read as one; write (1h 30m)",
  "test/fixtures/check/course-problems.md:8:18: error broken-link: Link target 'labs/lab-9.md' does not exist",
  "test/fixtures/check/course-problems.md:8:50: error broken-link: Image target 'images/architecture.png' does not exist",
  "test/fixtures/check/course-problems.md:11:1: warning heading-order: Heading level 4 follows level 2: 'Too deep (20 mn)' skips a level (the outline nests it wrongly)",
  "test/fixtures/check/course-problems.md:11:15: warning bad-estimate: The time estimate (20 mn) is not read as one; write (20 min)",
  "test/fixtures/check/course-problems.md:18:12: warning bad-estimate: The time estimate [1:15] is not read as one; write [1h 15m]",
  "test/fixtures/check/typos.md:7:20: error unknown-subcommand: docker has no subcommand 'conntainer'; did you mean 'container'?",
  "test/fixtures/check/typos.md:10:8: error unknown-subcommand: docker has no subcommand 'imabe'; did you mean 'image'?",
  "test/fixtures/check/typos.md:11:20: warning unknown-flag: docker image build has no flag --tage; did you mean --tag?",
  "test/fixtures/check/typos.md:12:8: error unknown-subcommand: docker has no subcommand 'stacker'; did you mean 'stack'?",
  "test/fixtures/check/typos.md:13:8: error unknown-subcommand: docker has no subcommand 'services'; did you mean 'service'?",
  "test/fixtures/check/typos.md:14:18: error unknown-subcommand: docker container has no subcommand 'execute'; did you mean 'exec'?",
  "test/fixtures/check/typos.md:17:17: warning almost-a-program: 'dock' is not a program; did you mean 'docker pull'?",
  "test/fixtures/check/typos.md:17:62: hint prose-command: 'docker image inspect alpine' reads as a command: in backticks it gets a Run lens",
  "test/fixtures/check/typos.md:21:10: info missing-argument: docker build needs PATH | URL | - (usage: docker build [OPTIONS] PATH | URL | -)",
  "test/fixtures/check/typos.md:21:16: warning missing-value: --tag needs a value (docker build --tag list)",
  "test/fixtures/check/typos.md:22:20: warning missing-value: -n needs a value (kubectl get -n string)",
  'test/fixtures/lab/swarm-lab.md:15:25: info missing-argument: docker swarm join needs HOST:PORT (usage: docker swarm join [OPTIONS] HOST:PORT)',
  "test/fixtures/notes/bom-front-matter.md:7:23: info missing-argument: docker container run needs IMAGE (usage: docker container run [OPTIONS] IMAGE [COMMAND] [ARG...])",
  "test/fixtures/notes/definitions/bold-terms.md:10:52: info missing-argument: docker pull needs NAME (usage: docker pull [OPTIONS] NAME[:TAG|@DIGEST])",
  "test/fixtures/notes/definitions/crlf.md:3:5: info conflicting-definition: 'Images' is defined differently in test/fixtures/notes/definitions/bold-terms.md:5 (\"The file system and configuration of our application which are used to create co…\")",
  "test/fixtures/notes/definitions/glossary.md:5:4: info conflicting-definition: 'Image' is defined differently in test/fixtures/notes/definitions/bold-terms.md:5 (\"The file system and configuration of our application which are used to create co…\")",
  "test/fixtures/notes/definitions/questions.md:3:13: info conflicting-definition: 'Containers' is defined differently in test/fixtures/notes/definitions/crlf.md:5 (\"a running instance of an image\")",
  "test/fixtures/notes/definitions/questions.md:28:10: info conflicting-definition: 'Images' is defined differently in test/fixtures/notes/definitions/bold-terms.md:5 (\"The file system and configuration of our application which are used to create co…\")",
  "test/fixtures/notes/definitions/term-colon.md:15:58: info missing-argument: docker build needs PATH | URL | - (usage: docker build [OPTIONS] PATH | URL | -)",
  "test/fixtures/notes/indented-code.md:14:5: hint prose-command: 'docker info' reads as a command: in backticks it gets a Run lens",
  "test/fixtures/notes/inline-spans.md:12:54: warning almost-a-program: 'dock' is not a program; did you mean 'docker pull'?",
  "test/fixtures/README.md:41:112: info missing-argument: docker build needs PATH | URL | - (usage: docker build [OPTIONS] PATH | URL | -)",
  "test/fixtures/README.md:42:175: warning almost-a-program: 'dock' is not a program; did you mean 'docker pull'?",
  "test/fixtures/workspace/01-intro.md:3:5: info conflicting-definition: 'Image' is defined differently in test/fixtures/notes/definitions/bold-terms.md:5 (\"The file system and configuration of our application which are used to create co…\")",
];

describe('course-notes check', () => {
  it('finds nothing above information in the sample course and exits 0', () => {
    const result = check('sample-course');
    assert.deepEqual(result.stdout, SAMPLE_COURSE);
    assert.deepEqual(result.stderr, ['0 errors, 0 warnings, 10 infos, 0 hints in 6 notes']);
    assert.equal(result.status, 0);
  });

  it('prints the exact findings of the test fixtures and exits 1 on their errors', () => {
    const result = check('test/fixtures');
    assert.deepEqual(result.stdout, FIXTURES);
    assert.equal(result.status, 1);
  });

  it('prints the findings as JSON with --json', () => {
    const result = check('--json', 'test/fixtures/check/typos.md');
    const data = JSON.parse(result.stdout.join('\n')) as { findings: { file: string; line: number; column: number; severity: string; code: string; fixes: unknown[] }[]; errors: unknown[] };
    assert.deepEqual(data.errors, []);
    assert.deepEqual(
      data.findings.slice(0, 2).map((f) => [f.file, f.line, f.column, f.severity, f.code, f.fixes.length]),
      [
        ['test/fixtures/check/typos.md', 7, 20, 'error', 'unknown-subcommand', 1],
        ['test/fixtures/check/typos.md', 10, 8, 'error', 'unknown-subcommand', 1],
      ],
    );
    assert.equal(result.status, 1);
  });

  it('exits 1 with more warnings than --max-warnings, else 0', () => {
    const { dir, remove } = tempDir('course-notes-check-');
    try {
      writeTree(dir, { 'a.md': '# A\n\nSimply using a `dock pull` command.\n' });
      assert.equal(check(dir).status, 0);
      assert.equal(check('--max-warnings', '1', dir).status, 0);
      assert.equal(check('--max-warnings=0', dir).status, 1);
      assert.equal(check('--max-warnings', 'many', dir).status, 2);
    } finally {
      remove();
    }
  });
});
