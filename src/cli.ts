import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from './cli/main';
import type { GlossaryEntry } from './core/termIndex';

declare const COURSE_NOTES_VERSION: string | undefined;

const version = typeof COURSE_NOTES_VERSION === 'string' ? COURSE_NOTES_VERSION : 'dev';

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  version,
  // dist/cli.js → media/glossary.json of the package.
  glossary: () => {
    try {
      const data = JSON.parse(readFileSync(path.join(__dirname, '..', 'media', 'glossary.json'), 'utf8')) as { terms?: GlossaryEntry[] };
      return Array.isArray(data.terms) ? data.terms : [];
    } catch {
      return [];
    }
  },
});
