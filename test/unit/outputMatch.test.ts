import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lineKey, matchOutput, normalizeForDiff, stripTerminalEscapes } from '../../src/core/outputMatch';
import { ROOT } from './helpers';

/** Real output captured on this machine (see test/fixtures/README.md, `output/`). */
const real = (name: string): string => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'output', `${name}.txt`), 'utf8');

// The full `docker run hello-world` of Docker's documentation (current wording).
const HELLO_FULL = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
`;

// What a note pasted the first time, image not yet pulled (another digest, another layer).
const HELLO_FIRST_PULL = `Unable to find image 'hello-world:latest' locally
latest: Pulling from library/hello-world
0e03bdcc26d7: Pull complete
Digest: sha256:4cf9c47f86df71d48364001ede3a4fcd85ae80ce02ebad74156906caff5378bc
Status: Downloaded newer image for hello-world:latest
${HELLO_FULL}`;

const KUBE_PODS = `NAME                   READY   STATUS    RESTARTS   AGE
web-6d4cf56db6-q8kxz   1/1     Running   0          12s
web-6d4cf56db6-zt2wb   1/1     Running   0          12s
`;

const SWARM_INIT = `Swarm initialized: current node (dxn1zf6l61qsb1josjja83ngz) is now a manager.

To add a worker to this swarm, run the following command:

    docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377

To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.
`;

interface Pair {
  readonly name: string;
  /** What the note prints under the command, as its author pasted it (other machine, other day). */
  readonly expected: string;
  /** The run's raw output. */
  readonly actual: string;
  /** The verdict a person would give. */
  readonly matches: boolean;
}

const PAIRS: readonly Pair[] = [
  // docker ps (real: three busybox containers, one published on 127.0.0.1:8080, one with -P, one generated name)
  {
    name: 'docker ps: the lab\'s container, other ID, times and widths, published on 0.0.0.0',
    expected: `CONTAINER ID        IMAGE               COMMAND             CREATED             STATUS              PORTS                  NAMES
f2e1d0c9b8a7        busybox             "sleep 300"         2 minutes ago       Up 2 minutes        0.0.0.0:8080->80/tcp   h1match-web`,
    actual: real('ps'),
    matches: true,
  },
  {
    name: 'docker ps: an empty listing in the note matches other containers the student has',
    expected: 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n',
    actual: real('ps'),
    matches: true,
  },
  {
    name: 'docker ps: a -P container with a generated name and one address family in the note',
    expected: `CONTAINER ID   IMAGE     COMMAND       CREATED          STATUS          PORTS                   NAMES
9c8b7a6f5e4d   busybox   "sleep 300"   About a minute ago   Up About a minute   :::32771->80/tcp   elated_curie`,
    actual: real('ps'),
    matches: true,
  },
  {
    name: 'docker ps: the note\'s container is not running in this run',
    expected: `CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS         PORTS     NAMES
0123456789ab   busybox   "sleep 300"   5 seconds ago   Up 4 seconds             web`,
    actual: real('ps'),
    matches: false,
  },
  {
    name: 'docker ps: the note\'s container has exited where this run\'s is up',
    expected: `CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS                     PORTS     NAMES
0123456789ab   busybox   "sleep 300"   5 seconds ago   Exited (0) 2 seconds ago             h1match-db`,
    actual: real('ps'),
    matches: false,
  },
  {
    name: 'docker ps: the note publishes another container port',
    expected: `CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS         PORTS                   NAMES
0123456789ab   busybox   "sleep 300"   5 seconds ago   Up 4 seconds   0.0.0.0:8080->443/tcp   h1match-web`,
    actual: real('ps'),
    matches: false,
  },
  {
    name: 'docker ps: a user-given name with an underscore is not a generated name',
    expected: `CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS         PORTS     NAMES
0123456789ab   busybox   "sleep 300"   5 seconds ago   Up 4 seconds             my_db`,
    actual: real('ps'),
    matches: false,
  },
  {
    name: 'docker ps -a: Exited (1) from another day',
    expected: `CONTAINER ID   IMAGE     COMMAND            CREATED         STATUS                     PORTS     NAMES
3e4f5a6b7c8d   busybox   "sh -c 'exit 1'"   3 minutes ago   Exited (1) 3 minutes ago             h1match-exit1`,
    actual: real('psa'),
    matches: true,
  },
  {
    name: 'docker ps -a: the note\'s Exited (0) is this run\'s Exited (1)',
    expected: `CONTAINER ID   IMAGE     COMMAND            CREATED         STATUS                     PORTS     NAMES
