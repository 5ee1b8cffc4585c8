import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

// A feature folder never imports another feature folder: what two features share lives in
// src/features/shared (or beside the folders, for the workspace notes index and the findings).
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);
const featureBoundaries = FEATURES.map((feature) => ({
  files: [`src/features/${feature}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: FEATURES.filter((other) => other !== feature).map((other) => ({
        group: [`../${other}/*`, `../../features/${other}/*`, `**/features/${other}/*`],
        message: `src/features/${feature} must not import src/features/${other}: move what both need to src/features/shared.`,
      })),
    }],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', 'sample-course/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is pure: no VS Code, no engine, no processes, no file system.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'dockerode', 'child_process', 'node:child_process', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
          name,
          message: 'src/core is pure TypeScript: keep VS Code, Docker, processes and the file system out of it.',
        })),
      }],
    },
  },
  {
    files: ['src/runner/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/runner is plain Node: no VS Code API.' }] }],
    },
  },
  ...featureBoundaries,
);
