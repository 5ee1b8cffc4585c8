/**
 * Processes of this machine read from /proc, for tests that check what a run or a session left
 * behind. Zombies (state Z) are not counted: they are gone, only not yet reaped.
 */
import * as fs from 'node:fs';

/** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, session, tty, tpgid… */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function living(test: (pid: string, fields: string[]) => boolean): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      const fields = statFields(name);
      return fields !== undefined && fields[0] !== 'Z' && test(name, fields);
    })
    .map(Number);
}

/** Processes alive whose session is `sid` (a lab session's bash leads its own). */
export function aliveInSession(sid: number): number[] {
  return living((_pid, fields) => Number(fields[3]) === sid);
}

/** Processes alive whose command line holds `marker` (NUL separates the arguments). */
export function withMarker(marker: string): number[] {
  return living((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  });
}
