import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { IngestStatus } from '../entities/ingest-run.entity.js';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseLimits, type SourceAdapter } from './adapter.js';
import { checkCoverages, coverageReject, findKeptValues, holdingRejects } from './checks.js';
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
  type RunStart,
} from './ledger.js';
import { loadPublication } from './load/release-loader.js';
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

/** One input of a run: the adapter that reads it and what to fetch. */
export interface IngestItem<F = unknown> {
  adapter: SourceAdapter<F>;
  fetchOptions: F;
}

/** One file of a run, as the run saw it (one ingest_run_file row). */
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

/** What one run loads, and how the ledger and the log name it. */
export interface RunPlan {
  items: readonly IngestItem[];
  /** The ledger row opened before anything is fetched. */
  start: RunStart;
  /** How the log names the run before its files are fetched. */
  label: string;
  /**
   * A file that is a release of its own (runIngest): the run takes the file's release key and
   * checksum and reports the file's own error. Otherwise a publication (runPublication): the
   * run keeps its name, is checksummed over all its files and parsers, and one summary error
   * names the files that stopped it.
   */
  single: boolean;
}

/**
 * One release through the whole pipeline: lock → fetch → checksum → parse → validate → one
 * transaction (stage, merge with history, ledger SUCCEEDED, dataset version) → unlock. A
 * release lands entirely or not at all; every attempt leaves a ledger row saying which. The
 * same run as a publication of one file (runPlan), named by its file.
 */
export async function runIngest<F>(
  ds: DataSource,
  adapter: SourceAdapter<F>,
  fetchOptions: F,
  options: IngestOptions,
): Promise<IngestResult> {
  const request = describeRequest(fetchOptions);
  const { files: _files, ...result } = await runPlan(
    ds,
    {
      items: [{ adapter, fetchOptions }],
      start: {
        source: adapter.source,
        releaseKey: request,
        file: request,
        parserVersion: parserVersionOf([adapter.source]),
        trigger: options.trigger,
        options: { force: !!options.force, allowPartial: !!options.allowPartial },
      },
      label: adapter.source,
      single: true,
    },
    options,
  );
  return result;
}

/** The parser versions of the given sources, sorted and joined: a new one reloads unchanged files. */
export function parserVersionOf(sources: readonly string[]): string {
  return [...new Set(sources)]
    .sort()
    .map((s) => PARSER_VERSIONS[s] ?? `${s}@1`)
    .join(',');
}

/**
 * A run of one or more files in one transaction, all or nothing: lock → open the ledger row →
 * fetch each file → skip when the bytes and parsers are the ones last loaded → parse and
 * validate each (coverage check, hold decision) → stage and merge all at once → ledger
 * SUCCEEDED and the dataset version → commit. A file that fails or is held holds the run.
 */
