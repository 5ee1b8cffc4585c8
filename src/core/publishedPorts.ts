/**
 * What a lab serves: the web addresses a run made reachable. Ports come from the engine after the
 * run (so `-P` and compose `ports:` give the ports really bound). Only loopback addresses are offered (`http://localhost:PORT`), so a link
 * never points anywhere a note chose.
 */

/** A command that may publish ports: `docker run/create -p/-P/--publish`, compose `up`/`run`, `docker service create -p`. */
export function publishesPorts(text: string): boolean {
  const line = text.replace(/\\\n/g, ' ');
  if (/\bdocker(?:-compose|\s+compose)\b[^|;&]*\s(?:up|run|start)\b/.test(line)) {
    return true;
  }
  return /\bdocker\s+(?:container\s+)?(?:run|create)\b|\bdocker\s+service\s+(?:create|update)\b/.test(line) && /\s(?:-p\s*\S|-P\b|--publish(?:-all)?\b|-[a-zA-Z]*P[a-zA-Z]*\b)/.test(line);
}

/** A port binding as the engine lists it (`docker ps` / the API's `Ports`). */
export interface PortBinding {
  readonly PrivatePort: number;
  readonly PublicPort?: number;
  readonly IP?: string;
  readonly Type?: string;
}

/** `http://localhost:PORT` for each TCP port published on every address or on loopback, in port order, once each. */
export function linksFromBindings(bindings: readonly PortBinding[]): string[] {
  const ports = new Set<number>();
  for (const binding of bindings) {
    const ip = binding.IP ?? '0.0.0.0';
    if ((binding.Type ?? 'tcp') === 'tcp' && isPort(binding.PublicPort) && ['0.0.0.0', '::', '127.0.0.1', '::1', ''].includes(ip)) {
      ports.add(binding.PublicPort);
    }
  }
  return [...ports].sort((a, b) => a - b).map((port) => `http://localhost:${port}`);
}

/** A link we offer: only `http://localhost:PORT` (what linksFromBindings makes). */
export function isLabLink(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const match = /^http:\/\/localhost:(\d{1,5})$/.exec(value);
  return match !== null && isPort(Number(match[1]));
}

function isPort(port: number | undefined): port is number {
  return port !== undefined && Number.isInteger(port) && port > 0 && port < 65536;
}
