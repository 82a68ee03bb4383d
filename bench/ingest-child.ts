import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDataSource } from '../src/db/data-source.js';
import { DEFAULT_PARSE_LIMITS } from '../src/ingest/adapter.js';
import { ingestFiles } from '../src/ingest/ingest-file.js';
import { runIngest, type IngestResult } from '../src/ingest/pipeline.js';
import { koladaAdapter } from '../src/ingest/sources/kolada/adapter.js';
import { createKoladaClient, DEFAULT_KOLADA_CLIENT_OPTIONS } from '../src/ingest/sources/kolada/client.js';
import type { KoladaKpiConfigEntry } from '../src/ingest/sources/kolada/kpi-config.js';
import { readWorkbook } from '../src/ingest/sources/oj/workbook.js';
import { decodeText } from '../src/ingest/text/decode.js';
import { KOLADA_BASE_URL, type GeneratedRelease } from './generate.js';

/*
 * Runs in its own process so that its peak RSS (process.resourceUsage().maxRSS) is the
 * ingest's alone. Two jobs:
 *   pipeline <url> <releaseDir> [flags]  every file of a release through Jämför's real pipeline,
 *                                         one publication per run: the ÖJ files of one year, all agreement
 *                                         files, all plan-count files, the Kolada request. Flags (comma-separated):
 *                                         onlyOj (no other source), force, perSource (every ÖJ file in one
 *                                         run, as the nightly job loads an inbox: one publication per source),
 *                                         latestYearApart (the ÖJ files of the latest year left out of the
 *                                         others and loaded last, as one run of their own; with
 *                                         BENCH_YEARLY_CLONES = n, n times, each onto a fresh copy of the
 *                                         database holding the rest), latestYearOnly
 *                                         (only the ÖJ files of the latest year, as one run: a yearly release)
 *   copy <ownerUrl> <releaseDir>          the same rows, naively parsed, COPY'd into an unindexed table
 * Results go to the parent over IPC.
 */

export interface FileOutcome {
  file: string;
  source: string;
  status: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  ms: number;
  /** ms since the child started, when the file's transaction had committed (or was skipped). */
  doneAt: number;
  datasetVersion: string;
  error: string | null;
}

/** One run of the pipeline: a publication of one or more files, loaded in one transaction. */
export interface RunOutcome {
  name: string;
  files: string[];
  status: string;
  /** Rows written or found unchanged (inserted + updated + unchanged). */
  rows: number;
  ms: number;
  /** CPU time of this process during the run (user + system). */
  cpuMs: number;
}

export type ChildMessage =
  | { kind: 'file'; outcome: FileOutcome }
  | { kind: 'done'; ms: number; maxRssKb: number; cpuMs: number; outcomes: FileOutcome[]; runs: RunOutcome[] }
  | { kind: 'copy'; ms: number; copyMs: number; rows: number; maxRssKb: number }
  | { kind: 'error'; message: string };

const t0 = performance.now();
const send = (m: ChildMessage) => (process.send ? process.send(m) : console.log(JSON.stringify(m)));

function outcome(file: string, r: IngestResult, ms: number): FileOutcome {
  return {
    file,
    source: r.source,
    status: r.status,
    rowsRead: r.counts.rowsRead,
    inserted: r.counts.inserted,
    updated: r.counts.updated,
    unchanged: r.counts.unchanged,
    rejected: r.counts.rejected,
    ms,
    doneAt: performance.now() - t0,
    datasetVersion: r.datasetVersion,
    error: r.error,
  };
}

