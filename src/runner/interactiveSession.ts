import type * as Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { DockerAttachSpec, DockerExecSpec, DockerRunSpec, DockerSpec } from '../core/dockerCliSpec';
import { withDefaultTag } from '../core/dockerCliSpec';
import type { DockerEngine } from './dockerEngine';
import { explainEngineError } from './dockerEngine';
import type { RunIo, RunResult } from './runTypes';

/** A terminal session with a container: keystrokes in, output out, resizes, an exit code. */
export interface InteractiveSession {
  readonly done: Promise<RunResult>;
  write(data: string): void;
  resize(columns: number, rows: number): void;
  /** Stops the container of a `run`; ends an `exec` or `attach` session. */
  cancel(): void;
}

/** A run's output and terminal size (RunIo), and how a pull of a missing image shows. */
export interface SessionIo extends RunIo {
  /** Progress while an image missing locally is pulled. */
  readonly pullProgress?: (image: string, line: string) => void;
  /** Called when an image missing locally starts and ends pulling (the end also on failure). */
  readonly pulling?: (image: string, done: Promise<void>) => void;
}

type Duplex = NodeJS.ReadWriteStream & { destroy?: () => void };

/**
 * The exit code of a container from its wait() request, without hanging when the engine goes away:
 * a wait() cut off mid-response (dockerd killed or restarted) never settles, so once the attach
 * stream has closed and wait() has not answered within a second, the engine is asked directly. An
 * engine that is gone makes that question fail (the session ends with "Cannot reach the Docker
 * engine…"); a container that has ended gives its exit code.
 */
async function exitOf(container: Dockerode.Container, waited: Promise<{ StatusCode: number }>, stream: NodeJS.ReadableStream): Promise<number> {
  const answer = waited.then((value) => value.StatusCode);
  const closed = new Promise<undefined>((resolve) => {
    stream.once('close', () => resolve(undefined));
    stream.once('end', () => resolve(undefined));
  });
  const second = () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000));
  let code = await Promise.race([answer, closed]);
  while (code === undefined) {
    code = await Promise.race([answer, second()]);
    if (code !== undefined) {
      break;
    }
    let info: Dockerode.ContainerInspectInfo;
    try {
      info = await container.inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        throw new Error('the container was removed while the session ran (did the Docker engine restart?)', { cause: error });
      }
      throw error;
    }
    if (!info.State.Running) {
      code = info.State.ExitCode;
    }
  }
  return code;
}

/**
 * Starts an interactive `docker run`/`exec`/`attach` through the Engine API. `imagePresent`: the
 * caller has just seen the image of a `run` on the engine, so it is not asked for again.
 */
