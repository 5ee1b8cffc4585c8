/**
 * Where a terminal's commands land: the target a terminal name (`node1`, `term2`) is bound to, by
 * the `courseNotes.nodes` setting or by a note's front matter (`nodes:`). A binding names a Docker
 * engine — a `DOCKER_HOST` (`tcp://…`, `ssh://…`, `unix://…`, `npipe://…`) or a Docker context — and
 * may name a kube context too:
 *
 * ```json
 * "courseNotes.nodes": {
 *   "node1": "ssh://student@10.0.0.11",
 *   "node2": { "docker": "lab-node2", "kubeContext": "kind-lab" }
 * }
 * ```
 * Where no binding exists the terminal uses the default target (what the docker CLI would use).
 */

import type { EngineFault } from './failureExplanation';

export interface NodeTarget {
  /** The terminal name it is bound to. */
  readonly name: string;
  /** `DOCKER_HOST` for the session, or undefined. */
  readonly dockerHost?: string;
  /** `DOCKER_CONTEXT` for the session, or undefined. */
  readonly dockerContext?: string;
  /** The kube context kubectl uses in the session, or undefined. */
  readonly kubeContext?: string;
  /** Where the binding comes from, for messages. */
  readonly source: 'setting' | 'front matter';
}

/** The binding of `name`, or a reason it is not valid (shown to the user), or undefined when unbound. */
export function nodeTarget(
  name: string,
  bindings: { readonly setting: unknown; readonly frontMatter?: Readonly<Record<string, string>> },
): NodeTarget | { readonly error: string } | undefined {
  const fromSetting = isRecord(bindings.setting) ? bindings.setting[name] : undefined;
  if (fromSetting !== undefined) {
    return parseBinding(name, fromSetting, 'setting');
  }
  const fromNote = bindings.frontMatter?.[name];
  return fromNote === undefined ? undefined : parseBinding(name, fromNote, 'front matter');
}

/** The session's environment for a target: `base` with the target's variables set (and the other one removed). */
export function targetEnvironment(target: NodeTarget | undefined, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!target) {
    return base;
  }
  const env = { ...base };
  if (target.dockerHost) {
    env.DOCKER_HOST = target.dockerHost;
    delete env.DOCKER_CONTEXT;
  } else if (target.dockerContext) {
    env.DOCKER_CONTEXT = target.dockerContext;
    delete env.DOCKER_HOST;
  }
  return env;
}

/** A target in a few words: `node1 → ssh://student@10.0.0.11`, `node2 → context lab-node2, kube kind-lab`. */
export function describeTarget(target: NodeTarget): string {
  const parts = [target.dockerHost ?? (target.dockerContext ? `context ${target.dockerContext}` : undefined), target.kubeContext ? `kube ${target.kubeContext}` : undefined].filter(Boolean);
  return `${target.name} → ${parts.join(', ')}`;
}

/**
 * An engine fault (core/failureExplanation) in words naming the node: the docker CLI does not say
 * which engine it could not reach, or lost under a run (measured on two engines in network namespaces).
 */
export function describeEngineFault(target: NodeTarget, fault: EngineFault): string {
  const where = describeTarget(target);
  return fault === 'unreachable' ? `the engine of ${where} is not reachable: is it running, and is the address right?` : `the engine of ${where} went away during the run (its connection was cut)`;
}

const HOST = /^(?:tcp|ssh|unix|npipe|fd):\/\/\S+$/;
const CONTEXT = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/;

function parseBinding(name: string, value: unknown, source: NodeTarget['source']): NodeTarget | { readonly error: string } {
  const docker = typeof value === 'string' ? value.trim() : isRecord(value) && typeof value.docker === 'string' ? value.docker.trim() : undefined;
  const kube = isRecord(value) && typeof value.kubeContext === 'string' ? value.kubeContext.trim() : undefined;
  const where = source === 'setting' ? 'the courseNotes.nodes setting' : "the note's front matter";
  if (docker === undefined && kube === undefined) {
    return { error: `${where} binds "${name}" to something that is neither a Docker host, a Docker context nor { "docker": …, "kubeContext": … }` };
  }
  if (docker !== undefined && docker !== '' && !HOST.test(docker) && !CONTEXT.test(docker)) {
    return { error: `${where} binds "${name}" to "${docker.slice(0, 80)}", which is neither a Docker host (tcp://, ssh://, unix://) nor a Docker context name` };
  }
  if (kube !== undefined && kube !== '' && !CONTEXT.test(kube.replace(/[@/:]/g, '-'))) {
    return { error: `${where} binds "${name}" to the kube context "${kube.slice(0, 80)}", which is not a context name` };
  }
  return {
    name,
    source,
    ...(docker && HOST.test(docker) ? { dockerHost: docker } : docker ? { dockerContext: docker } : {}),
    ...(kube ? { kubeContext: kube } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
