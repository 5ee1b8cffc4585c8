// `npm start`: install what a fresh clone lacks (npm dependencies; the VS Code server; Chromium for
// --check), build, then open the sample course with the extension loaded — in desktop VS Code when
// `code` is on PATH, otherwise in a local VS Code server reached from a browser.
//
//   node scripts/start.mjs [--port N] [--no-open] [--folder DIR] [--check]
//
// --check always takes the server route: it starts it, proves in headless Chromium that the
// workbench loads and the extension activates (screenshot: test-results/start-check.png), and exits.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { aptInstall, nodeModulesStaleness } from './setup.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 8777;
const VIEW_CENTER = { x: 700, y: 450 };

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
    folder: { type: 'string', default: join(REPO, 'sample-course') },
    check: { type: 'boolean', default: false },
  },
});
const folder = resolve(options.folder);
if (!existsSync(folder)) {
  console.error(`npm start: no folder ${folder}`);
  process.exit(2);
}
if (options.port !== undefined && !/^\d+$/.test(options.port)) {
  console.error(`npm start: --port wants a number, not "${options.port}"`);
  process.exit(2);
}

main().catch((error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});

async function main() {
  const stale = nodeModulesStaleness();
  if (stale) {
    console.log(`Installing the npm dependencies (${stale}).`);
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  run('npm', ['run', 'build']);
  if (!options.check && onPath('code')) {
    console.log(`Opening ${folder} in VS Code with the extension under development.`);
    process.exit(run('code', [`--extensionDevelopmentPath=${REPO}`, folder], { allowFailure: true }));
  }

  // Imported lazily: the desktop route needs none of it (nor playwright-core).
  const harness = await import('../test/harness/vscodeServer.mjs');
  const { cacheDir } = harness.ensureVscodeServer();
  // A real run keeps its state (settings, open editors) in the cache; a check starts from scratch.
  const stateDir = options.check
    ? await mkdtemp(join(tmpdir(), 'course-notes-start-check-'))
    : join(cacheDir, 'start');
  const extensionsDir = join(stateDir, 'extensions');
  const extensionId = installExtensionLink(extensionsDir);

  const server = await startOnPort(harness, {
    dataDir: join(stateDir, 'server-data'),
    extensionsDir,
  });
  const url = `${server.baseUrl}/?folder=${encodeURIComponent(folder).replaceAll('%2F', '/')}`;

  if (options.check) {
    try {
      await check(harness, server, url, extensionId);
    } finally {
      await server.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
    process.exit(0);
  }

  console.log(`\nCourse Notes is running in VS Code at:\n\n  ${url}\n\n(server log: ${server.logFile}; Ctrl+C to stop)`);
  if (!options['no-open']) openInBrowser(url);
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    console.log('\nStopping the VS Code server…');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  server.process.once('exit', async (code, signal) => {
    if (stopping) return;
    console.error(`The VS Code server exited (${code ?? signal}); see ${server.logFile}`);
    await server.stop(); // Ends whatever it left behind.
    process.exit(1);
  });
}

function run(command, args, { allowFailure = false } = {}) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit' });
  if (!allowFailure && result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
  return result.status ?? 1;
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Installs the repo into the server's extensions dir as a symlink named like a real install, so a
 * plain `?folder=` URL loads it (no development payload) and rebuilds show up on a window reload.
 * extensions.json is dropped so the server rescans the folder and registers the link.
 */
function installExtensionLink(extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  mkdirSync(extensionsDir, { recursive: true });
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.toLowerCase().startsWith(`${id}-`) || entry === 'extensions.json') {
      rmSync(join(extensionsDir, entry), { recursive: true, force: true });
    }
  }
  symlinkSync(REPO, join(extensionsDir, `${id}-${manifest.version}`), 'dir');
  return id;
}

/** Uses --port, else a fixed default so bookmarks keep working; any free port if that one is taken. */
async function startOnPort(harness, dirs) {
  if (options.port !== undefined) return harness.startServer({ ...dirs, port: Number(options.port) });
  if (options.check) return harness.startServer({ ...dirs });
  try {
    return await harness.startServer({ ...dirs, port: DEFAULT_PORT });
  } catch (error) {
    if (!/EADDRINUSE/.test(error.message)) throw error;
    console.log(`Port ${DEFAULT_PORT} is busy; using a free one.`);
    return harness.startServer({ ...dirs });
  }
}

function openInBrowser(url) {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const hasDisplay = process.platform === 'darwin' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!hasDisplay || !onPath(opener)) return;
  spawn(opener, [url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
}

/** Loads `url` in headless Chromium, opens the Course Notes view and waits for the extension to activate. */
async function check(harness, server, url, extensionId) {
  if (!existsSync(harness.CHROMIUM_PATH)) {
    const why = await aptInstall(['chromium']);
    if (why) throw new Error(`--check needs Chromium at ${harness.CHROMIUM_PATH}: ${why}`);
  }
  const browser = await harness.launchBrowser();
  try {
    const page = await browser.newPage({ viewport: harness.VIEWPORT });
    await page.goto(url);
    await harness.waitForWorkbench(page);
    console.log(`start --check: workbench loaded from ${url}`);
    // Opening the view activates the extension (onView) whatever the folder holds.
    await page.locator('.part.activitybar .action-item a[aria-label^="Course Notes"]').click();
    const activation = await harness.waitForExtensionActivation(server, extensionId);
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.title-label', { hasText: /Course Notes/i }).waitFor();
    // "Looking for course notes…" is the view's welcome text until the extension sets courseNotes.ready.
    await sidebar.getByText('Looking for course notes').waitFor({ state: 'hidden' });
    // Then the notes themselves (or, for a folder without any, the welcome text saying so).
    const rows = sidebar.locator('.monaco-list-row');
    await rows.first().or(sidebar.getByText('No course notes found')).waitFor({ timeout: 30_000 });
    const count = await rows.count();
    console.log(`start --check: the Notes view shows ${count > 0 ? `${count} rows` : 'that the folder has no notes'}`);
    await page.mouse.move(VIEW_CENTER.x, VIEW_CENTER.y); // No hover tooltip in the screenshot…
    await page.waitForTimeout(500); // …once the one of the activity bar icon has faded.
    const shot = await harness.screenshot(page, 'start-check');
    console.log(`start --check: ${activation}\nstart --check: ok (screenshot: ${shot})`);
  } finally {
    await browser.close();
  }
}