export function startInteractiveSession(engine: DockerEngine, spec: DockerSpec, io: SessionIo, imagePresent = false): InteractiveSession {
  const started = Date.now();
  let stream: Duplex | undefined;
  let cancel: () => void = () => undefined;
  let cancelled = false;
  let size = { columns: io.columns, rows: io.rows };
  let resizeTarget: ((columns: number, rows: number) => Promise<unknown>) | undefined;
  const pendingInput: string[] = [];

  const pipeOutput = (source: NodeJS.ReadableStream, tty: boolean) => {
    if (tty) {
      const decoder = new StringDecoder('utf8');
      source.on('data', (chunk: Buffer) => io.write(decoder.write(chunk)));
      return;
    }
    const out = new PassThrough();
    const decoder = new StringDecoder('utf8');
    out.on('data', (chunk: Buffer) => io.write(decoder.write(chunk)));
    engine.api.modem.demuxStream(source, out, out);
  };

  const attached = (duplex: Duplex) => {
    stream = duplex;
    for (const input of pendingInput.splice(0)) {
      duplex.write(input);
    }
  };

  const result = (exitCode: number): RunResult => ({
    status: cancelled ? 'cancelled' : exitCode === 0 ? 'ok' : 'failed',
    exitCode,
    durationMs: Date.now() - started,
  });

  const run = async (): Promise<RunResult> => {
    switch (spec.kind) {
      case 'run':
        return runContainer(spec);
      case 'exec':
        return execInContainer(spec);
      case 'attach':
        return attachContainer(spec);
    }
  };

  const runContainer = async (spec: DockerRunSpec): Promise<RunResult> => {
    const image = withDefaultTag(spec.image);
    if (!imagePresent && !(await engine.hasImage(image))) {
      io.write(`Unable to find image '${image}' locally, pulling it…\r\n`);
      const pulled = engine.pull(image, (line) => io.pullProgress?.(image, line));
      io.pulling?.(image, pulled.catch(() => undefined));
      await pulled;
    }
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const port of spec.ports) {
      exposed[port.containerPort] = {};
      bindings[port.containerPort] = [...(bindings[port.containerPort] ?? []), { HostIp: port.hostIp, HostPort: port.hostPort }];
    }
    const container = await engine.api.createContainer({
      Image: image,
      name: spec.name,
      Cmd: spec.cmd.length > 0 ? [...spec.cmd] : undefined,
      Entrypoint: spec.entrypoint !== undefined ? (spec.entrypoint === '' ? [''] : [spec.entrypoint]) : undefined,
      Env: [...spec.env],
      Tty: spec.tty,
      OpenStdin: spec.openStdin,
      StdinOnce: spec.openStdin,
      AttachStdin: spec.openStdin && !spec.detach,
      AttachStdout: !spec.detach,
      AttachStderr: !spec.detach,
      WorkingDir: spec.workdir,
      User: spec.user,
      Hostname: spec.hostname,
      ExposedPorts: exposed,
      HostConfig: {
        AutoRemove: spec.autoRemove,
        PortBindings: bindings,
        Binds: [...spec.binds],
        NetworkMode: spec.network,
      },
    });
    // Cancelled while the container was being made: it never starts.
    const cancelledBeforeStart = async (): Promise<RunResult | undefined> => {
      if (!cancelled) {
        return undefined;
      }
      await container.remove({ force: true }).catch(() => undefined);
      return result(130);
    };
    if (spec.detach) {
      const early = await cancelledBeforeStart();
      if (early) {
        return early;
      }
      await container.start();
      io.write(`${container.id}\r\n`);
      return result(0);
    }
    cancel = () => void container.kill().catch(() => undefined);
    const duplex = (await container.attach({ stream: true, stdin: spec.openStdin, stdout: true, stderr: true, hijack: true })) as Duplex;
    const streamEnded = new Promise<void>((resolve) => {
      duplex.once('end', () => resolve());
      duplex.once('close', () => resolve());
      duplex.once('error', () => resolve());
    });
    pipeOutput(duplex, spec.tty);
    // Wait for the container's end before starting it, so a quick exit is not missed.
    const waited = container.wait({ condition: spec.autoRemove ? 'removed' : 'next-exit' }) as Promise<{ StatusCode: number }>;
    const early = await cancelledBeforeStart();
    if (early) {
      waited.catch(() => undefined); // the container is gone: nothing to wait for
      duplex.destroy?.();
      return early;
    }
    await container.start();
    if (cancelled) {
      cancel(); // cancelled while it started: the kill above found nothing running yet
    }
    attached(duplex);
    if (spec.tty) {
      resizeTarget = (w, h) => container.resize({ w, h });
      await resizeTarget(size.columns, size.rows).catch(() => undefined);
    }
    const exitCode = await exitOf(container, waited, duplex);
    // The engine may answer wait() before the last output has come through the stream.
    await Promise.race([streamEnded, new Promise((resolve) => setTimeout(resolve, 1000))]);
    duplex.destroy?.();
    return result(exitCode);
  };

  const execInContainer = async (spec: DockerExecSpec): Promise<RunResult> => {
    const container = engine.api.getContainer(spec.container);
    const exec = await container.exec({
      Cmd: [...spec.cmd],
      Env: [...spec.env],
      WorkingDir: spec.workdir,
      User: spec.user,
      Tty: spec.tty,
      AttachStdin: spec.openStdin,
      AttachStdout: true,
      AttachStderr: true,
    });
    const duplex = (await exec.start({ hijack: true, stdin: spec.openStdin, Tty: spec.tty } as Dockerode.ExecStartOptions)) as unknown as Duplex;
    // Listen for the end before anything else is awaited: a quick command can finish during the resize.
    const ended = new Promise<void>((resolve) => {
      duplex.on('end', resolve);
      duplex.on('close', resolve);
      duplex.on('error', () => resolve());
    });
    pipeOutput(duplex, spec.tty);
    attached(duplex);
    cancel = () => {
      // An exec cannot be killed through the API: interrupt it as a user would, then hang up.
      duplex.write('\u0003');
      setTimeout(() => duplex.destroy?.(), 500);
    };
    if (spec.tty) {
      resizeTarget = (w, h) => exec.resize({ w, h });
      await resizeTarget(size.columns, size.rows).catch(() => undefined);
    }
    await ended;
    const inspected = await exec.inspect();
    return result(inspected.ExitCode ?? (cancelled ? 130 : 1));
  };

  const attachContainer = async (spec: DockerAttachSpec): Promise<RunResult> => {
    const container = engine.api.getContainer(spec.container);
    const info = await container.inspect();
    const tty = Boolean(info.Config?.Tty);
    const duplex = (await container.attach({ stream: true, stdin: Boolean(info.Config?.OpenStdin), stdout: true, stderr: true, hijack: true })) as Duplex;
    pipeOutput(duplex, tty);
    attached(duplex);
    cancel = () => duplex.destroy?.();
    if (tty) {
      resizeTarget = (w, h) => container.resize({ w, h });
      await resizeTarget(size.columns, size.rows).catch(() => undefined);
    }
    const waiting = container.wait() as Promise<{ StatusCode: number }>;
    // The stream also closes when the container ends, before wait() answers: give its exit code a
    // moment to come, and only then take the close for a detach, when the engine says the container
    // still runs (an engine that went away makes that question fail: no false "exit 0").
    const detached = new Promise<{ StatusCode: number }>((resolve, reject) =>
      duplex.on('close', () =>
        setTimeout(() => {
          if (cancelled) {
            resolve({ StatusCode: 130 });
            return;
          }
          container.inspect().then((after) => resolve({ StatusCode: after.State.Running ? 0 : after.State.ExitCode }), reject);
        }, cancelled ? 0 : 1000),
      ),
    );
    detached.catch(() => undefined); // settled through the race below, or not needed
    const { StatusCode } = await Promise.race([waiting, detached]);
    return result(StatusCode);
  };

  const done = run().catch((error: unknown): RunResult => ({
    status: cancelled ? 'cancelled' : 'error',
    exitCode: undefined,
    durationMs: Date.now() - started,
    message: explainEngineError(error, engine.target).message,
  }));

  return {
    done,
    write: (data) => {
      if (stream) {
        stream.write(data);
      } else {
        pendingInput.push(data);
      }
    },
    resize: (columns, rows) => {
      size = { columns, rows };
      void resizeTarget?.(columns, rows).catch(() => undefined);
    },
    cancel: () => {
      cancelled = true;
      cancel();
    },
  };
}
