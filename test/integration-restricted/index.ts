import * as path from 'node:path';
import { runMochaSuite } from '../integration/runMocha';

/** The Restricted Mode suite: the same harness, a workspace that is not trusted. */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'integration-restricted', path.basename(__filename));
}
