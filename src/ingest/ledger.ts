import type { DataSource, QueryRunner } from 'typeorm';
import type { IngestStatus } from '../entities/ingest-run.entity.js';
import type { Reject, RepairCounts } from './release.js';

export interface LoadCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  rejected: number;
}

export const ZERO_COUNTS: LoadCounts = {
  rowsRead: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  withdrawn: 0,
  rejected: 0,
};

/** Rejects kept in the ledger per run: enough for an operator, bounded for a 300 000-row file. */
const MAX_REJECTS_STORED = 1000;

export interface RunStart {
  source: string;
  releaseKey: string;
  file: string;
  parserVersion: string;
  trigger: string;
  options: Record<string, unknown>;
}

/**
 * The run ledger (table ingest_run). This module owns every statement that writes it and the
 * reads ingest and the scheduler decide on; the API's read-only views of it are in
 * src/schema/queries/dataset.ts.
 */

/**
 * Every attempt gets a row at once (RUNNING, committed on its own), so a run
 * killed mid-way is visible; only the load transaction itself may set SUCCEEDED.
 */
export async function openRun(q: QueryRunner, start: RunStart, status: IngestStatus = 'RUNNING'): Promise<string> {
  const rows: { id: string }[] = await q.query(
    `INSERT INTO ingest_run (source, release_key, file, parser_version, status, trigger, started_at, options, finished_at)
     VALUES ($1, $2, $3, $4, $5::varchar, $6, clock_timestamp(), $7, CASE WHEN $5::varchar = 'RUNNING' THEN NULL ELSE clock_timestamp() END)
     RETURNING id`,
    [
      start.source,
      start.releaseKey,
      start.file,
      start.parserVersion,
      status,
      start.trigger,
      JSON.stringify(start.options),
    ],
  );
  return rows[0]!.id;
}

export interface RunOutcome {
  status: IngestStatus;
  sha256?: string | null;
  counts?: LoadCounts;
  rejects?: Reject[];
  repairs?: RepairCounts;
  error?: string | null;
  releaseKey?: string;
}

export async function closeRun(q: QueryRunner, runId: string, outcome: RunOutcome): Promise<void> {
  const c = outcome.counts ?? ZERO_COUNTS;
  await q.query(
    `UPDATE ingest_run SET status = $2, sha256 = COALESCE($3, sha256), finished_at = clock_timestamp(),
       rows_read = $4, rows_inserted = $5, rows_updated = $6, rows_unchanged = $7, rows_withdrawn = $8, rows_rejected = $9,
       rejects = $10, repairs = $11, error = $12, release_key = COALESCE($13, release_key)
     WHERE id = $1`,
    [
      runId,
      outcome.status,
      outcome.sha256 ?? null,
      c.rowsRead,
      c.inserted,
      c.updated,
      c.unchanged,
      c.withdrawn,
      c.rejected,
      JSON.stringify((outcome.rejects ?? []).slice(0, MAX_REJECTS_STORED)),
      JSON.stringify(outcome.repairs ?? {}),
      outcome.error ?? null,
      outcome.releaseKey ?? null,
    ],
  );
}

/** sha256 and parser version of the last successful load of this release, if any. */
export async function lastSuccess(
  q: QueryRunner,
  source: string,
  releaseKey: string,
): Promise<{ sha256: string; parserVersion: string } | null> {
  const rows: { sha256: string; parser_version: string }[] = await q.query(
    `SELECT sha256, parser_version FROM ingest_run
      WHERE source = $1 AND release_key = $2 AND status = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 1`,
    [source, releaseKey],
  );
  return rows[0] ? { sha256: rows[0].sha256, parserVersion: rows[0].parser_version } : null;
}

/**
 * Runs left RUNNING by a process that died. Called while holding the ingest lock, so no
 * live run can be among them.
 */
export async function markInterruptedRuns(q: QueryRunner): Promise<number> {
  const [row] = await q.query(
    `WITH marked AS (
       UPDATE ingest_run SET status = 'FAILED', finished_at = clock_timestamp(),
         error = 'interrupted: the ingest process stopped before the run finished; nothing was committed'
       WHERE status = 'RUNNING' RETURNING id)
     SELECT count(*)::int AS n FROM marked`,
  );
  return (row as { n: number }).n;
}

/** True when any run ever loaded a release (start-up loads the bundled samples otherwise). */
export async function hasSucceededRun(ds: DataSource): Promise<boolean> {
  const rows: { found: boolean }[] = await ds.query(
    `SELECT EXISTS (SELECT 1 FROM ingest_run WHERE status = 'SUCCEEDED') AS found`,
  );
  return rows[0]!.found;
}

/** When the last run started by the scheduler (on time or catching up) began; null if none ever did. */
export async function lastScheduledRunStart(ds: DataSource): Promise<Date | null> {
  const rows: { last: Date | null }[] = await ds.query(
    `SELECT max(started_at) AS last FROM ingest_run WHERE trigger IN ('scheduled', 'catch-up')`,
  );
  return rows[0]?.last ?? null;
}