/** The Kolada client against the generated pages: the real client code, only fetch is local. */
function localKoladaFetch(dir: string, manifestFile: string): typeof fetch {
  const manifest = JSON.parse(readFileSync(path.join(dir, manifestFile), 'utf8')) as Record<string, string>;
  return async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const file = manifest[url];
    if (!file) return new Response(JSON.stringify({ error: 'not found' }), { status: 404 });
    return new Response(readFileSync(path.join(dir, file)), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

interface PipelineFlags {
  onlyOj: boolean;
  force: boolean;
  perSource: boolean;
  latestYearApart: boolean;
  latestYearOnly: boolean;
}

async function runPipeline(url: string, dir: string, flags: PipelineFlags): Promise<void> {
  const { force, perSource, onlyOj } = flags;
  const release = JSON.parse(readFileSync(path.join(dir, 'release.json'), 'utf8')) as GeneratedRelease;
  let ds = createDataSource({ url, poolSize: 4, applicationName: 'jamfor-bench-ingest' });
  await ds.initialize();
  const outcomes: FileOutcome[] = [];
  const runs: RunOutcome[] = [];
  const options = { trigger: 'bench', force };
  const publications = new Map<string, string[]>();
  const latest = Math.max(...release.oj.map((f) => f.year));
  const apart = flags.latestYearApart ? release.oj.filter((f) => f.year === latest).map((f) => f.file) : [];
  const skipped = (f: { year: number; file: string }) =>
    apart.includes(f.file) || (flags.latestYearOnly && f.year !== latest);
  for (const f of release.oj.filter((x) => !skipped(x))) {
    const name = perSource ? 'ÖJ' : `ÖJ ${f.year}`;
    publications.set(name, [...(publications.get(name) ?? []), f.file]);
  }
  if (!onlyOj && !flags.latestYearOnly) {
    if (release.agreements.length) publications.set('agreements', release.agreements);
    if (release.planCounts.length) publications.set('plan counts', release.planCounts);
  }
  const load = async (name: string, files: string[]) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = await ingestFiles(
      ds,
      files.map((f) => path.join(dir, f)),
      { ...options, name },
    );
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    runs.push({
      name,
      files,
      status: r.status,
      rows: r.counts.inserted + r.counts.updated + r.counts.unchanged,
      ms,
      cpuMs: (used.user + used.system) / 1000,
    });
    // Per file: the run's status and time (the files share one transaction), the file's own counts.
    r.files.forEach((f, i) => {
      const o = outcome(files[i]!, { ...r, ...f, counts: f.counts, status: f.status, error: f.error ?? r.error }, ms);
      outcomes.push(o);
      send({ kind: 'file', outcome: o });
    });
  };
  for (const [name, files] of publications) await load(name, files);
  if (release.kolada && !onlyOj && !flags.latestYearOnly) {
    const k = release.kolada;
    const config = JSON.parse(readFileSync(path.join(dir, k.configFile), 'utf8')) as KoladaKpiConfigEntry[];
    const client = createKoladaClient({
      ...DEFAULT_KOLADA_CLIENT_OPTIONS,
      baseUrl: KOLADA_BASE_URL,
      minIntervalMs: 0,
      fetchImpl: localKoladaFetch(dir, k.manifest),
    });
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = await runIngest(ds, koladaAdapter, { years: k.years, kpiIds: k.kpiIds, config, client }, options);
    const o = outcome('kolada', r, performance.now() - t);
    const used = process.cpuUsage(cpu);
    outcomes.push(o);
    runs.push({
      name: 'Kolada',
      files: ['kolada'],
      status: r.status,
      rows: r.counts.inserted + r.counts.updated + r.counts.unchanged,
      ms: o.ms,
      cpuMs: (used.user + used.system) / 1000,
    });
    send({ kind: 'file', outcome: o });
  }
  if (apart.length) {
    const clones = Number(process.env['BENCH_YEARLY_CLONES'] ?? 0);
    if (clones > 0) {
      // The latest year loaded `clones` times, each onto a fresh copy of the database as it
      // stands now (CREATE DATABASE … TEMPLATE), in this same process: one run is one sample of
      // a ~1 s measurement on a shared machine; the parent reports their median.
      await ds.destroy();
      for (let i = 1; i <= clones; i++) {
        const clone = await cloneDatabase(url, i);
        await settle(clone.owner);
        await resetStatements(clone.owner);
        ds = createDataSource({ url: clone.url, poolSize: 4, applicationName: 'jamfor-bench-ingest' });
        await ds.initialize();
        await load(`ÖJ ${latest}`, apart);
        await ds.destroy();
      }
      ds = createDataSource({ url, poolSize: 1, applicationName: 'jamfor-bench-ingest' });
      await ds.initialize();
    } else {
      // The parent reads pg_stat_statements after this run: reset it first (as the owner).
      await resetStatements(process.env['BENCH_STATS_RESET_URL']);
      await load(`ÖJ ${latest}`, apart);
    }
  }
  await ds.destroy();
  const cpu = process.cpuUsage();
  send({
    kind: 'done',
    ms: performance.now() - t0,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
    outcomes,
    runs,
  });
}

/** Resets pg_stat_statements (as the owner at `ownerUrl`), so what the parent reads next is the following run's. */
async function resetStatements(ownerUrl: string | undefined): Promise<void> {
  if (!ownerUrl) return;
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  await owner.query('SELECT pg_stat_statements_reset()');
  await owner.end();
}

/**
 * Brings a fresh copy to the state a database is in when a release arrives: its tables and
 * indexes cached (a copy starts with none of its pages in shared buffers) and its last
 * checkpoint behind it, so the run's first change to each page is WAL-logged whole, as it
 * is in production (checkpoints every few minutes, a release once a year). The same for every sample.
 */
async function settle(ownerUrl: string): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  await owner.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  await owner.query(
    `SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND c.relpersistence = 'p'`,
  );
  await owner.query('CHECKPOINT');
  await owner.end();
}

/**
 * `<database>_clone<i>`, a copy of the database at `url` (which has no other session now), made
 * by the server owner (BENCH_STATS_RESET_URL's user); returns its URL for this child's role and
 * the owner's. The parent drops the clones.
 */
