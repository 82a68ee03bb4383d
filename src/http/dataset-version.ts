import pg from 'pg';
import { listenForDatasetVersion, readDatasetVersion } from '../ingest/dataset-version.js';

/**
 * The served data's version (dataset_state.version), kept in memory: ingest bumps it in its
 * load transaction and notifies on commit (src/ingest/dataset-version.ts owns both). A LISTEN
 * connection picks that up at once; a periodic re-read covers a dropped connection. Reading it
 * costs no SQL per request.
 */
export interface DatasetVersion {
  current(): string;
  close(): Promise<void>;
}

export async function watchDatasetVersion(
  connectionString: string,
  log: (m: string) => void,
  refreshMs = 5000,
): Promise<DatasetVersion> {
  let version = '0';
  let client: pg.Client | null = null;
  let closed = false;

  const read = async (c: pg.Client) => {
    version = (await readDatasetVersion(c)) ?? version;
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: 'jamfor-api-version' });
    c.on('error', (e) => {
      log(`dataset version listener: ${e.message}; reconnecting`);
      client = null;
    });
    await c.connect();
    await listenForDatasetVersion(c, (v) => (version = v));
    await read(c);
    client = c;
  };
  await connect();
  const timer = setInterval(() => {
    if (closed) return;
    const c = client;
    (c ? read(c) : connect()).catch((e: unknown) =>
      log(`dataset version refresh failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, refreshMs);
  timer.unref();
  return {
    current: () => version,
    async close() {
      closed = true;
      clearInterval(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
