// Bundles the extension and the CLI into dist/. `--watch` rebuilds on change, `--production` minifies.
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production') || process.env.CI === 'true';
const watch = process.argv.includes('--watch');

/**
 * What markdown-it's dependencies are in the bundles (by exact name, so the stand-ins may require
 * the real package's files): markdown-it runs with linkify off (src/core/markdownEngine.ts), so
 * linkify-it's patterns, built when markdown-it is made, are never used (src/core/noLinkify.ts);
 * it needs only entities' HTML decoder, and seldom: the package's index also brings the encoder's
 * 23 KB table, and src/core/lazyEntities.ts loads the decoder on first use.
 * @type {import('esbuild').Plugin}
 */
const standIns = {
  name: 'markdown-it-stand-ins',
  setup(build) {
    const files = { entities: 'lazyEntities.ts', 'linkify-it': 'noLinkify.ts' };
    build.onResolve({ filter: /^(?:entities|linkify-it)$/ }, (args) => ({ path: path.join(__dirname, 'src', 'core', files[args.path]) }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // dockerode's optional native pieces are loaded in try/catch by ssh2; never bundle them.
  external: ['vscode', 'cpu-features', '*.node'],
  logLevel: 'info',
  metafile: true,
  define: { COURSE_NOTES_VERSION: JSON.stringify(require('./package.json').version) },
  plugins: [standIns],
};

async function main() {
  const builds = [
    // dockerode and markdown-it are bundled on their own where require() from dist/ finds them, so
    // the extension bundle stays small: dockerode loads on first Docker use, markdown-it when the
    // first note is parsed (after activate(); src/core/markdownEngine.ts requires it there).
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'dockerode', 'markdown-it'] },
    { ...common, entryPoints: ['node_modules/dockerode/lib/docker.js'], outfile: 'dist/node_modules/dockerode/index.js' },
    { ...common, entryPoints: ['node_modules/markdown-it/dist/index.cjs.js'], outfile: 'dist/node_modules/markdown-it/index.js' },
    // The command: dist/cli.js loads the program, dist/cli-main.js, with V8's code cache (src/cliEntry.ts).
    // vm.Script runs it (no dynamic import() there): esbuild turns import() into require().
    { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-main.js', supported: { 'dynamic-import': false } },
    { ...common, entryPoints: ['src/cliEntry.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  ];
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    return;
  }
  for (const options of builds) {
    await esbuild.build(options);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
