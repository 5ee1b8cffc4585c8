import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NoteCommand, NoteModel } from '../../src/core/model';
import { allSections } from '../../src/core/model';
import { parseNote } from '../../src/core/noteParser';
import { coveredText, ROOT } from './helpers';

const COURSE = path.join(ROOT, 'sample-course');

function load(name: string): { text: string; note: NoteModel } {
  const text = fs.readFileSync(path.join(COURSE, name), 'utf8');
  return { text, note: parseNote(name, text) };
}

function find(note: NoteModel, text: string): NoteCommand {
  const found = note.commands.find((command) => command.text === text);
  assert.ok(found, `${note.file}: no command ${JSON.stringify(text)} in\n${note.commands.map((c) => c.text).join('\n')}`);
  return found;
}

function texts(note: NoteModel): string[] {
  return note.commands.map((command) => command.text);
}

describe('sample-course', () => {
  const files = fs.readdirSync(COURSE).filter((name) => name.endsWith('.md')).sort();

  it('ships the README and the four notes', () => {
    assert.deepEqual(files, ['01-docker-basics.md', '02-docker-compose.md', '03-swarm.md', '04-kubernetes.md', '05-lab-build-and-serve.md', 'README.md']);
  });

  for (const name of files) {
    it(`${name}: every command's range covers its text in the note`, () => {
      const { text, note } = load(name);
      assert.ok(note.commands.length > 0);
      for (const command of note.commands) {
        const covered = coveredText(text, command);
        if (command.line === command.endLine) {
          assert.equal(covered, command.text);
        } else {
          // Joined continuations and heredocs: the range runs from the first word to the last.
          assert.ok(covered.startsWith(command.text.split(' ')[0]), covered);
          assert.ok(covered.endsWith(command.text.split(/\s/).pop() ?? ''), covered);
        }
      }
    });

    it(`${name}: lists commands in document order, each in exactly one section`, () => {
      const { note } = load(name);
      const positions = note.commands.map((c) => c.line * 1000 + c.column);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
      const bySection = [...note.preambleCommands, ...[...allSections(note.sections)].flatMap((s) => s.commands)];
      assert.equal(bySection.length, note.commands.length);
      assert.deepEqual(new Set(bySection), new Set(note.commands));
    });
  }

  it('README.md: adds up the agenda to 5h 35m', () => {
    const { note } = load('README.md');
    assert.equal(note.title, 'Containers Course — Notes');
    assert.equal(note.minutes, 335);
    assert.deepEqual(note.sections.flatMap((s) => s.children).map((s) => [s.title, s.minutes]), [
      ['Before you start (10min)', 10],
      ['Agenda', 325],
      ['Conventions', 0],
    ]);
    assert.deepEqual(texts(note), ['docker version', 'kubectl version --client', 'docker version', 'sudo docker version']);
  });

  it('05-lab-build-and-serve.md: a lab whose every step is in a block, with a file block, expected output and checks', () => {
    const { note } = load('05-lab-build-and-serve.md');
    assert.equal(note.minutes, 40);
    const steps = note.blocks.filter((block) => !block.check).flatMap((block) => block.steps.map((step) => step.text.split('\n')[0]));
    assert.deepEqual(steps, ['mkdir -p hello-web', 'cd hello-web', 'export APP=hello-web', 'cat > Dockerfile <<EOF', 'docker build -t $APP .', 'docker run --rm $APP cat /www/index.html', 'docker run -d --rm --name $APP -p 80 $APP', 'docker port $APP 80', 'docker rm -f $APP', 'docker rmi $APP']);
    const shown = note.blocks.flatMap((block) => block.steps).find((step) => step.text.startsWith('docker run --rm'));
    assert.equal(shown?.expected?.text, '<h1>Hello from my first image</h1>');
    assert.deepEqual(note.checks.map((check) => check.source), ['comment', 'fence']);
  });

  it('01-docker-basics.md: finds the commands a student runs, and none of the output or typos', () => {
    const { note } = load('01-docker-basics.md');
    assert.equal(note.title, 'Docker Basics');
    assert.equal(note.minutes, 90);
    assert.deepEqual(find(note, 'docker run -it alpine sh').source, 'block');
    assert.equal(find(note, 'docker run alpine ls -l').column, 3);
    find(note, 'docker run alpine echo "hello from alpine"');
    find(note, 'docker container run --detach --name web -p 127.0.0.1:8080:80 nginx');
    const pinger = find(note, 'sudo docker run --detach --name pinger --restart unless-stopped busybox ping -c 600 $(hostname -i)');
    assert.equal(pinger.endLine - pinger.line, 3);
    find(note, 'docker run --rm -it -v C:\\Users\\student\\course:/course alpine ls /course');
    assert.deepEqual(find(note, 'docker container exec <container ID> ls').placeholders.map((p) => p.text), ['<container ID>']);
    assert.deepEqual(find(note, 'docker run [options] <image name> [command]').placeholders.map((p) => p.text), [
      '[options]',
      '<image name>',
      '[command]',
    ]);
    find(note, 'docker run'); // incomplete, but it names the tool
    const all = texts(note);
    assert.ok(!all.some((t) => t.startsWith('dock ')), 'dock pull is not a command');
    assert.ok(!all.some((t) => /^(total|drwx|hello from|CONTAINER|ls -l)/.test(t)), 'output lines are not commands');
    const terms = note.sections[0].children[0].children.map((s) => s.title);
    assert.deepEqual(terms, ['What are Containers?', 'Terminology']);
  });

  it('02-docker-compose.md: takes the title from front matter and skips the YAML', () => {
    const { note } = load('02-docker-compose.md');
    assert.equal(note.title, 'Docker Compose');
    assert.equal(note.minutes, 45);
    assert.equal(find(note, 'cd compose-lab && docker compose up -d').program, 'docker');
    assert.equal(find(note, 'docker-compose up -d').program, 'docker-compose');
    find(note, 'docker compose up -d --scale pinger=3');
    find(note, 'docker compose logs --tail 3 web');
    assert.ok(!texts(note).some((t) => t.includes('image:') || t.includes('wget')), 'nothing from compose.yaml');
  });

  it("03-swarm.md: lets the H1's own hour win over its 55 minutes of parts", () => {
    const { note } = load('03-swarm.md');
    assert.equal(note.title, 'Docker Swarm (1h)');
    assert.equal(note.minutes, 60);
    assert.equal(note.sections[0].children.reduce((sum, s) => sum + s.minutes, 0), 55);
    for (const text of [
      'docker swarm init --advertise-addr 127.0.0.1',
      'docker swarm init --advertise-addr $(hostname -i)',
      'docker service create --replicas 2 --name web -p 127.0.0.1:8080:80 nginx',
      'docker service scale web=3',
      'docker service ls',
      'docker service update --image nginx:alpine --update-parallelism 1 --update-delay 10s web',
      'docker service rm web',
      'docker swarm leave --force',
    ]) {
      find(note, text);
    }
    assert.equal(find(note, 'docker service scale web=3').info, '');
    assert.equal(find(note, 'docker swarm init --advertise-addr $(hostname -i)').info, '.term1');
    assert.deepEqual(find(note, 'docker swarm join --token <token> <manager address>:2377').placeholders.map((p) => p.name), [
      'token',
      'manager address',
    ]);
  });

  it('04-kubernetes.md: finds kubectl commands, the heredoc and the placeholders', () => {
    const { note } = load('04-kubernetes.md');
    assert.equal(note.minutes, 90);
    find(note, 'kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml');
    find(note, 'kubectl scale deployment/web --replicas=3');
    find(note, 'kubectl scale');
    assert.equal(find(note, 'kubectl set image deployments/<name> <name>=<url>:<version>').placeholders.length, 4);
    const heredoc = note.commands.find((c) => c.text.startsWith('cat <<EOF | kubectl apply -f -'));
    assert.ok(heredoc);
    assert.ok(heredoc.text.endsWith('\n    - port: 80\nEOF'));
    assert.equal(heredoc.program, 'kubectl');
    assert.ok(!texts(note).some((t) => t.startsWith('rm ') || t.startsWith('apiVersion')));
    assert.ok(note.commands.every((c) => c.program === 'kubectl'));
  });
});
