import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { PROJECT_ROOT } from '../src/paths.js';
import {
  BENCH_DATA_DIR,
  BENCH_YEARS,
  familiesFor,
  generateRelease,
  readReference,
  type GeneratedRelease,
} from './generate.js';
import type { ChildMessage, FileOutcome } from './ingest-child.js';
import { forkBench, untilMessage } from './lib/child.js';
import {
  createBenchDatabase,
  freePort,
  startBenchServer,
  statementCount,
  type BenchDatabase,
  type BenchServer,
} from './lib/db.js';
import { postgresCpu, postgresCpuSince, processCpuMs } from './lib/cpu.js';
import { PostClient } from './lib/http-client.js';
import { median, quantile } from './lib/stats.js';
import { createPostgraphileFunctions } from './postgraphile-functions.js';
import { profileJamfor } from './profile.js';
import {
  canonicalFromJamfor,
  canonicalFromPostgraphile,
  floorData,
  JAMFOR_DOCS,
  AS_OF_NAMES,
  asOfDocument,
  jamforVariables,
  paramSets,
  POSTGRAPHILE_DOCS,
  postgraphileVariables,
  QUERY_NAMES,
  type ParamSpace,
  type Params,
  type QueryName,
} from './queries.js';
import { renderResults, type FirstAfterIngest, type Results, type StatementProfile } from './results.js';

/*
 * npm run bench [-- --quick] [-- --scale N]
 * Generates the SYNTHETIC release, starts its own PostgreSQL, and measures ingest, queries
 * and load under ingest; writes bench/RESULTS.md from scratch. See bench/README.md.
 */

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const scaleArg = argv.indexOf('--scale');
const SCALE = scaleArg >= 0 ? Number(argv[scaleArg + 1]) : QUICK ? 0 : 10;
const SEED = 20251;
const POOL = 10;
/** Yearly-release runs, each onto a fresh copy of the database holding the earlier years; the median is reported. */
const YEARLY_SAMPLES = QUICK ? 2 : 5;

const CFG = QUICK
  ? {
      gate: 50,
      gateProfile: 10,
      minRequests: 5,
      warmup: 5,
      latencyPerRound: 60,
      latencySeconds: 0.3,
      rounds: 3,
      throughputRounds: 1,
      throughputSeconds: 1,
      loadSeconds: 5,
      scaleLatencyPerRound: 40,
      profileSeconds: 0.5,
    }
  : {
      gate: 50,
      gateProfile: 50,
      minRequests: 20,
      warmup: 10,
      latencyPerRound: 700,
      latencySeconds: 1,
      // Five interleaved rounds, not three: on this shared machine one slow phase moved a
      // median of three by up to 0.4× (the same code gave regionRows 0.88× and 1.31× PostGraphile).
      rounds: 5,
      throughputRounds: 5,
      throughputSeconds: 1,
      loadSeconds: 20,
      scaleLatencyPerRound: 200,
      profileSeconds: 1.5,
    };
/** --quick loads the latest 3 survey years only (a smoke run); the full run all 15. */
const YEARS = QUICK ? BENCH_YEARS.slice(-3) : BENCH_YEARS;
const DATA_DIR = path.join(BENCH_DATA_DIR, QUICK ? 'quick' : 'x1');

const started = performance.now();
const log = (m: string) =>
  console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);

type ContestantKey = 'jamfor' | 'jamforMiss' | 'jamforAsOf' | 'floor' | 'sql' | 'postgraphile';
export const CONTESTANT_LABEL: Record<ContestantKey, string> = {
  jamfor: 'Jämför (HTTP, as shipped; repeated requests hit its response cache)',
  jamforMiss: 'Jämför (HTTP, as shipped; a nonce variable makes every request a cache miss)',
  jamforAsOf: 'Jämför (HTTP, response cache off) asked for the data as of an earlier instant',
  floor: 'raw HTTP floor (node:http + pg)',
  sql: 'SQL alone, in-process',
  postgraphile: 'PostGraphile 5 (same SQL as functions)',
};

interface Contestant {
  key: ContestantKey;
  /** autocannon: rewrite each request (the cache-miss contestant adds a fresh nonce). */
  setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>;
  /** Answers `data` (parsed) for the correctness gate. */
  data(name: QueryName, p: Params): Promise<unknown>;
  /** One timed call; resolves when the whole body has arrived. */
  call(name: QueryName, p: Params): Promise<void>;
  /** For autocannon (HTTP contestants only). */
  http?: { url(name: QueryName): string; body(name: QueryName, p: Params): string };
  /** The HTTP server's process, for its CPU time per request. */
  pid?: number;
  /** Appended to the key its results are filed under (the ×1 contestants beside the ×N ones). */
  tag?: string;
  /** The database it reads, where that is not the run's (its statements are counted there). */
  database?: string;
}

function httpContestant(
  key: ContestantKey,
  url: (name: QueryName) => string,
  body: (name: QueryName, p: Params) => string,
  extra: Partial<Contestant> = {},
): Contestant {
  const client = new PostClient();
  const fetchData = async (name: QueryName, p: Params) => {
    const r = await client.post(url(name), body(name, p));
    const json = JSON.parse(r.text) as { data?: unknown; errors?: unknown };
    if (r.status !== 200 || json.errors)
      throw new Error(`${key} ${name} ${JSON.stringify(p)}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    return json.data;
  };
  return {
    key,
    data: fetchData,
    async call(name, p) {
      const r = await client.post(url(name), body(name, p));
      if (r.status !== 200 || r.text.startsWith('{"errors"'))
        throw new Error(`${key} ${name}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    },
    http: { url, body },
    ...extra,
  };
}

