// Bundle the Electron main process and the preload with esbuild.
// - main: our code (electron/, shared/, db/) in one CommonJS file; every package (electron, better-sqlite3,
//   drizzle-orm, zod, exceljs) stays external and is loaded from node_modules, where electron-builder ships it.
// - preload: runs sandboxed, where require() knows only 'electron'; so shared/api.ts and zod are bundled in
//   and the build fails if anything else is left to require.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-electron');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
};

async function main() {
  await build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outdir, 'main.js'),
    packages: 'external',
  });

  // The import reads spreadsheets in a worker thread with a heap limit and a timeout (electron/ledger/imports/read.ts
  // looks for this file beside main.js).
  await build({
    ...common,
    entryPoints: ['electron/ledger/imports/read-worker.ts'],
    outfile: path.join(outdir, 'import-read-worker.js'),
    packages: 'external',
  });

  const preload = await build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outdir, 'preload.js'),
    external: ['electron'],
    // zod with its locales is most of this file; minified it loads faster in every window (the map stays).
    minify: true,
  });

  // A sandboxed preload that requires anything but 'electron' fails at run time with a blank window.
  const leftOver = Object.values(preload.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imp) => imp.external && imp.path !== 'electron')
    .map((imp) => imp.path);
  if (leftOver.length > 0) {
    throw new Error(`preload.js would require modules unavailable in the sandbox: ${[...new Set(leftOver)].join(', ')}`);
  }

  console.log(`electron bundles written to ${path.relative(root, outdir)}/ (main.js, preload.js, import-read-worker.js)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
