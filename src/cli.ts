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

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  version,
  // dist/cli.js → media/glossary.json of the package.
  glossary: () => {
    const data = media<{ terms?: GlossaryEntry[] }>('glossary.json');
    return Array.isArray(data?.terms) ? data.terms : [];
  },
  cliReference: () => media<CliReference>('cli-reference.json') ?? {},
});
