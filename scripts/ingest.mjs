// `npm run ingest`: starts the compiled CLI (dist/src/jobs/ingest-cli.js) at once — no compile per call.
// When dist/ is missing or older than a file under src/ (after a pull or an edit), it builds once
// (`npm run build`, ~15 s) and says so on one line; every later call starts from dist/ directly.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'src', 'jobs', 'ingest-cli.js');

/** Newest modification time of a TypeScript file under dir (the sources tsc compiles). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.m?ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const built = statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (built < newestSource(path.join(root, 'src'))) {
  console.error(
    `[jamfor] ${built ? 'dist/ is older than src/' : 'dist/ is not built yet'}: building once (npm run build) …`,
  );
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('[jamfor] the build failed; fix the error above, then `npm run build`');
    process.exit(1);
  }
}
await import(pathToFileURL(entry).href);
