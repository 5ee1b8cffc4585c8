import { execFile } from 'node:child_process';

/** Runs a CLI tool without a shell (arguments are never parsed by one) and returns its stdout. */
export function runTool(program: string, args: readonly string[], timeoutMs = 5000, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, [...args], { timeout: timeoutMs, env, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new ToolError(program, code === 'ENOENT' ? `${program} was not found on PATH` : (stderr || error.message).trim(), code === 'ENOENT'));
        return;
      }
      resolve(stdout);
    });
  });
}

export class ToolError extends Error {
  constructor(
    readonly program: string,
    message: string,
    readonly notFound: boolean,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** kubectl's current context, or undefined when none is set (or kubectl is missing). */
export async function kubeCurrentContext(kubectl: string): Promise<string | undefined> {
  try {
    return (await runTool(kubectl, ['config', 'current-context'], 3000)).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function kubeContexts(kubectl: string): Promise<string[]> {
  return (await runTool(kubectl, ['config', 'get-contexts', '-o', 'name'], 3000)).split('\n').map((line) => line.trim()).filter(Boolean);
}

export async function useKubeContext(kubectl: string, name: string): Promise<void> {
  await runTool(kubectl, ['config', 'use-context', name], 5000);
}

/** Names of Kubernetes objects for placeholder pickers: `kubectl get pods -o name` → `web-1`. */
export async function kubeNames(kubectl: string, resource: 'pods' | 'deployments' | 'services' | 'nodes' | 'namespaces'): Promise<string[]> {
  const out = await runTool(kubectl, ['get', resource, '-o', 'name', '--request-timeout=4s'], 6000);
  return out.split('\n').map((line) => line.trim().replace(/^[^/]+\//, '')).filter(Boolean);
}

export interface DockerContextInfo {
  readonly name: string;
  readonly current: boolean;
  readonly endpoint: string;
}

export async function dockerContexts(docker: string): Promise<DockerContextInfo[]> {
  const out = await runTool(docker, ['context', 'ls', '--format', '{{json .}}'], 5000);
  return out
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as { Name?: string; Current?: boolean; DockerEndpoint?: string })
    .map((c) => ({ name: c.Name ?? '', current: Boolean(c.Current), endpoint: c.DockerEndpoint ?? '' }));
}

export async function useDockerContext(docker: string, name: string): Promise<void> {
  await runTool(docker, ['context', 'use', name], 5000);
}
