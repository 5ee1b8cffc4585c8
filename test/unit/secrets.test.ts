import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MASK, maskSecrets } from '../../src/core/secrets';

const M = MASK;

/** [what, text, masked]: each form of a secret, in a command or in output. */
const MASKED: readonly (readonly [string, string, string])[] = [
  ['a swarm join token in a command',
    'docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
    `docker swarm join --token SWMTKN-1-${M} 192.168.99.100:2377`],
  ['a swarm join token in docker swarm init\'s output',
    '    docker swarm join --token SWMTKN-1-0a1b2c3d4e5f-abcdefghij 10.0.0.1:2377\n',
    `    docker swarm join --token SWMTKN-1-${M} 10.0.0.1:2377\n`],
  ['kubeadm\'s --token', 'kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:1234',
    `kubeadm join 10.0.0.1:6443 --token ${M} --discovery-token-ca-cert-hash sha256:1234`],
  ['--password VALUE', 'docker login --username me --password hunter2 registry.example.com', `docker login --username me --password ${M} registry.example.com`],
  ['--password=VALUE', 'docker login -u me --password=hunter2', `docker login -u me --password=${M}`],
  ['a quoted --password', 'mysql --password "s3cret pass" db', `mysql --password ${M} db`],
  ['-p after docker login', 'docker login -u me -p hunter2 registry.example.com', `docker login -u me -p ${M} registry.example.com`],
  ['echo into --password-stdin', 'echo "hunter2" | docker login -u me --password-stdin', `echo ${M} | docker login -u me --password-stdin`],
  ['-e NAME_PASSWORD=VALUE', 'docker run -d -e MYSQL_ROOT_PASSWORD=my-secret-pw mysql:8', `docker run -d -e MYSQL_ROOT_PASSWORD=${M} mysql:8`],
  ['--env NAME_SECRET=VALUE', 'docker run --env API_SECRET=abc123 --env=DB_PASSWORD=\'x y\' app', `docker run --env API_SECRET=${M} --env=DB_PASSWORD=${M} app`],
  ['PGPASSWORD', 'PGPASSWORD=postgres psql -h db', `PGPASSWORD=${M} psql -h db`],
  ['*_TOKEN=', 'export GITHUB_TOKEN=abcdef123456', `export GITHUB_TOKEN=${M}`],
  ['*_KEY=', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', `AWS_ACCESS_KEY_ID=AKIA${M}\nAWS_SECRET_ACCESS_KEY=${M}\n`],
  ['an AWS access key ID on its own', 'aws_access_key_id AKIAIOSFODNN7EXAMPLE', `aws_access_key_id AKIA${M}`],
  ['kubectl create secret --from-literal', 'kubectl create secret generic db --from-literal=password=S3cr3t --from-literal=username=admin',
    `kubectl create secret generic db --from-literal=password=${M} --from-literal=username=admin`],
  ['Authorization: Bearer', 'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc" https://api', `curl -H "Authorization: Bearer ${M}" https://api`],
  ['Authorization: Basic in output', '> Authorization: Basic dXNlcjpwYXNz\r\n', `> Authorization: Basic ${M}\r\n`],
  ['registry auth in config.json', '{\n  "auths": {\n    "https://index.docker.io/v1/": {\n      "auth": "dXNlcjpwYXNzd29yZA=="\n    }\n  }\n}',
    `{\n  "auths": {\n    "https://index.docker.io/v1/": {\n      "auth": "${M}"\n    }\n  }\n}`],
  ['an identity token in JSON', '{"identitytoken":"eyJ0eXAi"}', `{"identitytoken":"${M}"}`],
  ['a GitHub token', 'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/me/repo', `git clone https://ghp_${M}@github.com/me/repo`],
  ['a fine-grained GitHub token', 'token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', `token github_pat_${M}`],
  ['a GitLab token', 'glpat-xxxxxxxxxxxxxxxxxxxx used', `glpat-${M} used`],
  ['a URL with user:password@', 'git clone https://student:hunter2@git.example.com/lab.git', `git clone https://student:${M}@git.example.com/lab.git`],
  ['a database URL', 'DATABASE_URL=postgres://app:pw123@db:5432/app', `DATABASE_URL=postgres://app:${M}@db:5432/app`],
  ['kubeconfig token:', 'users:\n- name: admin\n  user:\n    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload.sig\n', `users:\n- name: admin\n  user:\n    token: ${M}\n`],
  ['kubeconfig client-key-data:', '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n', `    client-key-data: ${M}\n`],
  ['kubectl describe secret output', 'Data\n====\nca.crt:     1066 bytes\ntoken:      eyJhbGciOiJSUzI1NiJ9.abc.def\n', `Data\n====\nca.crt:     1066 bytes\ntoken:      ${M}\n`],
];

/** Text that holds no secret and must come out unchanged. */
const UNCHANGED: readonly (readonly [string, string])[] = [
  ['IDs and digests', 'Digest: sha256:4cf9c47f86df71d48364001ede3a4fcd85ae80ce02ebad74156906caff5378bc\n4d0e547f6e57   busybox   "sleep 300"'],
  ['ordinary words', 'The tokenizer splits keys, passwords and secrets into tokens; see the KEY column. Password: see below'],
  ['names that only contain a keyword', 'tokenizer=bert MONKEY=1 KEYBOARD=us PASSAGE=2 PWD=/home/me'],
  ['-p as a port outside docker login', 'docker run -d -p 8080:80 nginx'],
  ['--password-stdin with no value', 'cat ~/pw.txt | docker login -u me --password-stdin'],
  ['a password given as a variable', 'docker login -u me -p "$PASSWORD" && docker run -e DB_PASSWORD=$DB_PASSWORD -e API_TOKEN=${TOKEN} app'],
  ['an empty token in a kubeconfig', '    token: ""'],
  ['a URL with a user and no password', 'ssh://student@node1 and https://example.com:8443/path'],
  ['a swarm join command without its token', 'docker swarm join-token worker'],
  ['a JSON auths map with no auth', '{"auths": {"registry.example.com": {}}}'],
];

describe('maskSecrets', () => {
  for (const [what, text, masked] of MASKED) {
    it(`masks ${what}`, () => {
      assert.equal(maskSecrets(text), masked);
      assert.equal(maskSecrets(masked), masked, 'masking twice changes nothing');
    });
  }

  for (const [what, text] of UNCHANGED) {
    it(`leaves ${what} alone`, () => {
      assert.equal(maskSecrets(text), text);
    });
  }

  it('masks every secret of a lab report at once, and only them', () => {
    const report = MASKED.map(([, text]) => text).join('\n');
    const masked = maskSecrets(report);
    for (const secret of ['hunter2', 'my-secret-pw', 'abc123', 'wJalrXUtnFEMI', 'dXNlcjpwYXNz', 'S3cr3t', 'eyJhbGci', '8vxv8rssmk743', 'pw123']) {
      assert.ok(!masked.includes(secret), `${secret} is masked`);
    }
    assert.ok(masked.includes('--from-literal=username=admin'));
  });

  it('is linear on long hostile text', function () {
    this.timeout(30_000);
    const hostile = ['A_'.repeat(100_000), 'docker login '.repeat(20_000), 'x:'.repeat(100_000), '"auth": "'.repeat(20_000), `${'a'.repeat(200_000)}=`, 'https://u:'.repeat(20_000)];
    const plain = 'lorem ipsum dolor sit amet '.repeat(8_000);
    const timeOf = (texts: readonly string[]) => {
      const start = performance.now();
      for (const text of texts) {
        maskSecrets(text);
      }
      return performance.now() - start;
    };
    timeOf([plain]);
    const plainMs = timeOf(hostile.map(() => plain));
    const hostileMs = timeOf(hostile);
    assert.ok(hostileMs <= 50 * Math.max(plainMs, 1), `hostile ${hostileMs.toFixed(1)} ms, plain ${plainMs.toFixed(1)} ms`);
  });
});
