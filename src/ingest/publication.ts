import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { IngestStatus } from '../entities/ingest-run.entity.js';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type SourceAdapter } from './adapter.js';
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
import { loadPublication } from './load/release-loader.js';
import {
  INGEST_LOCK_KEY,
  PARSER_VERSIONS,
  referenceCatalog,
  refreshStatistics,
  sha256Of,
  type IngestOptions,
  type IngestResult,
} from './pipeline.js';
import type { ParsedRelease, Reject, RepairCounts, SkippedRow } from './release.js';

/** One input of a publication: the adapter that reads it and what to fetch. */
export interface IngestItem<F = unknown> {
  adapter: SourceAdapter<F>;
  fetchOptions: F;
}

/** One file of a publication run, as the run saw it. */
export interface FileResult {
  source: string;
  releaseKey: string;
  file: string;
  status: IngestStatus;
  sha256: string | null;
  counts: LoadCounts;
  rejects: Reject[];
  repairs: RepairCounts;
  skipped: SkippedRow[];
  kept: KeptValue[];
  error: string | null;
}

export interface PublicationResult extends IngestResult {
  files: FileResult[];
}

/** A file read, checked and ready to load — or the reason it cannot be. */
interface Prepared {
  result: FileResult;
  release: ParsedRelease | null;
}

const sumCounts = (all: LoadCounts[]): LoadCounts =>
  all.reduce(
    (a, c) => ({
      rowsRead: a.rowsRead + c.rowsRead,
      skipped: a.skipped + c.skipped,
      inserted: a.inserted + c.inserted,
      updated: a.updated + c.updated,
      unchanged: a.unchanged + c.unchanged,
      withdrawn: a.withdrawn + c.withdrawn,
      rejected: a.rejected + c.rejected,
    }),
    { ...ZERO_COUNTS },
  );

/**
 * A publication — every file of one source and year, or a whole inbox night — as one run in
 * one transaction: lock → fetch, checksum, parse and validate each file → stage all (COPY),
 * merge once with history → ledger SUCCEEDED → dataset version → commit. It lands entirely or
 * not at all: one file that fails or is held holds the publication, and the run says which
 * file and why (every reject names its file). A publication whose files are byte for byte
 * the ones last loaded (same parsers) is skipped without parsing.
 */
