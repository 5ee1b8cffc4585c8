// Runs a real VS Code offline: the VS Code server shipped inside the code-server npm package,
// driven by Chromium through playwright-core. See /work/shared/TESTING.md ("A real VS Code, offline").
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const HARNESS_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HARNESS_DIR, '..', '..');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

// Keep in step with ensure-vscode-server.sh (passed to it through the environment).
const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.139.1';
const NODE_MAJOR = process.env.NODE24_MAJOR || '24';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const VIEWPORT = { width: 1400, height: 900 };

const DEFAULT_SETTINGS = {
  // Renders terminal text into the DOM so UI tests can read it.
  'terminal.integrated.gpuAcceleration': 'off',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off', // VS Code 1.139 migrates `false` to this.
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  // The chat side bar would otherwise take a third of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const SERVER_START_TIMEOUT_MS = 60_000;
const WORKBENCH_READY_TIMEOUT_MS = 90_000;

let installed;

/**
 * Installs (once, cached outside the repo) Node 24 and the VS Code server, then returns their paths.
 * Synchronous and memoised, so it is cheap to call before every server start.
 */
export function ensureVscodeServer() {
  if (installed) return installed;
  const script = join(HARNESS_DIR, 'ensure-vscode-server.sh');
  const result = spawnSync('bash', [script], {
    // The script reports progress on stderr and prints the cache dir as the last stdout line.
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, CODE_SERVER_VERSION, NODE24_MAJOR: NODE_MAJOR },
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new Error(`Could not install the VS Code server (${script}): ${why}. Its output is above.`);
  }
  const cacheDir = result.stdout.trim().split('\n').pop();
  const node = join(cacheDir, `node${NODE_MAJOR}`, 'bin', 'node');
  const serverMain = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`,
    'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
  for (const file of [node, serverMain]) {
    if (!existsSync(file)) throw new Error(`ensure-vscode-server.sh succeeded but ${file} is missing`);
  }
  installed = { node, serverMain, cacheDir };
  return installed;
}

/**
 * Starts a VS Code server on 127.0.0.1 and resolves once it answers HTTP.
 *
 * Settings go to `<dataDir>/data/User/settings.json`: code-server's build keeps the browser
 * workbench's user settings on the server there, so every scope applies (the Machine settings file
 * next to it ignores application-scoped settings such as telemetry and extension updates).
 *
 * Extra options, for `npm start`: `port` (default: any free one), and `dataDir` / `extensionsDir`
 * to keep state across runs (they are then not removed by stop()).
 */
export async function startServer({ trust = true, settings = {}, port = 0, dataDir, extensionsDir } = {}) {
  const { node, serverMain } = ensureVscodeServer();
  const tempRoot = mkdtempSync(join(tmpdir(), 'course-notes-vscode-'));
  dataDir ??= join(tempRoot, 'server-data');
  extensionsDir ??= join(tempRoot, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(dataDir, { ...DEFAULT_SETTINGS, ...trustSettings(trust) }, settings);

  const args = [
    serverMain, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--enable-smoke-test-driver', '--accept-server-license-terms',
    '--disable-telemetry', '--server-data-dir', dataDir, '--extensions-dir', extensionsDir,
  ];
  if (trust) args.push('--disable-workspace-trust');
  // Not detached: a Ctrl+C in the terminal reaches the server along with the test process.
  const child = spawn(node, args, {
    cwd: tempRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No marketplace: it is unreachable offline, and tests must not send traffic off this machine.
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
  });
  running.set(child, tempRoot);
  const exited = once(child, 'exit');

  let stopping;
  const server = {
    port: 0, baseUrl: '', dataDir, extensionsDir, logFile: '', process: child,
    stop: () => (stopping ??= stopTree(child, exited).finally(() => {
      running.delete(child);
      rmSync(tempRoot, { recursive: true, force: true });
    })),
  };

  try {
    Object.assign(server, await readListeningPort(child, exited));
    server.baseUrl = `http://127.0.0.1:${server.port}`;
    await waitForHttp(server.baseUrl, exited);
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function trustSettings(trust) {
  // Trust is enabled only in suites that test it; no startup modal there, the folder stays restricted.
  return trust
    ? { 'security.workspace.trust.enabled': false }
    : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };
}

/**
 * Writes defaults < settings already in the file (a kept data dir: what the user changed survives)
 * < the caller's settings. A file that is not plain JSON (VS Code allows comments) is left alone.
 */
function writeUserSettings(dataDir, defaults, settings) {
  const userDir = join(dataDir, 'data', 'User');
  const file = join(userDir, 'settings.json');
  let existing = {};
  if (existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return;
    }
  }
  mkdirSync(userDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...defaults, ...existing, ...settings }, null, 2) + '\n');
}

