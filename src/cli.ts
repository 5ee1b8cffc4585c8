import { main } from './cli/main';

declare const COURSE_NOTES_VERSION: string | undefined;

const version = typeof COURSE_NOTES_VERSION === 'string' ? COURSE_NOTES_VERSION : 'dev';

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  version,
});
