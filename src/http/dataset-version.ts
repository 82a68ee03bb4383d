import pg from 'pg';
import { listenForDatasetVersion, readDatasetVersion } from '../ingest/dataset-version.js';

/**
 * The served data's version (dataset_state.version), kept in memory. Ingest bumps it in its
 * load transaction and notifies on commit (src/ingest/dataset-version.ts owns both).
 * - On the primary, a LISTEN connection picks the change up at once; a dropped connection is
 *   reopened (and the version re-read) on the next check.
 * - On a streaming standby (`pg_is_in_recovery()`), LISTEN is refused and NOTIFY never
 *   arrives, so the version is polled on the standby itself. A value read there was already
 *   replayed there, so the version a response is keyed with is never newer than the data
 *   the same standby serves it from (it may be older by one poll interval).
 * Reading it costs no SQL per request.
 */
export interface DatasetVersion {
  current(): string;
  /** false while the last read failed (the server is down or unreachable). */
  healthy(): boolean;
  close(): Promise<void>;
}

export interface VersionWatchOptions {
  /** How often a lost LISTEN connection to the primary is retried. */
  refreshMs?: number;
  /** Poll interval on a standby, where NOTIFY does not arrive. */
  standbyPollMs?: number;
}

export async function watchDatasetVersion(
  connectionString: string,
  log: (m: string) => void,
  options: VersionWatchOptions = {},
): Promise<DatasetVersion> {
  const refreshMs = options.refreshMs ?? 5000;
  const standbyPollMs = options.standbyPollMs ?? 200;
  let version = '0';
  let client: pg.Client | null = null;
  let ok = true;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const read = async (c: pg.Client) => {
    const read = await readDatasetVersion(c);
    // A standby is replayed forward only, so a smaller value can only come from a different server
    // behind the same address; the version never moves back for clients.
    if (read !== null && BigInt(read) >= BigInt(version)) version = read;
    ok = true;
  };
  const connect = async (): Promise<boolean> => {
    const c = new pg.Client({
      connectionString,
      application_name: 'jamfor-api-version',
      connectionTimeoutMillis: 2000,
      // A half-open connection (a vanished server) ends in an error instead of waiting forever.
      keepAlive: true,
    });
    c.on('end', () => {
      if (client === c) {
        client = null;
        ok = false;
      }
    });
    c.on('error', (e) => {
      log(`dataset version listener: ${e.message}; reconnecting`);
      ok = false;
      if (client === c) client = null;
    });
    try {
      await c.connect();
      const [{ standby }] = (await c.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby')).rows as [
        { standby: boolean },
      ];
      if (!standby) await listenForDatasetVersion(c, (v) => (version = v));
      await read(c);
      client = c;
      return standby;
    } catch (error) {
      ok = false;
      await c.end().catch(() => undefined);
      throw error;
    }
  };
  const standby = await connect();
  const tick = () => {
    if (closed) return;
    const c = client;
    // On the primary a live LISTEN connection misses no NOTIFY, so only a lost one needs work
    // (reconnect, then read); no statement runs while it is up. A standby is polled.
    (c ? (standby ? read(c) : Promise.resolve()) : connect().then(() => undefined))
      .catch((e: unknown) => {
        ok = false;
        log(`dataset version refresh failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        if (!closed) timer = setTimeout(tick, standby ? standbyPollMs : refreshMs).unref();
      });
  };
  timer = setTimeout(tick, standby ? standbyPollMs : refreshMs).unref();
  return {
    current: () => version,
    healthy: () => ok,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
