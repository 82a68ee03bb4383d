import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/paths.js';

/*
 * Issue 11 (7): `npm start` as root from a folder only root can enter (a `mktemp -d` folder,
 * mode 0700; a clone under /root). The embedded server runs as the OS user postgres, which
 * cannot reach it. Before: an unhandled `spawn …/initdb EACCES` with a stack. Now: one line
 * saying what and which variable fixes it, exit code 1.
 */

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
let dir: string;
let clone: string;

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `npm start` exactly as the README has it (prestart builds dist/ first), in `cwd`. */
function npmStart(cwd: string, env: Record<string, string> = {}, build = true) {
  return spawnSync('npm', ['start', '--silent', ...(build ? [] : ['--ignore-scripts'])], {
    cwd,
    env: {
      ...process.env,
      PORT: '0',
      EMBEDDED_PG_PORT: '1',
      SCHEDULER_ENABLED: 'false',
      KOLADA_ENABLED: 'false',
      ...env,
    },
    encoding: 'utf8',
    timeout: 240_000,
  });
}

describe.runIf(isRoot)('npm start as root from a folder only root can enter', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-clone-'));
    dirs.push(dir);
    // A clone of the project (its sources, data and config; node_modules linked, as npm ci would fill it).
    clone = path.join(dir, 'jamfor');
    for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'data'])
      cpSync(path.join(PROJECT_ROOT, entry), path.join(clone, entry), { recursive: true });
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  });

  it('stops with one line naming what the postgres user cannot reach and what fixes it', () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const run = npmStart(clone);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const lines = (run.stdout + run.stderr).split('\n').filter((l) => l.trim() !== '');
    const failure = lines.filter((l) => l.startsWith('[jamfor] failed to start:'));
    expect(failure).toEqual([
      `[jamfor] failed to start: as root the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${dir} on the way to its binaries (${clone}/node_modules): put Jämför in a folder other users can enter (e.g. /srv/jamfor), or set DATABASE_URL to a PostgreSQL server`,
    ]);
    expect(run.stdout + run.stderr).not.toMatch(/EACCES|\n\s+at /);
  }, 300_000);

  it('names PG_DATA_DIR when only the data directory is out of reach', () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'jamfor-data-'));
    dirs.push(data);
    // The clone made reachable; its data directory is not.
    chmodSync(dir, 0o755);
    // Built by the test before: --ignore-scripts skips the second prestart build.
    const run = npmStart(clone, { JAMFOR_DATA_DIR: path.join(data, 'state') }, false);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      `[jamfor] failed to start: as root the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${data} on the way to its data directory ${data}/state/pg: set PG_DATA_DIR to a folder it can reach (e.g. PG_DATA_DIR=/var/lib/jamfor/pg)`,
    );
    expect(run.stdout + run.stderr).not.toMatch(/EACCES|\n\s+at /);
  }, 300_000);
});
