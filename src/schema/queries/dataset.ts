import type { EntityManager } from 'typeorm';
import { checkPageSize, connectionOf, decodeCursor, type PagedRow } from '../pagination.js';
import type { ConnectionShape } from '../types/connection.type.js';
import type {
  Dataset,
  IngestCounts,
  IngestReject,
  IngestRepair,
  IngestRun,
  IngestRunFile,
  IngestStatus,
} from '../types/dataset.type.js';

/** The sources Jämför ingests, in the order `dataset` lists them. */
export const SOURCES = ['oj', 'kolada', 'agreements', 'plan-counts', 'publications'] as const;

const MAX_REJECTS_SHOWN = 50;

/** The first MAX_REJECTS_SHOWN elements of a jsonb array. */
const FIRST = (array: string) =>
  `(SELECT coalesce(jsonb_agg(x.e ORDER BY x.o), '[]') FROM jsonb_array_elements(${array}) WITH ORDINALITY x(e, o) WHERE x.o <= ${MAX_REJECTS_SHOWN})`;

/** A run as jsonb (`r` = ingest_run) with its files, each list cut to the first MAX_REJECTS_SHOWN. */
const RUN_JSON = (r: string) => `jsonb_build_object(
  'id', ${r}.id::text, 'source', ${r}.source, 'release_key', ${r}.release_key, 'file', ${r}.file, 'sha256', ${r}.sha256,
  'parser_version', ${r}.parser_version, 'status', ${r}.status, 'trigger', ${r}.trigger, 'started_at', ${r}.started_at,
  'finished_at', ${r}.finished_at, 'rows_read', ${r}.rows_read, 'rows_inserted', ${r}.rows_inserted, 'rows_updated', ${r}.rows_updated,
  'rows_unchanged', ${r}.rows_unchanged, 'rows_withdrawn', ${r}.rows_withdrawn, 'rows_rejected', ${r}.rows_rejected, 'error', ${r}.error,
  'rows_skipped', ${r}.rows_skipped, 'repairs', ${r}.repairs, 'rejects', ${FIRST(`${r}.rejects`)},
  'files', (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'file', run_file.file, 'release_key', run_file.release_key, 'sha256', run_file.sha256, 'status', run_file.status,
      'rows_read', run_file.rows_read, 'rows_skipped', run_file.rows_skipped, 'rows_inserted', run_file.rows_inserted,
      'rows_updated', run_file.rows_updated, 'rows_unchanged', run_file.rows_unchanged, 'rows_withdrawn', run_file.rows_withdrawn,
      'rows_rejected', run_file.rows_rejected, 'repairs', run_file.repairs, 'skipped_rows', ${FIRST('run_file.skipped_rows')},
      'rejects', ${FIRST('run_file.rejects')}, 'kept_values', ${FIRST('run_file.kept_values')}, 'error', run_file.error) ORDER BY run_file.ordinal), '[]')
    FROM ingest_run_file run_file WHERE run_file.ingest_run_id = ${r}.id))`;

interface StoredReject {
  loc?: { file?: string; sheet?: string; row?: number; column?: string };
  rawValue?: string | null;
  rule?: string;
  message?: string;
  isKeyField?: boolean;
}

function toReject(r: StoredReject): IngestReject {
  return {
    rule: r.rule ?? 'unknown',
    message: r.message ?? '',
    rawValue: r.rawValue ?? null,
    isKeyField: r.isKeyField === true,
    file: r.loc?.file ?? null,
    sheet: r.loc?.sheet ?? null,
    row: r.loc?.row ?? null,
    column: r.loc?.column ?? null,
  };
}

interface StoredSkippedRow {
  loc?: { sheet?: string; row?: number };
  text?: string | null;
  reason?: string;
}

interface StoredKeptValue {
  unitCode?: string;
  questionCode?: string;
  year?: number;
  keptAnswer?: string;
  rejectedValue?: string | null;
  rule?: string;
  loc?: { row?: number; column?: string };
}

/** The count columns a run and a file share, as RUN_JSON spells them. */
interface CountsJson {
  rows_read: number;
  rows_skipped: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_withdrawn: number;
  rows_rejected: number;
  /** Rule → times applied. */
  repairs: Record<string, number>;
}

/** One element of RUN_JSON's `files`: an ingest_run_file row. */
interface RunFileJson extends CountsJson {
  file: string;
  release_key: string;
  sha256: string | null;
  status: IngestStatus;
  skipped_rows: StoredSkippedRow[];
  rejects: StoredReject[];
  kept_values: StoredKeptValue[];
  error: string | null;
}

/** RUN_JSON: an ingest_run row (timestamps as ISO text, since it travels as jsonb) with its files. */
interface RunJson extends CountsJson {
  id: string;
  source: string;
  release_key: string;
  file: string;
  sha256: string | null;
  parser_version: string;
  status: IngestStatus;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  rejects: StoredReject[];
  files: RunFileJson[];
}

