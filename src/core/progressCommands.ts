import type { CommandKind } from './commandKinds';

/**
 * Commands that draw their progress for a terminal: given one, they redraw lines in place; given a
 * pipe, they print every redraw as new lines (a one-node swarm without the image printed the same
 * two lines about once a second until stopped). The runner gives these a pseudo-terminal.
 */
export function drawsProgress(kind: CommandKind): boolean {
  const [first, second] = kind.subcommand;
  const verb = second ?? first;
  if (kind.program === 'docker-compose' || (kind.program === 'docker' && first === 'compose')) {
    const composeVerb = kind.program === 'docker-compose' ? first : second;
    return ['up', 'pull', 'build', 'push', 'create', 'start', 'restart'].includes(composeVerb ?? '');
  }
  if (kind.program !== 'docker') {
    return false;
  }
  if (first === 'service') {
    // --detach returns at once and -q prints nothing: there is no progress to draw.
    return (verb === 'create' || verb === 'update' || verb === 'rollback' || verb === 'scale') && !hasFlag(kind, ['-d', '--detach', '-q', '--quiet']);
  }
  return ['pull', 'push', 'build', 'load'].includes(verb ?? '') && (second === undefined || first === 'image' || first === 'buildx' || first === 'builder');
}

function hasFlag(kind: CommandKind, flags: readonly string[]): boolean {
  return kind.words.slice(kind.argsStart).some((word) => flags.includes(word) || flags.some((flag) => flag.startsWith('--') && word.startsWith(`${flag}=`) && !/=false$/.test(word)));
}

/**
 * What a stopped `docker service create/update` leaves, said plainly: the CLI stopped watching,
 * the service is still there, and why its tasks did not start when its progress said so.
 */
export function serviceLeftBehind(kind: CommandKind, output: string): string | undefined {
  const [first, verb] = kind.subcommand;
  if (kind.program !== 'docker' || first !== 'service' || (verb !== 'create' && verb !== 'update')) {
    return undefined;
  }
  const args = kind.words.slice(kind.argsStart);
  const nameAt = args.findIndex((word) => word === '--name' || word.startsWith('--name='));
  const name = verb === 'update' ? args[args.length - 1] : nameAt < 0 ? undefined : args[nameAt].startsWith('--name=') ? args[nameAt].slice(7) : args[nameAt + 1];
  // The last status of a task line of the progress display: `1/1: No such image: nginx:latest`.
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n');
  const statuses = [...plain.matchAll(/^\d+\/\d+: +(\S[^\n]*?) *$/gm)].map((match) => match[1]);
  const last = statuses[statuses.length - 1];
  const waiting = last && !/^(?:running|starting|preparing|pending|assigned|accepted|ready|new|allocated)\b/.test(last) ? `; its tasks do not start: ${last}` : '';
  const which = name ?? 'the service';
  const offline = /No such image/.test(last ?? '') ? ' (the image is not on this node and cannot be pulled: build or load it here, then docker service update --force NAME)'.replace('NAME', which) : '';
  return `stopped watching; ${which} is still there${waiting}${offline}. See docker service ps ${which}; remove it with docker service rm ${which}`;
}
