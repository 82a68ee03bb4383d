import path from 'node:path';
import { PROJECT_ROOT } from './paths.js';

/** Every setting Jämför reads, checked once at start-up and passed down frozen. */
export interface Config {
  port: number;
  host: string;
  /** Owner connection (migrations). Unset → an embedded PostgreSQL is started. */
  databaseUrl: string | null;
  /** Connection for the API (read-only role). Derived for the embedded server. */
  apiDatabaseUrl: string | null;
  /** Connection for ingest (writer role). Derived for the embedded server. */
  ingestDatabaseUrl: string | null;
  /**
   * Streaming standbys the API reads from instead of the primary (DATABASE_READ_URL,
   * comma-separated, each with the read-only role). Empty → the API reads the primary.
   */
  readDatabaseUrls: string[];
  /** How often the API re-reads the dataset version on a standby, where NOTIFY does not arrive. */
  readVersionPollMs: number;
  embedded: { dataDir: string; port: number };
  dbPoolSize: number;
  statementTimeoutMs: number;
  /** Bytes of GraphQL responses kept per dataset version; 0 switches the cache off. */
  responseCacheBytes: number;
  ingest: {
    schedule: string;
    timezone: string;
    /** Folder the nightly job scans for ÖJ workbooks, agreement and plan-count files. */
    inboxDir: string;
    koladaEnabled: boolean;
    koladaBaseUrl: string;
    koladaYears: number[];
    koladaTimeoutMs: number;
    koladaMaxRetries: number;
    maxFileBytes: number;
    maxCells: number;
    /** Share of last release's municipalities a new release may lack before it is held. */
    coverageHoldThreshold: number;
    schedulerEnabled: boolean;
  };
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxRootFields: number;
    maxTokens: number;
    maxBodyBytes: number;
    maxCost: number;
    maxPageSize: number;
    maxListArgument: number;
    requestTimeoutMs: number;
    introspection: boolean;
  };
  shutdownTimeoutMs: number;
  loadSamplesOnEmpty: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function str(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

function years(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const range = /^(\d{4})-(\d{4})$/.exec(raw.trim());
  if (range) {
    const out: number[] = [];
    for (let y = Number(range[1]); y <= Number(range[2]); y++) out.push(y);
    return out;
  }
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((y) => !Number.isInteger(y) || y < 1990 || y > 2100))
    throw new ConfigError(`${name}: "${raw}" is not a list of years`);
  return list;
}

function urls(env: Env, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  const list = raw.split(',').map((s) => s.trim());
  for (const u of list) {
    if (!/^postgres(ql)?:\/\//.test(u)) throw new ConfigError(`${name}: "${u}" is not a postgres:// URL`);
  }
  return list;
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const dataDir = path.resolve(PROJECT_ROOT, str(env, 'JAMFOR_DATA_DIR', '.jamfor'));
  const thisYear = new Date().getUTCFullYear();
  const config: Config = {
    port: int(env, 'PORT', 4000),
    host: str(env, 'HOST', '127.0.0.1'),
    databaseUrl: env['DATABASE_URL'] || null,
    apiDatabaseUrl: env['API_DATABASE_URL'] || null,
    ingestDatabaseUrl: env['INGEST_DATABASE_URL'] || null,
    readDatabaseUrls: urls(env, 'DATABASE_READ_URL'),
    readVersionPollMs: int(env, 'DATABASE_READ_VERSION_POLL_MS', 200, 10),
    embedded: {
      dataDir: path.resolve(PROJECT_ROOT, str(env, 'PG_DATA_DIR', path.join(dataDir, 'pg'))),
      port: int(env, 'EMBEDDED_PG_PORT', 54329, 1),
    },
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1),
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_MS', 5000, 1),
    responseCacheBytes: int(env, 'RESPONSE_CACHE_BYTES', 32 * 1024 * 1024),
    ingest: {
      schedule: str(env, 'INGEST_SCHEDULE', '30 2 * * *'),
      timezone: str(env, 'INGEST_TIMEZONE', 'Europe/Stockholm'),
      inboxDir: path.resolve(PROJECT_ROOT, str(env, 'INGEST_INBOX_DIR', path.join(dataDir, 'inbox'))),
      koladaEnabled: bool(env, 'KOLADA_ENABLED', true),
      koladaBaseUrl: str(env, 'KOLADA_BASE_URL', 'https://api.kolada.se/v3'),
      koladaYears: years(env, 'KOLADA_YEARS', [thisYear - 2, thisYear - 1]),
      koladaTimeoutMs: int(env, 'KOLADA_TIMEOUT_MS', 20_000, 1),
      koladaMaxRetries: int(env, 'KOLADA_MAX_RETRIES', 5),
      maxFileBytes: int(env, 'INGEST_MAX_FILE_BYTES', 20 * 1024 * 1024, 1),
      maxCells: int(env, 'INGEST_MAX_CELLS', 2_000_000, 1),
      coverageHoldThreshold: Number(str(env, 'INGEST_COVERAGE_HOLD_THRESHOLD', '0.05')),
      schedulerEnabled: bool(env, 'SCHEDULER_ENABLED', true),
    },
    limits: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 8, 1),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 0),
      maxRootFields: int(env, 'GRAPHQL_MAX_ROOT_FIELDS', 50, 1),
      maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 5000, 1),
      maxBodyBytes: int(env, 'GRAPHQL_MAX_BODY_BYTES', 100_000, 1),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 20_000, 1),
      maxPageSize: int(env, 'GRAPHQL_MAX_PAGE_SIZE', 500, 1),
      maxListArgument: int(env, 'GRAPHQL_MAX_LIST_ARGUMENT', 300, 1),
      requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 10_000, 1),
      introspection: bool(env, 'GRAPHQL_INTROSPECTION', true),
    },
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 1),
    loadSamplesOnEmpty: bool(env, 'LOAD_SAMPLES_ON_EMPTY', true),
  };
  const t = config.ingest.coverageHoldThreshold;
  if (!(t >= 0 && t <= 1)) throw new ConfigError(`INGEST_COVERAGE_HOLD_THRESHOLD must be within 0…1, got ${t}`);
  return Object.freeze(config);
}