export async function runPlan(ds: DataSource, plan: RunPlan, options: IngestOptions): Promise<PublicationResult> {
  const started = Date.now();
  const q = ds.createQueryRunner();
  await q.connect();
  const finish = async (
    runId: string,
    status: IngestStatus,
    files: FileResult[],
    rest: Partial<IngestResult> = {},
  ): Promise<PublicationResult> => ({
    runId,
    source: plan.start.source,
    releaseKey: rest.releaseKey ?? plan.start.releaseKey,
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
      const runId = await openRun(q, plan.start, 'SKIPPED_LOCKED');
      options.log?.(`${plan.label}: another ingest holds the lock; skipped`);
      return await finish(runId, 'SKIPPED_LOCKED', []);
    }
    try {
      const interrupted = await markInterruptedRuns(q);
      if (interrupted) options.log?.(`marked ${interrupted} interrupted run(s) as FAILED`);
      const runId = await openRun(q, plan.start);
      return await runLocked(q, runId, plan, options, finish);
    } finally {
      await q.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await q.release();
  }
}

type Finish = (
  runId: string,
  status: IngestStatus,
  files: FileResult[],
  rest?: Partial<IngestResult>,
) => Promise<PublicationResult>;

/** A file read, checked and ready to load — or the reason it cannot be. */
interface Prepared {
  result: FileResult;
  release: ParsedRelease | null;
}

/** The run once it holds the lock and its ledger row is open: fetch → checksum skip → parse and check → hold or load. */
async function runLocked(
  q: QueryRunner,
  runId: string,
  plan: RunPlan,
  options: IngestOptions,
  finish: Finish,
): Promise<PublicationResult> {
  const { items } = plan;
  await options.onPhase?.('downloading');
  const fetched: (FetchedRelease | Error)[] = [];
  for (const item of items) {
    try {
      fetched.push(await item.adapter.fetch(item.fetchOptions));
    } catch (error) {
      fetched.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const one = fetched[0];
  // A file that is its own release and cannot be fetched has no identity yet: the run fails as requested.
  if (plan.single && one instanceof Error) {
    await closeRun(q, runId, { status: 'FAILED', error: one.message });
    options.log?.(`${plan.label}: FAILED: ${one.message}`);
    return finish(runId, 'FAILED', [], { error: one.message, counts: ZERO_COUNTS });
  }

  const { releaseKey, sha256 } = runIdentity(plan, fetched);
  const label = plan.single ? `${plan.label} ${releaseKey}` : releaseKey;
  const previous = await lastSuccess(q, plan.start.source, releaseKey);
  if (!options.force && previous && previous.sha256 === sha256 && previous.parserVersion === plan.start.parserVersion) {
    await closeRun(q, runId, { status: 'SKIPPED_UNCHANGED', sha256, releaseKey });
    options.log?.(`${label}: unchanged since the last successful load; skipped`);
    const files = fetched.map((f, i) => fileResult(items[i]!, f, 'SKIPPED_UNCHANGED'));
    await recordFiles(q, runId, files);
    return finish(runId, 'SKIPPED_UNCHANGED', files, { sha256, releaseKey });
  }

  await options.onPhase?.('parsing');
  const parsed: Parsed[] = [];
  for (const [i, f] of fetched.entries()) parsed.push(await parseFile(items[i]!, f, options));
  const prepared = await checkFiles(q, parsed, options);
  const files = prepared.map((p) => p.result);
  const stopping = files.filter((f) => f.status === 'FAILED' || f.status === 'HELD');
  const run = { releaseKey, sha256, label };
  if (stopping.length) return holdRun(q, runId, plan, run, files, stopping, options, finish);
  return loadRun(q, runId, plan, run, prepared, options, finish);
}

/**
 * The load of a run whose files are all ready, in one transaction: kept values read, every
 * file staged and merged, the ledger SUCCEEDED and the dataset version bumped, then commit.
 * Any error rolls everything back and the run and its files are FAILED.
 */
async function loadRun(
  q: QueryRunner,
  runId: string,
  plan: RunPlan,
  run: { releaseKey: string; sha256: string; label: string },
  prepared: Prepared[],
  options: IngestOptions,
  finish: Finish,
): Promise<PublicationResult> {
  const { releaseKey, sha256, label } = run;
  const files = prepared.map((p) => p.result);
  try {
    await q.startTransaction('READ COMMITTED');
    // A publication's merge hashes and materialises tens of thousands of rows: in the default
    // 4 MB they spilled to temporary files (a 16-batch hash join, transition tables on disk).
    await q.query("SET LOCAL work_mem = '64MB'");
    // Read before the load: a rejected cell is not written, so its stored value stays served.
    for (const f of files) f.kept = await findKeptValues(q, f.rejects);
    const {
      files: counts,
      framesChanged,
      answersWritten,
    } = await loadPublication(
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
      releaseKey,
      counts: total,
      rejects: files.flatMap((f) => f.rejects),
      repairs: mergeRepairs(files),
    });
    await recordFiles(q, runId, files);
    await options.onPhase?.('committing');
    await q.commitTransaction();
    await refreshStatistics(q, answersWritten, options.log);
    options.log?.(
      `${label}${plan.single ? '' : ` (${files.length} files)`}: SUCCEEDED — ${total.inserted} inserted, ` +
        `${total.updated} updated, ${total.unchanged} unchanged, ${total.withdrawn} withdrawn, ${total.rejected} rejected`,
    );
    return finish(runId, 'SUCCEEDED', files, { sha256, releaseKey, counts: total });
  } catch (error) {
    if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    for (const f of files) {
      f.status = 'FAILED';
      f.error ??= message;
      // A file of its own keeps only its identity; a publication's files keep what was read.
      if (plan.single) Object.assign(f, { counts: ZERO_COUNTS, rejects: [], repairs: {}, skipped: [], kept: [] });
      else
        f.counts = {
          ...ZERO_COUNTS,
          rowsRead: f.counts.rowsRead,
          skipped: f.skipped.length,
          rejected: f.rejects.length,
        };
    }
    await closeRun(q, runId, { status: 'FAILED', error: message, sha256, releaseKey });
    await recordFiles(q, runId, files);
    options.log?.(`${plan.single ? plan.label : label}: FAILED: ${message}`);
    return finish(runId, 'FAILED', files, { sha256, releaseKey, error: message, counts: ZERO_COUNTS });
  }
}

/**
 * The run's release key and checksum: a file of its own is its release key and bytes (with
 * its inputs); a publication is its name, and a checksum over every file's bytes and the
 * parsers that read them.
 */
function runIdentity(plan: RunPlan, fetched: (FetchedRelease | Error)[]): { releaseKey: string; sha256: string } {
  const one = fetched[0];
  if (plan.single && one && !(one instanceof Error)) return { releaseKey: one.releaseKey, sha256: sha256Of(one) };
  const hash = createHash('sha256').update(plan.start.parserVersion);
  for (const f of fetched) hash.update(f instanceof Error ? `error:${f.message}` : `${f.releaseKey}:${sha256Of(f)}`);
  return { releaseKey: plan.start.releaseKey, sha256: hash.digest('hex') };
}

/**
 * A run stopped before loading, because files failed or were held: nothing is loaded, a
 * ready file is held with the run, the ledger says which files stopped it and why.
 */
async function holdRun(
  q: QueryRunner,
  runId: string,
  plan: RunPlan,
  run: { releaseKey: string; sha256: string; label: string },
  files: FileResult[],
  stopping: FileResult[],
  options: IngestOptions,
  finish: Finish,
): Promise<PublicationResult> {
  const status: IngestStatus = stopping.some((f) => f.status === 'FAILED') ? 'FAILED' : 'HELD';
  // A file of its own says its own error (HELD has none: its rejects say why).
  const error = plan.single
    ? stopping[0]!.error
    : `${stopping.length} of ${files.length} files ${status === 'FAILED' ? 'failed' : 'held'}: ${stopping
        .map((f) => `${f.file} ${f.status}${f.error ? ` (${f.error})` : ''}`)
        .join('; ')}; nothing of the publication was loaded`;
  // A ready file is not loaded either: it is held with its publication.
  for (const f of files.filter((x) => x.status === 'RUNNING')) {
    f.status = 'HELD';
    f.error = `held with its publication: ${stopping.map((x) => x.file).join(', ')}`;
  }
  const rejects = files.flatMap((f) => f.rejects);
  const counts = { ...sumCounts(files.map((f) => f.counts)), inserted: 0, updated: 0, unchanged: 0, withdrawn: 0 };
  const { releaseKey, sha256 } = run;
  await closeRun(q, runId, { status, sha256, releaseKey, counts, rejects, repairs: mergeRepairs(files), error });
  await recordFiles(q, runId, files);
  if (!plan.single) options.log?.(`${run.label}: ${status}: ${error}`);
  else if (status === 'FAILED') options.log?.(`${plan.label}: FAILED: ${error}`);
  else options.log?.(`${run.label}: HELD with ${rejects.length} rejected; serving data untouched`);
  return finish(runId, status, files, { sha256, releaseKey, counts, error });
}

/** One ledger row per file of the run (ingest_run_file), in the run's order. */
async function recordFiles(q: QueryRunner, runId: string, files: FileResult[]): Promise<void> {
  for (const f of files) await recordRunFile(q, runId, f);
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

function mergeRepairs(files: FileResult[]): RepairCounts {
  const out: RepairCounts = {};
  for (const f of files) for (const [k, v] of Object.entries(f.repairs)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** A file's ledger entry before anything is read from it: its identity and a status. */
function fileResult(item: IngestItem, f: FetchedRelease | Error, status: IngestStatus): FileResult {
  return {
    source: item.adapter.source,
    releaseKey: f instanceof Error ? '' : f.releaseKey,
    file: f instanceof Error ? '' : f.file,
    status,
    sha256: f instanceof Error ? null : sha256Of(f),
    counts: ZERO_COUNTS,
    rejects: [],
    repairs: {},
    skipped: [],
    kept: [],
    error: null,
  };
}

/** A fetched file parsed (release set), or the reason it could not be (result FAILED). */
interface Parsed {
  result: FileResult;
  release: ParsedRelease | null;
  incremental: boolean;
}

/** Parse one fetched file; FAILED when it cannot be fetched or read. */
async function parseFile(item: IngestItem, fetched: FetchedRelease | Error, options: IngestOptions): Promise<Parsed> {
  const base = fileResult(item, fetched, 'RUNNING');
  if (fetched instanceof Error)
    return { result: { ...base, status: 'FAILED', error: fetched.message }, release: null, incremental: false };
  try {
    const release = await item.adapter.parse(fetched, {
      catalog: options.catalog ?? referenceCatalog(),
      now: options.now ?? new Date(),
      limits: options.limits ?? DEFAULT_PARSE_LIMITS,
    });
    return { result: base, release, incremental: !!fetched.incremental };
  } catch (error) {
    return {
      result: { ...base, status: 'FAILED', error: error instanceof Error ? error.message : String(error) },
      release: null,
      incremental: false,
    };
  }
}

/**
 * Validate the parsed files of a run: each complete (not incremental) release is checked for
 * coverage against the latest earlier year (one statement for the whole run), then each file
 * is READY (status RUNNING until loaded), HELD or FAILED.
 */
async function checkFiles(q: QueryRunner, parsed: Parsed[], options: IngestOptions): Promise<Prepared[]> {
  const checked = parsed.filter((p) => p.release && !p.incremental);
  const coverages = await checkCoverages(
    q,
    checked.map((p) => p.release!),
  );
  const coverageOf = new Map(checked.map((p, i) => [p, coverages[i]!]));
  const threshold = options.coverageHoldThreshold ?? 0.05;
  return parsed.map((p) => {
    const { result: base, release } = p;
    if (!release) return { result: base, release: null };
    const rejects = [...release.rejects];
    const repairs = { ...release.repairs };
    const coverage = coverageOf.get(p);
    if (coverage && coverage.missing.length) {
      repairs['coverage-missing-municipalities'] = coverage.missing.length;
      if (coverage.missing.length / coverage.previousUnits > threshold)
        rejects.push(coverageReject(release, coverage, threshold));
    }
    const held = holdingRejects({ ...release, rejects }).length > 0 && !options.allowPartial;
    const skipped = release.skipped;
    const counts = { ...ZERO_COUNTS, rowsRead: release.rowsRead, skipped: skipped.length, rejected: rejects.length };
    return {
      result: { ...base, status: held ? 'HELD' : 'RUNNING', counts, rejects, repairs, skipped },
      release: { ...release, rejects },
    };
  });
}

/**
 * Whether a run that changed `changed` rows of routine_answer should ANALYZE it, the table
 * holding `tuples` rows at its last ANALYZE or VACUUM (pg_class.reltuples; -1 when it was
 * never analysed). Only when the table has no statistics yet (a first load: the planner would
 * otherwise guess) or the run changed more than a fifth of it. The routine queries run as
 * generic prepared plans, whose estimates rest on the number of distinct values and the
 * table's size (which the planner scales by its current page count), not on how often each
 * value occurs, so a yearly release — a new year is about 7 % of fifteen — no longer pays
 * for an ANALYZE of the whole table (a quarter of its load time); autovacuum analyses it
 * once a tenth has changed.
 */
export function needsAnalyze(changed: number, tuples: number): boolean {
  if (changed === 0) return false;
  return tuples < 0 || changed > 0.2 * tuples;
}

/**
 * ANALYZE the answers table when needsAnalyze says so, `changed` being the answers the run
 * wrote (agreements, plan counts and figures are other tables): right after a first bulk load the
 * planner has no statistics until autovacuum gets round to it (measured: a trend took 90 ms
 * with stale statistics and 12 ms after ANALYZE). Best effort: a role without MAINTAIN just
 * skips it.
 */
export async function refreshStatistics(q: QueryRunner, changed: number, log?: (m: string) => void): Promise<void> {
  if (changed === 0) return;
  try {
    const [{ tuples }] = (await q.query(
      `SELECT reltuples::float8 AS tuples FROM pg_class WHERE oid = 'routine_answer'::regclass`,
    )) as [{ tuples: number }];
    if (needsAnalyze(changed, tuples)) await q.query('ANALYZE routine_answer');
  } catch (error) {
    log?.(`statistics not refreshed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A readable name for the ledger before the adapter has said what the release is. */
function describeRequest(options: unknown): string {
  if (options && typeof options === 'object' && 'path' in options) return String(options.path).split('/').pop()!;
  return 'request';
}
