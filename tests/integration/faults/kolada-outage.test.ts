import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { runIngest, type IngestResult } from '../../../src/ingest/pipeline.js';
import { koladaAdapter } from '../../../src/ingest/sources/kolada/adapter.js';
import { createKoladaClient, type KoladaClient } from '../../../src/ingest/sources/kolada/client.js';
import { readKoladaKpiConfig } from '../../../src/ingest/sources/kolada/kpi-config.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { datasetState } from '../../../src/schema/queries/dataset.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import {
  readFixture,
  startFixtureServer,
  type FixtureRoute,
  type FixtureServer,
} from '../../helpers/fixture-server.js';
import { servingHash } from '../../helpers/serving-hash.js';

/**
 * A night on which Kolada is down, hangs, or answers garbage: the run fails after bounded
 * retries with an error that says what happened, the serving tables stay byte-identical (the
 * API keeps serving yesterday's data), and `dataset` shows the failed run beside the last success.
 */

const KPIS = ['U28490', 'U30426', 'U21341', 'U35548'];
const KPI_PATH = `/v3/kpi/${KPIS.join(',')}`;
const DATA_PATH = `/v3/data/kpi/${KPIS.join(',')}/year/2023`;
const NOW = new Date('2026-05-01T03:00:00Z');
const RETRIES = 2;
const TIMEOUT_MS = 300;

