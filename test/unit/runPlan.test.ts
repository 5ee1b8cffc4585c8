import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../src/core/commandKinds';
import type { RunPlan, RunRoute } from '../../src/runner/runPlan';
import { planRun } from '../../src/runner/runPlan';

function plan(text: string, env: NodeJS.ProcessEnv = {}): RunPlan {
  return planRun(text, classifyCommand(text), { env });
}

describe('planRun: the one routing decision of a run', () => {
  const routes: Array<[string, string, RunRoute]> = [
    // Interactive docker commands whose flags translate: an Engine API session.
    ['docker run -it', 'docker run -it --rm alpine sh', 'engine-session'],
    ['docker container run --interactive --tty', 'docker container run --interactive --tty busybox', 'engine-session'],
    ['docker exec -it', 'docker exec -it web sh', 'engine-session'],
    ['docker attach', 'docker attach web', 'engine-session'],
    // Interactive commands the API cannot hold: a real VS Code terminal.
    ['kubectl exec -it', 'kubectl exec -it pod -- sh', 'vscode-terminal'],
    ['docker compose exec', 'docker compose exec web sh', 'vscode-terminal'],
    ['docker start -ai', 'docker start -ai web', 'vscode-terminal'],
    ['docker run -it with a flag the session does not translate', 'docker run -it --ip 10.0.0.254 alpine sh', 'vscode-terminal'],
    // Plain docker run whose flags translate: the Engine API (if the image is there at run time).
    ['docker run --rm', 'docker run --rm busybox echo hi', 'engine-run'],
    ['docker run -d with a name and a port', 'docker run -d --name web -p 127.0.0.1:8080:80 nginx', 'engine-run'],
    // Everything else: a process.
    ['docker run -i (no -t)', 'docker run -i busybox cat', 'process'],
    ['docker run -itd (detached)', 'docker run -itd --name c1 busybox sh', 'process'],
    ['docker run with a flag it does not translate', 'docker run --ip 10.0.0.254 busybox true', 'process'],
    ['docker run with shell syntax', 'docker run --rm busybox echo $(hostname)', 'process'],
    ['docker ps', 'docker ps -a', 'process'],
    ['docker build', 'docker build -t web .', 'process'],
    ['docker service create', 'docker service create --name web nginx', 'process'],
    ['kubectl get', 'kubectl get pods', 'process'],
    ['docker-compose up', 'docker-compose up -d', 'process'],
  ];
  for (const [what, text, route] of routes) {
    it(`routes ${what} to ${route}`, () => {
      const planned = plan(text);
      assert.equal(planned.route, route, planned.reason);
      assert.equal(planned.text, text);
      assert.ok(planned.reason.length > 0, 'says why');
    });
  }

  it('leaves a plain run to the CLI when DOCKER_DEFAULT_PLATFORM is set (the CLI applies it)', () => {
    assert.equal(plan('docker run --rm busybox true', { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' }).route, 'process');
    assert.equal(plan('docker run --rm busybox true', {}).route, 'engine-run');
  });

  it('gives an engine-run its fallback: the same command as a process', () => {
    const planned = plan('docker run --rm busybox echo hi');
    assert.ok(planned.route === 'engine-run');
    assert.equal(planned.fallback.route, 'process');
    assert.equal(planned.fallback.text, planned.text);
    assert.equal(planned.spec.image, 'busybox');
  });

  const progress: Array<[string, boolean]> = [
    ['docker service create --name web nginx', true],
    ['docker pull alpine', true],
    ['docker build -t web .', true],
    ['docker compose up', true],
    ['docker service create -d --name web nginx', false],
    ['docker ps', false],
    ['kubectl get pods', false],
  ];
  for (const [text, tty] of progress) {
    it(`runs ${text} ${tty ? 'under' : 'without'} a pseudo-terminal`, () => {
      const planned = plan(text);
      assert.ok(planned.route === 'process');
      assert.equal(planned.tty, tty);
    });
  }

  it('translates the command once: the session plan carries the spec it runs', () => {
    const planned = plan('docker run -it --rm -e A=1 -w /tmp alpine sh');
    assert.ok(planned.route === 'engine-session');
    assert.equal(planned.spec.kind, 'run');
  });
});