function toRepairs(stored: Record<string, number> | null): IngestRepair[] {
  return Object.entries(stored ?? {})
    .map(([rule, count]) => ({ rule, count: Number(count) }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/** The counts of a run or file row (rows_* columns), repaired summed from its repairs. */
function toCounts(r: CountsJson): IngestCounts {
  return {
    read: r.rows_read,
    skipped: r.rows_skipped,
    inserted: r.rows_inserted,
    updated: r.rows_updated,
    unchanged: r.rows_unchanged,
    withdrawn: r.rows_withdrawn,
    rejected: r.rows_rejected,
    repaired: toRepairs(r.repairs).reduce((sum, x) => sum + x.count, 0),
  };
}

function toRunFile(f: RunFileJson): IngestRunFile {
  return {
    file: f.file,
    releaseKey: f.release_key,
    sha256: f.sha256,
    status: f.status,
    counts: toCounts(f),
    repairs: toRepairs(f.repairs),
    skippedRows: f.skipped_rows.map((x) => ({
      sheet: x.loc?.sheet ?? null,
      row: x.loc?.row ?? null,
      text: x.text ?? null,
      reason: x.reason ?? '',
    })),
    rejects: f.rejects.map(toReject),
    keptValues: f.kept_values.map((k) => ({
      unitCode: k.unitCode ?? '',
      questionCode: k.questionCode ?? '',
      year: Number(k.year),
      keptAnswer: k.keptAnswer ?? '',
      rejectedValue: k.rejectedValue ?? null,
      rule: k.rule ?? 'unknown',
      row: k.loc?.row ?? null,
      column: k.loc?.column ?? null,
    })),
    error: f.error,
  };
}

function toIngestRun(r: RunJson): IngestRun {
  return {
    id: r.id,
    source: r.source,
    releaseKey: r.release_key,
    file: r.file,
    sha256: r.sha256,
    parserVersion: r.parser_version,
    status: r.status,
    trigger: r.trigger,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    counts: toCounts(r),
    error: r.error,
    rejects: r.rejects.map(toReject),
    repairs: toRepairs(r.repairs),
    files: r.files.map(toRunFile),
  };
}

/**
 * The dataset version and, per source, the last successful run and the last run of any
 * status. One statement.
 */
export async function datasetState(db: EntityManager): Promise<Dataset> {
  const rows = await db.query<
    { version: string; changed_at: Date; source: string; last_success: RunJson | null; last_run: RunJson | null }[]
  >(
    `WITH sources AS (
       SELECT s.source, s.ord FROM unnest($1::text[]) WITH ORDINALITY s(source, ord)
       UNION ALL
       SELECT DISTINCT r.source, 1000 FROM ingest_run r WHERE r.source <> ALL($1::text[])
     )
     SELECT d.version::text AS version, d.changed_at, s.source,
       (SELECT ${RUN_JSON('r')} FROM ingest_run r WHERE r.source = s.source AND r.status = 'SUCCEEDED'
         ORDER BY r.finished_at DESC NULLS LAST, r.id DESC LIMIT 1) AS last_success,
       (SELECT ${RUN_JSON('r')} FROM ingest_run r WHERE r.source = s.source ORDER BY r.started_at DESC, r.id DESC LIMIT 1) AS last_run
     FROM dataset_state d CROSS JOIN sources s
     WHERE d.id = 1
     ORDER BY s.ord, s.source`,
    [SOURCES],
  );
  const head = rows[0]!;
  return {
    version: head.version,
    changedAt: head.changed_at,
    sources: rows.map((r) => ({
      source: r.source,
      lastSuccess: r.last_success ? toIngestRun(r.last_success) : null,
      lastRun: r.last_run ? toIngestRun(r.last_run) : null,
    })),
  };
}

export interface IngestRunFilter {
  source?: string | null;
  status?: IngestStatus | null;
  first: number;
  after?: string | null;
}

/** The run ledger, newest first, filtered and paged. One statement. */
export async function listIngestRuns(
  db: EntityManager,
  filter: IngestRunFilter,
  maxPageSize: number,
): Promise<ConnectionShape<IngestRun>> {
  checkPageSize(filter.first, maxPageSize);
  const offset = decodeCursor(filter.after);
  const rows = await db.query<PagedRow<{ total_count: number }, { run: RunJson }>[]>(
    `WITH f AS (
       SELECT r.*, row_number() OVER (ORDER BY r.started_at DESC, r.id DESC) AS ord FROM ingest_run r
       WHERE ($1::text IS NULL OR r.source = $1) AND ($2::text IS NULL OR r.status = $2)
     )
     SELECT (SELECT count(*)::int FROM f) AS total_count, page.run
     FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT f.ord, ${RUN_JSON('f')} AS run FROM f WHERE f.ord > $3 ORDER BY f.ord LIMIT $4) page ON true
     ORDER BY page.ord`,
    [filter.source ?? null, filter.status ?? null, offset, filter.first],
  );
  return connectionOf(rows, 'run', offset, (r) => toIngestRun(r.run));
}
