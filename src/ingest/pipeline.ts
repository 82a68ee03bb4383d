import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { IngestStatus } from '../entities/ingest-run.entity.js';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseLimits, type SourceAdapter } from './adapter.js';
import { checkCoverage, coverageReject, findKeptValues, holdingRejects } from './checks.js';
import { bumpDatasetVersion, readDatasetVersion } from './dataset-version.js';
import {
  closeRun,
  lastSuccess,
  markInterruptedRuns,
  openRun,
  recordRunFile,
  ZERO_COUNTS,
  type KeptValue,
  type LoadCounts,
} from './ledger.js';
import { loadRelease } from './load/release-loader.js';
import { readReferenceCatalog, type ReferenceCatalog } from './reference-catalog.js';
import type { ParsedRelease, Reject, RepairCounts, SkippedRow } from './release.js';

export type IngestPhase = 'locking' | 'downloading' | 'parsing' | 'staging' | 'merging' | 'committing';

/** Bump when a parser's output for the same bytes changes: a new version reloads unchanged files. */
export const PARSER_VERSIONS: Record<string, string> = {
  // @2: releases carry their frame; ÖJ answers their provenance (inferred cells) and askedOf from the mapping;
  // published figures and plan counts keep topic, citation, coverage and their file row (issue 10).
  oj: 'oj@2',
  kolada: 'kolada@2',
  agreements: 'agreements@2',
  'plan-counts': 'plan-counts@2',
  publications: 'publications@1',
};

// One advisory lock for all ingest: two processes (replicas, cron and a manual run) never
// load at once. Session-level, so a killed holder's lock is released with its connection.
export const INGEST_LOCK_KEY = 74_697_523;

export interface IngestOptions {
  /** scheduled, cli, startup, test … (recorded in the ledger). */
  trigger: string;
  /** Load even if the same bytes were loaded before (still writes only rows that differ). */
  force?: boolean;
  /** Load the valid rows of a release with rejects instead of holding it. */
  allowPartial?: boolean;
  /** Share of last year's municipalities a release may lack before it is held (default 0.05). */
  coverageHoldThreshold?: number;
  now?: Date;
  limits?: ParseLimits;
  catalog?: ReferenceCatalog;
  onPhase?: (phase: IngestPhase) => void | Promise<void>;
  log?: (message: string) => void;
}

export interface IngestResult {
  runId: string;
  source: string;
  releaseKey: string;
  status: IngestStatus;
  sha256: string | null;
  counts: LoadCounts;
  rejects: Reject[];
  /** Non-data rows passed over (headings, separators, notes), each with its row and reason. */
  skipped: SkippedRow[];
  /** With --allow-partial: each rejected cell whose earlier stored value stays served. */
  kept: KeptValue[];
  repairs: RepairCounts;
  error: string | null;
  durationMs: number;
  /** dataset_state.version after the run (changes only when rows changed). */
  datasetVersion: string;
}

export class IngestLockedError extends Error {}

export function sha256Of(fetched: FetchedRelease): string {
  const hash = createHash('sha256');
  for (const part of fetched.parts) hash.update(part);
  for (const part of fetched.checksumParts ?? []) hash.update(part);
  return hash.digest('hex');
}

let cachedCatalog: ReferenceCatalog | null = null;

/** The reference catalog parsers check codes against, read once per process. */
export function referenceCatalog(): ReferenceCatalog {
  cachedCatalog ??= readReferenceCatalog();
  return cachedCatalog;
}

/**
 * One release through the whole pipeline: lock → fetch → checksum → parse → validate → one
 * transaction (stage, merge with history, ledger SUCCEEDED, dataset version) → unlock. A
 * release lands entirely or not at all; every attempt leaves a ledger row saying which.
 */
