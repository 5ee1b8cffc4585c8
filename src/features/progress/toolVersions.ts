import { execFile } from 'node:child_process';

/** The versions a lab report names: each a version, or why there is none. */
export interface ToolVersions {
  readonly dockerClient: string;
  readonly dockerServer: string;
  readonly kubectl: string;
}

/** What a report says when the versions were not read (Restricted Mode runs nothing). */
export const VERSIONS_NOT_READ: ToolVersions = {
  dockerClient: 'not read (Restricted Mode runs nothing)',
  dockerServer: 'not read (Restricted Mode runs nothing)',
  kubectl: 'not read (Restricted Mode runs nothing)',
};

interface Ran {
  readonly stdout: string;
  readonly failure?: string;
}

/** Runs a tool without a shell; never rejects: a failure comes back as a short sentence. */
function run(program: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(program, [...args], { env, timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ stdout });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? `${program} was not found` : error.killed ? `no answer in ${timeoutMs / 1000} s` : (String(stderr).trim().split('\n').pop() ?? '') || error.message;
      resolve({ stdout, failure: why.slice(0, 300) });
    });
  });
}

/** A version as printed: a short plain token, never anything else the tool printed. */
function version(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && /^v?[0-9][0-9A-Za-z.+~-]{0,63}$/.test(trimmed) ? trimmed : undefined;
}

/**
 * `docker version` (client and server) and `kubectl version --client`, in the environment runs get.
 * A tool that is missing or an engine that cannot be reached is said so ("not reachable: …").
 */
export async function readToolVersions(docker: string, kubectl: string, env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<ToolVersions> {
  const [dockerRan, kubectlRan] = await Promise.all([
    run(docker, ['version', '--format', '{{.Client.Version}} {{.Server.Version}}'], env, timeoutMs),
    run(kubectl, ['version', '--client', '-o', 'json'], env, timeoutMs),
  ]);
  // With the engine down, docker prints the client's version and fails on the server's.
  const [client, server] = dockerRan.stdout.trim().split(/\s+/);
  const dockerClient = version(client) ?? `not reachable (${dockerRan.failure ?? 'no version printed'})`;
  const dockerServer = dockerRan.failure === undefined && version(server) ? (version(server) as string) : `not reachable (${dockerRan.failure ?? 'no version printed'})`;
  let kubectlVersion: string | undefined;
  try {
    const parsed = JSON.parse(kubectlRan.stdout) as { clientVersion?: { gitVersion?: unknown } };
    kubectlVersion = typeof parsed.clientVersion?.gitVersion === 'string' ? version(parsed.clientVersion.gitVersion) : undefined;
  } catch {
    kubectlVersion = undefined;
  }
  return { dockerClient, dockerServer, kubectl: kubectlVersion ?? `not reachable (${kubectlRan.failure ?? 'no version printed'})` };
}