3e4f5a6b7c8d   busybox   "sh -c 'exit 1'"   3 minutes ago   Exited (0) 3 minutes ago             h1match-exit1`,
    actual: real('psa'),
    matches: false,
  },
  {
    name: 'docker ps -a: both containers of the note, listed the other way round',
    expected: `CONTAINER ID   IMAGE     COMMAND            CREATED          STATUS                      PORTS     NAMES
aaaa1111bbbb   busybox   "sh -c 'exit 1'"   10 seconds ago   Exited (1) 9 seconds ago              h1match-exit1
cccc2222dddd   busybox   "true"             12 seconds ago   Exited (0) 11 seconds ago             h1match-exit0`,
    actual: real('psa'),
    matches: true,
  },
  // docker images (real: hello-world, alpine, busybox made locally)
  {
    name: 'docker images: busybox with another ID, age and size',
    expected: `REPOSITORY          TAG                 IMAGE ID            CREATED             SIZE
busybox             latest              6d5fcfe5ff17        2 weeks ago         1.22MB`,
    actual: real('images'),
    matches: true,
  },
  {
    name: 'docker images: the note has nginx, this machine does not',
    expected: `REPOSITORY   TAG       IMAGE ID       CREATED       SIZE
nginx        latest    605c77e624dd   2 weeks ago   141MB
busybox      latest    6d5fcfe5ff17   2 weeks ago   1.22MB`,
    actual: real('images'),
    matches: false,
  },
  {
    name: 'docker images: another tag is another image',
    expected: `REPOSITORY   TAG       IMAGE ID       CREATED       SIZE
busybox      1.36      6d5fcfe5ff17   2 weeks ago   4.26MB`,
    actual: real('images'),
    matches: false,
  },
  // docker run hello-world
  {
    name: 'hello-world: the note pulled the image first, this run found it (real output)',
    expected: `Unable to find image 'hello-world:latest' locally
latest: Pulling from library/hello-world
0e03bdcc26d7: Pull complete
Digest: sha256:4cf9c47f86df71d48364001ede3a4fcd85ae80ce02ebad74156906caff5378bc
Status: Downloaded newer image for hello-world:latest

Hello from Docker!
This message shows that your installation appears to be working correctly.`,
    actual: real('hello'),
    matches: true,
  },
  {
    name: 'hello-world: the note shows the first two lines of the full message',
    expected: 'Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n',
    actual: HELLO_FULL,
    matches: true,
  },
  {
    name: 'hello-world: full message, pulled in the note, cached in the run',
    expected: HELLO_FIRST_PULL,
    actual: HELLO_FULL,
    matches: true,
  },
  {
    name: 'hello-world: cached in the note, pulled in the run (another layer, Already exists)',
    expected: HELLO_FULL,
    actual: `Unable to find image 'hello-world:latest' locally\r\nlatest: Pulling from library/hello-world\r\n2db29710123e: Already exists \r\nDigest: sha256:2498fce14358aa50ead0cc6c19990fc6ff866ce72aeb5546e1d59caac3d0d60f\r\nStatus: Downloaded newer image for hello-world:latest\r\ndocker.io/library/hello-world:latest\r\n${HELLO_FULL.replace(/\n/g, '\r\n')}`,
    matches: true,
  },
  {
    name: 'hello-world: the note goes on where this run stops (real two-line stand-in)',
    expected: HELLO_FULL,
    actual: real('hello'),
    matches: false,
  },
  {
    name: 'hello-world: the image cannot be pulled in this run (real)',
    expected: HELLO_FIRST_PULL,
    actual: real('runnosuch'),
    matches: false,
  },
  {
    name: 'hello-world: the note\'s pull lines, then an error in the run where the greeting should be',
    expected: `Unable to find image 'nosuchimage:1' locally