export async function runIngest<F>(
  ds: DataSource,
  adapter: SourceAdapter<F>,
  fetchOptions: F,
  options: IngestOptions,
): Promise<IngestResult> {
  const started = Date.now();
  const parserVersion = PARSER_VERSIONS[adapter.source] ?? `${adapter.source}@1`;
  const q = ds.createQueryRunner();
  await q.connect();
  const run = {
    source: adapter.source,
    releaseKey: describeRequest(fetchOptions),
    file: describeRequest(fetchOptions),
    parserVersion,
    trigger: options.trigger,
    options: { force: !!options.force, allowPartial: !!options.allowPartial },
  };
  const finish = async (
    runId: string,
    status: IngestStatus,
    rest: Partial<IngestResult> = {},
  ): Promise<IngestResult> => {
    const result: IngestResult = {
      runId,
      source: adapter.source,
      releaseKey: rest.releaseKey ?? run.releaseKey,
      status,
      sha256: rest.sha256 ?? null,
      counts: rest.counts ?? ZERO_COUNTS,
      rejects: rest.rejects ?? [],
      skipped: rest.skipped ?? [],
      kept: rest.kept ?? [],
      repairs: rest.repairs ?? {},
      error: rest.error ?? null,
      durationMs: Date.now() - started,
      datasetVersion: (await readDatasetVersion(q)) ?? '0',
    };
    return result;
  };
  try {
    await options.onPhase?.('locking');
    const [{ locked }] = (await q.query('SELECT pg_try_advisory_lock($1) AS locked', [INGEST_LOCK_KEY])) as [
      { locked: boolean },
    ];
    if (!locked) {
      const runId = await openRun(q, run, 'SKIPPED_LOCKED');
      options.log?.(`${adapter.source}: another ingest holds the lock; skipped`);
      return await finish(runId, 'SKIPPED_LOCKED');
    }
    try {
      const interrupted = await markInterruptedRuns(q);
      if (interrupted) options.log?.(`marked ${interrupted} interrupted run(s) as FAILED`);
      const runId = await openRun(q, run);
      return await runLocked(q, runId, parserVersion, adapter, fetchOptions, options, finish);
    } finally {
      await q.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await q.release();
  }
}

async function runLocked<F>(
  q: QueryRunner,
  runId: string,
  parserVersion: string,
  adapter: SourceAdapter<F>,
  fetchOptions: F,
  options: IngestOptions,
  finish: (runId: string, status: IngestStatus, rest?: Partial<IngestResult>) => Promise<IngestResult>,
): Promise<IngestResult> {
  /** Closes the run and records its one file, both in the ledger. */
  const record = async (status: IngestStatus, fetched: FetchedRelease | null, rest: Partial<IngestResult>) => {
    const outcome = {
      status,
      sha256: rest.sha256 ?? null,
      releaseKey: rest.releaseKey,
      counts: rest.counts ?? ZERO_COUNTS,
      rejects: rest.rejects ?? [],
      repairs: rest.repairs ?? {},
      error: rest.error ?? null,
    };
    await closeRun(q, runId, outcome);
    if (fetched) {
      await recordRunFile(q, runId, {
        ...outcome,
        source: adapter.source,
        releaseKey: fetched.releaseKey,
        file: fetched.file,
        skipped: rest.skipped ?? [],
        kept: rest.kept ?? [],
      });
    }
  };
  const settle = async (status: IngestStatus, fetched: FetchedRelease | null, rest: Partial<IngestResult> = {}) => {
    await record(status, fetched, rest);
    return finish(runId, status, rest);
  };
  const fail = async (error: unknown, fetched: FetchedRelease | null, rest: Partial<IngestResult> = {}) => {
    const message = error instanceof Error ? error.message : String(error);
    options.log?.(`${adapter.source}: FAILED: ${message}`);
    return settle('FAILED', fetched, { ...rest, error: message });
  };

  await options.onPhase?.('downloading');
  let fetched: FetchedRelease;
  try {
    fetched = await adapter.fetch(fetchOptions);
  } catch (error) {
    return fail(error, null);
  }
  const sha256 = sha256Of(fetched);
  const ident = { sha256, releaseKey: fetched.releaseKey };
  const previous = await lastSuccess(q, adapter.source, fetched.releaseKey);
  if (!options.force && previous && previous.sha256 === sha256 && previous.parserVersion === parserVersion) {
    options.log?.(`${adapter.source} ${fetched.releaseKey}: unchanged since the last successful load; skipped`);
    return settle('SKIPPED_UNCHANGED', fetched, ident);
  }

  await options.onPhase?.('parsing');
  let release: ParsedRelease;
  try {
    release = await adapter.parse(fetched, {
      catalog: options.catalog ?? referenceCatalog(),
      now: options.now ?? new Date(),
      limits: options.limits ?? DEFAULT_PARSE_LIMITS,
    });
  } catch (error) {
    return fail(error, fetched, ident);
  }

  const rejects = [...release.rejects];
  const repairs = { ...release.repairs };
  const skipped = release.skipped;
  const threshold = options.coverageHoldThreshold ?? 0.05;
  if (!fetched.incremental) {
    const coverage = await checkCoverage(q, release);
    if (coverage && coverage.missing.length) {
      repairs['coverage-missing-municipalities'] = coverage.missing.length;
      if (coverage.missing.length / coverage.previousUnits > threshold)
        rejects.push(coverageReject(release, coverage, threshold));
    }
  }
  const holding = holdingRejects({ ...release, rejects });
  const readCounts = { ...ZERO_COUNTS, rowsRead: release.rowsRead, skipped: skipped.length, rejected: rejects.length };
  const detail = { ...ident, rejects, repairs, skipped };
  if (holding.length && !options.allowPartial) {
    options.log?.(
      `${adapter.source} ${fetched.releaseKey}: HELD with ${rejects.length} rejected; serving data untouched`,
    );
    return settle('HELD', fetched, { ...detail, counts: readCounts });
  }

  try {
    await q.startTransaction('READ COMMITTED');
    // Read before the load: a rejected cell is not written, so its stored value stays served.
    const kept = await findKeptValues(q, rejects);
    const { framesChanged, ...counts } = await loadRelease(q, runId, release, options.onPhase);
    counts.rejected = rejects.length;
    // A changed frame changes the shares served even when no answer changed.
    if (counts.inserted + counts.updated + counts.withdrawn > 0 || framesChanged > 0) await bumpDatasetVersion(q);
    await record('SUCCEEDED', fetched, { ...detail, counts, kept });
    await options.onPhase?.('committing');
    await q.commitTransaction();
    await refreshStatistics(q, counts, options.log);
    options.log?.(
      `${adapter.source} ${fetched.releaseKey}: SUCCEEDED — ${counts.inserted} inserted, ${counts.updated} updated, ` +
        `${counts.unchanged} unchanged, ${counts.withdrawn} withdrawn, ${counts.rejected} rejected`,
    );
    return finish(runId, 'SUCCEEDED', { ...detail, counts, kept });
  } catch (error) {
    if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
    return fail(error, fetched, ident);
  }
}

/**
 * ANALYZE the answers table when a run changed a large part of it. The planner's estimates
 * for the trend and comparison queries come from these statistics; right after a bulk load
 * they are stale until autovacuum gets round to it (measured: a trend took 90 ms with stale
 * statistics and 12 ms after ANALYZE). Best effort: a role without MAINTAIN just skips it.
 */
export async function refreshStatistics(q: QueryRunner, counts: LoadCounts, log?: (m: string) => void): Promise<void> {
  const changed = counts.inserted + counts.updated + counts.withdrawn;
  if (changed === 0) return;
  try {
    const [{ tuples }] = (await q.query(
      `SELECT reltuples::float8 AS tuples FROM pg_class WHERE oid = 'routine_answer'::regclass`,
    )) as [{ tuples: number }];
    if (tuples < 0 || changed > 0.05 * Math.max(tuples, 1)) await q.query('ANALYZE routine_answer');
  } catch (error) {
    log?.(`statistics not refreshed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A readable name for the ledger before the adapter has said what the release is. */
function describeRequest(options: unknown): string {
  if (options && typeof options === 'object' && 'path' in options) return String(options.path).split('/').pop()!;
  return 'request';
}
