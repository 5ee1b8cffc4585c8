import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../src/core/commandKinds';
import type { DockerExecSpec, DockerRunSpec, DockerSpec, PortBinding } from '../../src/core/dockerCliSpec';
import { parsePort, translateDockerCommand, withDefaultTag } from '../../src/core/dockerCliSpec';

function translate(text: string, environment: Record<string, string | undefined> = {}): DockerSpec {
  const translation = translateDockerCommand(classifyCommand(text), environment);
  if (!translation.ok) {
    assert.fail(`expected \`${text}\` to translate, got: ${translation.reason}`);
  }
  return translation.spec;
}

function runSpec(text: string, environment: Record<string, string | undefined> = {}): DockerRunSpec {
  const spec = translate(text, environment);
  assert.equal(spec.kind, 'run');
  return spec as DockerRunSpec;
}

function refusal(text: string): string {
  const translation = translateDockerCommand(classifyCommand(text), {});
  if (translation.ok) {
    assert.fail(`expected \`${text}\` to be refused, got ${JSON.stringify(translation.spec)}`);
  }
  return translation.reason;
}

const PLAIN_RUN: DockerRunSpec = {
  kind: 'run',
  image: 'alpine',
  cmd: ['sh'],
  entrypoint: undefined,
  name: undefined,
  env: [],
  ports: [],
  binds: [],
  workdir: undefined,
  network: undefined,
  hostname: undefined,
  user: undefined,
  tty: true,
  openStdin: true,
  detach: false,
  autoRemove: false,
};

