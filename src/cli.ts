import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from './cli/main';
import type { CliReference } from './core/cliReference';
import type { GlossaryEntry } from './core/termIndex';

declare const COURSE_NOTES_VERSION: string | undefined;

const version = typeof COURSE_NOTES_VERSION === 'string' ? COURSE_NOTES_VERSION : 'dev';

/** A JSON file of the package's media folder, or undefined when it cannot be read. */
function media<T>(name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path.join(__dirname, '..', 'media', name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

// `run` is ended by Ctrl+C (or a CI runner's SIGTERM) as a step would be: the step is stopped,
// every session closed, the report written, and the exit status is 130.
const interrupt = new AbortController();
const onSignal = () => {
  if (interrupt.signal.aborted) {
    process.exit(130); // a second Ctrl+C: now
  }
  interrupt.abort();
};
const isRun = process.argv[2] === 'run';
if (isRun) {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const status = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  version,
  // dist/cli-main.js → media/glossary.json of the package.
  glossary: () => {
    const data = media<{ terms?: GlossaryEntry[] }>('glossary.json');
    return Array.isArray(data?.terms) ? data.terms : [];
  },
  cliReference: () => media<CliReference>('cli-reference.json') ?? {},
  run: { signal: interrupt.signal },
});
const finish = (code: number) => {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = code;
};
if (typeof status === 'number') {
  finish(status);
} else {
  status.then(finish, (error: unknown) => {
    process.stderr.write(`course-notes: ${error instanceof Error ? error.message : String(error)}\n`);
    finish(1);
  });
}