1: Pulling from library/nosuchimage
Digest: sha256:4cf9c47f86df71d48364001ede3a4fcd85ae80ce02ebad74156906caff5378bc
Status: Downloaded newer image for nosuchimage:1`,
    actual: real('runnosuch'),
    matches: false,
  },
  {
    name: 'hello-world: the greeting, then an error the note does not show',
    expected: 'Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n',
    actual: `${real('hello')}docker: Error response from daemon: failed to create task: unknown.\n`,
    matches: false,
  },
  {
    name: 'a typo: command not found where the note shows output',
    expected: 'Hello from Docker!\n',
    actual: 'bash: dockr: command not found\n',
    matches: false,
  },
  // Removal, creation, listings
  {
    name: 'docker rm: the note removed the container, this run found none (real)',
    expected: 'nosuch\n',
    actual: real('rmnosuch'),
    matches: false,
  },
  {
    name: 'docker stop: the names it stopped (real)',
    expected: 'h1match-web\nh1match-db\nvibrant_chaum\n',
    actual: real('stop'),
    matches: true,
  },
  {
    name: 'docker network create: another network ID (real)',
    expected: 'c5d1a3e8e4b9f5e2a7c6b0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9\n',
    actual: real('netcreate'),
    matches: true,
  },
  {
    name: 'docker network ls: the lab\'s network among the defaults, other IDs and order (real)',
    expected: `NETWORK ID          NAME                DRIVER              SCOPE
7fca4eb8c647        bridge              bridge              local
9f904ee27bf5        none                null                local
cf03ee007fb4        host                host                local
a1b2c3d4e5f6        h1match-net         bridge              local`,
    actual: real('netls'),
    matches: true,
  },
  {
    name: 'docker network ls: the note was on a swarm node (ingress, docker_gwbridge)',
    expected: `NETWORK ID     NAME              DRIVER    SCOPE
7fca4eb8c647   bridge            bridge    local
3c2b1a0f9e8d   docker_gwbridge   bridge    local
cf03ee007fb4   host              host      local
q1w2e3r4t5y6   ingress           overlay   swarm
9f904ee27bf5   none              null      local`,
    actual: real('netls'),
    matches: false,
  },
  {
    name: 'docker volume ls: the lab\'s volume (real)',
    expected: 'DRIVER              VOLUME NAME\nlocal               h1match-vol\n',
    actual: real('volls'),
    matches: true,
  },
  {
    name: 'docker volume ls: the note\'s volume has another name',
    expected: 'DRIVER    VOLUME NAME\nlocal     h1match-data\n',
    actual: real('volls'),
    matches: false,
  },
  {
    name: 'docker inspect -f: status and name, then another address (real)',
    expected: 'running /h1match-web\n172.17.0.3\n',
    actual: real('inspect'),
    matches: true,
  },
  {
    name: 'docker inspect -f: the note\'s container had exited',
    expected: 'exited /h1match-web\n172.17.0.3\n',
    actual: real('inspect'),
    matches: false,
  },
  {
    name: 'docker version --format: a version is content, not noise (real)',
    expected: '19.03.12\n',
    actual: real('version'),
    matches: false,
  },
  // Terminal text
  {
    name: 'a TTY run: \\r\\r\\n line ends, colours, a progress line redrawn to 100% (real)',
    expected: 'hello\n100%\n[\n[[\nacpid\n',
    actual: real('tty'),
    matches: true,
  },
  {
    name: 'a TTY run: the note\'s listing names another file (real)',
    expected: 'hello\n100%\n[\n[[\nadduser\n',
    actual: real('tty'),
    matches: false,
  },
  {
    name: 'CRLF, trailing spaces, colours, an OSC title and blank lines around',
    expected: '\n\nDone building.   \nSuccessfully tagged app:1.0\n\n',
    actual: '\x1b]0;build\x07\x1b[32mDone building.\x1b[0m\r\nSuccessfully tagged app:1.0   \r\n\r\n',
    matches: true,
  },
  {
    name: 'a redraw erased with ESC[K keeps only the final text',
    expected: 'Step 3/3 done\n',
    actual: 'Step 1/3 working on the base layer\r\x1b[KStep 3/3 done\n',
    matches: true,
  },
  // Times, sizes, statuses
  {
    name: 'date: another day, same format',
    expected: 'Mon Jan  2 15:04:05 UTC 2024\n',
    actual: 'Tue Dec  1 09:12:44 UTC 2026\n',
    matches: true,
  },
  {
    name: 'docker logs -t: ISO timestamps differ, the message is the same',
    expected: '2019-06-01T10:00:00.123456789Z Listening on port 3000\n',
    actual: '2026-12-01T11:37:10.763094000Z Listening on port 3000\n',
    matches: true,
  },
  {
    name: 'docker logs -t: the message differs behind equal-looking timestamps',
    expected: '2019-06-01T10:00:00.123456789Z Listening on port 3000\n',
    actual: '2026-12-01T11:37:10.763094000Z Error: listen EADDRINUSE: address already in use :::3000\n',
    matches: false,
  },
  {
    name: 'a health status: (healthy) stays strict while the uptime varies',
    expected: 'CONTAINER ID   IMAGE   STATUS                   NAMES\n1a2b3c4d5e6f   web     Up 2 minutes (healthy)   web\n',
    actual: 'CONTAINER ID   IMAGE   STATUS                     NAMES\n9f8e7d6c5b4a   web     Up 31 seconds (unhealthy)   web\n',
    matches: false,
  },
  {
    name: 'docker system df: sizes in other units and spacing',
    expected: `TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          3         1         13.3 kB   13.3 kB (100%)
