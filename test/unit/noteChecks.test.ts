import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliReference } from '../../src/core/cliReference';
import type { Finding } from '../../src/core/findings';
import { noteFindings } from '../../src/core/noteChecks';
import { splitLines } from '../../src/core/markdownEngine';
import { parseNote } from '../../src/core/noteParser';
import { ROOT } from './helpers';

const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'media', 'cli-reference.json'), 'utf8')) as CliReference;

function findingsOf(text: string): Finding[] {
  return noteFindings(parseNote('note.md', text), splitLines(text), reference);
}

/** A finding as `line:column-endColumn severity code: message`. */
function row(finding: Finding): string {
  return `${finding.line}:${finding.column}-${finding.endColumn} ${finding.severity} ${finding.code}: ${finding.message}`;
}

function rows(text: string): string[] {
  return findingsOf(text).map(row);
}

describe('note checks', () => {
  describe('flags what cannot run as written', () => {
    const cases: { name: string; note: string; expected: string[] }[] = [
      {
        name: 'an unknown subcommand, with did-you-mean',
        note: 'Start with `docker conntainer run hello-world`.\n',
        expected: ["1:20-30 error unknown-subcommand: docker has no subcommand 'conntainer'; did you mean 'container'?"],
      },
      {
        name: 'a misspelt group and stops there',
        note: '```\ndocker imabe build --tage <name_of_image> <location of dockerfile>\n```\n',
        expected: ["2:8-13 error unknown-subcommand: docker has no subcommand 'imabe'; did you mean 'image'?"],
      },
      {
        name: 'an unknown flag of a known subcommand',
        note: '```\ndocker image build --tage <name_of_image> <location of dockerfile>\n```\n',
        expected: ['2:20-26 warning unknown-flag: docker image build has no flag --tage; did you mean --tag?'],
      },
      {
        name: 'a subcommand that runs on past a real one',
        note: '`docker container execute -it web sh`\n\n`docker services ls`\n\n`docker stacker services [stack name]`\n',
        expected: [
          "1:19-26 error unknown-subcommand: docker container has no subcommand 'execute'; did you mean 'exec'?",
          "3:9-17 error unknown-subcommand: docker has no subcommand 'services'; did you mean 'service'?",
          "5:9-16 error unknown-subcommand: docker has no subcommand 'stacker'; did you mean 'stack'?",
        ],
      },
      {
        name: 'a plural typo at the top',
        note: 'Then `docker services voting_stack`.\n',
        expected: ["1:14-22 error unknown-subcommand: docker has no subcommand 'services'; did you mean 'service'?"],
      },
      {
        name: 'a flag missing its value',
        note: '```\n$ docker build --tag\n$ kubectl get pods -n\n```\n',
        expected: [
          '2:10-15 info missing-argument: docker build needs PATH | URL | - (usage: docker build [OPTIONS] PATH | URL | -)',
          '2:16-21 warning missing-value: --tag needs a value (docker build --tag list)',
          '3:20-22 warning missing-value: -n needs a value (kubectl get -n string)',
        ],
      },
      {
        name: 'a missing required argument, as information',
        note: 'Use `docker run` and `docker container exec -it`.\n',
        expected: [
          '1:13-16 info missing-argument: docker run needs IMAGE (usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...])',
          '1:40-44 info missing-argument: docker container exec needs CONTAINER COMMAND (usage: docker container exec [OPTIONS] CONTAINER COMMAND [ARG...])',
        ],
      },
      {
        name: 'a name that is almost a program, in a span and in a shell block',
        note: 'Simply using a `dock pull` command.\n\n```bash\n$ kubctl get pods\n```\n',
        expected: [
          "1:17-21 warning almost-a-program: 'dock' is not a program; did you mean 'docker pull'?",
          "4:3-9 warning almost-a-program: 'kubctl' is not a program; did you mean 'kubectl get'?",
        ],
      },
      {
        name: 'a command in prose, as a hint',
        note: 'Now run docker image inspect alpine and look at its layers.\nUse docker run -it alpine sh, then exit.\n',
        expected: [
          "1:9-36 hint prose-command: 'docker image inspect alpine' reads as a command: in backticks it gets a Run lens",
          "2:5-26 hint prose-command: 'docker run -it alpine' reads as a command: in backticks it gets a Run lens",
        ],
      },
      {
        name: 'a misspelt compose subcommand',
        note: '`docker compose upp -d` and `docker-compose dwn`\n',
        expected: [
          "1:17-20 error unknown-subcommand: docker compose has no subcommand 'upp'; did you mean 'up'?",
          "1:45-48 error unknown-subcommand: docker-compose has no subcommand 'dwn'; did you mean 'down'?",
        ],
      },
      {
        name: 'a misspelt kubectl subcommand after global flags',
        note: '```\nkubectl --namespace prod gett pods\nkubectl rollout statuss deployment/web\n```\n',
        expected: [
          "2:26-30 error unknown-subcommand: kubectl has no subcommand 'gett'; did you mean 'get'?",
          "3:17-24 error unknown-subcommand: kubectl rollout has no subcommand 'statuss'; did you mean 'status'?",
        ],
      },
    ];
    for (const { name, note, expected } of cases) {
      it(name, () => assert.deepEqual(rows(note), expected));
    }
  });

  describe('leaves correct notes alone', () => {
    const correct: { name: string; note: string }[] = [
      { name: 'kubectl plugins', note: '`kubectl who-can get pods`, `kubectl cnpg status cluster-example`, `kubectl krew install neat`, `kubectl exec-as web`\n' },
      { name: 'docker CLI plugins', note: '`docker compose up -d`, `docker buildx build --push -t me/app .`, `docker scout cves alpine`, `docker init`\n' },
      { name: 'kubectl global flags before the subcommand', note: '`kubectl --as alice get pods`, `kubectl -n prod get pods`, `kubectl --context=kind get nodes`, `kubectl -v=6 get pods`\n' },
      { name: 'docker global flags before the subcommand', note: '```\ndocker -H tcp://127.0.0.1:2375 ps\ndocker --context prod ps -a\ndocker -D info\ndocker $(docker-machine config host1) ps\n```\n' },
      {
        name: 'placeholders in every position',
        note: '`docker container exec <container ID> ls`, `docker run [options] <image name> [command]`, `docker <command>`, `docker container COMMAND`, `kubectl set image deployments/<name> <name>=<url>:<version>`\n',
      },
      {
        name: 'the flags of the sample course',
        note: [
          '```',
          '$ docker run -it alpine sh',
          'docker run --rm -it -v C:\\Users\\student\\course:/course alpine ls /course',
          'sudo docker run --detach --name pinger --restart unless-stopped busybox ping -c 600 $(hostname -i)',
          'docker container run --detach --name web -p 127.0.0.1:8080:80 nginx',
          'docker run -p8080:80 --net=host --network bridge -e A=1 --env-file .env nginx',
          'docker ps -aq | xargs docker rm -f',
          'docker logs --tail 3 -f web 2>&1 | grep GET',
          'docker build -t app:1 --load --progress=plain .',
          'docker service create --replicas 2 --name web -p 127.0.0.1:8080:80 nginx',
          'docker service update --image nginx:alpine --update-parallelism 1 --update-delay 10s web',
          'docker swarm init --advertise-addr 127.0.0.1',
          'docker images',
          'docker container ls -a',
          'docker image ls --format "{{.Repository}}"',
          'docker system prune -af',
          'kubectl create deployment web --image=nginx --dry-run=client -o yaml',
          'kubectl scale deployment/web --replicas=3',
          'kubectl get pods -o wide -w',
          'kubectl exec -it web -- sh -c "ls -l"',
          'kubectl run tmp --rm -it --image=busybox --restart=Never -- sh',
          'kubectl config use-context kind-kind',
          'kubectl apply -f https://example.invalid/app.yaml',
          'kubectl logs -f deploy/web --since=1h',
          'cd app && docker compose -f lab.yml up -d --build',
          'docker-compose -f docker-compose.yml logs --tail=3 web',
          'docker compose watch',
          'docker --version',
          'docker',
          'kubectl',
          '```',
        ].join('\n'),
      },
      { name: 'tools named like a program', note: 'Not commands: `docker`, `dockerd --debug`, `ls -l`, `kubeadm init`, `minikube start`, `podman pull alpine`.\n' },
      {
        name: 'prose that names a tool without a command',
        note: [
          'Docker images are layered; the docker container stops when its process ends.',
          'See https://docs.docker.com/engine/reference/commandline/docker run for more.',
          'A docker image is a template. Read the docker docs, or the kubectl cheat sheet.',
          'We talk about docker compose files later.',
          '# docker run in a heading',
        ].join('\n'),
      },
      { name: 'non-shell fences', note: '```yaml\ndock: pull\nkubctl get pods\n```\n\n```python\ndokcer run = 1\n```\n' },
      { name: 'incomplete kubectl with flags only', note: '`kubectl apply -f app.yaml`, `kubectl get -A`\n' },
    ];
    for (const { name, note } of correct) {
      it(name, () => assert.deepEqual(rows(note), []));
    }
  });

  describe('quick fixes', () => {
    it('replaces the misspelt word with the suggestion', () => {
      const [finding] = findingsOf('`docker conntainer ls`\n');
      assert.deepEqual(finding.fixes, [{ title: "Change to 'container'", edits: [{ line: 1, column: 9, endLine: 1, endColumn: 19, newText: 'container' }] }]);
    });
    it('adds a placeholder after a flag missing its value', () => {
      const finding = findingsOf('`docker build --tag`\n').find((candidate) => candidate.code === 'missing-value');
      assert.ok(finding);
      assert.deepEqual(finding.fixes, [{ title: 'Add a placeholder: --tag <tag>', edits: [{ line: 1, column: 20, endLine: 1, endColumn: 20, newText: ' <tag>' }] }]);
    });
    it('wraps a prose command in backticks', () => {
      const [finding] = findingsOf('Run docker ps now.\n');
      assert.deepEqual(finding.fixes, [{ title: 'Put the command in backticks', edits: [{ line: 1, column: 5, endLine: 1, endColumn: 14, newText: '`docker ps`' }] }]);
    });
    it('changes a near program name to the program', () => {
      const [finding] = findingsOf('`dock pull alpine`\n');
      assert.deepEqual(finding.fixes[0].edits, [{ line: 1, column: 2, endLine: 1, endColumn: 6, newText: 'docker' }]);
    });
  });
});
