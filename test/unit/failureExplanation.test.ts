import * as assert from 'node:assert/strict';
import type { EngineFault } from '../../src/core/failureExplanation';
import { dockerVerb, explainFailure, withLiveContainers } from '../../src/core/failureExplanation';
import { describeEngineFault } from '../../src/core/nodeTargets';

// Output captured from the real docker CLI 28.2 against dockerd 20.10 on this project's machines
// (Debian 12, no registry reachable). The live versions of these runs are in test/runner/dockerCli.test.ts.
const BUILD_EMPTY_VARIABLE = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/

invalid argument "/linux_tweet_app:1.0" for "-t, --tag" flag: invalid reference format

Usage:  docker build [OPTIONS] PATH | URL | -

Run 'docker build --help' for more information
`;
const RUN_BAD_REFERENCE = `docker: invalid reference format

Run 'docker run --help' for more information
`;
const UNKNOWN_FLAG = `unknown flag: --nosuchflag

Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

Run 'docker run --help' for more information
`;
const RUN_OFFLINE_DOCKER_HUB = `Unable to find image 'nosuchimage-cn:1' locally
docker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host

Run 'docker run --help' for more information
`;
const PULL_REFUSED = `Error response from daemon: Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused
`;
const NO_SUCH_CONTAINER = `Error response from daemon: No such container: cn-nosuch
`;
const NOT_A_MANAGER = `Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.
`;
const EXEC_NOT_FOUND = `docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown

Run 'docker run --help' for more information
`;

// The docker CLI 28.2 with DOCKER_HOST pointing at engines that are not there (loopback, nothing
// listening), and under `docker run` when the engine was killed (test/runner/multiNode.test.ts).
const TCP_UNREACHABLE = `Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?
`;
const SSH_UNREACHABLE = `error during connect: Get "http://docker.example.com/v1.50/containers/json": command [ssh -o ConnectTimeout=30 -T -l nobody -p 1 -- 127.0.0.1 docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=ssh: connect to host 127.0.0.1 port 1: Connection refused

`;
const ENGINE_KILLED_UNDER_RUN = `error waiting for container: unexpected EOF
`;

describe('explaining a failed command by who said what', () => {
  it('blames the CLI, not the daemon, for `docker build -t /name:1.0` (an empty variable) and says so', () => {
    const message = explainFailure('docker build . -t /linux_tweet_app:1.0', 125, BUILD_EMPTY_VARIABLE)?.message ?? '';
    assert.match(message, /^the docker CLI rejected the command line before asking the engine anything/);
    assert.match(message, /invalid argument "\/linux_tweet_app:1\.0" for "-t, --tag" flag: invalid reference format/);
    assert.match(message, /is a variable in it empty\?/);
    assert.match(message, /see docker build --help$/);
    assert.doesNotMatch(message, /daemon|container ran/);
  });

  const usage: Array<[string, string, RegExp]> = [
    ['docker run /linux_tweet_app:1.0', RUN_BAD_REFERENCE, /rejected the command line .*: invalid reference format; see docker run --help$/],
    ['docker run --nosuchflag busybox', UNKNOWN_FLAG, /rejected the command line .*: unknown flag: --nosuchflag; see docker run --help$/],
    ['docker image build --tag=:1.0 .', BUILD_EMPTY_VARIABLE.replace('/linux_tweet_app:1.0', ':1.0'), /is a variable in it empty\?\); see docker image build --help$/],
  ];
  for (const [command, output, expected] of usage) {
    it(`calls \`${command}\` a usage error of the CLI`, () => {
      assert.match(explainFailure(command, 125, output)?.message ?? '', expected);
    });
  }

  it('says the registry cannot be reached and the image must be built or loaded here (docker run, Docker Hub offline)', () => {
    const message = explainFailure('docker run nosuchimage-cn:1', 125, RUN_OFFLINE_DOCKER_HUB)?.message ?? '';
    assert.match(message, /^the registry registry-1\.docker\.io cannot be reached/);
    assert.match(message, /the image nosuchimage-cn:1 is not on this machine and could not be pulled/);
    assert.match(message, /docker build.*docker load/);
  });

  it('says the registry cannot be reached for docker pull, naming the image', () => {
    const message = explainFailure('docker pull 127.0.0.1:5999/nginx:latest', 1, PULL_REFUSED)?.message ?? '';
    assert.match(message, /^the registry 127\.0\.0\.1:5999 cannot be reached .* the image 127\.0\.0\.1:5999\/nginx:latest is not on this machine/);
  });

  it('names the missing container and asks for the live ones', () => {
    const explanation = explainFailure('docker logs cn-nosuch', 1, NO_SUCH_CONTAINER);
    assert.deepEqual(explanation, { message: 'there is no container cn-nosuch on this engine', missingContainer: 'cn-nosuch' });
    assert.equal(withLiveContainers(explanation!, ['web', 'pinger (exited)']), 'there is no container cn-nosuch on this engine; the containers there are: web, pinger (exited)');
    assert.match(withLiveContainers(explanation!, []), /no container exists now/);
  });

  it('passes other engine errors on as the engine\'s, saying "before the container ran" only for run and create', () => {
    assert.equal(
      explainFailure('docker service create --name x busybox', 1, NOT_A_MANAGER)?.message,
      'the Docker engine refused the request: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
    );
    const exec = explainFailure('docker run busybox nosuchcmd', 127, EXEC_NOT_FOUND)?.message ?? '';
    assert.match(exec, /^the Docker engine refused the request before the container ran: failed to create shim task/);
    assert.doesNotMatch(exec, /not found on PATH/, 'docker itself was found: the engine could not start the command');
  });

  it('says nothing it does not know', () => {
    assert.equal(explainFailure('docker build -t web .', 1, 'Step 2/3 : RUN make\nmake: *** No rule to make target\n'), undefined);
    assert.equal(explainFailure('docker ps', 125, ''), undefined);
    assert.equal(explainFailure('kubectl get x', 125, ''), undefined);
  });

  const faults: Array<[string, number, string, EngineFault | undefined]> = [
    ['docker ps', 1, TCP_UNREACHABLE, 'unreachable'],
    ['docker ps', 1, SSH_UNREACHABLE, 'unreachable'],
    ['docker run --rm busybox sleep 600', 125, ENGINE_KILLED_UNDER_RUN, 'lost'],
    // Words like the CLI's from anything else are no engine's fault.
    ['curl http://127.0.0.1:1', 7, 'curl: (7) Failed to connect to 127.0.0.1 port 1: Connection refused\n', undefined],
    ['kubectl logs -f web', 1, 'error: unexpected EOF\n', undefined],
    ['docker run busybox', 125, 'docker: Error response from daemon: dial unix /run/containerd/containerd.sock: connect: connection refused\n', undefined],
  ];
  for (const [command, exitCode, output, fault] of faults) {
    it(`says of \`${command}\` printing ${JSON.stringify(output.split('\n')[0].slice(0, 40))}… that the engine is ${fault ?? 'not at fault'}`, () => {
      assert.equal(explainFailure(command, exitCode, output)?.engineFault, fault);
    });
  }

  it('says where the engine is when the CLI names it, and that it could not connect when it does not', () => {
    assert.match(explainFailure('docker ps', 1, TCP_UNREACHABLE)?.message ?? '', /^the Docker engine at tcp:\/\/127\.0\.0\.1:1 is not running or cannot be reached/);
    assert.match(explainFailure('docker ps', 1, SSH_UNREACHABLE)?.message ?? '', /^the Docker engine cannot be reached \(the docker CLI: "error during connect"\)/);
  });

  it("words an engine fault by the node's name and engine", () => {
    const target = { name: 'term2', dockerHost: 'unix:///run/cn/node2/docker.sock', source: 'setting' as const };
    assert.equal(describeEngineFault(target, 'unreachable'), 'the engine of term2 → unix:///run/cn/node2/docker.sock is not reachable: is it running, and is the address right?');
    assert.equal(describeEngineFault(target, 'lost'), 'the engine of term2 → unix:///run/cn/node2/docker.sock went away during the run (its connection was cut)');
  });

  const verbs: Array<[string, string]> = [
    ['docker build -t x .', 'build'],
    ['docker run busybox nosuchcmd', 'run'],
    ['sudo docker container run x', 'container run'],
    ['docker --context x ps', ''],
  ];
  for (const [command, verb] of verbs) {
    it(`reads the docker verb of \`${command}\` as ${JSON.stringify(verb)}`, () => {
      assert.equal(dockerVerb(command), verb);
    });
  }
});