const RECORDED: Record<string, FixtureRoute> = {
  [KPI_PATH]: { body: readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json') },
  [`${DATA_PATH}?per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-1.json') },
  [`${DATA_PATH}?page=2&per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-2.json') },
  [`${DATA_PATH}?page=3&per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-3.json') },
};

const HTML =
  '<!DOCTYPE html><html><head><title>Kolada – underhåll</title></head><body><h1>Tjänsten är tillfälligt otillgänglig</h1></body></html>';

function client(baseUrl: string): KoladaClient {
  return createKoladaClient({
    baseUrl,
    timeoutMs: TIMEOUT_MS,
    maxRetries: RETRIES,
    baseDelayMs: 20,
    maxDelayMs: 50,
    perPage: 5000,
    minIntervalMs: 0,
  });
}

function nightly(baseUrl: string, allowPartial = false): Promise<IngestResult> {
  const config = readKoladaKpiConfig().filter((c) => KPIS.includes(c.kpiId));
  const fetchOptions = { years: [2023], kpiIds: KPIS, client: client(baseUrl), config };
  return runIngest(db.ingest, koladaAdapter, fetchOptions, { trigger: 'scheduled', now: NOW, allowPartial });
}

/** A port nothing listens on: bound once by us, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function lastSuccessIds(): Promise<Record<string, string>> {
  const rows: { source: string; id: string }[] = await db.owner.query(
    `SELECT source, max(id)::text AS id FROM ingest_run WHERE status = 'SUCCEEDED' GROUP BY source ORDER BY source`,
  );
  return Object.fromEntries(rows.map((r) => [r.source, r.id]));
}

let db: TestDatabase;
let yesterday: { hash: string; successes: Record<string, string>; version: string };

beforeAll(async () => {
  db = await createTestDatabase();
  const oj = await ingestFile(db.ingest, path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.csv'), {
    trigger: 'test',
  });
  expect(oj.status).toBe('SUCCEEDED');
  const server = await startFixtureServer(RECORDED);
  try {
    // The recorded pages hold a few deliberate rejects (see the Kolada adapter tests): load the rest.
    const kolada = await nightly(`${server.origin}/v3`, true);
    expect(kolada.error).toBeNull();
    expect(kolada.status).toBe('SUCCEEDED');
    expect(kolada.counts.inserted).toBeGreaterThan(0);
  } finally {
    await server.close();
  }
  const dataset = await datasetState(db.api.manager);
  yesterday = { hash: await servingHash(db.owner), successes: await lastSuccessIds(), version: dataset.version };
  expect(Object.keys(yesterday.successes)).toEqual(['kolada', 'oj']);
});
afterAll(async () => {
  await db.close();
});

interface Night {
  what: string;
  /** Routes of the fixture server for this night; null for a closed port. */
  routes: Record<string, FixtureRoute> | null;
  error: RegExp;
  /** Requests the client may make to the KPI URL: every attempt, and no more. */
  kpiRequests: number | null;
}

const nights: Night[] = [
  {
    what: 'unreachable (connection refused)',
    routes: null,
    error: new RegExp(
      `^Kolada http://127\\.0\\.0\\.1:\\d+${KPI_PATH}\\?per_page=5000 failed: fetch failed \\(.*ECONNREFUSED.*\\) \\(attempt ${RETRIES + 1}\\)$`,
    ),
    kpiRequests: null,
  },
  {
    what: 'slow (never answers within the timeout)',
    routes: { ...RECORDED, [KPI_PATH]: { ...(RECORDED[KPI_PATH] as object), delayMs: 10_000 } },
    error: new RegExp(
      `^Kolada http://127\\.0\\.0\\.1:\\d+${KPI_PATH}\\?per_page=5000 timed out after ${TIMEOUT_MS} ms \\(attempt ${RETRIES + 1}\\)$`,
    ),
    kpiRequests: RETRIES + 1,
  },
  {
    what: 'garbage (an HTML page with status 200)',
    routes: { ...RECORDED, [KPI_PATH]: { body: HTML, headers: { 'content-type': 'text/html; charset=utf-8' } } },
    error:
      /^Kolada http:\/\/127\.0\.0\.1:\d+\/v3\/kpi\/[^ ]+ returned an HTML\/XML page, not a JSON envelope \(\d+ bytes, starts "<!DOCTYPE html>/,
    // A 200 with a body that is not JSON is not retried: the next attempt would get the same page.
    kpiRequests: 1,
  },
  {
    what: 'garbage (a data page cut off mid-JSON)',
    routes: {
      ...RECORDED,
      [`${DATA_PATH}?page=2&per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-2.json').slice(0, 700) },
    },
    error:
      /^Kolada http:\/\/127\.0\.0\.1:\d+\/v3\/data\/kpi\/[^ ]+page=2&per_page=5000 returned invalid or truncated JSON, not a JSON envelope/,
    kpiRequests: 1,
  },
  {
    what: 'down (HTTP 503 on every attempt)',
    routes: { ...RECORDED, [KPI_PATH]: { status: 503, body: 'Service Unavailable' } },
    error: new RegExp(
      `^Kolada http://127\\.0\\.0\\.1:\\d+${KPI_PATH}\\?per_page=5000 answered HTTP 503 \\("Service Unavailable"\\) after ${RETRIES + 1} attempt\\(s\\)$`,
    ),
    kpiRequests: RETRIES + 1,
  },
];

describe('a night when Kolada is', () => {
  it.each(nights)('$what: the run fails cleanly and yesterday’s data keeps serving', async (night) => {
    const server: FixtureServer | null = night.routes ? await startFixtureServer(night.routes) : null;
    const baseUrl = server ? `${server.origin}/v3` : `http://127.0.0.1:${await closedPort()}/v3`;
    const started = Date.now();
    let result: IngestResult;
    try {
      result = await nightly(baseUrl);
    } finally {
      await server?.close();
    }
    const elapsedMs = Date.now() - started;

    expect(result.status).toBe('FAILED');
    expect(result.error).toMatch(night.error);
    // Bounded: 3 attempts × 300 ms timeout + two backoffs ≤ 50 ms, with slack for a loaded machine.
    expect(elapsedMs).toBeLessThan(5000);
    if (night.kpiRequests !== null) {
      expect(server!.urls().filter((u) => u.startsWith(KPI_PATH))).toHaveLength(night.kpiRequests);
    }

    expect(await servingHash(db.owner)).toBe(yesterday.hash);
    expect(await lastSuccessIds()).toEqual(yesterday.successes);
    const [latest] = await db.owner.query(
      `SELECT id::text, status, error FROM ingest_run WHERE source = 'kolada' ORDER BY id DESC LIMIT 1`,
    );
    expect(latest).toEqual({ id: result.runId, status: 'FAILED', error: result.error });

    // What the API's `dataset` query answers, read through the API's own read-only role.
    const dataset = await datasetState(db.api.manager);
    expect(dataset.version).toBe(yesterday.version);
    const kolada = dataset.sources.find((s) => s.source === 'kolada')!;
    expect(kolada.lastRun).toMatchObject({ id: result.runId, status: 'FAILED', error: result.error });
    expect(kolada.lastSuccess).toMatchObject({ id: yesterday.successes['kolada'], status: 'SUCCEEDED' });
    const oj = dataset.sources.find((s) => s.source === 'oj')!;
    expect(oj.lastSuccess?.id).toBe(yesterday.successes['oj']);
  });
});