export async function runPublication(
  ds: DataSource,
  items: readonly IngestItem[],
  options: IngestOptions & { name: string },
): Promise<PublicationResult> {
  const started = Date.now();
  const sources = [...new Set(items.map((i) => i.adapter.source))].sort();
  const parserVersion = sources.map((s) => PARSER_VERSIONS[s] ?? `${s}@1`).join(',');
  const q = ds.createQueryRunner();
  await q.connect();
  const run = {
    source: sources.length === 1 ? sources[0]! : 'publication',
    releaseKey: options.name,
    file: `${items.length} file${items.length === 1 ? '' : 's'}`,
    parserVersion,
    trigger: options.trigger,
    options: { force: !!options.force, allowPartial: !!options.allowPartial, publication: true },
  };
  const finish = async (
    runId: string,
    status: IngestStatus,
    files: FileResult[],
    rest: Partial<IngestResult> = {},
  ): Promise<PublicationResult> => ({
    runId,
    source: run.source,
    releaseKey: run.releaseKey,
    status,
    sha256: rest.sha256 ?? null,
    counts: rest.counts ?? sumCounts(files.map((f) => f.counts)),
    rejects: files.flatMap((f) => f.rejects),
    skipped: files.flatMap((f) => f.skipped),
    kept: files.flatMap((f) => f.kept),
    repairs: mergeRepairs(files),
    error: rest.error ?? null,
    durationMs: Date.now() - started,
    datasetVersion: (await readDatasetVersion(q)) ?? '0',
    files,
  });
  try {
    await options.onPhase?.('locking');
    const [{ locked }] = (await q.query('SELECT pg_try_advisory_lock($1) AS locked', [INGEST_LOCK_KEY])) as [
      { locked: boolean },
    ];
    if (!locked) {
      const runId = await openRun(q, run, 'SKIPPED_LOCKED');
      options.log?.(`${options.name}: another ingest holds the lock; skipped`);
      return await finish(runId, 'SKIPPED_LOCKED', []);
    }
    try {
      const interrupted = await markInterruptedRuns(q);
      if (interrupted) options.log?.(`marked ${interrupted} interrupted run(s) as FAILED`);
      const runId = await openRun(q, run);
      return await publish(q, runId, run, items, options, finish);
    } finally {
      await q.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await q.release();
  }
}

async function publish(
  q: QueryRunner,
  runId: string,
  run: { source: string; releaseKey: string; parserVersion: string },
  items: readonly IngestItem[],
  options: IngestOptions & { name: string },
  finish: (
    runId: string,
    status: IngestStatus,
    files: FileResult[],
    rest?: Partial<IngestResult>,
  ) => Promise<PublicationResult>,
): Promise<PublicationResult> {
  await options.onPhase?.('downloading');
  const fetched: (FetchedRelease | Error)[] = [];
  for (const item of items) {
    try {
      fetched.push(await item.adapter.fetch(item.fetchOptions));
    } catch (error) {
      fetched.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  // The publication's checksum covers every file's bytes and the parsers that read them.
  const hash = createHash('sha256').update(run.parserVersion);
  for (const f of fetched) hash.update(f instanceof Error ? `error:${f.message}` : `${f.releaseKey}:${sha256Of(f)}`);
  const sha256 = hash.digest('hex');
  const previous = await lastSuccess(q, run.source, run.releaseKey);
  if (!options.force && previous && previous.sha256 === sha256 && previous.parserVersion === run.parserVersion) {
    await closeRun(q, runId, { status: 'SKIPPED_UNCHANGED', sha256 });
    options.log?.(`${run.releaseKey}: unchanged since the last successful load; skipped`);
    const files = fetched.map((f, i) => skippedFile(items[i]!, f));
    await recordFiles(q, runId, files);
    return finish(runId, 'SKIPPED_UNCHANGED', files, { sha256 });
  }

  await options.onPhase?.('parsing');
  const prepared: Prepared[] = [];
  for (const [i, f] of fetched.entries()) prepared.push(await prepareFile(q, items[i]!, f, options));
  const files = prepared.map((p) => p.result);
  const stopping = files.filter((f) => f.status === 'FAILED' || f.status === 'HELD');
  if (stopping.length) {
    const status: IngestStatus = stopping.some((f) => f.status === 'FAILED') ? 'FAILED' : 'HELD';
    const error = `${stopping.length} of ${files.length} files ${status === 'FAILED' ? 'failed' : 'held'}: ${stopping
      .map((f) => `${f.file} ${f.status}${f.error ? ` (${f.error})` : ''}`)
      .join('; ')}; nothing of the publication was loaded`;
    // A ready file is not loaded either: it is held with its publication.
    for (const f of files.filter((x) => x.status === 'RUNNING')) {
      f.status = 'HELD';
      f.error = `held with its publication: ${stopping.map((x) => x.file).join(', ')}`;
    }
    const rejects = files.flatMap((f) => f.rejects);
    const counts = { ...sumCounts(files.map((f) => f.counts)), inserted: 0, updated: 0, unchanged: 0, withdrawn: 0 };
    await closeRun(q, runId, { status, sha256, counts, rejects, repairs: mergeRepairs(files), error });
    await recordFiles(q, runId, files);
    options.log?.(`${run.releaseKey}: ${status}: ${error}`);
    return finish(runId, status, files, { sha256, counts, error });
  }

  try {
    await q.startTransaction('READ COMMITTED');
    // Read before the load: a rejected cell is not written, so its stored value stays served.
    for (const f of files) f.kept = await findKeptValues(q, f.rejects);
    const { files: counts, framesChanged } = await loadPublication(
      q,
      runId,
      prepared.map((p) => p.release!),
      options.onPhase,
    );
    counts.forEach((c, i) => {
      files[i]!.counts = { ...c, skipped: files[i]!.skipped.length, rejected: files[i]!.rejects.length };
      files[i]!.status = 'SUCCEEDED';
    });
    const total = sumCounts(files.map((f) => f.counts));
    // A changed frame changes the shares served even when no answer changed.
    if (total.inserted + total.updated + total.withdrawn > 0 || framesChanged > 0) await bumpDatasetVersion(q);
    await closeRun(q, runId, {
      status: 'SUCCEEDED',
      sha256,
      counts: total,
      rejects: files.flatMap((f) => f.rejects),
      repairs: mergeRepairs(files),
    });
    await recordFiles(q, runId, files);
    await options.onPhase?.('committing');
    await q.commitTransaction();
    await refreshStatistics(q, total, options.log);
    options.log?.(
      `${run.releaseKey} (${files.length} files): SUCCEEDED — ${total.inserted} inserted, ${total.updated} updated, ` +
        `${total.unchanged} unchanged, ${total.withdrawn} withdrawn, ${total.rejected} rejected`,
    );
    return finish(runId, 'SUCCEEDED', files, { sha256, counts: total });
  } catch (error) {
    if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    for (const f of files) {
      f.status = 'FAILED';
      f.counts = { ...ZERO_COUNTS, rowsRead: f.counts.rowsRead, skipped: f.skipped.length, rejected: f.rejects.length };
      f.error ??= message;
    }
    await closeRun(q, runId, { status: 'FAILED', error: message, sha256 });
    await recordFiles(q, runId, files);
    options.log?.(`${run.releaseKey}: FAILED: ${message}`);
    return finish(runId, 'FAILED', files, { sha256, error: message, counts: ZERO_COUNTS });
  }
}

/** One ledger row per file of the run (ingest_run_file), in the publication's order. */
async function recordFiles(q: QueryRunner, runId: string, files: FileResult[]): Promise<void> {
  for (const f of files) await recordRunFile(q, runId, f);
}

function mergeRepairs(files: FileResult[]): RepairCounts {
  const out: RepairCounts = {};
  for (const f of files) for (const [k, v] of Object.entries(f.repairs)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function skippedFile(item: IngestItem, f: FetchedRelease | Error): FileResult {
  return {
    source: item.adapter.source,
    releaseKey: f instanceof Error ? '' : f.releaseKey,
    file: f instanceof Error ? '' : f.file,
    status: 'SKIPPED_UNCHANGED',
    sha256: f instanceof Error ? null : sha256Of(f),
    counts: ZERO_COUNTS,
    rejects: [],
    repairs: {},
    skipped: [],
    kept: [],
    error: null,
  };
}

/** Parse and validate one fetched file: READY (status RUNNING until loaded), HELD or FAILED. */
async function prepareFile(
  q: QueryRunner,
  item: IngestItem,
  fetched: FetchedRelease | Error,
  options: IngestOptions,
): Promise<Prepared> {
  const base: FileResult = {
    source: item.adapter.source,
    releaseKey: fetched instanceof Error ? '' : fetched.releaseKey,
    file: fetched instanceof Error ? '' : fetched.file,
    status: 'RUNNING',
    sha256: fetched instanceof Error ? null : sha256Of(fetched),
    counts: ZERO_COUNTS,
    rejects: [],
    repairs: {},
    skipped: [],
    kept: [],
    error: null,
  };
  if (fetched instanceof Error) return { result: { ...base, status: 'FAILED', error: fetched.message }, release: null };
  let release: ParsedRelease;
  try {
    release = await item.adapter.parse(fetched, {
      catalog: options.catalog ?? referenceCatalog(),
      now: options.now ?? new Date(),
      limits: options.limits ?? DEFAULT_PARSE_LIMITS,
    });
  } catch (error) {
    return {
      result: { ...base, status: 'FAILED', error: error instanceof Error ? error.message : String(error) },
      release: null,
    };
  }
  const rejects = [...release.rejects];
  const repairs = { ...release.repairs };
  const threshold = options.coverageHoldThreshold ?? 0.05;
  if (!fetched.incremental) {
    const coverage = await checkCoverage(q, release);
    if (coverage && coverage.missing.length) {
      repairs['coverage-missing-municipalities'] = coverage.missing.length;
      if (coverage.missing.length / coverage.previousUnits > threshold)
        rejects.push(coverageReject(release, coverage, threshold));
    }
  }
  const held = holdingRejects({ ...release, rejects }).length > 0 && !options.allowPartial;
  const skipped = release.skipped;
  const counts = { ...ZERO_COUNTS, rowsRead: release.rowsRead, skipped: skipped.length, rejected: rejects.length };
  return {
    result: { ...base, status: held ? 'HELD' : 'RUNNING', counts, rejects, repairs, skipped },
    release: { ...release, rejects },
  };
}
