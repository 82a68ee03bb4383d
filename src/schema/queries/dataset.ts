import type { EntityManager } from 'typeorm';
import { checkPageSize, decodeCursor, encodeCursor } from '../pagination.js';
import type { ConnectionShape } from '../types/connection.type.js';
import type { Dataset, IngestReject, IngestRun, IngestStatus } from '../types/dataset.type.js';
import type { Row } from './published-figure.js';

/** The sources Jämför ingests, in the order `dataset` lists them. */
export const SOURCES = ['oj', 'kolada', 'agreements', 'plan-counts', 'publications'] as const;

const MAX_REJECTS_SHOWN = 50;

/** A run as jsonb (`r` = ingest_run), its rejects cut to the first MAX_REJECTS_SHOWN. */
const RUN_JSON = (r: string) => `jsonb_build_object(
  'id', ${r}.id::text, 'source', ${r}.source, 'release_key', ${r}.release_key, 'file', ${r}.file, 'sha256', ${r}.sha256,
  'parser_version', ${r}.parser_version, 'status', ${r}.status, 'trigger', ${r}.trigger, 'started_at', ${r}.started_at,
  'finished_at', ${r}.finished_at, 'rows_read', ${r}.rows_read, 'rows_inserted', ${r}.rows_inserted, 'rows_updated', ${r}.rows_updated,
  'rows_unchanged', ${r}.rows_unchanged, 'rows_withdrawn', ${r}.rows_withdrawn, 'rows_rejected', ${r}.rows_rejected, 'error', ${r}.error,
  'rejects', (SELECT coalesce(jsonb_agg(x.e ORDER BY x.o), '[]') FROM jsonb_array_elements(${r}.rejects) WITH ORDINALITY x(e, o)
              WHERE x.o <= ${MAX_REJECTS_SHOWN}))`;

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

export function toIngestRun(r: Row): IngestRun {
  return {
    id: String(r['id']),
    source: String(r['source']),
    releaseKey: String(r['release_key']),
    file: String(r['file']),
    sha256: (r['sha256'] as string | null) ?? null,
    parserVersion: String(r['parser_version']),
    status: r['status'] as IngestStatus,
    trigger: String(r['trigger']),
    startedAt: new Date(String(r['started_at'])),
    finishedAt: r['finished_at'] ? new Date(String(r['finished_at'])) : null,
    counts: {
      read: Number(r['rows_read']),
      inserted: Number(r['rows_inserted']),
      updated: Number(r['rows_updated']),
      unchanged: Number(r['rows_unchanged']),
      withdrawn: Number(r['rows_withdrawn']),
      rejected: Number(r['rows_rejected']),
    },
    error: (r['error'] as string | null) ?? null,
    rejects: ((r['rejects'] as StoredReject[] | null) ?? []).map(toReject),
  };
}

/**
 * The dataset version and, per source, the last successful run and the last run of any
 * status. One statement.
 */
export async function datasetState(db: EntityManager): Promise<Dataset> {
  const rows: Row[] = await db.query(
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
    version: String(head['version']),
    changedAt: head['changed_at'] as Date,
    sources: rows.map((r) => ({
      source: String(r['source']),
      lastSuccess: r['last_success'] ? toIngestRun(r['last_success'] as Row) : null,
      lastRun: r['last_run'] ? toIngestRun(r['last_run'] as Row) : null,
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
  const rows: Row[] = await db.query(
    `WITH f AS (
       SELECT r.*, row_number() OVER (ORDER BY r.started_at DESC, r.id DESC) AS ord FROM ingest_run r
       WHERE ($1::text IS NULL OR r.source = $1) AND ($2::text IS NULL OR r.status = $2)
     )
     SELECT (SELECT count(*)::int FROM f) AS total_count, page.run
     FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT f.ord, ${RUN_JSON('f')} AS run FROM f WHERE f.ord > $3 ORDER BY f.ord LIMIT $4) page ON true
     ORDER BY page.ord`,
    [filter.source ?? null, filter.status ?? null, offset, filter.first],
  );
  const nodes = rows.filter((r) => r['run'] !== null).map((r) => toIngestRun(r['run'] as Row));
  const total = Number(rows[0]!['total_count']);
  const end = offset + nodes.length;
  return {
    totalCount: total,
    nodes,
    pageInfo: { endCursor: nodes.length ? encodeCursor(end) : null, hasNextPage: end < total },
  };
}
