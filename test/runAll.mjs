// `npm test`: installs what the suites need, runs them in order and prints one summary line per
// suite, then the totals as the last line. Plain Node with no dependencies until `npm ci` has run.
//
//   node test/runAll.mjs [static] [unit] [runner] [reliability] [integration] [integration-restricted] [e2e]
//   (default: all, in this order)
//
// With CI=true nothing may be skipped: a missing suite, a failed install or a pending test is a failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, debInstalled, nodeModulesStaleness } from '../scripts/setup.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CI = ['true', '1'].includes(String(process.env.CI).toLowerCase());
const EXTENSION_HOST_TIMEOUT_MS = 10 * 60_000;

const SUITES = {
  static: staticChecks,
  unit,
  runner,
  reliability,
  integration: extensionHostSuite('integration', { trust: true }),
  'integration-restricted': extensionHostSuite('integration-restricted', { trust: false }),
  e2e,
};
// Suites that need system parts: a real VS Code in Chromium, and a real Docker engine.
const NEEDS_SYSTEM = new Set(['runner', 'reliability', 'integration', 'integration-restricted', 'e2e']);
const BROWSER_NEEDS = ['chromium', 'VS Code server', 'Docker engine'];
const DOCKER_NEEDS = ['Docker engine'];

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in SUITES));
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}. Known: ${Object.keys(SUITES).join(', ')}.`);
  process.exit(2);
}
const suites = selected.length ? Object.keys(SUITES).filter((name) => selected.includes(name)) : Object.keys(SUITES);

const results = [];
const missingRequirements = new Map(); // requirement → why it is missing
const done = new Map(); // npm scripts already run by an earlier suite → their exit code

await main();

async function main() {
  const stale = nodeModulesStaleness();
  if (stale) {
    banner(`npm ci (${stale})`);
    if ((await sh('npm', ['ci'])).code !== 0) {
      record({ name: 'setup', failed: 1, note: 'npm ci failed' });
      return finish();
    }
  }
  if (suites.some((name) => NEEDS_SYSTEM.has(name))) await setup();
  for (const name of suites) {
    banner(`suite ${name}`);
    record({ name, ...(await SUITES[name]()) });
  }
  finish();
}

// --- System dependencies --------------------------------------------------------------------

async function setup() {
  banner('setup');
  const packages = [
    { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
    { name: 'docker.io', present: () => debInstalled('docker.io') },
    { name: 'busybox-static', present: () => debInstalled('busybox-static') },
  ];
  const absent = packages.filter((pkg) => !pkg.present());
  let aptError = '';
  if (absent.length) aptError = await aptInstall(absent.map((pkg) => pkg.name), sh);
  for (const pkg of packages) {
    if (!pkg.present()) missingRequirements.set(pkg.name, `apt-get install ${pkg.name} failed: ${aptError}`);
  }

  try {
    const { ensureVscodeServer } = await import('./harness/vscodeServer.mjs');
    const { cacheDir } = ensureVscodeServer();
    console.log(`VS Code server ready in ${cacheDir}`);
  } catch (error) {
    missingRequirements.set('VS Code server', error.message);
  }

  // A running dockerd with the offline images the notes use (alpine, busybox, hello-world).
  if ((await sh('bash', [join(REPO, 'test', 'harness', 'ensure-docker.sh')])).code !== 0) {
    missingRequirements.set('Docker engine', 'test/harness/ensure-docker.sh failed');
  }

  const checked = packages.length + 2;
  const problems = [...missingRequirements].map(([what, why]) => `${what}: ${why}`);
  for (const problem of problems) console.error(`setup: ${problem}`);
  if (CI) {
    record({ name: 'setup', passed: checked - problems.length, failed: problems.length, note: problems.join('; ') });
  } else {
    record({ name: 'setup', passed: checked - problems.length, skipped: problems.length, note: problems.join('; ') });
  }
}

// --- Suites ------------------------------------------------------------------------------------
// Each returns { passed, failed, skipped, note }.

async function staticChecks() {
  const failedChecks = [];
  for (const script of ['build', 'typecheck', 'lint']) {
    if ((await npmRun(script)) !== 0) failedChecks.push(script);
  }
  return {
    passed: 3 - failedChecks.length,
    failed: failedChecks.length,
    note: failedChecks.length ? `failed: ${failedChecks.join(', ')}` : '',
  };
}

async function unit() {
  const absent = missingFiles(['test/unit/.mocharc.json']);
  if (absent) return absent;
  return mochaCounts(await sh('npm', ['run', 'test:unit']));
}

/** The runner and engine tests, in plain Node against the real Docker engine and real processes. */
async function runner() {
  const absent = missingFiles(['test/runner/.mocharc.json']) || unmetRequirements(DOCKER_NEEDS);
  if (absent) return absent;
  const prepared = await prepare();
  if (prepared) return prepared;
  return mochaCounts(await sh('npx', ['mocha', '--config', 'test/runner/.mocharc.json']));
}

/** Bad input, faults and leaks: the model, the CLI and the runner, with a throwaway second dockerd. */
async function reliability() {
  const absent = missingFiles(['test/reliability/.mocharc.json']) || unmetRequirements(DOCKER_NEEDS);
  if (absent) return absent;
  const prepared = await prepare();
  if (prepared) return prepared;
  return mochaCounts(await sh('npx', ['mocha', '--config', 'test/reliability/.mocharc.json']));
}

/**
 * A mocha suite run inside a real extension host on the fixture workspace. Its entry
 * (out/test/<dir>/index.js) prints `<dir>: N passed, N failed`, which is what is counted.
 */
function extensionHostSuite(dir, { trust }) {
  return async () => {
    const absent = missingFiles([`test/${dir}/index.ts`, 'test/fixtures/workspace']) || unmetRequirements(BROWSER_NEEDS);
    if (absent) return absent;
    const prepared = await prepare();
    if (prepared) return prepared;
    const entry = join(REPO, 'out', 'test', dir, 'index.js');
    if (!existsSync(entry)) return { failed: 1, note: `${entry} was not produced by compile-tests` };

    const { runExtensionTests } = await import('./harness/vscodeServer.mjs');
    const { exitCode, log } = await runExtensionTests({
      folder: join(REPO, 'test', 'fixtures', 'workspace'),
      extensionDevelopmentPath: REPO,
      extensionTestsPath: entry,
      trust,
      label: dir,
      timeoutMs: EXTENSION_HOST_TIMEOUT_MS,
    });
    const reports = [...log.matchAll(new RegExp(`^${dir}: (\\d+) passed, (\\d+) failed`, 'gm'))];
    if (!reports.length) {
      return exitCode === 0
        ? { passed: 1, note: `no "${dir}: N passed" line; counted by exit code` }
        : { failed: 1, note: `exit code ${exitCode}` };
    }
    const [, passed, failed] = reports.at(-1).map(Number);
    return exitCode !== 0 && failed === 0
      ? { passed, failed: 1, note: `exit code ${exitCode}` }
      : { passed, failed };
  };
}

async function e2e() {
  const absent = missingFiles(['test/e2e/.mocharc.json']) || unmetRequirements(BROWSER_NEEDS);
  if (absent) return absent;
  const prepared = await prepare();
  if (prepared) return prepared;
  return mochaCounts(await sh('npx', ['mocha', '--config', 'test/e2e/.mocharc.json']));
}

// --- Helpers -----------------------------------------------------------------------------------

/** A suite that cannot run: a failure with CI=true, otherwise a skip that says why. */
function cannotRun(reason) {
  return CI ? { failed: 1, note: `${reason}; CI=true: nothing may be skipped` } : { skip: reason };
}

function missingFiles(paths) {
  const absent = paths.filter((path) => !existsSync(join(REPO, path)));
  return absent.length ? cannotRun(`missing ${absent.join(', ')}`) : undefined;
}

function unmetRequirements(needs) {
  const unmet = needs.filter((need) => missingRequirements.has(need));
  return unmet.length ? cannotRun(`missing ${unmet.join(', ')}`) : undefined;
}

/** The extension bundle and the compiled tests, built once per run whichever suite needs them first. */
async function prepare() {
  for (const script of ['build', 'compile-tests']) {
    if ((await npmRun(script)) !== 0) return { failed: 1, note: `npm run ${script} failed` };
  }
  return undefined;
}

async function npmRun(script) {
  if (!done.has(script)) done.set(script, (await sh('npm', ['run', script])).code);
  return done.get(script);
}

function mochaCounts({ code, output }) {
  // Strip colour codes (kept for people watching a terminal).
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (word) => Number(text.match(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm'))?.[1] ?? 0);
  const passed = count('passing');
  let failed = count('failing');
  const pending = count('pending');
  const notes = [];
  if (!/^\s*\d+ passing\b/m.test(text)) {
    failed = Math.max(failed, 1);
    notes.push(`no mocha summary (exit code ${code})`);
  } else if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`exit code ${code}`);
  }
  if (pending && CI) {
    notes.push(`${pending} pending test(s) count as failed with CI=true`);
    return { passed, failed: failed + pending, note: notes.join('; ') };
  }
  return { passed, failed, skipped: pending, note: notes.join('; ') };
}

/** Runs a command with its output streaming through; resolves with its exit code and stdout+stderr. */
function sh(command, args, { env = {} } = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Piped output loses colour; keep it when a person is watching.
      env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}), ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolveRun({ code: 1, output: output + String(error) });
    });
    child.on('close', (code) => resolveRun({ code: code ?? 1, output }));
  });
}

function banner(text) {
  console.log(`\n=== ${text} ===`);
}

function record({ name, passed = 0, failed = 0, skipped = 0, skip, note }) {
  const result = skip
    ? { name, passed: 0, failed: 0, skipped: 1, line: `suite ${name}: skipped (${skip})` }
    : {
      name, passed, failed, skipped,
      line: `suite ${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${note ? ` (${note})` : ''}`,
    };
  results.push(result);
  console.log(result.line);
}

function finish() {
  const total = (key) => results.reduce((sum, result) => sum + result[key], 0);
  const [passed, failed, skipped] = [total('passed'), total('failed'), total('skipped')];
  banner('summary');
  for (const result of results) console.log(result.line);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed ? 1 : 0);
}