/**
 * Waits for the server's "listening on PORT" line (it picks the port itself with `--port 0`, so
 * there is no race for a free one), then writes its output to test-results/vscode-server-<port>.log.
 */
function readListeningPort(child, exited) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  let early = '';
  let log;
  const write = (chunk) => (log ? log.write(chunk) : (early += chunk));
  child.stdout.on('data', write);
  child.stderr.on('data', write);
  child.once('exit', () => log?.end());

  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${SERVER_START_TIMEOUT_MS / 1000}s`),
      SERVER_START_TIMEOUT_MS);
    const onData = () => {
      const match = /listening on (\d+)/.exec(early);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const logFile = join(RESULTS_DIR, `vscode-server-${match[1]}.log`);
      log = createWriteStream(logFile);
      log.write(early);
      resolveStarted({ port: Number(match[1]), logFile });
    };
    function fail(why) {
      clearTimeout(timer);
      reject(new Error(`The VS Code server ${why}. Its output:\n${early}`));
    }
    child.stdout.on('data', onData);
    exited.then(([code, signal]) => fail(`exited (${code ?? signal}) before listening`));
  });
}

async function waitForHttp(baseUrl, exited) {
  let gone = false;
  exited.then(() => { gone = true; });
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (!gone && Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not answering yet.
    }
    await sleep(200);
  }
  throw new Error(`The VS Code server at ${baseUrl} ${gone ? 'exited' : 'did not answer HTTP'} during start-up`);
}

// Servers still running when the process exits (a failed test, process.exit in mocha) are killed
// here with their temp dirs; the extension host and pty host are children of the server.
const running = new Map(); // server process → its temp dir
process.on('exit', () => {
  for (const [child, tempRoot] of running) {
    for (const pid of [...descendants(child.pid), child.pid]) signal(pid, 'SIGKILL');
    rmSync(tempRoot, { recursive: true, force: true });
  }
});

/** Kills `child` and every process below it: SIGTERM first, SIGKILL after a grace period. */
async function stopTree(child, exited) {
  // Collect the tree up front: once the server dies its children are re-parented and untraceable.
  const pids = [...descendants(child.pid), child.pid];
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pids.some(isAlive)) await sleep(100);
  for (const pid of pids) signal(pid, 'SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await exited;
}

function descendants(rootPid) {
  const childrenOf = new Map();
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return []; // No /proc (not Linux): only the server itself is signalled.
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!childrenOf.has(ppid)) childrenOf.set(ppid, []);
      childrenOf.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length) {
    for (const pid of childrenOf.get(queue.shift()) ?? []) {
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

/** A `vscode-remote:` URI for a path on the server's machine, as the workbench expects it. */
export function remoteUri(server, fsPath) {
  const path = resolve(fsPath).split('/').map(encodeURIComponent).join('/');
  return `vscode-remote://127.0.0.1:${server.port}${path}`;
}

/**
 * The workbench URL that opens `folder` with the extension under development loaded and, when
 * `extensionTestsPath` is given, runs its `run()` in the extension host. `--enable-smoke-test-driver`
 * is what makes the server's workbench honour the payload.
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const query = new URLSearchParams();
  if (folder) query.set('folder', remoteUri(server, folder));
  const payload = [];
  if (extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)]);
  }
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath)]);
  payload.push(['enableProposedApi', ''], ['skipWelcome', 'true']);
  query.set('payload', JSON.stringify(payload));
  return `${server.baseUrl}/?${query}`;
}

/**
 * Launches headless Chromium. Playwright gives each launch a fresh temporary profile and deletes it
 * on close. Pages should use `browser.newPage({ viewport: VIEWPORT })` (or a context with it).
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--window-size=${VIEWPORT.width},${VIEWPORT.height}`],
  });
}

/**
 * Runs an extension's tests (`extensionTestsPath` exports `run()`) in a real extension host and
 * returns `{ exitCode, log }`. Log lines stream to stdout prefixed with `[label]`; the final
 * screen goes to test-results/<label>-final.png, the workbench's and the server's logs to
 * test-results/<label>-logs/.
 */
