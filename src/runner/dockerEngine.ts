import type Dockerode from 'dockerode';
import type { DockerTarget } from './dockerTarget';
import { dockerodeOptions } from './dockerTarget';

/** A failure to talk to the engine, said the way a user can act on it. */
export class DockerEngineError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'permission' | 'not-found' | 'other',
  ) {
    super(message);
    this.name = 'DockerEngineError';
  }

  static is(error: unknown): error is DockerEngineError {
    return error instanceof DockerEngineError;
  }
}

/** Turns dockerode/socket errors into sentences that say what failed and what to do. */
export function explainEngineError(error: unknown, target: DockerTarget): DockerEngineError {
  if (DockerEngineError.is(error)) {
    return error;
  }
  const err = error as NodeJS.ErrnoException & { statusCode?: number; json?: { message?: string } };
  const where = `${target.host}${target.context !== 'default' ? ` (context ${target.context})` : ''}`;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') {
    return new DockerEngineError(
      `Permission denied on the Docker socket ${where}. Add your user to the docker group (sudo usermod -aG docker $USER) and log in again.`,
      'permission',
    );
  }
  if (err?.code === 'ENOENT' || err?.code === 'ECONNREFUSED' || err?.code === 'ECONNRESET' || err?.code === 'EHOSTUNREACH' || err?.code === 'ETIMEDOUT') {
    return new DockerEngineError(
      `Cannot reach the Docker engine at ${where}. Start Docker (Docker Desktop, or sudo systemctl start docker) or pick another context from the status bar.`,
      'unreachable',
    );
  }
  if (err?.statusCode === 404) {
    return new DockerEngineError(err.json?.message ?? err.message ?? 'not found', 'not-found');
  }
  const message = err?.json?.message ?? (error instanceof Error ? error.message : String(error));
  return new DockerEngineError(message, 'other');
}

let dockerodeModule: typeof Dockerode | undefined;

/** dockerode, loaded on first Docker use so activation does not pay for it. */
function loadDockerode(): typeof Dockerode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  dockerodeModule ??= require('dockerode') as typeof Dockerode;
  return dockerodeModule;
}

/** What the status bar shows of the engine. */
export interface EngineSummary {
  readonly version: string;
  readonly running: number;
  readonly swarm: string;
}

/** A connection to one engine; cheap to make, no I/O until used. */
export class DockerEngine {
  readonly api: Dockerode;

  constructor(readonly target: DockerTarget) {
    const Docker = loadDockerode();
    this.api = new Docker(dockerodeOptions(target.host) as Dockerode.DockerOptions);
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw explainEngineError(error, this.target);
    }
  }

  summary(): Promise<EngineSummary> {
    return this.call(async () => {
      const [version, info] = await Promise.all([this.api.version(), this.api.info() as Promise<{ ContainersRunning?: number; Swarm?: { LocalNodeState?: string } }>]);
      return { version: version.Version, running: info.ContainersRunning ?? 0, swarm: info.Swarm?.LocalNodeState ?? 'inactive' };
    });
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.api.getImage(image).inspect();
      return true;
    } catch (error) {
      const explained = explainEngineError(error, this.target);
      if (explained.kind === 'not-found') {
        return false;
      }
      throw explained;
    }
  }

  /** Pulls an image, reporting progress as "layer: status" lines. */
  pull(image: string, onProgress: (line: string) => void): Promise<void> {
    return this.call(
      () =>
        new Promise<void>((resolve, reject) => {
          this.api.pull(image, (error: unknown, stream: NodeJS.ReadableStream) => {
            if (error) {
              reject(error);
              return;
            }
            this.api.modem.followProgress(
              stream,
              (finished: unknown) => (finished ? reject(finished) : resolve()),
              (event: { id?: string; status?: string; progress?: string }) => onProgress([event.id, event.status, event.progress].filter(Boolean).join(' ')),
            );
          });
        }),
    );
  }

  /** Names for placeholder pickers, by kind of thing. */
  listNames(kind: 'container' | 'image' | 'network' | 'volume' | 'service' | 'node'): Promise<{ label: string; detail?: string }[]> {
    return this.call(async () => {
      switch (kind) {
        case 'container':
          return (await this.api.listContainers({ all: true })).map((c) => ({ label: c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12), detail: `${c.Id.slice(0, 12)} · ${c.Image} · ${c.State}` }));
        case 'image':
          return (await this.api.listImages()).flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((tag) => ({ label: tag, detail: i.Id.replace(/^sha256:/, '').slice(0, 12) })));
        case 'network':
          return (await this.api.listNetworks()).map((n) => ({ label: n.Name, detail: n.Driver }));
        case 'volume':
          return ((await this.api.listVolumes()).Volumes ?? []).map((v) => ({ label: v.Name, detail: v.Driver }));
        case 'service':
          return (await this.api.listServices()).map((s) => ({ label: s.Spec?.Name ?? s.ID ?? '', detail: s.ID?.slice(0, 12) }));
        case 'node':
          return (await this.api.listNodes()).map((n) => ({ label: n.Description?.Hostname ?? n.ID ?? '', detail: `${n.ID?.slice(0, 12)} · ${n.Spec?.Role}` }));
      }
    });
  }
}
