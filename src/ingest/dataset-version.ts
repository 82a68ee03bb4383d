import type pg from 'pg';
import type { QueryRunner } from 'typeorm';

/**
 * The served data's version (dataset_state.version): the one owner of every statement on
 * dataset_state and of its notification channel. Ingest bumps it inside the load transaction
 * that changes rows and NOTIFYs on the same transaction, so listeners hear of it exactly when
 * the change commits; the API (src/http/dataset-version.ts) listens and derives its ETags and
 * response cache keys from it.
 */

/** The LISTEN/NOTIFY channel; the payload is the new version as text. */
export const DATASET_VERSION_CHANNEL = 'jamfor_dataset';

const READ_VERSION = 'SELECT version::text AS v FROM dataset_state WHERE id = 1';

/** The row READ_VERSION returns: the version as text (bigint does not fit a JS number safely). */
interface VersionRow {
  v: string;
}

/**
 * Anything that runs SQL: a QueryRunner or a DataSource (which answer the rows themselves) or
 * a pg client (which answers { rows }).
 */
interface Sql {
  query(sql: string): Promise<VersionRow[] | { rows: VersionRow[] }>;
}

/** The current version as text. */
export async function readDatasetVersion(db: Sql): Promise<string | null> {
  const result = await db.query(READ_VERSION);
  const rows = Array.isArray(result) ? result : result.rows;
  return rows[0]?.v ?? null;
}

/**
 * Bumps the version and notifies listeners, inside the caller's load transaction (the
 * notification is delivered on commit, or never if the transaction rolls back).
 */
export async function bumpDatasetVersion(q: QueryRunner): Promise<void> {
  await q.query(`UPDATE dataset_state SET version = version + 1, changed_at = now() WHERE id = 1`);
  await q.query(`SELECT pg_notify($1, (${READ_VERSION}))`, [DATASET_VERSION_CHANNEL]);
}

/** LISTENs on `client` and calls `onVersion` with each new version as it commits. */
export async function listenForDatasetVersion(client: pg.Client, onVersion: (version: string) => void): Promise<void> {
  client.on('notification', (msg) => {
    if (msg.channel === DATASET_VERSION_CHANNEL && msg.payload) onVersion(msg.payload);
  });
  await client.query(`LISTEN ${DATASET_VERSION_CHANNEL}`);
}
