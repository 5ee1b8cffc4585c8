// What `npm start` and `npm test` install on a fresh clone before they do anything else: the npm
// dependencies (when node_modules is missing or older than the lockfile) and Debian packages.
// Plain Node with no dependencies: it runs before `npm ci` has.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Why node_modules must be installed again, or undefined when it is current. */
export function nodeModulesStaleness(repo = REPO) {
  // npm writes this hidden lockfile on every install; its age is the age of node_modules.
  const installed = join(repo, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  if (statSync(installed).mtimeMs < statSync(join(repo, 'package-lock.json')).mtimeMs) {
    return 'node_modules is older than package-lock.json';
  }
  return undefined;
}

/** Whether the Debian package `name` is installed. */
export function debInstalled(name) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

/**
 * Installs Debian packages (as root, else through passwordless sudo) with their output streaming
 * through `run`; returns '' or why it failed.
 */
export async function aptInstall(names, run = streamed) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = async (...args) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    return (await run(command, rest, { env: { DEBIAN_FRONTEND: 'noninteractive' } })).code;
  };
  console.log(`Installing ${names.join(', ')} with apt-get`);
  if ((await apt('update', '-q')) !== 0) return 'apt-get update failed';
  if ((await apt('install', '-y', '-q', ...names)) !== 0) return 'apt-get install failed';
  return '';
}

/** Runs a command in the repo with its output on this process's own; resolves with its exit code. */
function streamed(command, args, { env = {} } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: REPO, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      done({ code: 1 });
    });
    child.on('close', (code) => done({ code: code ?? 1 }));
  });
}