Containers      1         1         0B        0B`,
    actual: `TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          3         1         5.94MB    3.96MB (66%)
Containers      1         1         0B        0B`,
    matches: true,
  },
  {
    name: 'docker build: durations and IDs vary, the steps are the same',
    expected: 'Step 1/2 : FROM busybox\n ---> 6d5fcfe5ff17\nStep 2/2 : CMD ["echo", "hi"]\n ---> Running in 0aa1b2c3d4e5\nSuccessfully built 1f2e3d4c5b6a\n',
    actual: 'Step 1/2 : FROM busybox\n ---> b8e1a9545847\nStep 2/2 : CMD ["echo", "hi"]\n ---> Running in 7d1f0c2e9b3a\nSuccessfully built 9a8b7c6d5e4f\n',
    matches: true,
  },
  // Swarm (Docker's documented formats; this machine runs no swarm)
  {
    name: 'docker swarm init: another node ID, token and address',
    expected: SWARM_INIT,
    actual: SWARM_INIT.replace('dxn1zf6l61qsb1josjja83ngz', 'k3x9q2m7v8w1p0z5r4t6y2u8i').replace('49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c', '0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4-abcdefghijklmnopqrstuvwxy').replace('192.168.99.100', '127.0.0.1'),
    matches: true,
  },
  {
    name: 'docker service ls: another service ID, same replicas',
    expected: 'ID                  NAME                MODE                REPLICAS            IMAGE               PORTS\nkbp7mxtd0x3u        web                 replicated          3/3                 nginx:latest        *:80->80/tcp\n',
    actual: 'ID             NAME      MODE         REPLICAS   IMAGE          PORTS\nx2k9p0zq7m4v   web       replicated   3/3        nginx:latest   *:80->80/tcp\n',
    matches: true,
  },
  {
    name: 'docker service ls: the run has 0/3 replicas where the note has 3/3',
    expected: 'ID             NAME      MODE         REPLICAS   IMAGE          PORTS\nkbp7mxtd0x3u   web       replicated   3/3        nginx:latest   *:80->80/tcp\n',
    actual: 'ID             NAME      MODE         REPLICAS   IMAGE          PORTS\nx2k9p0zq7m4v   web       replicated   0/3        nginx:latest   *:80->80/tcp\n',
    matches: false,
  },
  {
    name: 'docker swarm init: this node is already part of a swarm',
    expected: SWARM_INIT,
    actual: 'Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.\n',
    matches: false,
  },
  // kubectl (documented formats; this machine has no cluster)
  {
    name: 'kubectl get pods: other pod hashes, ages and widths',
    expected: `NAME                     READY     STATUS    RESTARTS   AGE
web-7c5b9d8f6-x2x9k      1/1       Running   0          5m
web-7c5b9d8f6-k7nwq      1/1       Running   0          5m`,
    actual: KUBE_PODS,
    matches: true,
  },
  {
    name: 'kubectl get pods: CrashLoopBackOff in the run',
    expected: KUBE_PODS,
    actual: `NAME                   READY   STATUS             RESTARTS      AGE
