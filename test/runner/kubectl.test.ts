import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kubeContexts, kubeCurrentContext, kubeNames, runTool, ToolError, useKubeContext } from '../../src/runner/cliTools';
import { shell, tempDir } from './helpers';

const TWO_CONTEXTS = `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: https://127.0.0.1:6443
- name: prod
  cluster:
    server: https://127.0.0.1:6444
users:
- name: student
  user:
    token: not-a-real-token
contexts:
- name: lab
  context:
    cluster: lab
    user: student
- name: prod
  context:
    cluster: prod
    user: student
    namespace: web
current-context: prod
`;

describe('runner: kubectl (real client, no cluster)', function () {
  this.timeout(30000);
  let temp: { dir: string; remove: () => void };
  let empty: string;
  let twoContexts: string;
  const saved = process.env.KUBECONFIG;

  beforeEach(() => {
    temp = tempDir('kube');
    empty = path.join(temp.dir, 'empty');
    fs.writeFileSync(empty, '');
    twoContexts = path.join(temp.dir, 'config');
    fs.writeFileSync(twoContexts, TWO_CONTEXTS);
  });
  afterEach(() => {
    if (saved === undefined) {
      delete process.env.KUBECONFIG;
    } else {
      process.env.KUBECONFIG = saved;
    }
    temp.remove();
  });

  /** The environment of a run with this KUBECONFIG, and nothing pointing at an in-cluster server. */
  function envWith(kubeconfig: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig };
    delete env.KUBERNETES_SERVICE_HOST;
    delete env.KUBERNETES_SERVICE_PORT;
    return env;
  }

  it('runs `kubectl create deployment web --image=nginx --dry-run=client -o yaml` without a cluster', async () => {
    const run = await shell('kubectl create deployment web --image=nginx --dry-run=client -o yaml', { env: envWith(empty) });
    assert.equal(run.result.status, 'ok', run.output);
    assert.match(run.output, /^kind: Deployment$/m);
    assert.match(run.output, /^ {2}name: web$/m);
    assert.match(run.output, /image: nginx$/m);
  });

  it('fails `kubectl get pods` with no configuration: non-zero exit and a message about the connection', async () => {
    const run = await shell('kubectl get pods', { env: envWith(empty) });
    assert.equal(run.result.status, 'failed');
    assert.notEqual(run.result.exitCode, 0);
    assert.match(run.output, /The connection to the server localhost:8080 was refused|no configuration has been provided/);
  });

  it('reads the current context of a KUBECONFIG holding two', async () => {
    process.env.KUBECONFIG = twoContexts;
    assert.equal(await kubeCurrentContext('kubectl'), 'prod');
    assert.deepEqual((await kubeContexts('kubectl')).sort(), ['lab', 'prod']);
  });

  it('switches the context with useKubeContext, as `kubectl config use-context` does', async () => {
    process.env.KUBECONFIG = twoContexts;
    await useKubeContext('kubectl', 'lab');
    assert.equal(await kubeCurrentContext('kubectl'), 'lab');
    assert.match(fs.readFileSync(twoContexts, 'utf8'), /^current-context: lab$/m);
  });

  it('gives no current context for an empty KUBECONFIG', async () => {
    process.env.KUBECONFIG = empty;
    assert.equal(await kubeCurrentContext('kubectl'), undefined);
  });

  it('gives no current context when kubectl is missing', async () => {
    assert.equal(await kubeCurrentContext('/nonexistent/kubectl'), undefined);
  });

  it('rejects kubeNames with the connection error when no cluster answers', async () => {
    process.env.KUBECONFIG = empty;
    const error = await kubeNames('kubectl', 'pods').then(
      () => assert.fail('kubeNames should fail without a cluster'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ToolError);
    assert.equal(error.notFound, false);
    assert.match(error.message, /localhost:8080|no configuration/);
  });

  it('says a program that is not on PATH was not found', async () => {
    const error = await runTool('course-notes-no-such-tool', ['--version']).then(
      () => assert.fail('runTool should fail'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ToolError);
    assert.deepEqual({ notFound: error.notFound, message: error.message, program: error.program }, {
      notFound: true,
      message: 'course-notes-no-such-tool was not found on PATH',
      program: 'course-notes-no-such-tool',
    });
  });
});
