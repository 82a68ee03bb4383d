// Builds the dashboard page into dist/dashboard (or the folder given as the first argument):
// index.html, app.css and app.js — main.mts bundled with ECharts by esbuild, so the page needs
// nothing from any other origin. Part of `npm run build`; the e2e test runs it too.
// It lives under src/ so that the Docker build, which copies src/, has it.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'dist', 'dashboard'));

mkdirSync(outDir, { recursive: true });
for (const old of readdirSync(outDir)) if (/^chunk-.*\.js$/.test(old)) rmSync(path.join(outDir, old));
const result = await build({
  entryPoints: [path.join(here, 'main.mts')],
  outdir: outDir,
  entryNames: 'app',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  // ES modules with splitting: ECharts is a chunk loaded when the first chart is drawn
  format: 'esm',
  splitting: true,
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
copyFileSync(path.join(here, 'index.html'), path.join(outDir, 'index.html'));
copyFileSync(path.join(here, 'app.css'), path.join(outDir, 'app.css'));
const sizes = Object.entries(result.metafile.outputs).map(
  ([file, o]) => `${path.basename(file)} ${Math.round(o.bytes / 1024)} KiB`,
);
console.log(`dashboard: ${path.relative(process.cwd(), outDir) || '.'} (${sizes.join(', ')})`);
