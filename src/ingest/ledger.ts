import type { DataSource, QueryRunner } from 'typeorm';
import type { IngestStatus } from '../entities/ingest-run.entity.js';
import type { AnswerKey, Reject, RepairCounts, SkippedRow, SourceLocation } from './release.js';

/**
 * The counts of a run or of one file, in the one vocabulary every report uses: rows read
 * (every non-blank row below the header), of them skipped (non-data rows); values inserted,
 * updated, unchanged (together: loaded) and withdrawn; rejected rows or cells.
 */
export interface LoadCounts {
  rowsRead: number;
  skipped: number;
  inserted: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  rejected: number;
}

export const ZERO_COUNTS: LoadCounts = {
  rowsRead: 0,
  skipped: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  withdrawn: 0,
  rejected: 0,
};

/** Rejects (and skipped rows, kept values) stored per run and per file: enough for an operator, bounded for a 300 000-row file. */
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
  const rows = (await q.query(
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
  )) as { id: string }[];
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
       rejects = $10, repairs = $11, error = $12, release_key = COALESCE($13, release_key), rows_skipped = $14
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
      c.skipped,
    ],
  );
}

/** A rejected cell whose earlier stored answer stays served because the run loaded with --allow-partial. */
export interface KeptValue extends AnswerKey {
  /** The answer still served, and its raw cell as stored. */
  keptAnswer: string;
  keptRawValue: string | null;
  /** What this file held for the cell, and why it was rejected. */
  rejectedValue: string | null;
  rule: string;
  loc: SourceLocation;
}

/** One file (or API request) of a run, as the ledger keeps it in ingest_run_file. */
export interface RunFile {
  source: string;
  releaseKey: string;
  file: string;
  sha256: string | null;
  status: IngestStatus;
  counts: LoadCounts;
  repairs: RepairCounts;
  skipped: SkippedRow[];
  rejects: Reject[];
  kept: KeptValue[];
  error: string | null;
}

/**
 * Records one file of a run. A run holds its files in the order they were read (ordinal
 * 1, 2, …): the run row has the totals, these rows say which file each count came from.
 */
export async function recordRunFile(q: QueryRunner, runId: string, file: RunFile): Promise<void> {
  const c = file.counts;
  await q.query(
    `INSERT INTO ingest_run_file (ingest_run_id, ordinal, source, release_key, file, sha256, status,
       rows_read, rows_skipped, rows_inserted, rows_updated, rows_unchanged, rows_withdrawn, rows_rejected,
       repairs, skipped_rows, rejects, kept_values, error)
     SELECT $1, coalesce(max(ordinal), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18
       FROM ingest_run_file WHERE ingest_run_id = $1`,
    [
      runId,
      file.source,
      file.releaseKey,
      file.file,
      file.sha256,
      file.status,
      c.rowsRead,
      c.skipped,
      c.inserted,
      c.updated,
      c.unchanged,
      c.withdrawn,
      c.rejected,
      JSON.stringify(file.repairs),
      JSON.stringify(file.skipped.slice(0, MAX_REJECTS_STORED)),
      JSON.stringify(file.rejects.slice(0, MAX_REJECTS_STORED)),
      JSON.stringify(file.kept.slice(0, MAX_REJECTS_STORED)),
      file.error,
    ],
  );
}

/** The row lastSuccess reads: a successful run always recorded the bytes' sha256. */
interface LastSuccessRow {
  sha256: string;
  parser_version: string;
}

/** sha256 and parser version of the last successful load of this release, if any. */
export async function lastSuccess(
  q: QueryRunner,
  source: string,
  releaseKey: string,
): Promise<{ sha256: string; parserVersion: string } | null> {
  const rows = (await q.query(
    `SELECT sha256, parser_version FROM ingest_run
      WHERE source = $1 AND release_key = $2 AND status = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 1`,
    [source, releaseKey],
  )) as LastSuccessRow[];
  return rows[0] ? { sha256: rows[0].sha256, parserVersion: rows[0].parser_version } : null;
}

/**
 * Runs left RUNNING by a process that died. Called while holding the ingest lock, so no
 * live run can be among them.
 */
export async function markInterruptedRuns(q: QueryRunner): Promise<number> {
  const [row] = (await q.query(
    `WITH marked AS (
       UPDATE ingest_run SET status = 'FAILED', finished_at = clock_timestamp(),
         error = 'interrupted: the ingest process stopped before the run finished; nothing was committed'
       WHERE status = 'RUNNING' RETURNING id)
     SELECT count(*)::int AS n FROM marked`,
  )) as [{ n: number }];
  return row.n;
}

/** True when any run ever loaded a release (start-up loads the bundled samples otherwise). */
export async function hasSucceededRun(ds: DataSource): Promise<boolean> {
  const rows = await ds.query<{ found: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM ingest_run WHERE status = 'SUCCEEDED') AS found`,
  );
  return rows[0]!.found;
}

/** When the last run started by the scheduler (on time or catching up) began; null if none ever did. */
export async function lastScheduledRunStart(ds: DataSource): Promise<Date | null> {
  const rows = await ds.query<{ last: Date | null }[]>(
    `SELECT max(started_at) AS last FROM ingest_run WHERE trigger IN ('scheduled', 'catch-up')`,
  );
  return rows[0]?.last ?? null;
}