/*
 * The cache-miss contestant is a second Jämför process, as shipped but with the response
 * cache off (RESPONSE_CACHE_BYTES=0): every request runs the whole engine — Apollo,
 * resolvers, SQL, serialisation. (A nonce variable no longer does it: the cache key is the
 * normalised operation, which ignores undeclared variables.)
 */

const jamforBody = (name: QueryName, p: Params) =>
  JSON.stringify({ query: JAMFOR_DOCS[name], variables: jamforVariables(name, p) });
const jamforAsOfBody = (asOf: string) => (name: QueryName, p: Params) =>
  JSON.stringify({ query: asOfDocument(name), variables: { ...jamforVariables(name, p), asOf } });
const postgraphileBody = (name: QueryName, p: Params) =>
  JSON.stringify({ query: POSTGRAPHILE_DOCS[name], variables: postgraphileVariables(name, p) });

async function startServer(
  kind: 'jamfor' | 'floor' | 'postgraphile',
  apiUrl: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort(56000, 56999);
  const child = forkBench('server-child.js', [kind, String(port), apiUrl, String(POOL)], {
    NODE_ENV: 'production',
    ...env,
  });
  const msg = await untilMessage(
    child,
    (m): m is { kind: 'ready'; url: string } => (m as { kind?: string })?.kind === 'ready',
  );
  return { child, url: msg.url };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    // A child ended by a signal has exitCode null and signalCode set.
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

async function runIngestChild(
  mode: 'pipeline' | 'copy',
  url: string,
  dir: string,
  flags: string[] = [],
  onFile?: (o: FileOutcome) => void,
  env: Record<string, string> = {},
) {
  const child = forkBench('ingest-child.js', [mode, url, dir, flags.join(',')], env);
  const done = await untilMessage(
    child,
    (m): m is Extract<ChildMessage, { kind: 'done' | 'copy' }> =>
      ['done', 'copy'].includes((m as { kind?: string })?.kind ?? ''),
    (m) => {
      if ((m as ChildMessage).kind === 'file') onFile?.((m as Extract<ChildMessage, { kind: 'file' }>).outcome);
    },
  );
  await new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
  return done;
}

function summarise(outcomes: FileOutcome[]) {
  const by = (s: string) => outcomes.filter((o) => o.status === s).length;
  return {
    files: outcomes.length,
    succeeded: by('SUCCEEDED'),
    skipped: by('SKIPPED_UNCHANGED'),
    held: by('HELD'),
    failed: by('FAILED'),
    inserted: outcomes.reduce((a, o) => a + o.inserted, 0),
    updated: outcomes.reduce((a, o) => a + o.updated, 0),
    rejected: outcomes.reduce((a, o) => a + o.rejected, 0),
    problems: outcomes
      .filter((o) => !['SUCCEEDED', 'SKIPPED_UNCHANGED'].includes(o.status))
      .map((o) => `${o.file}: ${o.status} ${o.error ?? ''}`),
  };
}

// ---------------------------------------------------------------------------------------

async function ingestSection(
  server: BenchServer,
  db: BenchDatabase,
  base: GeneratedRelease,
  changed: GeneratedRelease,
  results: Results,
): Promise<void> {
  log('ingest: raw COPY ceiling');
  const copy = (await runIngestChild('copy', db.owner, base.dir)) as Extract<ChildMessage, { kind: 'copy' }>;
  results.ingest.copy = { ms: copy.ms, rows: copy.rows, maxRssMb: copy.maxRssKb / 1024 };
  log(`ingest: COPY ${copy.rows} rows in ${copy.ms.toFixed(0)} ms`);

  log('ingest: full release through the pipeline');
  const owner = new pg.Client({ connectionString: db.owner });
  await owner.connect();
  await owner.query('SELECT pg_stat_statements_reset()');
  const full = (await runIngestChild('pipeline', db.ingest, base.dir)) as Extract<ChildMessage, { kind: 'done' }>;
  results.ingest.full = { ms: full.ms, maxRssMb: full.maxRssKb / 1024, cpuMs: full.cpuMs, ...summarise(full.outcomes) };
  // Where the load spends its time inside Postgres: the ingest role's statements during the full load.
  results.ingest.statements = await statementProfile(owner, db.name, 10);
  await owner.end();
  const lastYear = YEARS[YEARS.length - 1]!;
  // The latest year's ÖJ files are one publication: one run, one transaction, timed end to end.
  const yearly = full.runs.find((run) => run.name === `ÖJ ${lastYear}`)!;
  results.ingest.yearly = { files: yearly.files.length, rows: yearly.rows, ms: yearly.ms };
  results.ingest.full.runs = full.runs.length;
  log(
    `ingest: pipeline ${full.ms.toFixed(0)} ms, ${results.ingest.full.inserted} rows inserted, peak RSS ${(full.maxRssKb / 1024).toFixed(0)} MB`,
  );

  log('ingest: the same release again (SKIPPED_UNCHANGED)');
  const again = (await runIngestChild('pipeline', db.ingest, base.dir)) as Extract<ChildMessage, { kind: 'done' }>;
  results.ingest.again = { ms: again.ms, maxRssMb: again.maxRssKb / 1024, ...summarise(again.outcomes) };

  log('ingest: the same ÖJ files forced (parse + upsert, nothing differs)');
  const forced = (await runIngestChild('pipeline', db.ingest, base.dir, ['onlyOj', 'force'])) as Extract<
    ChildMessage,
    { kind: 'done' }
  >;
  results.ingest.forced = {
    ms: forced.ms,
    answers: changed.answers,
    maxRssMb: forced.maxRssKb / 1024,
    ...summarise(forced.outcomes),
  };

  log('ingest: a release with 1 % changed values');
  const ch = (await runIngestChild('pipeline', db.ingest, changed.dir, ['onlyOj'])) as Extract<
    ChildMessage,
    { kind: 'done' }
  >;
  results.ingest.changed = {
    ms: ch.ms,
    answers: changed.answers,
    maxRssMb: ch.maxRssKb / 1024,
    ...summarise(ch.outcomes),
  };

  // The release as the shipped nightly job loads an inbox night (src/ingest/configured-sources.ts):
  // one publication per source, so every ÖJ file in one run. Into a fresh database.
  log('ingest: the full release as the nightly inbox loads it (one run per source)');
  const nightlyDb = await createBenchDatabase(server, 'jamfor_bench_nightly');
  const nightly = (await runIngestChild('pipeline', nightlyDb.ingest, base.dir, ['perSource'])) as Extract<
    ChildMessage,
    { kind: 'done' }
  >;
  results.ingest.nightly = {
    ms: nightly.ms,
    maxRssMb: nightly.maxRssKb / 1024,
    cpuMs: nightly.cpuMs,
    runs: nightly.runs.length,
    ...summarise(nightly.outcomes),
  };
  await dropBenchDatabase(server, nightlyDb);

  // A yearly release on its own: into a fresh database, every source as the nightly job loads it
  // but without the latest ÖJ year, then that year's files as one publication, timed alone — a
  // new survey year arriving onto a database that holds every earlier one. In one process, as
  // the full load's runs are (a cold process would time Node's start-up work too); YEARLY_SAMPLES
  // times, each onto a fresh copy of that database (one sample of ~1 s is at the mercy of the machine).
  // The runs above left the main database to autovacuum; done now, it does not share the two cores with the samples.
  await vacuum(db.owner);
  log(`ingest: a yearly release onto a database holding the earlier years (${YEARLY_SAMPLES} samples)`);
  const yearDb = await createBenchDatabase(server, 'jamfor_bench_yearly');
  // The child resets pg_stat_statements before each sample: what the last clone shows is its run alone.
  const year = (await runIngestChild('pipeline', yearDb.ingest, base.dir, ['perSource', 'latestYearApart'], undefined, {
    BENCH_STATS_RESET_URL: yearDb.owner,
    BENCH_YEARLY_CLONES: String(YEARLY_SAMPLES),
  })) as Extract<ChildMessage, { kind: 'done' }>;
  const samples = year.runs.slice(-YEARLY_SAMPLES);
  const byTime = [...samples].sort((a, b) => a.ms - b.ms);
  const mid = byTime[Math.floor(byTime.length / 2)]!;
  // The clones the child made (ingest-child.ts cloneDatabase); the last one holds its run's statements.
  const clones = samples.map((_, i) => ({ name: `${yearDb.name}_clone${i + 1}` }));
  const lastClone = clones[clones.length - 1]!;
  const yearOwner = new pg.Client({ connectionString: yearDb.owner.replace(`/${yearDb.name}`, `/${lastClone.name}`) });
  await yearOwner.connect();
  results.ingest.yearlyOwn = {
    files: mid.files.length,
    rows: mid.rows,
    ms: mid.ms,
    status: samples.every((r) => r.status === 'SUCCEEDED') ? 'SUCCEEDED' : samples.map((r) => r.status).join(', '),
    cpuMs: mid.cpuMs,
    samplesMs: samples.map((r) => r.ms),
    statements: await statementProfile(yearOwner, lastClone.name, 8),
  };
  await yearOwner.end();
  for (const clone of clones) await dropBenchDatabase(server, clone);
  await dropBenchDatabase(server, yearDb);
}

/** The statements run in one database since pg_stat_statements was last reset: their total and the top `limit` by time. */
async function statementProfile(owner: pg.Client, database: string, limit: number): Promise<StatementProfile> {
  const top = await owner.query(
    // Grouped by text: a statement on a table recreated per run would get a new queryid every run.
    `SELECT sum(s.calls)::int AS calls, sum(s.total_exec_time) AS ms, sum(s.rows)::bigint AS rows,
            left(regexp_replace(s.query, '[[:space:]]+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'
      GROUP BY 4 ORDER BY 2 DESC LIMIT ${limit}`,
    [database],
  );
  const total = await owner.query(
    `SELECT coalesce(sum(total_exec_time), 0) AS ms FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'`,
    [database],
  );
  return {
    total: Number(total.rows[0].ms),
    top: top.rows.map((r: { calls: number; ms: number; rows: string; query: string }) => ({
      calls: r.calls,
      ms: r.ms,
      rows: Number(r.rows),
      query: r.query,
    })),
  };
}

async function dropBenchDatabase(server: BenchServer, db: { name: string }): Promise<void> {
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
  await admin.end();
}

/** After a load, as autovacuum would do shortly after a nightly ingest: statistics and the visibility map (index-only scans). */
async function vacuum(ownerUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  await c.query('VACUUM ANALYZE');
  await c.end();
}

// ---------------------------------------------------------------------------------------

async function gate(contestants: Contestant[], sets: Params[], results: Results): Promise<void> {
  for (const name of QUERY_NAMES) {
    let checked = 0;
    const mismatches: string[] = [];
    for (const p of sets.slice(0, name === 'profile' ? CFG.gateProfile : sets.length)) {
      const answers = new Map<ContestantKey, unknown>();
      for (const c of contestants) if (c.key !== 'jamforMiss') answers.set(c.key, await c.data(name, p));
      const jamfor = answers.get('jamfor') as Record<string, unknown>;
      const canon = JSON.stringify(canonicalFromJamfor(name, jamfor));
      for (const c of contestants) {
        if (c.key === 'jamfor' || c.key === 'jamforMiss') continue;
        const data = answers.get(c.key) as Record<string, unknown>;
        const same =
          c.key === 'postgraphile'
            ? JSON.stringify(canonicalFromPostgraphile(name, data)) === canon
            : isDeepStrictEqual(JSON.parse(JSON.stringify(data)), jamfor);
        if (!same && mismatches.length < 3) {
          const other =
            c.key === 'postgraphile' ? JSON.stringify(canonicalFromPostgraphile(name, data)) : JSON.stringify(data);
          mismatches.push(
            `${c.key} ${JSON.stringify(p)}: jamfor ${(c.key === 'postgraphile' ? canon : JSON.stringify(jamfor)).slice(0, 400)} … vs ${other.slice(0, 400)}`,
          );
        }
      }
      checked++;
    }
    results.gate[name] = { sets: checked, mismatches };
    log(
      `gate ${name}: ${checked} parameter sets, ${mismatches.length ? `MISMATCH: ${mismatches[0]}` : 'all contestants agree'}`,
    );
  }
}

async function latency(
  contestants: Contestant[],
  sets: Params[],
  monitor: pg.Client,
  database: string,
  perRound: number,
  rounds: number,
  names: QueryName[] = QUERY_NAMES,
) {
  const out: Record<
    string,
    { p50: number[]; p99: number[]; statements: number[]; n: number; failed: number; failure?: string }
  > = {};
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      // Interleaved: every contestant runs each query in each round, in a rotating order.
      const order = contestants.map((_, i) => contestants[(i + round) % contestants.length]!);
      for (const c of order) {
        const k = `${name}|${c.key}${c.tag ?? ''}`;
        out[k] ??= { p50: [], p99: [], statements: [], n: 0, failed: 0 };
        // A contestant that fails (e.g. the statement timeout) is recorded and not asked again this round.
        const failedOnce = async (p: Params) => {
          try {
            await c.call(name, p);
            return false;
          } catch (e) {
            out[k]!.failed++;
            out[k]!.failure ??= String(e instanceof Error ? e.message : e).slice(0, 200);
            return true;
          }
        };
        if (await failedOnce(sets[0]!)) continue;
        for (let i = 1; i < CFG.warmup; i++) await c.call(name, sets[i % sets.length]!).catch(() => undefined);
        const before = await statementCount(monitor, c.database ?? database);
        const times: number[] = [];
        // At most perRound requests, and at most latencySeconds: slow queries get fewer (n is reported).
        const deadline = performance.now() + CFG.latencySeconds * 1000;
        for (let i = 0; i < perRound && (i < CFG.minRequests || performance.now() < deadline); i++) {
          const p = sets[(i * 7 + round) % sets.length]!;
          const t = performance.now();
          if (await failedOnce(p)) break;
          times.push(performance.now() - t);
        }
        if (times.length === 0) continue;
        const statements = ((await statementCount(monitor, c.database ?? database)) - before) / times.length;
        times.sort((a, b) => a - b);
        out[k].p50.push(quantile(times, 0.5));
        out[k].p99.push(quantile(times, 0.99));
        out[k].statements.push(statements);
        out[k].n += times.length;
      }
    }
    log(`latency round ${round + 1}/${rounds} done`);
  }
  return out;
}