export async function runExtensionTests({
  folder, extensionDevelopmentPath, extensionTestsPath,
  trust = true, settings = {}, timeoutMs = 300_000, label = 'extension-tests',
}) {
  const lines = [];
  const say = (line) => {
    lines.push(line);
    process.stdout.write(`[${label}] ${line}\n`);
  };
  let server;
  let browser;
  let page;
  let timer;
  let exitCode;
  rmSync(join(RESULTS_DIR, `${label}-logs`), { recursive: true, force: true });
  try {
    server = await startServer({ trust, settings });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: VIEWPORT });
    saveBrowserConsole(page, label);

    let finish;
    const finished = new Promise((done) => { finish = done; });
    // The workbench passes console.log's arguments unformatted (mocha's reporter sends '%s' patterns).
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      for (const line of text.replace(/\n$/, '').split('\n')) say(line);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      saveWorkbenchLogs(logs, label);
      finish({ code: Number(code) });
    });
    page.on('crash', () => finish({ code: 1, why: 'the browser page crashed' }));
    server.process.once('exit', () => finish({ code: 1, why: 'the VS Code server exited' }));
    timer = setTimeout(() => finish({ code: 1, why: `timed out after ${Math.round(timeoutMs / 1000)}s` }),
      timeoutMs);

    await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }));
    const result = await finished;
    if (result.why) say(`${label}: ${result.why} (server log: ${server.logFile})`);
    exitCode = result.code;
  } catch (error) {
    say(`${label}: could not run the tests: ${error.stack || error}`);
    exitCode = 1;
  } finally {
    clearTimeout(timer);
    if (page) await screenshot(page, `${label}-final`);
    await browser?.close().catch(() => {});
    if (server) {
      // The extension host's own logs (activation errors) live on the server side.
      const serverLogs = join(server.dataDir, 'data', 'logs');
      if (existsSync(serverLogs)) cpSync(serverLogs, join(RESULTS_DIR, `${label}-logs`, 'server'), { recursive: true });
      await server.stop();
    }
  }
  return { exitCode, log: lines.join('\n') };
}

/**
 * Opens the workbench on `folder` with the extension loaded, for Playwright-driven UI tests, and
 * resolves once it is ready (workbench and activity bar rendered). `close()` cleans everything up.
 */
export async function openWorkbench({ folder, extensionDevelopmentPath, trust = true, settings = {} }) {
  const server = await startServer({ trust, settings });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: VIEWPORT });
    saveBrowserConsole(page, `workbench-${server.port}`);
    await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath }));
    await waitForWorkbench(page);
    const close = async () => {
      await browser.close().catch(() => {});
      await server.stop();
    };
    return { page, server, browser, close };
  } catch (error) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw error;
  }
}

/** Resolves once the workbench and its activity bar are on screen. */
export async function waitForWorkbench(page, timeout = WORKBENCH_READY_TIMEOUT_MS) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.activitybar .action-item').first().waitFor({ state: 'visible', timeout });
}

/**
 * Resolves with the extension host's log line once `extensionId` (publisher.name) has activated;
 * rejects with the error line if its activation failed, or after `timeout` ms.
 */
export async function waitForExtensionActivation(server, extensionId, timeout = 60_000) {
  const id = extensionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const activated = new RegExp(`_doActivateExtension ${id},[^\\n]*`, 'i');
  const failed = new RegExp(`Activating extension '?${id}'? failed[^\\n]*`, 'i');
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    // The remote extension host logs under <dataDir>/data/logs/<session>/exthost<n>/.
    for (const text of logTexts(join(server.dataDir, 'data', 'logs'))) {
      const failure = failed.exec(text);
      if (failure) throw new Error(failure[0]);
      const success = activated.exec(text);
      if (success) return success[0];
    }
    await sleep(250);
  }
  throw new Error(`${extensionId} did not activate within ${timeout / 1000}s`);
}

function* logTexts(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* logTexts(path);
    else if (entry.name.endsWith('.log')) yield readFileSync(path, 'utf8');
  }
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  try {
    await page.screenshot({ path });
    return path;
  } catch {
    return undefined; // The page or browser is already gone.
  }
}

// The browser console is noisy; it goes to a file for whoever debugs a failure.
function saveBrowserConsole(page, label) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const out = createWriteStream(join(RESULTS_DIR, `${label}-browser.log`));
  page.on('console', (message) => out.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => out.write(`[pageerror] ${error.stack || error}\n`));
  page.once('close', () => out.end());
}

// codeAutomationExit hands over the workbench's log files as { relativePath, contents }.
function saveWorkbenchLogs(logs, label) {
  if (!Array.isArray(logs)) return;
  const dir = join(RESULTS_DIR, `${label}-logs`);
  for (const { relativePath, contents } of logs) {
    const target = normalize(join(dir, String(relativePath)));
    if (!target.startsWith(dir + '/')) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, String(contents));
  }
}
