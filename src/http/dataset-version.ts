import pg from 'pg';

/**
 * The served data's version (dataset_state.version), kept in memory: ingest bumps it in its
 * load transaction and NOTIFYs `jamfor_dataset` on commit. A LISTEN connection picks that up at
 * once; a periodic re-read covers a dropped connection. Reading it costs no SQL per request.
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
    const { rows } = await c.query<{ v: string }>('SELECT version::text AS v FROM dataset_state WHERE id = 1');
    if (rows[0]) version = rows[0].v;
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: 'jamfor-api-version' });
    c.on('notification', (msg) => {
      if (msg.channel === 'jamfor_dataset' && msg.payload) version = msg.payload;
    });
    c.on('error', (e) => {
      log(`dataset version listener: ${e.message}; reconnecting`);
      client = null;
    });
    await c.connect();
    await c.query('LISTEN jamfor_dataset');
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