async function cloneDatabase(url: string, i: number): Promise<{ url: string; owner: string }> {
  const ownerUrl = new URL(process.env['BENCH_STATS_RESET_URL']!);
  const source = new URL(url).pathname.slice(1);
  const name = `${source}_clone${i}`;
  const admin = new pg.Client({ connectionString: ownerUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
  await admin.end();
  const withName = (u: string) => {
    const to = new URL(u);
    to.pathname = `/${name}`;
    return to.toString();
  };
  return { url: withName(url), owner: withName(ownerUrl.toString()) };
}

/** One row per answer / agreement / plan count, as tab-separated COPY text. */
function* naiveRows(dir: string, release: GeneratedRelease, xlsxRows: Map<string, string[][]>): Generator<string> {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  for (const f of release.oj) {
    const mapping = JSON.parse(
      readFileSync(path.join(dir, f.file.replace(/\.(csv|xlsx)$/, '.mapping.json')), 'utf8'),
    ) as { columns: { questionCode: string }[] };
    let rows = xlsxRows.get(f.file);
    if (!rows) {
      const text = decodeText(readFileSync(path.join(dir, f.file))).text;
      rows = text
        .split(/\r?\n/)
        .filter((l) => l !== '')
        .map((l) => l.split(';'));
    }
    const headerAt = rows.findIndex((r) => r[0] === 'Kommunkod');
    for (const row of rows.slice(headerAt + 1)) {
      const unit = row[0] || row[1]!;
      for (let c = 2; c < row.length; c++) {
        yield `oj\t${esc(unit)}\t${mapping.columns[c - 2]!.questionCode}\t${f.year}\t${esc(row[c] ?? '')}\n`;
      }
    }
  }
  if (release.kolada) {
    const manifest = JSON.parse(readFileSync(path.join(dir, release.kolada.manifest), 'utf8')) as Record<
      string,
      string
    >;
    for (const [url, file] of Object.entries(manifest)) {
      if (!url.includes('/data/')) continue;
      const page = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        values: { kpi: string; municipality: string; period: number; values: { value: number | null }[] }[];
      };
      for (const v of page.values)
        yield `kolada\t${v.municipality}\t${v.kpi}\t${v.period}\t${v.values[0]?.value ?? '\\N'}\n`;
    }
  }
  for (const file of [...release.agreements, ...release.planCounts]) {
    const lines = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    for (const line of lines.slice(1)) {
      const c = line.split(';');
      yield `${file.startsWith('agreements') ? 'agreements' : 'plan-counts'}\t${esc(c[0] || c[1]!)}\t${esc(`${c[3]}|${c[4]}`)}\t${c[2]}\t${esc(c[5] ?? '')}\n`;
    }
  }
}

async function runCopy(url: string, dir: string): Promise<void> {
  const release = JSON.parse(readFileSync(path.join(dir, 'release.json'), 'utf8')) as GeneratedRelease;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS bench_copy_ceiling');
  // Unindexed, no constraints, logged (as the fact tables are): the ceiling for writing these rows.
  await client.query(
    'CREATE TABLE bench_copy_ceiling (source text, unit_code text, measure text, year smallint, value text)',
  );
  const start = performance.now();
  // The workbook is read with the real parser's reader (zip limits, then its XML); CSV and JSON by naive splitting.
  const xlsxRows = new Map<string, string[][]>();
  for (const f of release.oj.filter((x) => x.file.endsWith('.xlsx'))) {
    const [sheet] = await readWorkbook(readFileSync(path.join(dir, f.file)), DEFAULT_PARSE_LIMITS);
    xlsxRows.set(
      f.file,
      sheet!.rows.map((row) => Array.from(row, (v) => v ?? '')),
    );
  }
  let rows = 0;
  const copyStart = performance.now();
  const stream = client.query(copyFrom('COPY bench_copy_ceiling FROM STDIN'));
  async function* batches() {
    let buf: string[] = [];
    for (const line of naiveRows(dir, release, xlsxRows)) {
      buf.push(line);
      rows++;
      if (buf.length >= 5000) {
        yield buf.join('');
        buf = [];
      }
    }
    if (buf.length) yield buf.join('');
  }
  await pipeline(Readable.from(batches()), stream);
  const end = performance.now();
  await client.query('DROP TABLE bench_copy_ceiling');
  await client.end();
  send({ kind: 'copy', ms: end - start, copyMs: end - copyStart, rows, maxRssKb: process.resourceUsage().maxRSS });
}

const [mode, url, dir, flag] = process.argv.slice(2);
const flags = (flag ?? '').split(',');
const has = (f: keyof PipelineFlags) => flags.includes(f);
(mode === 'copy'
  ? runCopy(url!, dir!)
  : runPipeline(url!, dir!, {
      onlyOj: has('onlyOj'),
      force: has('force'),
      perSource: has('perSource'),
      latestYearApart: has('latestYearApart'),
      latestYearOnly: has('latestYearOnly'),
    })
)
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    send({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(1);
  });
