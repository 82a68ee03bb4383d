import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openDatabases, type Databases } from '../../../src/db/database.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { freePort } from '../../helpers/free-port.js';

/*
 * Issue 11 (6): the docker-compose topology without a container engine. A separate
 * PostgreSQL server (Debian's `postgresql` package; .ci/run installs it) is initialised as the
 * postgres image's docker-entrypoint.sh does it — initdb with POSTGRES_USER and its password,
 * CREATE DATABASE POSTGRES_DB, then deploy/postgres-init.sql through
 * `psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB"`
 * over the local socket with the service's environment from docker-compose.yml — and the app
 * opens its pools with the jamfor service's DATABASE_URL, API_DATABASE_URL and
 * INGEST_DATABASE_URL (host `postgres:5432` pointed at this server).
 */

const COMPOSE = readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
const INIT_SQL = path.join(PROJECT_ROOT, 'deploy', 'postgres-init.sql');
/** What an operator puts in .env beside docker-compose.yml. */
const OPERATOR_ENV = {
  POSTGRES_PASSWORD: 'owner-pw-3c1f',
  API_DB_PASSWORD: 'api-pw-9d2e',
  INGEST_DB_PASSWORD: 'ingest-pw-71ab',
};

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, 'bin', name)).find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `${name} not found under ${root}: install Debian's postgresql (apt-get install postgresql), as .ci/run does`,
    );
  return found;
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL server binary as the `postgres` OS user when we are root (it refuses root). */
function asPostgres(file: string, args: string[], env: Record<string, string> = {}) {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return spawnSync(cmd, argv, { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** One service's `environment:` block of docker-compose.yml, as written (values unexpanded). */
function serviceEnvironment(service: string): Record<string, string> {
  const block = new RegExp(`^  ${service}:\\n([\\s\\S]*?)(?=^  \\S|^\\S|(?![\\s\\S]))`, 'm').exec(COMPOSE)?.[1] ?? '';
  const env = /^ {4}environment:\n((?: {6}.*\n|\s*\n)+)/m.exec(block)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const line of env.split('\n')) {
    const m = /^ {6}([A-Z_]+): (.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** Compose's interpolation for the forms the file uses: ${VAR:?message} (required) and ${VAR}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_]+)(?::\?([^}]*))?\}/g, (_m, name: string, message?: string) => {
    const v = env[name];
    if (v === undefined || v === '') throw new Error(`compose: ${name}: ${message ?? 'unset'}`);
    return v;
  });
}

let dir: string;
let port: number;
let dbs: Databases | null = null;
const postgresEnv = () =>
  Object.fromEntries(Object.entries(serviceEnvironment('postgres')).map(([k, v]) => [k, interpolate(v, OPERATOR_ENV)]));

function runInitSql(env: Record<string, string>) {
  const e = postgresEnv();
  return spawnSync(
    'psql',
    [
      '-v',
      'ON_ERROR_STOP=1',
      '--username',
      e['POSTGRES_USER']!,
      '--no-password',
      '--no-psqlrc',
      '--dbname',
      e['POSTGRES_DB']!,
      '-h',
      dir,
      '-p',
      String(port),
      '-f',
      INIT_SQL,
    ],
    { env: { PATH: process.env['PATH']!, ...env }, encoding: 'utf8' },
  );
}

beforeAll(async () => {
  const env = postgresEnv();
  dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-compose-'));
  chmodSync(dir, 0o755);
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, `${env['POSTGRES_PASSWORD']}\n`, { mode: 0o644 });
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  port = await freePort();
  const data = path.join(dir, 'data');
  const init = asPostgres(pgBin('initdb'), [
    '-D',
    data,
    `--username=${env['POSTGRES_USER']}`,
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  expect(init.status, init.stderr).toBe(0);
  const start = asPostgres(pgBin('pg_ctl'), [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`,
    'start',
  ]);
  expect(start.status, start.stderr + start.stdout).toBe(0);
  const created = spawnSync(
    'psql',
    [
      '-h',
      dir,
      '-p',
      String(port),
      '-U',
      env['POSTGRES_USER']!,
      '-d',
      'postgres',
      '--no-psqlrc',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `CREATE DATABASE "${env['POSTGRES_DB']}"`,
    ],
    { encoding: 'utf8' },
  );
  expect(created.status, created.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await dbs?.close();
  if (dir) {
    asPostgres(pgBin('pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('docker-compose topology on a separate PostgreSQL', () => {
  it('compose requires every password and turns sample loading off', () => {
    for (const name of ['POSTGRES_PASSWORD', 'API_DB_PASSWORD', 'INGEST_DB_PASSWORD']) {
      expect(COMPOSE).toMatch(new RegExp(`\\$\\{${name}:\\?`));
      expect(COMPOSE).not.toMatch(new RegExp(`\\$\\{${name}:-`));
    }
    expect(serviceEnvironment('jamfor')['LOAD_SAMPLES_ON_EMPTY']).toBe('false');
    expect(() => interpolate(serviceEnvironment('jamfor')['API_DATABASE_URL']!, {})).toThrow(/API_DB_PASSWORD/);
  });

  it('fails the init script when a role password is missing from the environment', () => {
    const { API_DB_PASSWORD: _unset, ...rest } = postgresEnv();
    const run = runInitSql(rest);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('API_DB_PASSWORD is not set');
  });

  it('runs deploy/postgres-init.sql as the image does, then the app connects with compose’s URLs as each role', async () => {
    const init = runInitSql(postgresEnv());
    expect(init.status, init.stderr).toBe(0);
    const app = Object.fromEntries(
      Object.entries(serviceEnvironment('jamfor')).map(([k, v]) => [
        k,
        interpolate(v, OPERATOR_ENV).replace('@postgres:5432/', `@127.0.0.1:${port}/`),
      ]),
    );
    const config = loadConfig({ ...app, PORT: '0', HOST: '127.0.0.1' });
    expect(config.loadSamplesOnEmpty).toBe(false);
    const lines: string[] = [];
    dbs = await openDatabases(config, (m) => lines.push(m));
    expect(lines).toContain(
      'database roles: api=jamfor_api (read-only, default_transaction_read_only), ingest=jamfor_ingest, owner=jamfor_owner',
    );
    const who = async (pool: Databases['api']) =>
      (
        await pool.query(`SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS s`)
      )[0];
    expect(await who(dbs.api)).toEqual({ u: 'jamfor_api', s: false });
    expect(await who(dbs.ingest)).toEqual({ u: 'jamfor_ingest', s: false });

    const rights: { role: string; table: string; privilege: string; granted: boolean }[] = await dbs.owner.query(`
      SELECT r.role, t.table, p.privilege, has_table_privilege(r.role, t.table, p.privilege) AS granted
        FROM unnest(ARRAY['jamfor_api', 'jamfor_ingest']) AS r(role),
             unnest(ARRAY['schema_migration', 'municipality', 'ingest_run']) AS t("table"),
             unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS p(privilege)
       ORDER BY 1, 2, 3`);
    const granted = rights
      .filter((r) => r.granted)
      .map((r) => `${r.role} ${r.privilege} ${r.table}`)
      .sort();
    expect(granted).toEqual(
      [
        'jamfor_api SELECT ingest_run',
        'jamfor_api SELECT municipality',
        'jamfor_ingest DELETE ingest_run',
        'jamfor_ingest INSERT ingest_run',
        'jamfor_ingest SELECT ingest_run',
        'jamfor_ingest UPDATE ingest_run',
        'jamfor_ingest DELETE municipality',
        'jamfor_ingest INSERT municipality',
        'jamfor_ingest SELECT municipality',
        'jamfor_ingest UPDATE municipality',
      ].sort((a, b) => a.localeCompare(b)),
    );
    await expect(dbs.api.query(`CREATE TABLE x (id int)`)).rejects.toThrow();
    await expect(dbs.ingest.query(`CREATE TABLE x (id int)`)).rejects.toThrow(/permission denied for schema public/);
  });
});
