// Builds the dashboard page into dist/dashboard (or the folder given as the first argument):
// index.html, app.css and app.js — main.mts bundled with ECharts by esbuild, so the page needs
// nothing from any other origin. Part of `npm run build`; the e2e test runs it too.
// It lives under src/ so that the Docker build, which copies src/, has it.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'dist', 'dashboard'));

/**
 * data/geo/*.geojson as the map needs them: one SVG path per unit, projected once here
 * (equirectangular, x scaled by cos 62.5° so Sweden keeps its shape; north up; 100 units per
 * degree of latitude, one decimal) — no projection code or raw coordinates in the page.
 * A module `export default [{ code, name, region, d }]`.
 */
const geoShapes = {
  name: 'geo-shapes',
  setup(b) {
    b.onLoad({ filter: /\.geojson$/ }, (args) => {
      const collection = JSON.parse(readFileSync(args.path, 'utf8'));
      const k = 100;
      const xScale = Math.cos((62.5 * Math.PI) / 180);
      const point = ([lon, lat]) => `${((lon - 10.5) * xScale * k).toFixed(1)} ${((69.2 - lat) * k).toFixed(1)}`;
      const ring = (coords) => {
        const pts = coords.map(point).filter((p, i, all) => i === 0 || p !== all[i - 1]);
        return `M${pts.join('L')}Z`;
      };
      const shapes = collection.features.map((f) => {
        const g = f.geometry;
        const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
        const d = polygons.map((rings) => rings.map(ring).join('')).join('');
        const p = f.properties;
        return p.id
          ? { code: p.id, name: p.kom_namn, region: p.lan_code, d }
          : { code: String(p.l_id).padStart(2, '0'), name: p.name, region: String(p.l_id).padStart(2, '0'), d };
      });
      return { contents: `export default ${JSON.stringify(shapes)};`, loader: 'js' };
    });
  },
};

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
  plugins: [geoShapes],
});
copyFileSync(path.join(here, 'index.html'), path.join(outDir, 'index.html'));
copyFileSync(path.join(here, 'app.css'), path.join(outDir, 'app.css'));
const sizes = Object.entries(result.metafile.outputs).map(
  ([file, o]) => `${path.basename(file)} ${Math.round(o.bytes / 1024)} KiB`,
);
console.log(`dashboard: ${path.relative(process.cwd(), outDir) || '.'} (${sizes.join(', ')})`);
