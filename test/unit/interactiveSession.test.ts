import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { classifyCommand } from '../../src/core/commandKinds';
import type { DockerSpec } from '../../src/core/dockerCliSpec';
import { translateDockerCommand } from '../../src/core/dockerCliSpec';
import type { DockerEngine } from '../../src/runner/dockerEngine';
import { startInteractiveSession } from '../../src/runner/interactiveSession';

function spec(command: string): DockerSpec {
  const translation = translateDockerCommand(classifyCommand(command), {});
  if (!translation.ok) {
    assert.fail(translation.reason);
  }
  return translation.spec;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An engine that answers the calls of a `docker run` with timings the test chooses, and records
 * what was asked of it. (The real engine is driven by the runner suite; these orderings are hard to
 * bring about there.)
 */
function fakeEngine(options: { createMs?: number; onStart?: (stream: PassThrough, exit: (code: number) => void) => void }) {
  const calls: string[] = [];
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<{ StatusCode: number }>((resolve) => (exit = (code) => resolve({ StatusCode: code })));
  const stream = new PassThrough();
  const container = {
    id: 'c0ffee',
    attach: async () => {
      calls.push('attach');
      return stream;
    },
    wait: () => exited,
    start: async () => {
      calls.push('start');
      options.onStart?.(stream, exit);
    },
    kill: async () => {
      calls.push('kill');
      exit(137);
    },
    remove: async () => {
      calls.push('remove');
    },
    inspect: async () => ({ State: { Running: false, ExitCode: 0 } }),
  };
  const engine = {
    target: { context: 'default', host: 'unix:///fake.sock', source: 'default' },
    hasImage: async () => true,
    api: {
      createContainer: async () => {
        calls.push('create');
        await sleep(options.createMs ?? 0);
        return container;
      },
      modem: {
        // Output without a TTY comes multiplexed; here it is plain, so it is passed on as it is.
        demuxStream: (source: PassThrough, out: PassThrough) => source.pipe(out),
      },
    },
  };
  return { engine: engine as unknown as DockerEngine, calls };
}

describe('interactiveSession: docker run through the Engine API (a scripted engine)', () => {
  it('removes a container cancelled while it was being created, and never starts it', async () => {
    const { engine, calls } = fakeEngine({ createMs: 50 });
    const session = startInteractiveSession(engine, spec('docker run --rm busybox sleep 600'), { write: () => undefined, columns: 80, rows: 24 });
    await sleep(10); // creating
    session.cancel();
    const result = await session.done;
    assert.equal(result.status, 'cancelled');
    assert.deepEqual(calls, ['create', 'attach', 'remove']);
  });

  it('shows output that comes after the engine has said the container ended', async () => {
    const { engine } = fakeEngine({
      onStart: (stream, exit) => {
        stream.write('first\n');
        exit(0); // wait() answers…
        setTimeout(() => {
          stream.end('last\n'); // …before the last output has come through
        }, 30);
      },
    });
    let text = '';
    const session = startInteractiveSession(engine, spec('docker run --rm busybox sh'), { write: (chunk) => (text += chunk), columns: 80, rows: 24 });
    const result = await session.done;
    assert.equal(result.exitCode, 0);
    assert.equal(text, 'first\nlast\n');
  });
});