interface CannonResult {
  rps: number;
  errors: number;
  non2xx: number;
  total: number;
  latencies: number[];
}

async function cannon(
  url: string,
  bodies: string[],
  connections: number,
  seconds: number,
  onBody?: (index: number, status: number, body: string) => void,
  setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>,
): Promise<CannonResult> {
  const latencies: number[] = [];
  let finish!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<autocannon.Result>((res, rej) => ((finish = res), (fail = rej)));
  const instance = autocannon(
    {
      url,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: bodies.map((body, i) => ({
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        ...(setupRequest ? { setupRequest } : {}),
        ...(onBody
          ? {
              onResponse: (status: number, resBody: string) => onBody(i, status, resBody),
            }
          : {}),
      })),
    } as autocannon.Options,
    (err, result) => (err ? fail(err) : finish(result)),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const r = await done;
  return {
    rps: r.requests.total / (r.duration || seconds),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
    latencies,
  };
}

async function throughput(contestants: Contestant[], sets: Params[], seconds: number, rounds: number) {
  const out: Results['throughput'] = {};
  const httpOnes = contestants.filter((c) => c.http);
  for (let round = 0; round < rounds; round++) {
    for (const name of QUERY_NAMES) {
      const order = httpOnes.map((_, i) => httpOnes[(i + round) % httpOnes.length]!);
      for (const c of order) {
        const bodies = sets.slice(0, 20).map((p) => c.http!.body(name, p));
        const server0 = processCpuMs(c.pid);
        const postgres0 = postgresCpu();
        const r = await cannon(c.http!.url(name), bodies, 10, seconds, undefined, c.setupRequest);
        const k = `${name}|${c.key}`;
        out[k] ??= { rps: [], errors: 0, non2xx: 0, serverCpuMs: [], postgresCpuMs: [] };
        out[k].rps.push(r.rps);
        // CPU per request while the run lasted (the load generator, this process, is not counted).
        out[k].serverCpuMs!.push((processCpuMs(c.pid) - server0) / r.total);
        out[k].postgresCpuMs!.push(postgresCpuSince(postgres0) / r.total);
        out[k].errors += r.errors;
        out[k].non2xx += r.non2xx;
      }
    }
    log(`throughput round ${round + 1}/${rounds} done`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Load under ingest: every response must be a snapshot of the data

interface Template {
  name: QueryName;
  p: Params;
}

/** Parts of a response that come from one ÖJ file (one service area × year), keyed by file. */
function components(
  t: Template,
  data: Record<string, unknown>,
  areaOf: (question: string) => string,
): Map<string, string> {
  const canon = canonicalFromJamfor(t.name, data) as Record<string, unknown>;
  const out = new Map<string, string>();
  if (t.name === 'trend') {
    for (const point of canon['points'] as unknown[][])
      out.set(`${areaOf(t.p.q)}|${point[0] as number}`, JSON.stringify(point));
  } else if (t.name === 'profile') {
    const items = canon['items'] as unknown[][];
    for (const area of new Set(items.map((i) => String(i[0]))))
      out.set(`${area}|${t.p.y}`, JSON.stringify(items.filter((i) => String(i[0]) === area)));
  } else if (t.name === 'regions') {
    out.set(`${areaOf(t.p.q)}|${t.p.y}`, JSON.stringify(canon));
  } else {
    // A comparison reads two files: this year's (answers, shares) and the previous survey
    // year's (previousAnswer). `changed` is derived from both and checked on the body itself.
    const rows = canon['rows'] as [string, string | null, string | null, boolean | null][];
    const { rows: _rows, ...shares } = canon;
    out.set(`${areaOf(t.p.q)}|${t.p.y}`, JSON.stringify({ shares, answers: rows.map((r) => [r[0], r[1]]) }));
    // Sorted by unit: the row order follows this year's answers (orderBy ANSWER), not the previous year's.
    const previous = rows.map((r) => [r[0], r[2]] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (t.p.y > YEARS[0]!) out.set(`${areaOf(t.p.q)}|${t.p.y - 1}`, JSON.stringify(previous));
    if (rows.some((r) => r[3] !== (r[1] === null || r[2] === null ? null : r[1] !== r[2])))
      out.set('changed-flag', 'inconsistent');
  }
  return out;
}

/**
 * Each round commits a release of the latest year (alternately the 1 %-changed and the base
 * files: both change rows, so the dataset version moves and the response cache starts empty),
 * waits until the server serves the new version, then times the first request of each
 * canonical query once — what the first visitor after a nightly ingest gets. The ingest runs
 * in a child process of its own, as the nightly job does beside the dashboards' clients: run in
 * this process (the load generator), its garbage collection fell into the timed requests.
 *
 * A lone request after an idle spell pays for cold CPU caches and sleeping processes whether or
 * not an ingest ran, so each round also times the control: after as long without any request
 * as the base release took, one request per query for parameters this dataset version has not
 * seen (the next parameter set and the previous year, so still a cache miss, on rows the release
 * did not rewrite) — the same lone miss, without an ingest before it.
 */
async function firstAfterIngest(
  url: string,
  db: BenchDatabase,
  base: GeneratedRelease,
  changed: GeneratedRelease,
  sets: Params[],
  rounds: number,
): Promise<FirstAfterIngest> {
  const lastYear = YEARS[YEARS.length - 1]!;
  const client = new PostClient();
  const version = async () =>
    (await client.post(url, JSON.stringify({ query: '{ dataset { version } }' }))).text.match(/"version":"(\d+)"/)?.[1];
  const out: FirstAfterIngest = { first: {}, idle: {}, ingestMs: [] };
  const timeEach = async (into: Record<string, number[]>, p: Params) => {
    for (const name of QUERY_NAMES) {
      const t = performance.now();
      const res = await client.post(url, jamforBody(name, p));
      if (res.status !== 200) throw new Error(`first-after ${name}: HTTP ${res.status}`);
      (into[name] ??= []).push(performance.now() - t);
    }
  };
  for (let round = 0; round < rounds * 2; round++) {
    const release = round % 2 === 0 ? changed : base;
    const t = performance.now();
    const done = await runIngestChild('pipeline', db.ingest, release.dir, ['latestYearOnly']);
    if (done.kind !== 'done') throw new Error('first-after ingest: no pipeline result');
    const ms = performance.now() - t;
    // The database may already hold the 1 %-changed files (the ingest section ends with them);
    // then that half of the pair changes nothing, and the base files that follow do.
    const failed = done.runs.find(
      (r) => r.status !== 'SUCCEEDED' && !(round % 2 === 0 && r.status === 'SKIPPED_UNCHANGED'),
    );
    if (failed) throw new Error(`first-after ingest: ${failed.name} ${failed.status}`);
    const datasetVersion = done.outcomes[done.outcomes.length - 1]?.datasetVersion;
    // LISTEN/NOTIFY reaches the server at once; wait until it answers with the new version.
    for (let i = 0; i < 100 && (await version()) !== datasetVersion; i++) await sleep(20);
    if (round % 2 === 0) continue; // measure once per pair, after the base files are back
    out.ingestMs.push(ms);
    const set = sets[round % sets.length]!;
    await timeEach(out.first, { ...set, y: lastYear });
    await sleep(ms);
    await timeEach(out.idle, { ...sets[(round + 1) % sets.length]!, y: lastYear - 1 });
  }
  client.close();
  return out;
}

/** The Jämför server child's response-cache counters (bench/server-child.ts). */
async function cacheStats(child: ChildProcess): Promise<{ hits: number; lookups: number }> {
  const reply = untilMessage(
    child,
    (m): m is { kind: 'cache-stats'; hits: number; lookups: number } =>
      (m as { kind?: string } | null)?.kind === 'cache-stats',
  );
  child.send({ kind: 'cache-stats' });
  return reply;
}

async function loadUnderIngest(
  jamfor: ChildProcess,
  jamforUrl: string,
  db: BenchDatabase,
  release: GeneratedRelease,
  connections: number,
  templates: Template[],
  areaOf: (q: string) => string,
) {
  const client = new PostClient();
  const fetchAll = async () => {
    const out: Record<string, unknown>[] = [];
    for (const t of templates)
      out.push(
        JSON.parse((await client.post(jamforUrl, jamforBody(t.name, t.p))).text).data as Record<string, unknown>,
      );
    return out;
  };
  const before = await fetchAll();
  const bodies = templates.map((t) => jamforBody(t.name, t.p));
  const seen = new Map<string, { index: number; body: string }>();
  let bad = 0;
  const onBody = (index: number, status: number, body: string) => {
    if (status !== 200) {
      bad++;
      return;
    }
    const h = createHash('sha1').update(body).digest('hex');
    if (!seen.has(h)) seen.set(h, { index, body });
  };
  const ingestStart = performance.now();
  let ingestEnd = 0;
  const fileOrder = release.oj.map((f) => `${f.area}|${f.year}`);
  const ingest = runIngestChild('pipeline', db.ingest, release.dir, ['onlyOj']).then((r) => {
    ingestEnd = performance.now();
    return r as Extract<ChildMessage, { kind: 'done' }>;
  });
  // Hits counted by the server at its response cache (it sends no hit/miss header).
  const statsBefore = await cacheStats(jamfor);
  const load = await cannon(jamforUrl, bodies, connections, CFG.loadSeconds, onBody);
  const loadEnd = performance.now();
  const statsAfter = await cacheStats(jamfor);
  const hits = statsAfter.hits - statsBefore.hits;
  const ingested = await ingest;
  const after = await fetchAll();
  client.close();

  // Each distinct body: every per-file part equals the old or the new state, and the parts
  // that are new all come from files committed before any part that is old.
  let inconsistent = 0;
  let mixedButOrdered = 0;
  const problems: string[] = [];
  for (const { index, body } of seen.values()) {
    const t = templates[index]!;
    const json = JSON.parse(body) as { data?: Record<string, unknown>; errors?: unknown };
    if (!json.data || json.errors) {
      inconsistent++;
      problems.push(`${t.name}: error body ${body.slice(0, 200)}`);
      continue;
    }
    const got = components(t, json.data, areaOf);
    const old = components(t, before[index]!, areaOf);
    const neu = components(t, after[index]!, areaOf);
    let maxNew = -1;
    let minOld = Infinity;
    let ok = true;
    for (const [key, value] of got) {
      const pos = fileOrder.indexOf(key);
      const isOld = value === old.get(key);
      const isNew = value === neu.get(key);
      if (!isOld && !isNew) ok = false;
      else if (isNew && !isOld) maxNew = Math.max(maxNew, pos);
      else if (isOld && !isNew) minOld = Math.min(minOld, pos);
    }
    if (ok && maxNew > minOld) ok = false;
    if (!ok) {
      inconsistent++;
      if (problems.length < 3) {
        const parts = [...got].map(
          ([key, value]) =>
            `${key}:${value === old.get(key) ? (value === neu.get(key) ? 'same' : 'old') : value === neu.get(key) ? 'new' : 'neither'}`,
        );
        problems.push(`${t.name} ${JSON.stringify(t.p)}: not a snapshot (${parts.slice(0, 6).join(', ')})`);
      }
    } else if (maxNew >= 0 && minOld !== Infinity) mixedButOrdered++;
  }
  load.latencies.sort((a, b) => a - b);
  return {
    connections,
    seconds: CFG.loadSeconds,
    rps: load.rps,
    total: load.total,
    errors: load.errors,
    non2xx: load.non2xx + bad,
    p50: quantile(load.latencies, 0.5),
    p95: quantile(load.latencies, 0.95),
    p99: quantile(load.latencies, 0.99),
    ingestMs: ingestEnd - ingestStart,
    overlapMs: Math.min(ingestEnd, loadEnd) - ingestStart,
    ingest: summarise(ingested.outcomes),
    distinctBodies: seen.size,
    cacheHits: hits,
    changedTemplates: templates.filter((_, i) => JSON.stringify(before[i]) !== JSON.stringify(after[i])).length,
    templates: templates.length,
    inconsistent,
    mixedButOrdered,
    problems,
  };
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const results: Results = {
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    quick: QUICK,
    config: CFG,
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: os.totalmem() / 1024 ** 3,
      node: process.version,
      postgres: '',
      date: new Date().toISOString(),
      loadAverage: os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' '),
    },
    data: { x1: null, scale: null },
    ingest: {},
    gate: {},
    latency: {},
    throughput: {},
    load: [],
    profile: [],
    scale: null,
    notes: [],
    totalSeconds: 0,
  } as unknown as Results;

  const ref = readReference();
  log(`generating the SYNTHETIC release (scale 1, ${YEARS.length} years: base, 1 % changed, 25 % revision)`);
  const t0 = performance.now();
  const base = await generateRelease({
    seed: SEED,
    scale: 1,
    variant: 'base',
    dir: path.join(DATA_DIR, 'base'),
    ref,
    years: YEARS,
  });
  const changed = await generateRelease({
    seed: SEED,
    scale: 1,
    variant: 'changed',
    dir: path.join(DATA_DIR, 'changed'),
    ref,
    years: YEARS,
  });
  const revision = await generateRelease({
    seed: SEED,
    scale: 1,
    variant: 'revision',
    dir: path.join(DATA_DIR, 'revision'),
    ref,
    years: YEARS,
  });
  results.data.x1 = { ojFiles: base.oj.length, answers: base.answers, rows: base.rows, ms: performance.now() - t0 };

  const server: BenchServer = await startBenchServer(log);
  const children: ChildProcess[] = [];
  try {
    results.machine.postgres = server.version;
    const db = await createBenchDatabase(server, 'jamfor_bench');
    await ingestSection(server, db, base, changed, results);
    await vacuum(db.owner);

    // Parameter space: ÖJ questions of the release, municipalities, regions, years.
    const families = familiesFor(1);
    const space: ParamSpace = {
      questions: ref.areas.flatMap((a) => families.map((f) => `${f.family}.${a.code}`)),
      municipalities: ref.municipalities.map((m) => m.code),
      regions: ref.regions.map((r) => r.code),
      years: YEARS,
    };
    const areaOf = (q: string) => q.slice(q.indexOf('.') + 1);
    const sets = paramSets(space, Math.max(CFG.gate, 50), SEED);

    log('queries: PostGraphile functions over the stored counts');
    const monitor = new pg.Client({ connectionString: db.owner });
    // The server is stopped in `finally` when anything fails: that must not mask the failure.
    monitor.on('error', (e) => log(`monitor connection: ${e.message}`));
    await monitor.connect();
    await createPostgraphileFunctions(monitor, server.embedded ? 'jamfor_api' : null);

    log('queries: starting Jämför, the floor and PostGraphile (one process each)');
    const [jam, jamMiss, floor, pgl] = await Promise.all([
      startServer('jamfor', db.api),
      startServer('jamfor', db.api, { RESPONSE_CACHE_BYTES: '0' }),
      startServer('floor', db.api),
      startServer('postgraphile', db.api),
    ]);
    children.push(jam.child, jamMiss.child, floor.child, pgl.child);
    for (const [label, c] of [
      ['Jämför', jam.child],
      ['Jämför (no cache)', jamMiss.child],
      ['floor', floor.child],
      ['PostGraphile', pgl.child],
    ] as const) {
      c.once('exit', (code, signal) => {
        if (signal !== 'SIGTERM') log(`${label} server exited (${code ?? signal})`);
      });
    }
    const sqlPool = new pg.Pool({ connectionString: db.api, max: POOL });
    const contestants: Contestant[] = [
      httpContestant('jamfor', () => jam.url, jamforBody, { pid: jam.child.pid }),
      httpContestant('jamforMiss', () => jamMiss.url, jamforBody, { pid: jamMiss.child.pid }),
      httpContestant(
        'floor',
        (name) => `${floor.url}${name}`,
        (_name, p) => JSON.stringify(p),
        { pid: floor.child.pid },
      ),
      {
        key: 'sql',
        data: (name, p) => floorData(sqlPool, name, p),
        async call(name, p) {
          JSON.stringify(await floorData(sqlPool, name, p));
        },
      },
      httpContestant('postgraphile', () => pgl.url, postgraphileBody, { pid: pgl.child.pid }),
    ];

    // The ×N data is generated while the (untimed) correctness gate runs.
    const bigRelease =
      SCALE > 1
        ? (async () => {
            const t1 = performance.now();
            const big = await generateRelease({
              seed: SEED,
              scale: SCALE,
              variant: 'base',
              dir: path.join(BENCH_DATA_DIR, `x${SCALE}`, 'base'),
              ref,
            });
            return { big, genMs: performance.now() - t1 };
          })()
        : null;
    log(`queries: correctness gate on ${sets.length} parameter sets`);
    await gate(contestants, sets, results);

    log(`queries: latency at c = 1 (${CFG.rounds} interleaved rounds × ${CFG.latencyPerRound} requests)`);
    results.latency = await latency(contestants, sets, monitor, db.name, CFG.latencyPerRound, CFG.rounds);
    log(`queries: throughput at c = 10 (${CFG.throughputRounds} rounds × ${CFG.throughputSeconds} s)`);
    results.throughput = await throughput(contestants, sets, CFG.throughputSeconds, CFG.throughputRounds);

    // The instant before the next ingests: as of it, every answer they rewrite is read from history.
    const asOf = new Date().toISOString();
    log('queries: the first request after an ingest (response cache empty)');
    results.firstAfterIngest = await firstAfterIngest(jam.url, db, base, changed, sets, QUICK ? 2 : 9);
    log(`queries: latency at c = 1 as of ${asOf} (answers and frames as they stood, counted per request)`);
    results.asOf = {
      instant: asOf,
      latency: await latency(
        [
          httpContestant('jamforAsOf', () => jamMiss.url, jamforAsOfBody(asOf)),
          contestants.find((c) => c.key === 'jamforMiss')!,
        ],
        sets,
        monitor,
        db.name,
        CFG.scaleLatencyPerRound,
        CFG.rounds,
        AS_OF_NAMES,
      ),
    };
    log('queries: where Jämför spends its time (in-process profile)');
    results.profile = await profileJamfor(db.api, sets, QUICK ? 30 : 200, CFG.profileSeconds);
    await stopChild(floor.child);
    await stopChild(pgl.child);
    await stopChild(jamMiss.child);
    await sqlPool.end();

    const templates: Template[] = QUERY_NAMES.flatMap((name) => sets.slice(0, 4).map((p) => ({ name, p })));
    for (const [connections, release] of [
      [10, revision],
      [50, changed],
    ] as const) {
      log(
        `load: ${connections} connections for ${CFG.loadSeconds} s while ${path.basename(release.dir)} commits (${release.oj.length} ÖJ files)`,
      );
      const l = await loadUnderIngest(jam.child, jam.url, db, release, connections, templates, areaOf);
      results.load.push(l);
      log(
        `load: ${l.total} requests, ${l.errors} errors, ${l.non2xx} non-2xx, ${l.inconsistent} of ${l.distinctBodies} bodies not a snapshot; ingest ${(l.ingestMs / 1000).toFixed(1)} s`,
      );
    }
    await stopChild(jam.child);

    if (SCALE > 1) {
      log(`scale ×${SCALE}: generating and loading into a fresh database`);
      const { big, genMs } = (await bigRelease)!;
      const dbBig = await createBenchDatabase(server, `jamfor_bench_x${SCALE}`);
      const bigIngest = (await runIngestChild('pipeline', dbBig.ingest, big.dir, ['onlyOj'])) as Extract<
        ChildMessage,
        { kind: 'done' }
      >;
      await vacuum(dbBig.owner);
      const ownerBig = new pg.Client({ connectionString: dbBig.owner });
      await ownerBig.connect();
      // The ×1 miss server and floor again, measured in the same interleaved rounds as the ×N
      // ones: the growth compares figures taken side by side, not minutes apart. The ×1 database
      // has taken the load test's two releases since the main phase: vacuumed as the ×N one is.
      await vacuum(db.owner);
      const [jamBig, jamBigMiss, floorBig, jamOneMiss, floorOne] = await Promise.all([
        startServer('jamfor', dbBig.api),
        startServer('jamfor', dbBig.api, { RESPONSE_CACHE_BYTES: '0' }),
        startServer('floor', dbBig.api),
        startServer('jamfor', db.api, { RESPONSE_CACHE_BYTES: '0' }),
        startServer('floor', db.api),
      ]);
      children.push(jamBig.child, jamBigMiss.child, floorBig.child, jamOneMiss.child, floorOne.child);
      const bigContestants = [
        httpContestant('jamfor', () => jamBig.url, jamforBody),
        httpContestant('jamforMiss', () => jamBigMiss.url, jamforBody),
        httpContestant(
          'floor',
          (name) => `${floorBig.url}${name}`,
          (_name, p) => JSON.stringify(p),
        ),
        httpContestant('jamforMiss', () => jamOneMiss.url, jamforBody, { tag: '@x1', database: db.name }),
        httpContestant(
          'floor',
          (name) => `${floorOne.url}${name}`,
          (_name, p) => JSON.stringify(p),
          { tag: '@x1', database: db.name },
        ),
      ];
      const bigLatency = await latency(
        bigContestants,
        sets,
        ownerBig,
        dbBig.name,
        CFG.scaleLatencyPerRound,
        CFG.rounds,
      );
      results.scale = {
        scale: SCALE,
        answers: big.answers,
        rows: big.rows,
        genMs,
        ingestMs: bigIngest.ms,
        maxRssMb: bigIngest.maxRssKb / 1024,
        ingest: summarise(bigIngest.outcomes),
        latency: bigLatency,
      };
      await ownerBig.end();
      await Promise.all([jamBig, jamBigMiss, floorBig, jamOneMiss, floorOne].map((x) => stopChild(x.child)));
    }
    await monitor.end();
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  } finally {
    await Promise.all(children.map(stopChild));
    await server.stop();
  }
  results.machine.loadAverageEnd = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  results.totalSeconds = (performance.now() - started) / 1000;
  const file = path.join(PROJECT_ROOT, 'bench', 'RESULTS.md');
  writeFileSync(file, renderResults(results));
  log(`wrote ${path.relative(PROJECT_ROOT, file)} in ${results.totalSeconds.toFixed(0)} s`);
}

void median;
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
