import * as assert from 'node:assert/strict';
import type { InteractiveKind } from '../../src/core/commandKinds';
import { classifyCommand, isIncomplete, leadingFlags } from '../../src/core/commandKinds';

describe('commandKinds', () => {
  describe('classifyCommand: interactive commands', () => {
    const cases: Array<[string, string, InteractiveKind]> = [
      ['docker run with -it', 'docker run -it alpine sh', 'docker-run'],
      ['docker container run with --interactive --tty', 'docker container run --interactive --tty alpine sh', 'docker-run'],
      ['docker run with separate -i -t', 'docker run -i -t alpine sh', 'docker-run'],
      ['docker run with the cluster -ti', 'docker run -ti alpine sh', 'docker-run'],
      ['docker run with -it among value flags', 'docker run --name web -e A=1 -it -p 8080:80 alpine sh', 'docker-run'],
      ['docker run with --rm -it', 'docker run --rm -it busybox', 'docker-run'],
      ['sudo docker run -it', 'sudo docker run -it alpine sh', 'docker-run'],
      ['docker exec with -it', 'docker exec -it web sh', 'docker-exec'],
      ['docker container exec with -it', 'docker container exec -it web sh', 'docker-exec'],
      ['docker attach', 'docker attach web', 'docker-attach'],
      ['docker container attach', 'docker container attach web', 'docker-attach'],
      ['docker compose exec (a TTY by default)', 'docker compose exec web sh', 'terminal'],
      ['docker compose -f file exec', 'docker compose -f lab.yml exec web sh', 'terminal'],
      ['docker compose run', 'docker compose run web sh', 'terminal'],
      ['docker-compose exec', 'docker-compose exec web sh', 'terminal'],
      ['docker start -ai', 'docker start -ai web', 'terminal'],
      ['kubectl exec -it', 'kubectl exec -it pod -- sh', 'terminal'],
      ['kubectl run -it --image', 'kubectl run -it --image=busybox x -- sh', 'terminal'],
      ['kubectl with flags after the pod', 'kubectl exec pod -i -t -- sh', 'terminal'],
      ['kubectl attach -it', 'kubectl attach -it pod', 'terminal'],
    ];
    for (const [what, text, expected] of cases) {
      it(`reads ${what} as ${expected}`, () => {
        assert.equal(classifyCommand(text).interactive, expected);
      });
    }

    const notInteractive: Array<[string, string]> = [
      ['flags after the image (they belong to the container command)', 'docker run alpine ls -it'],
      ['docker run with -i only', 'docker run -i alpine cat'],
      ['docker run with -t only', 'docker run -t alpine ls'],
      ['docker run detached', 'docker run -d alpine sleep 10'],
      ['docker run -itd (detached: prints the id)', 'docker run -itd --name c1 alpine sh'],
      ['docker container run -dit', 'docker container run -dit --name c2 busybox'],
      ['docker run -it -d', 'docker run -it -d alpine sh'],
      ['docker run -it --detach', 'docker run -it --detach alpine sh'],
      ['docker exec -itd', 'docker exec -itd web sh'],
      ['docker exec with -it after the container', 'docker exec web -it sh'],
      ['docker compose exec -T', 'docker compose exec -T web sh'],
      ['docker compose exec --no-TTY', 'docker compose exec --no-TTY web sh'],
      ['docker compose run -d', 'docker compose run -d web'],
      ['docker compose up', 'docker compose up -d'],
      ['kubectl exec without -t', 'kubectl exec -i pod -- cat'],
      ['kubectl exec with -it after --', 'kubectl exec pod -- sh -it'],
      ['kubectl get', 'kubectl get pods -o wide'],
      ['docker ps', 'docker ps -a'],
      ['a non-docker program', 'ls -it'],
    ];
    for (const [what, text] of notInteractive) {
      it(`does not read ${what} as interactive`, () => {
        assert.equal(classifyCommand(text).interactive, undefined);
      });
    }
  });

  describe('classifyCommand: destructive commands', () => {
    const destructive: string[] = [
      'docker rm web',
      'docker rm -f web',
      'docker rmi alpine',
      'docker container rm web',
      'docker image rm alpine',
      'docker image remove alpine',
      'docker image prune -a',
      'docker container prune',
      'docker system prune',
      'docker system prune -af --volumes',
      'docker kill web',
      'docker swarm leave --force',
      'docker volume rm data',
      'docker network rm lab',
      'docker service rm web',
      'docker stack rm lab',
      'docker node rm worker1',
      'docker compose down',
      'docker compose -f lab.yml down -v',
      'docker-compose down',
      'docker-compose -f lab.yml down',
      'docker compose -p lab rm -f',
      'docker compose --project-directory lab kill',
      'docker --context prod rm web',
      'kubectl delete pod web',
      'kubectl delete -f app.yaml',
      'kubectl -n lab delete deployment web',
      'kubectl drain node1 --ignore-daemonsets',
      'sudo docker rm web',
      'sudo -E docker rmi alpine',
      'DOCKER_HOST=ssh://lab docker rm web',
      'docker stop x && docker rm x',
      'docker ps; docker system prune -f',
      'docker rm -f $(docker ps -aq)',
      'docker ps -aq | xargs docker rm',
      'docker ps -aq | xargs -r docker rm -f',
      'docker images -q | xargs -n 1 -I {} docker rmi {}',
      'kubectl get pods -o name | xargs sudo kubectl delete',
      'docker ps -aq | xargs -J % docker rm %',
    ];
    for (const text of destructive) {
      it(`marks \`${text}\` as destructive`, () => {
        assert.equal(classifyCommand(text).destructive, true);
      });
    }

    const harmless: string[] = [
      'docker ps',
      'docker run --rm alpine',
      'docker run alpine rm -rf /tmp/x',
      'docker stop web',
      'docker container ls',
      'docker image ls',
      'docker swarm init --advertise-addr 127.0.0.1',
      'docker compose up -d',
      'kubectl get pods',
      'kubectl describe pod web',
      'echo docker rm web',
      'docker ps -q | xargs docker inspect',
      'docker ps -q | xargs -n 1 echo rm',
    ];
    for (const text of harmless) {
      it(`does not mark \`${text}\` as destructive`, () => {
        assert.equal(classifyCommand(text).destructive, false);
      });
    }
  });

  describe('classifyCommand: program and subcommand', () => {
    const cases: Array<[string, string, string[], number]> = [
      ['docker ps -a', 'docker', ['ps'], 2],
      ['docker container run -it alpine', 'docker', ['container', 'run'], 3],
      ['docker --context prod ps', 'docker', ['ps'], 4],
      ['docker -H tcp://10.0.0.5:2375 service ls', 'docker', ['service', 'ls'], 5],
      ['docker compose up -d', 'docker', ['compose', 'up'], 3],
      ['sudo docker ps', 'docker', ['ps'], 3],
      ['kubectl -n lab get pods', 'kubectl', ['get'], 4],
      ['kubectl --context=kind get pods', 'kubectl', ['get'], 3],
      ['docker-compose -f lab.yml up', 'docker-compose', ['up'], 4],
      ['ls -l', 'ls', [], 1],
    ];
    for (const [text, program, subcommand, argsStart] of cases) {
      it(`reads \`${text}\` as ${program} ${subcommand.join(' ')}`, () => {
        const kind = classifyCommand(text);
        assert.deepEqual({ program: kind.program, subcommand: [...kind.subcommand], argsStart: kind.argsStart }, { program, subcommand, argsStart });
      });
    }

    it('reports shell syntax on the line', () => {
      assert.equal(classifyCommand('docker ps | grep web').hasShellSyntax, true);
      assert.equal(classifyCommand('docker ps -a').hasShellSyntax, false);
    });
  });

  describe('isIncomplete', () => {
    const cases: Array<[string, boolean]> = [
      ['docker run', true],
      ['docker container run', true],
      ['docker exec', true],
      ['docker rm', true],
      ['kubectl scale', true],
      ['kubectl get', true],
      ['kubectl -n lab describe', true],
      ['docker service scale', true],
      ['docker compose exec', true],
      ['docker-compose exec', true],
      ['docker ps', false],
      ['docker images', false],
      ['docker swarm init', false],
      ['docker run alpine', false],
      ['docker service scale web=3', false],
      ['kubectl version', false],
      ['kubectl get pods', false],
      ['docker', false],
    ];
    for (const [text, expected] of cases) {
      it(`${expected ? 'asks to complete' : 'runs'} \`${text}\``, () => {
        assert.equal(isIncomplete(classifyCommand(text)), expected);
      });
    }
  });

  describe('leadingFlags', () => {
    const cases: Array<[string, string[]]> = [
      ['-it alpine', ['-i', '-t']],
      ['--interactive --tty alpine', ['--interactive', '--tty']],
      ['-e A=1 -it alpine', ['-e', '-i', '-t']],
      ['-eA=1 -t alpine', ['-e', '-t']],
      ['--name=web -d alpine', ['--name', '-d']],
      ['alpine -it', []],
      ['-- -it', []],
    ];
    for (const [args, expected] of cases) {
      it(`reads the flags of \`${args}\` up to the first operand`, () => {
        const words = args.split(' ');
        assert.deepEqual([...leadingFlags(words, 0, new Set(['-e', '--name']))].sort(), [...expected].sort());
      });
    }
  });
});
