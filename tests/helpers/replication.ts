import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/**
 * A real PostgreSQL primary and one streaming hot standby (pg_basebackup -R), started from
 * Debian's `postgresql` package (.ci/run installs it). Both listen on 127.0.0.1 only, with
 * `trust` authentication inside a throw-away data directory.
 */
export interface ReplicaPair {
  primaryUrl(database: string): string;
  standbyUrl(database: string): string;
  stopPrimary(): Promise<void>;
  startPrimary(): Promise<void>;
  close(): Promise<void>;
}

/** The newest /usr/lib/postgresql/<major>/bin holding pg_basebackup, or null. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : null;
}

export async function startReplicaPair(bin: string): Promise<ReplicaPair> {
  // PostgreSQL refuses to run as root: as root, every binary runs as the `postgres` OS user.
  const asRoot = process.getuid?.() === 0;
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-replica-'));
  chmodSync(dir, 0o755);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const options = (port: number, extra = '') =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off ${extra}`;
  const start = (dataDir: string, port: number, log: string, extra = '') =>
    pg('pg_ctl', ['-D', dataDir, '-o', options(port, extra), '-l', path.join(dir, log), '-w', '-t', '60', 'start']);

  // -N: no fsync of the new cluster (a test server); trust: passwordless on 127.0.0.1.
  await pg('initdb', ['-N', '-D', primaryDir, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C']);
  await start(primaryDir, primaryPort, 'primary.log');
  await pg('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primaryPort),
    '-U',
    'postgres',
    '-D',
    standbyDir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  // Reconnect quickly after the primary restarts (the default retry interval is 5 s).
  await start(standbyDir, standbyPort, 'standby.log', '-c wal_retrieve_retry_interval=100ms');

  const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let primaryUp = true;
  return {
    primaryUrl: (database) => url(primaryPort, database),
    standbyUrl: (database) => url(standbyPort, database),
    async stopPrimary() {
      await pg('pg_ctl', ['-D', primaryDir, '-m', 'fast', '-w', 'stop']);
      primaryUp = false;
    },
    async startPrimary() {
      await start(primaryDir, primaryPort, 'primary.log');
      primaryUp = true;
    },
    async close() {
      await pg('pg_ctl', ['-D', standbyDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      if (primaryUp) await pg('pg_ctl', ['-D', primaryDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
