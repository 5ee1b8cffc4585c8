import * as assert from 'node:assert/strict';
import { findPlaceholders, heredocDelimiter, matchCommand, promptLength, segmentStarts } from '../../src/core/commandLine';
import { DEFAULT_PROGRAMS } from '../../src/core/model';

describe('commandLine', () => {
  describe('promptLength', () => {
    const cases: Array<[string, string, number]> = [
      ['a plain $ prompt', '$ docker ps', 2],
      ['a $ prompt followed by a tab', '$\tdocker ps', 2],
      ['a bare $ (an empty prompt line)', '$', 1],
      ['user@host:dir$', 'user@host:~$ docker ps', 13],
      ['user@host$ without a folder', 'me@host$ ls', 9],
      ['a root # prompt with user@host', 'root@lab:/# docker ps', 12],
      ['a bracketed CentOS prompt', '[student@centos ~]$ docker ps', 20],
      ['a virtualenv prefix', '(venv) me@host:~/x$ kubectl', 20],
      ['a PowerShell prompt with a path', 'PS C:\\Users\\me> docker ps', 16],
      ['a bare PowerShell prompt', 'PS> docker ps', 4],
      ['a cmd.exe prompt', 'C:\\> docker info', 5],
      ['a bare host$ prompt (Docker\'s networking lab)', 'host$ docker run -it --name c1 busybox sh', 6],
      ['a node1$ prompt', 'node1$ docker swarm init', 7],
      ['a host:dir$ prompt without a user', 'manager1:~$ docker node ls', 12],
      ['a Killercoda controlplane $ prompt', 'controlplane $ kubectl get pods', 15],
      ['a ~$ prompt', '~/app$ docker compose up', 7],
      ['a Play-with-Docker prompt', '[node1] (local) root@192.168.0.13 ~$ docker swarm init', 37],
      ['a root prompt without a folder separator', 'root@host:~# docker ps', 13],
      ['a host:dir# root prompt without a user', 'b747d43fa277:/# ls', 16],
      ['a bash-4.4$ prompt', 'bash-4.4$ docker ps -a', 10],
      ['an sh-4.2# prompt', 'sh-4.2# docker rm -f web', 8],
      ["zsh's default prompt", '\u279c  ~ docker system df', 5],
    ];
    for (const [what, line, expected] of cases) {
      it(`measures ${what}`, () => {
        assert.equal(promptLength(line), expected);
      });
    }

    const notPrompts: Array<[string, string]> = [
      ['a # comment', '# comment'],
      ['a $ glued to the word', '$docker'],
      ['a bash continuation prompt', '> busybox sh'],
      ['a plain command', 'docker ps'],
      ['a busybox container prompt', '/ # ls'],
      ['a $ variable', 'echo $HOME'],
      ['a word glued to #', 'C# is a language'],
    ];
    for (const [what, line] of notPrompts) {
      it(`does not take ${what} for a prompt`, () => {
        assert.equal(promptLength(line), 0);
      });
    }
  });

  describe('matchCommand', () => {
    const cases: Array<{ name: string; text: string; inline: boolean; program?: string; leading?: boolean }> = [
      { name: 'a docker command in a block', text: 'docker ps', inline: false, program: 'docker', leading: true },
      { name: 'a bare program name in a block', text: 'docker', inline: false, program: 'docker', leading: true },
      { name: 'a docker command inline', text: 'docker ps', inline: true, program: 'docker', leading: true },
      { name: 'kubectl followed by a tab inline', text: 'kubectl\tget pods', inline: true, program: 'kubectl', leading: true },
      { name: 'docker-compose as its own program', text: 'docker-compose up', inline: true, program: 'docker-compose', leading: true },
      { name: 'sudo before the program', text: 'sudo docker ps', inline: true, program: 'docker', leading: true },
      { name: 'sudo with a flag', text: 'sudo -E docker ps', inline: true, program: 'docker', leading: true },
      { name: 'an environment assignment', text: 'DOCKER_HOST=ssh://lab docker ps', inline: true, program: 'docker', leading: true },
      { name: 'a quoted assignment then sudo', text: 'FOO="a b" sudo docker ps', inline: false, program: 'docker', leading: true },
      { name: 'a pipeline starting with docker', text: 'docker ps | grep web', inline: false, program: 'docker', leading: true },
      { name: 'docker with a command substitution', text: 'docker rm -f $(docker ps -aq)', inline: false, program: 'docker', leading: true },
      { name: 'docker after && in a block', text: 'cd app && docker compose up -d', inline: false, program: 'docker', leading: false },
      { name: 'kubectl after a 2>&1 redirection', text: 'ls 2>&1 && kubectl get pods', inline: false, program: 'kubectl', leading: false },
      { name: 'a bare program name inline', text: 'docker', inline: true },
      { name: 'a bare docker-compose inline', text: 'docker-compose', inline: true },
      { name: 'docker after && inline', text: 'cd app && docker compose up -d', inline: true },
      { name: 'the daemon, dockerd', text: 'dockerd --debug', inline: false },
      { name: 'the typo dock', text: 'dock pull alpine', inline: false },
      { name: 'docker inside double quotes', text: 'echo "docker ps"', inline: false },
      { name: 'docker inside single quotes after ;', text: "echo 'a; docker ps'", inline: false },
      { name: 'docker only inside $(…)', text: 'echo $(docker ps -q)', inline: false },
      { name: 'docker as an argument of another program', text: 'watch docker ps', inline: false },
      { name: 'sudo alone', text: 'sudo', inline: false },
    ];
    for (const c of cases) {
      if (c.program) {
        it(`recognises ${c.name}`, () => {
          assert.deepEqual(matchCommand(c.text, DEFAULT_PROGRAMS, c.inline), { program: c.program, leading: c.leading });
        });
      } else {
        it(`does not take ${c.name} for a command`, () => {
          assert.equal(matchCommand(c.text, DEFAULT_PROGRAMS, c.inline), undefined);
        });
      }
    }

    it('recognises only the configured programs', () => {
      assert.equal(matchCommand('docker ps', ['kubectl'], false), undefined);
      assert.deepEqual(matchCommand('podman run alpine', ['podman'], true), { program: 'podman', leading: true });
    });
  });

  describe('segmentStarts', () => {
    const cases: Array<[string, string, number[]]> = [
      ['splits on &&, ;, | and &', 'a && b; c | d & e', [0, 5, 8, 12, 16]],
      ['splits on ||', 'a || b', [0, 5]],
      ['ignores separators inside double quotes', 'echo "a;b" && x', [0, 14]],
      ['ignores separators inside backticks', 'echo `a;b`; c', [0, 12]],
      ['ignores separators inside $(…)', 'echo $(a; b) ; c', [0, 15]],
      ['does not split on the 2>&1 redirection', 'cmd 2>&1 | x', [0, 11]],
      ['does not split on the &> redirection', 'a &> f; b', [0, 8]],
      ['adds no empty segment after a trailing ;', 'a;', [0]],
    ];
    for (const [name, text, expected] of cases) {
      it(name, () => {
        assert.deepEqual(segmentStarts(text), expected);
      });
    }
  });

  describe('findPlaceholders', () => {
    it('finds <container ID> with its name and offset', () => {
      assert.deepEqual(findPlaceholders('docker container exec <container ID> ls'), [
        { text: '<container ID>', name: 'container ID', offset: 22 },
      ]);
    });

    it('finds every placeholder of kubectl set image, glued to / = and :', () => {
      assert.deepEqual(findPlaceholders('kubectl set image deployments/<name> <name>=<url>:<version>'), [
        { text: '<name>', name: 'name', offset: 30 },
        { text: '<name>', name: 'name', offset: 37 },
        { text: '<url>', name: 'url', offset: 44 },
        { text: '<version>', name: 'version', offset: 50 },
      ]);
    });

    it('finds [OPTIONS]-style placeholders from usage lines', () => {
      assert.deepEqual(findPlaceholders('docker run [OPTIONS] IMAGE [COMMAND] [ARG...]').map((p) => [p.text, p.name, p.offset]), [
        ['[OPTIONS]', 'OPTIONS', 11],
        ['[COMMAND]', 'COMMAND', 27],
        ['[ARG...]', 'ARG...', 37],
      ]);
    });

    const none: Array<[string, string]> = [
      ['a heredoc', 'cat <<EOF'],
      ['redirections', 'sort < file > out'],
      ['array indexes in a JSONPath', 'kubectl get pods -o jsonpath={.items[0].metadata.name}'],
      ['a shell test', '[ -f x ] && docker ps'],
      ['an HTML-looking <br/>', 'echo <br/>'],
      ['a ${VAR} expansion', 'echo ${PWD}'],
      ['brackets with spaces inside', 'docker logs < container >'],
    ];
    for (const [what, text] of none) {
      it(`finds no placeholder in ${what}`, () => {
        assert.deepEqual(findPlaceholders(text), []);
      });
    }
  });

  describe('heredocDelimiter', () => {
    const cases: Array<[string, string | undefined]> = [
      ['cat <<EOF | kubectl apply -f -', 'EOF'],
      ["kubectl apply -f - <<-'END'", 'END'],
      ['cat <<"YAML"', 'YAML'],
      ['docker ps', undefined],
    ];
    for (const [text, expected] of cases) {
      it(`reads ${expected ?? 'no delimiter'} from ${text}`, () => {
        assert.equal(heredocDelimiter(text), expected);
      });
    }
  });
});