web-6d4cf56db6-q8kxz   0/1     CrashLoopBackOff   3 (20s ago)   90s
web-6d4cf56db6-zt2wb   1/1     Running            0             90s`,
    matches: false,
  },
  {
    name: 'kubectl get pods: still ContainerCreating',
    expected: 'NAME                  READY   STATUS    RESTARTS   AGE\nweb-7c5b9d8f6-x2x9k   1/1     Running   0          5m\n',
    actual: 'NAME                   READY   STATUS              RESTARTS   AGE\nweb-6d4cf56db6-q8kxz   0/1     ContainerCreating   0          2s\n',
    matches: false,
  },
  {
    name: 'kubectl get pods: no cluster (real)',
    expected: KUBE_PODS,
    actual: real('kube-nocluster'),
    matches: false,
  },
  {
    name: 'kubectl get nodes: the same node, another age',
    expected: 'NAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   10d   v1.28.3\n',
    actual: 'NAME       STATUS   ROLES           AGE    VERSION\nminikube   Ready    control-plane   2m3s   v1.28.3\n',
    matches: true,
  },
  {
    name: 'kubectl get nodes: NotReady',
    expected: 'NAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   10d   v1.28.3\n',
    actual: 'NAME       STATUS     ROLES           AGE   VERSION\nminikube   NotReady   control-plane   15s   v1.28.3\n',
    matches: false,
  },
  {
    name: 'kubectl get deploy: 3/3 at another age',
    expected: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           2m\n',
    actual: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           45s\n',
    matches: true,
  },
  {
    name: 'kubectl get deploy: 1/3 available',
    expected: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           2m\n',
    actual: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    1/3     3            1           45s\n',
    matches: false,
  },
  {
    name: 'kubectl apply: created in the note, unchanged on a second run',
    expected: 'deployment.apps/web created\nservice/web created\n',
    actual: 'deployment.apps/web unchanged\nservice/web configured\n',
    matches: true,
  },
  {
    name: 'kubectl apply: the run was refused',
    expected: 'deployment.apps/web created\n',
    actual: 'Error from server (Forbidden): error when creating "web.yaml": deployments.apps is forbidden: User "student" cannot create resource "deployments"\n',
    matches: false,
  },
  {
    name: 'kubectl delete is not kubectl apply',
    expected: 'deployment.apps/web created\n',
    actual: 'deployment.apps/web deleted\n',
    matches: false,
  },
  // Elisions and prefixes
  {
    name: 'an elision in the note skips the long middle',
    expected: 'Sending build context to Docker daemon  2.048kB\n...\nSuccessfully built 1f2e3d4c5b6a\nSuccessfully tagged app:latest\n',
    actual: `Sending build context to Docker daemon  3.072kB\n${Array.from({ length: 40 }, (_, i) => `Step ${i + 1}/40 : RUN true\n ---> Running in ${(i + 0x100000000000).toString(16)}\n`).join('')}Successfully built 9a8b7c6d5e4f\nSuccessfully tagged app:latest\n`,
    matches: true,
  },
  {
    name: 'an elision does not excuse a different ending',
    expected: 'Sending build context to Docker daemon  2.048kB\n[...]\nSuccessfully tagged app:latest\n',
    actual: 'Sending build context to Docker daemon  3.072kB\nStep 1/2 : FROM busybox\nThe command \'/bin/sh -c false\' returned a non-zero code: 1\n',
    matches: false,
  },
  {
    name: 'lines the run prints before the note\'s first line are a difference',
    expected: 'Hello from Docker!\n',
    actual: 'WARNING: The requested image\'s platform (linux/arm64) does not match the detected host platform\nHello from Docker!\n',
    matches: false,
  },
];

describe('matchOutput: the table of note/run pairs', () => {
  it('has the pairs a person judged, many of them differences a careless matcher would accept', () => {
    assert.ok(PAIRS.length >= 40, `${PAIRS.length} pairs`);
    assert.ok(PAIRS.filter((pair) => !pair.matches).length >= 15);
    assert.equal(new Set(PAIRS.map((pair) => pair.name)).size, PAIRS.length);
  });

  for (const pair of PAIRS) {
    it(`${pair.matches ? 'matches' : 'differs'}: ${pair.name}`, () => {
      const verdict = matchOutput(pair.expected, pair.actual);
      assert.equal(verdict.matches, pair.matches, verdict.reason ?? 'matched');
      if (!verdict.matches) {
        assert.ok(verdict.reason && verdict.reason.length > 10, 'a reason is given');
      } else {
        assert.equal(verdict.reason, undefined);
      }
    });
  }
});

describe('matchOutput: what a difference says', () => {
  it('names the first differing line of each side', () => {
    const verdict = matchOutput('one\ntwo\nthree\n', 'one\n\ntwo\nfour\n');
    assert.equal(verdict.matches, false);
    assert.equal(verdict.expectedLine, 3);
    assert.equal(verdict.actualLine, 4);
    assert.match(verdict.reason ?? '', /“three”.*line 3 of the note.*“four”.*line 4 of this run/);
  });

  it('says when the run stops before the note does', () => {
    const verdict = matchOutput('a\nb\n', 'a\n');
    assert.equal(verdict.expectedLine, 2);
    assert.equal(verdict.actualLine, undefined);
    assert.match(verdict.reason ?? '', /ends there/);
  });

  it('names the table row of the note the run lacks', () => {
    const verdict = matchOutput(KUBE_PODS.replace('zt2wb   1/1     Running', 'zt2wb   0/1     Pending'), KUBE_PODS);
    assert.equal(verdict.matches, false);
    assert.equal(verdict.expectedLine, 3);
    assert.equal(verdict.actualLine, 1);
    assert.match(verdict.reason ?? '', /no row like the note's “web-6d4cf56db6-zt2wb\s+0\/1\s+Pending/);
  });

  it('names an error printed after the note\'s output', () => {
    const verdict = matchOutput('built\n', 'built\nmore\nError: disk full\n');
    assert.equal(verdict.actualLine, 3);
    assert.match(verdict.reason ?? '', /printed an error: “Error: disk full”/);
  });

  it('quotes at most about 80 characters of a line', () => {
    const verdict = matchOutput(`${'x'.repeat(500)}\n`, `${'y'.repeat(500)}\n`);
    assert.ok((verdict.reason ?? '').length < 260, verdict.reason);
  });

  it('an elision matches nothing as well as many lines, and an elided note still needs its parts in order', () => {
    assert.equal(matchOutput('a\n...\nb\n', 'a\nb\n').matches, true);
    assert.equal(matchOutput('a\n…\nb\n…\nc\n', 'a\nx\nb\ny\nc\n').matches, true);
    assert.equal(matchOutput('a\n…\nc\n…\nb\n', 'a\nx\nb\ny\nc\n').matches, false);
    assert.equal(matchOutput('...\nlast\n', 'first\nsecond\nlast\n').matches, true);
    assert.equal(matchOutput('first\n...\n', 'first\nError: anything after an open end\n').matches, true);
  });

  it('finds a part after an elision past a false start (no backtracking needed)', () => {
    assert.equal(matchOutput('…\na\na\nb\n', 'a\na\na\nb\n').matches, true);
    assert.equal(matchOutput('…\na\nb\na\nb\nc\n', 'a\nb\na\nb\na\nb\nc\n').matches, true);
  });
});

describe('matchOutput: volatile words', () => {
  const same = (a: string, b: string) => assert.equal(lineKey(a), lineKey(b), `${a} ≡ ${b}`);
  const different = (a: string, b: string) => assert.notEqual(lineKey(a), lineKey(b), `${a} ≢ ${b}`);

  it('takes IDs, digests, names, times, sizes, addresses and ports as their kind', () => {
    same('Deleted: sha256:4cf9c47f86df71d48364001ede3a4fcd85ae80ce02ebad74156906caff5378bc', 'Deleted: sha256:2498fce14358aa50ead0cc6c19990fc6ff866ce72aeb5546e1d59caac3d0d60f');
    same('nginx@sha256:4cf9c47f86df71d48364001ede3a4fcd85ae80ce02ebad74156906caff5378bc', 'nginx@sha256:2498fce14358aa50ead0cc6c19990fc6ff866ce72aeb5546e1d59caac3d0d60f');
    same('Up Less than a second', 'Up About an hour');
    same('Created 2 minutes ago', 'Created 3 weeks ago');
    same('2024-01-02 15:04:05 +0000 UTC', '2026-12-01 11:37:10 +0000 UTC');
    same('took 0.5s', 'took 1m30s');
    same('inet 172.17.0.2/16', 'inet 10.0.0.7/24');
    same('inet6 fe80::42:acff:fe11:2/64', 'inet6 fe80::1/64');
    same('ether 02:42:ac:11:00:02', 'ether 02:42:ac:11:00:03');
    same('0.0.0.0:8080->80/tcp, :::8080->80/tcp', '0.0.0.0:32768->80/tcp, [::]:32768->80/tcp');
    same('127.0.0.1:8000-8001->8000-8001/tcp', '0.0.0.0:8000-8001->8000-8001/tcp');
    same('CPU 0.15%', 'CPU 12.30%');
    same('web-7c5b9d8f6-x2x9k', 'web-6d4cf56db6-q8kxz');
    same('replicaset.apps/web-7c5b9d8f6', 'replicaset.apps/web-6d4cf56db6');
  });

  it('keeps words, numbers and statuses strict', () => {
    different('Exited (0) 2 minutes ago', 'Exited (1) 2 minutes ago');
    different('Running', 'CrashLoopBackOff');
    different('REPLICAS 3/3', 'REPLICAS 2/3');
    different('my_app', 'vibrant_chaum');
    different('tokenizer', 'detokenize');
    different('0.0.0.0:8080->80/tcp', '0.0.0.0:8080->80/udp');
    different('0.0.0.0:8080->80/tcp, 0.0.0.0:8443->443/tcp', '0.0.0.0:8080->80/tcp');
    different('my-deployment', 'my-deploy');
    different('v1.28.3', 'v1.29.0');
    different('deployment.apps/web created', 'deployment.apps/web deleted');
  });

  it('a word longer than 200 characters is compared as it is', () => {
    const long = 'a1'.repeat(150);
    assert.equal(lineKey(long), long);
  });
});

describe('stripTerminalEscapes and normalizeForDiff', () => {
  it('strips CSI, OSC (BEL and ST), charset and C1 escapes, keeping the text', () => {
    assert.equal(stripTerminalEscapes('\x1b[1;36mcyan\x1b[m \x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b(Bok \x9b31mred'), 'cyan link ok red');
  });

  it('an unterminated OSC ends at the end of its line, not of the text', () => {
    assert.equal(stripTerminalEscapes('a\x1b]0;never ends\nnext line'), 'a\nnext line');
  });

  it('shows what the diff editor shows: redraws resolved, CRLF as LF, ends trimmed', () => {
    assert.equal(normalizeForDiff('\r\n\x1b[32mok\x1b[0m   \r\n10%\r100%\r\n\r\n'), 'ok\n100%');
    assert.equal(normalizeForDiff('abc\bd\tx\x00y'), 'abd xy');
  });

  it('bounds what it shows, saying how much it left out', () => {
    const text = `${'line\n'.repeat(10_000)}`;
    const shown = normalizeForDiff(text, { maxBytes: 1000 });
    assert.ok(shown.length < 1200);
    assert.match(shown, /\[… \d+ characters not shown …\]/);
  });
});

describe('matchOutput: bad input and size', () => {
  it('control characters in the note are not content', () => {
    assert.equal(matchOutput('Hel\x00lo\x07 world\x7f\n', 'Hello world\n').matches, true);
    assert.equal(matchOutput('\x1b[31m\x1b[0m\n\x1b]0;x\n', '').matches, true);
  });

  it('an empty note matches any output but an error', () => {
    assert.equal(matchOutput('', 'whatever\n').matches, true);
    assert.equal(matchOutput('', 'Error response from daemon: No such container: x\n').matches, false);
  });

  it('a long note takes time linear in its size, and one of 100,000 lines is read within the bound', function () {
    this.timeout(30_000);
    const lines = (count: number) => Array.from({ length: count }, (_, i) => `${(i * 2654435761 % 0xffffffffffff).toString(16).padStart(12, '0')}   busybox   "sleep ${i}"   ${i % 59} seconds ago   Up ${i % 59} seconds   web-${i}`).join('\n');
    const small = lines(2_000);
    const big = lines(20_000);
    const noMax = { maxBytes: Number.MAX_SAFE_INTEGER };
    const timeOf = (text: string) => {
      matchOutput(text, text, noMax);
      const start = performance.now();
      const verdict = matchOutput(text, text, noMax);
      const elapsed = performance.now() - start;
      assert.equal(verdict.matches, true);
      return elapsed;
    };
    const smallMs = Math.min(timeOf(small), timeOf(small));
    const bigMs = Math.min(timeOf(big), timeOf(big));
    assert.ok(bigMs <= 10 * smallMs * 3, `20,000 lines: ${bigMs.toFixed(1)} ms; 2,000 lines: ${smallMs.toFixed(1)} ms`);
    // With the default bound, a 100,000-line note (9 MB) is read as its first and last halves: no slower than 20,000 lines read whole.
    const huge = lines(100_000);
    const start = performance.now();
    assert.equal(matchOutput(huge, huge).matches, true);
    assert.equal(matchOutput(huge, `${huge}\nError: one more line\n`).matches, false);
    const hugeMs = (performance.now() - start) / 2;
    assert.ok(hugeMs <= 2 * bigMs, `100,000 lines bounded: ${hugeMs.toFixed(1)} ms; 20,000 lines whole: ${bigMs.toFixed(1)} ms`);
  });

  it('adversarial lines: long hex runs, many colons, nested brackets, unterminated escapes', function () {
    this.timeout(30_000);
    const hostile = ['a'.repeat(200_000), ':'.repeat(100_000), `${'[('.repeat(50_000)}`, '\x1b['.repeat(50_000), '\x1b]'.repeat(50_000), `${'1.'.repeat(100_000)}`, `${'ab:'.repeat(60_000)}->80/tcp`, `${'\r'.repeat(100_000)}x`, `${'about an '.repeat(20_000)}`];
    const start = performance.now();
    for (const line of hostile) {
      assert.equal(matchOutput(line, line, { maxBytes: Number.MAX_SAFE_INTEGER }).matches, true);
    }
    const hostileMs = performance.now() - start;
    const plain = 'x'.repeat(200_000);
    const plainStart = performance.now();
    for (let i = 0; i < hostile.length; i++) {
      matchOutput(plain, plain, { maxBytes: Number.MAX_SAFE_INTEGER });
    }
    const plainMs = performance.now() - plainStart;
    // Same-run ratio: no hostile line costs more than a few plain ones of its size.
    assert.ok(hostileMs <= 50 * Math.max(plainMs, 1), `hostile ${hostileMs.toFixed(1)} ms, plain ${plainMs.toFixed(1)} ms`);
  });

  it('10 MB of output is matched in time linear in its size, and a bounded read of it is not slower than 1 MB', function () {
    this.timeout(60_000);
    const output = (bytes: number) => {
      // Words of its own on every line (a package, an ID, a size), so no word is read twice.
      const lines = ['Sending build context'];
      for (let i = 0, length = 0; length < bytes; i++) {
        const line = `Step ${(i % 40) + 1}/40 : RUN apt-get install -y package${i} ---> Running in ${(0x100000000000 + i * 7919).toString(16)} ${(i % 97) / 10 + 1}MB`;
        lines.push(line);
        length += line.length + 1;
      }
      return `${lines.join('\n')}\nSuccessfully built 9a8b7c6d5e4f\n`;
    };
    const noteText = 'Sending build context\n...\nSuccessfully built 1f2e3d4c5b6a\n';
    const one = output(1024 * 1024);
    const ten = output(10 * 1024 * 1024);
    const noMax = { maxBytes: Number.MAX_SAFE_INTEGER };
    const timeOf = (text: string, options?: { maxBytes: number }) => {
      const start = performance.now();
      const verdict = matchOutput(noteText, text, options);
      const elapsed = performance.now() - start;
      assert.equal(verdict.matches, true, verdict.reason);
      return elapsed;
    };
    timeOf(one, noMax);
    const oneMs = Math.min(timeOf(one, noMax), timeOf(one, noMax));
    const tenMs = Math.min(timeOf(ten, noMax), timeOf(ten, noMax));
    assert.ok(tenMs <= 3 * 10 * oneMs, `10 MB: ${tenMs.toFixed(1)} ms; 1 MB: ${oneMs.toFixed(1)} ms`);
    const boundedMs = Math.min(timeOf(ten), timeOf(ten));
    assert.ok(boundedMs <= 2 * oneMs + 5, `bounded 10 MB: ${boundedMs.toFixed(1)} ms; full 1 MB: ${oneMs.toFixed(1)} ms`);
    assert.equal(matchOutput(noteText, ten).partial, true);
  });

  it('a bounded read still finds what the note shows at the start and at the end', () => {
    const middle = 'progress line that goes on and on\n'.repeat(100_000);
    const actual = `Started\n${middle}Finished OK\n`;
    assert.equal(matchOutput('Started\n...\nFinished OK\n', actual).matches, true);
    const failed = matchOutput('Started\n...\nFinished OK\n', `Started\n${middle}Error: out of memory\n`);
    assert.equal(failed.matches, false);
    assert.equal(failed.partial, true);
    assert.equal(failed.actualLine, undefined, 'a line of the tail has no known number');
    assert.equal(matchOutput('Booting\n...\nFinished OK\n', actual).matches, false, 'the head is still anchored');
  });
});