describe('dockerCliSpec', () => {
  describe('translateDockerCommand: docker run flags', () => {
    it('translates a plain `docker run -it alpine sh`', () => {
      assert.deepEqual(runSpec('docker run -it alpine sh'), PLAIN_RUN);
    });

    const cases: Array<[string, string, Partial<DockerRunSpec>]> = [
      ['-i and -t apart', 'docker run -i -t alpine sh', {}],
      ['--interactive --tty', 'docker container run --interactive --tty alpine sh', {}],
      ['-ti', 'docker run -ti alpine sh', {}],
      ['-d (detached)', 'docker run -itd alpine sh', { detach: true }],
      ['--detach', 'docker run -it --detach alpine sh', { detach: true }],
      ['--rm', 'docker run --rm -it alpine sh', { autoRemove: true }],
      ['--rm=true', 'docker run --rm=true -it alpine sh', { autoRemove: true }],
      ['--name NAME', 'docker run -it --name web alpine sh', { name: 'web' }],
      ['--name=NAME', 'docker run -it --name=web alpine sh', { name: 'web' }],
      ['a quoted --name', 'docker run -it --name "web" alpine sh', { name: 'web' }],
      ['-e NAME=value', 'docker run -it -e FOO=bar alpine sh', { env: ['FOO=bar'] }],
      ['-eNAME=value glued', 'docker run -it -eFOO=bar alpine sh', { env: ['FOO=bar'] }],
      ['--env=NAME=value', 'docker run -it --env=FOO=bar alpine sh', { env: ['FOO=bar'] }],
      ['several -e in order', 'docker run -it -e A=1 --env B=2 -e C= alpine sh', { env: ['A=1', 'B=2', 'C='] }],
      ['-p host:container', 'docker run -it -p 8080:80 alpine sh', { ports: [{ containerPort: '80/tcp', hostIp: '', hostPort: '8080' }] }],
      ['-p on loopback', 'docker run -it -p 127.0.0.1:8080:80 alpine sh', { ports: [{ containerPort: '80/tcp', hostIp: '127.0.0.1', hostPort: '8080' }] }],
      ['-p /udp', 'docker run -it -p 5353:53/udp alpine sh', { ports: [{ containerPort: '53/udp', hostIp: '', hostPort: '5353' }] }],
      ['-p container only', 'docker run -it -p 80 alpine sh', { ports: [{ containerPort: '80/tcp', hostIp: '', hostPort: '' }] }],
      ['-p8080:80 glued', 'docker run -it -p8080:80 alpine sh', { ports: [{ containerPort: '80/tcp', hostIp: '', hostPort: '8080' }] }],
      ['--publish=', 'docker run -it --publish=8080:80 alpine sh', { ports: [{ containerPort: '80/tcp', hostIp: '', hostPort: '8080' }] }],
      [
        'several -p',
        'docker run -it -p 8080:80 -p 127.0.0.1:8443:443 alpine sh',
        {
          ports: [
            { containerPort: '80/tcp', hostIp: '', hostPort: '8080' },
            { containerPort: '443/tcp', hostIp: '127.0.0.1', hostPort: '8443' },
          ],
        },
      ],
      ['-v absolute bind', 'docker run -it -v /srv/data:/data alpine sh', { binds: ['/srv/data:/data'] }],
      ['-v bind with :ro', 'docker run -it -v /srv/data:/data:ro alpine sh', { binds: ['/srv/data:/data:ro'] }],
      ['-v named volume', 'docker run -it -v data:/data alpine sh', { binds: ['data:/data'] }],
      ['--volume=', 'docker run -it --volume=data:/data alpine sh', { binds: ['data:/data'] }],
      ['-w', 'docker run -it -w /tmp alpine sh', { workdir: '/tmp' }],
      ['--workdir', 'docker run -it --workdir /srv alpine sh', { workdir: '/srv' }],
      ['--network', 'docker run -it --network lab alpine sh', { network: 'lab' }],
      ['--net', 'docker run -it --net=host alpine sh', { network: 'host' }],
      ['--hostname', 'docker run -it --hostname box alpine sh', { hostname: 'box' }],
      ['-h', 'docker run -it -h box alpine sh', { hostname: 'box' }],
      ['--entrypoint', 'docker run -it --entrypoint /bin/echo alpine sh', { entrypoint: '/bin/echo' }],
      ['-u', 'docker run -it -u 1000:1000 alpine sh', { user: '1000:1000' }],
      ['--user', 'docker run -it --user nobody alpine sh', { user: 'nobody' }],
      ['the last of a repeated single-valued flag', 'docker run -it --name a --name b alpine sh', { name: 'b' }],
      ['a command with its own flags', 'docker run -it alpine sh -c ls', { cmd: ['sh', '-c', 'ls'] }],
      ['a quoted command argument', "docker run -it alpine sh -c 'echo hi'", { cmd: ['sh', '-c', 'echo hi'] }],
      ['no command', 'docker run -it alpine', { cmd: [] }],
      ['an image with a registry and tag', 'docker run -it localhost:5000/lab/app:1.0 sh', { image: 'localhost:5000/lab/app:1.0' }],
      ['-- ending the flags', 'docker run -it -- alpine sh', {}],
    ];
    for (const [what, text, expected] of cases) {
      it(`translates ${what}`, () => {
        assert.deepEqual(runSpec(text), { ...PLAIN_RUN, ...expected });
      });
    }

    it('takes `-e NAME` from the environment given, as the docker CLI does', () => {
      assert.deepEqual(runSpec('docker run -it -e FOO -e BAR=2 alpine sh', { FOO: 'from env' }).env, ['FOO=from env', 'BAR=2']);
    });

    it('leaves out `-e NAME` when NAME is not set, as the docker CLI does', () => {
      assert.deepEqual(runSpec('docker run -it -e UNSET_FOR_TEST alpine sh', {}).env, []);
    });

    it('keeps `-e NAME=` with an empty value', () => {
      assert.deepEqual(runSpec('docker run -it -e EMPTY= alpine sh', { EMPTY: 'ignored' }).env, ['EMPTY=']);
    });
  });

  describe('translateDockerCommand: docker exec and attach', () => {
    const execCases: Array<[string, string, DockerExecSpec]> = [
      ['a plain exec', 'docker exec -it web sh', { kind: 'exec', container: 'web', cmd: ['sh'], env: [], workdir: undefined, user: undefined, tty: true, openStdin: true }],
      [
        'exec with -e -w -u',
        'docker exec -it -e A=1 -w /tmp -u root web sh -l',
        { kind: 'exec', container: 'web', cmd: ['sh', '-l'], env: ['A=1'], workdir: '/tmp', user: 'root', tty: true, openStdin: true },
      ],
      ['container exec', 'docker container exec --interactive --tty web ash', { kind: 'exec', container: 'web', cmd: ['ash'], env: [], workdir: undefined, user: undefined, tty: true, openStdin: true }],
    ];
    for (const [what, text, expected] of execCases) {
      it(`translates ${what}`, () => {
        assert.deepEqual(translate(text), expected);
      });
    }

    it('translates `docker attach web`', () => {
      assert.deepEqual(translate('docker attach web'), { kind: 'attach', container: 'web' });
    });

    it('translates `docker container attach web`', () => {
      assert.deepEqual(translate('docker container attach web'), { kind: 'attach', container: 'web' });
    });
  });

  describe('translateDockerCommand: refusals', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['an unsupported run flag', 'docker run -it --privileged alpine sh', /--privileged is not supported/],
      ['an unsupported short flag', 'docker run -it -m 1g alpine sh', /-m is not supported/],
      ['an unsupported flag with a value', 'docker run -it --cpus 2 alpine sh', /--cpus is not supported/],
      ['a boolean flag set to false', 'docker run -it --rm=false alpine sh', /--rm=false is not supported/],
      ['an unsupported exec flag', 'docker exec -it --privileged web sh', /--privileged is not supported/],
      ['an attach flag', 'docker attach --sig-proxy=false web', /--sig-proxy is not supported/],
      ['a command substitution', 'docker run -it alpine echo $(hostname)', /shell syntax/],
      ['a variable', 'docker run -it -e HOME=$HOME alpine sh', /shell syntax/],
      ['a variable in double quotes', 'docker run -it --name "$NAME" alpine sh', /shell syntax/],
      ['backticks', 'docker run -it --name `hostname` alpine sh', /shell syntax/],
      ['a pipe', 'docker run -it alpine sh | tee log', /shell syntax/],
      ['a redirection', 'docker run -it alpine sh > out.txt', /shell syntax/],
      ['a second command', 'docker run -it alpine sh && echo done', /shell syntax/],
      ['a glob', 'docker run -it -v /srv/*:/data alpine sh', /shell syntax/],
      ['the global option --context', 'docker --context prod run -it alpine sh', /global options/],
      ['the global option -H', 'docker -H tcp://127.0.0.1:2375 run -it alpine sh', /global options/],
      ['a relative bind path ./', 'docker run -it -v ./data:/data alpine sh', /relative host path/],
      ['a relative bind path dir/sub', 'docker run -it -v data/sub:/data alpine sh', /relative host path/],
      ['the note\'s folder as .', 'docker run -it -v .:/usr/share/nginx/html alpine sh', /relative host path/],
      ['the parent folder ..', 'docker run -it -v ..:/src alpine sh', /relative host path/],
      ['sudo', 'sudo docker run -it alpine sh', /only plain docker commands/],
      ['a missing image', 'docker run -it', /needs an image/],
      ['a flag without its value', 'docker run -it --name', /--name needs a value/],
      ['a port mapping it cannot read', 'docker run -it -p 8080-8081:80-81 alpine sh', /port mapping 8080-8081:80-81/],
      ['an address without a host port part', 'docker run -it -p 127.0.0.1:80 alpine sh', /port mapping 127.0.0.1:80/],
      ['exec without a command', 'docker exec -it web', /needs a container and a command/],
      ['attach with two containers', 'docker attach web db', /exactly one container/],
      ['a subcommand it does not translate', 'docker ps', /docker ps is not translated/],
      ['another program', 'kubectl exec -it pod -- sh', /only plain docker commands/],
    ];
    for (const [what, text, reason] of cases) {
      it(`refuses ${what}, saying why`, () => {
        assert.match(refusal(text), reason);
      });
    }
  });

  describe('parsePort', () => {
    const cases: Array<[string, PortBinding | undefined]> = [
      ['80', { containerPort: '80/tcp', hostIp: '', hostPort: '' }],
      ['8080:80', { containerPort: '80/tcp', hostIp: '', hostPort: '8080' }],
      [':80', undefined],
      ['127.0.0.1:8080:80', { containerPort: '80/tcp', hostIp: '127.0.0.1', hostPort: '8080' }],
      ['127.0.0.1::80', { containerPort: '80/tcp', hostIp: '127.0.0.1', hostPort: '' }],
      ['0.0.0.0:8080:80/tcp', { containerPort: '80/tcp', hostIp: '0.0.0.0', hostPort: '8080' }],
      ['53:53/udp', { containerPort: '53/udp', hostIp: '', hostPort: '53' }],
      ['127.0.0.1:5353:53/udp', { containerPort: '53/udp', hostIp: '127.0.0.1', hostPort: '5353' }],
      ['9000/sctp', { containerPort: '9000/sctp', hostIp: '', hostPort: '' }],
      ['[::1]:8080:80', { containerPort: '80/tcp', hostIp: '::1', hostPort: '8080' }],
      ['127.0.0.1:80', undefined],
      ['web:80', undefined],
      ['8080:80/icmp', undefined],
      ['8080-8081:80-81', undefined],
      ['', undefined],
    ];
    for (const [value, expected] of cases) {
      it(`reads \`${value}\` ${expected ? `as ${expected.hostIp || '*'}:${expected.hostPort || 'random'} → ${expected.containerPort}` : 'as unsupported'}`, () => {
        assert.deepEqual(parsePort(value), expected);
      });
    }
  });

  describe('withDefaultTag', () => {
    const cases: Array<[string, string]> = [
      ['alpine', 'alpine:latest'],
      ['alpine:3.20', 'alpine:3.20'],
      ['library/busybox', 'library/busybox:latest'],
      ['localhost:5000/app', 'localhost:5000/app:latest'],
      ['localhost:5000/app:1', 'localhost:5000/app:1'],
      ['busybox@sha256:0123abcd', 'busybox@sha256:0123abcd'],
    ];
    for (const [image, expected] of cases) {
      it(`reads \`${image}\` as ${expected}`, () => {
        assert.equal(withDefaultTag(image), expected);
      });
    }
  });
});
