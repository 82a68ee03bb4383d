import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKoladaClient,
  KoladaFetchError,
  type KoladaClient,
  type KoladaClientOptions,
} from '../../../../../src/ingest/sources/kolada/client.js';
import { readKoladaKpiConfig } from '../../../../../src/ingest/sources/kolada/kpi-config.js';
import { readFixture, startFixtureServer, type FixtureServer } from '../../../../helpers/fixture-server.js';

const DATA_PATH = '/v3/data/kpi/U28490,U30426,U21341,U35548/year/2023';
const KPIS = ['U28490', 'U30426', 'U21341', 'U35548'];
const EMPTY = { body: { count: 0, values: [], next_url: null, previous_url: null } };

let server: FixtureServer;
let sleeps: number[];

beforeEach(async () => {
  server = await startFixtureServer();
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

function client(overrides: Partial<KoladaClientOptions> = {}): KoladaClient {
  return createKoladaClient({
    baseUrl: `${server.origin}/v3`,
    timeoutMs: 2000,
    maxRetries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    perPage: 5000,
    minIntervalMs: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<KoladaFetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KoladaFetchError);
  return error as KoladaFetchError;
}

const facts = (e: KoladaFetchError) => ({ url: e.url, status: e.status, attempts: e.attempts, reason: e.reason });

describe('paging', () => {
  it('follows next_url through three pages and keeps each body byte for byte', async () => {
    const bodies = [1, 2, 3].map((n) => readFixture('kolada', `data-2023-page-${n}.json`));
    server.route(`${DATA_PATH}?per_page=5000`, { body: bodies[0] });
    server.route(`${DATA_PATH}?page=2&per_page=5000`, { body: bodies[1] });
    server.route(`${DATA_PATH}?page=3&per_page=5000`, { body: bodies[2] });
    const progress: [number, number][] = [];

    const pages = await client().fetchDataPages(KPIS, [2023], { onProgress: (p, r) => progress.push([p, r]) });

    expect(server.urls()).toEqual([
      `${DATA_PATH}?per_page=5000`,
      `${DATA_PATH}?page=2&per_page=5000`,
      `${DATA_PATH}?page=3&per_page=5000`,
    ]);
    expect(pages.map((p) => new TextDecoder().decode(p.body))).toEqual(
      bodies.map((b) => b.split('{{origin}}').join(server.origin)),
    );
    expect(pages.map((p) => p.envelope.values.length)).toEqual([7, 5, 4]);
    expect(pages[2]!.url).toBe(`${server.origin}${DATA_PATH}?page=3&per_page=5000`);
    expect(progress).toEqual([
      [1, 7],
      [2, 12],
      [3, 16],
    ]);
  });

  it('follows a v2-style next_page link and stops at an empty one', async () => {
    const row = { kpi: 'U28490', municipality: '0180', period: 2023, values: [] };
    server.route('/v3/data/kpi/U28490/year/2023?per_page=5000', {
      body: { count: 1, values: [row], next_page: '{{origin}}/v3/data/kpi/U28490/year/2023?page=2&per_page=5000' },
    });
    server.route('/v3/data/kpi/U28490/year/2023?page=2&per_page=5000', {
      body: { count: 1, values: [row], next_page: '' },
    });

    const pages = await client().fetchDataPages(['U28490'], [2023]);

    expect(pages).toHaveLength(2);
    expect(server.urls()).toEqual([
      '/v3/data/kpi/U28490/year/2023?per_page=5000',
      '/v3/data/kpi/U28490/year/2023?page=2&per_page=5000',
    ]);
  });

  it('fails on a page that links to itself, after one request', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', {
      body: { count: 0, values: [], next_url: '{{origin}}/v3/data/kpi/U28490/year/2023?per_page=5000' },
    });

    const error = await failure(client().fetchDataPages(['U28490'], [2023]));

    expect(facts(error)).toEqual({
      url: `${server.origin}/v3/data/kpi/U28490/year/2023?per_page=5000`,
      status: null,
      attempts: 0,
      reason: 'paging-loop',
    });
    expect(error.message).toContain('links to itself');
    expect(server.requests).toHaveLength(1);
  });

  it('fails when a later page links back to an earlier one', async () => {
    const first = '/v3/data/kpi/U28490/year/2023?per_page=5000';
    const second = '/v3/data/kpi/U28490/year/2023?page=2&per_page=5000';
    server.route(first, { body: { count: 0, values: [], next_url: `{{origin}}${second}` } });
    server.route(second, { body: { count: 0, values: [], next_url: `{{origin}}${first}` } });

    const error = await failure(client().fetchDataPages(['U28490'], [2023]));

    expect(error.reason).toBe('paging-loop');
    expect(server.urls()).toEqual([first, second]);
  });

  it('stops at the page cap', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', (request) => {
      const page = Number(new URL(request.url, server.origin).searchParams.get('page') ?? '1');
      return { body: { count: 0, values: [], next_url: `{{origin}}/v3/data/kpi/U28490/year/2023?page=${page + 1}` } };
    });

    const error = await failure(client({ maxPages: 3 }).fetchDataPages(['U28490'], [2023]));

    expect(error.reason).toBe('page-limit');
    expect(server.requests).toHaveLength(3);
  });

  it('refuses a next_url that leaves the Kolada origin', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', {
      body: { count: 0, values: [], next_url: 'http://127.0.0.2:9/v3/data/kpi/U28490/year/2023?page=2' },
    });

    const error = await failure(client().fetchDataPages(['U28490'], [2023]));

    expect(error.reason).toBe('foreign-link');
    expect(server.requests).toHaveLength(1);
  });
});

describe('chunking', () => {
  it('splits 30 KPI ids into segments of 25 and 5', async () => {
    const ids = readKoladaKpiConfig()
      .slice(0, 30)
      .map((c) => c.kpiId);
    server.route(`/v3/data/kpi/${ids.slice(0, 25).join(',')}/year/2022,2023`, EMPTY);
    server.route(`/v3/data/kpi/${ids.slice(25).join(',')}/year/2022,2023`, EMPTY);

    await client().fetchDataPages(ids, [2022, 2023]);

    expect(server.urls()).toEqual([
      `/v3/data/kpi/${ids.slice(0, 25).join(',')}/year/2022,2023?per_page=5000`,
      `/v3/data/kpi/${ids.slice(25).join(',')}/year/2022,2023?per_page=5000`,
    ]);
    expect(ids.slice(0, 25).join(',').split(',')).toHaveLength(25);
  });

  it('chunks municipality and year lists too', async () => {
    const units = Array.from({ length: 26 }, (_, i) => String(101 + i).padStart(4, '0'));
    const years = Array.from({ length: 27 }, (_, i) => 1998 + i);
    for (const u of [units.slice(0, 25), units.slice(25)]) {
      for (const y of [years.slice(0, 25), years.slice(25)]) {
        server.route(`/v3/data/kpi/U28490/municipality/${u.join(',')}/year/${y.join(',')}`, EMPTY);
      }
    }

    await client().fetchDataPages(['U28490'], years, { municipalityIds: units });

    const segmentSizes = (url: string) => {
      const parts = url.replace(/\?.*/, '').split('/');
      return [parts[4], parts[6], parts[8]].map((segment) => segment!.split(',').length);
    };
    expect(server.urls().map(segmentSizes)).toEqual([
      [1, 25, 25],
      [1, 25, 2],
      [1, 1, 25],
      [1, 1, 2],
    ]);
    expect(server.urls()[3]).toBe('/v3/data/kpi/U28490/municipality/0126/year/2023,2024?per_page=5000');
  });

  it('asks for KPI metadata in segments of at most 25 ids', async () => {
    const ids = readKoladaKpiConfig()
      .slice(0, 30)
      .map((c) => c.kpiId);
    server.route(`/v3/kpi/${ids.slice(0, 25).join(',')}`, EMPTY);
    server.route(`/v3/kpi/${ids.slice(25).join(',')}`, EMPTY);

    await client().fetchKpis(ids);

    expect(server.urls()).toEqual([
      `/v3/kpi/${ids.slice(0, 25).join(',')}?per_page=5000`,
      `/v3/kpi/${ids.slice(25).join(',')}?per_page=5000`,
    ]);
  });

  it('passes from_date for an incremental run', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', EMPTY);

    await client().fetchDataPages(['U28490'], [2023], { fromDate: '2025-01-31' });

    expect(server.urls()).toEqual(['/v3/data/kpi/U28490/year/2023?per_page=5000&from_date=2025-01-31']);
  });

  it('refuses a from_date that is not a calendar date before any request', async () => {
    const error = await failure(client().fetchDataPages(['U28490'], [2023], { fromDate: '2025-02-30' }));

    expect(facts(error)).toMatchObject({ attempts: 0, reason: 'invalid-request' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('waits the Retry-After seconds after a 429, then succeeds', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', [{ status: 429, headers: { 'retry-after': '7' } }, EMPTY]);

    const pages = await client({ maxDelayMs: 30_000 }).fetchDataPages(['U28490'], [2023]);

    expect(pages).toHaveLength(1);
    expect(sleeps).toEqual([7000]);
    expect(server.requests).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP-date and caps it at maxDelayMs', async () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    server.route('/v3/data/kpi/U28490/year/2023', [
      { status: 429, headers: { 'retry-after': 'Fri, 01 May 2026 12:00:04 GMT' } },
      { status: 429, headers: { 'retry-after': '3600' } },
      EMPTY,
    ]);

    await client({ now: () => now, maxDelayMs: 5000 }).fetchDataPages(['U28490'], [2023]);

    expect(sleeps).toEqual([4000, 5000]);
  });

  it('gives up on a 503 series after maxRetries with exponential, jittered waits', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', { status: 503, body: 'Service Unavailable' });

    const error = await failure(client().fetchDataPages(['U28490'], [2023]));

    expect(facts(error)).toEqual({
      url: `${server.origin}/v3/data/kpi/U28490/year/2023?per_page=5000`,
      status: 503,
      attempts: 4,
      reason: 'http',
    });
    expect(error.message).toContain('HTTP 503');
    expect(sleeps).toEqual([75, 150, 300]);
    expect(server.requests).toHaveLength(4);
  });

  it('draws the jitter from the injected random source', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', [{ status: 500 }, { status: 502 }, EMPTY]);

    await client({ random: () => 0 }).fetchDataPages(['U28490'], [2023]);

    expect(sleeps).toEqual([50, 100]);
  });

  it('fails at once on a 404', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', { status: 404, body: { error: 'Not found' } });

    const error = await failure(client().fetchDataPages(['U28490'], [2023]));

    expect(facts(error)).toEqual({
      url: `${server.origin}/v3/data/kpi/U28490/year/2023?per_page=5000`,
      status: 404,
      attempts: 1,
      reason: 'http',
    });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('times out a slow response and retries it', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', [{ ...EMPTY, delayMs: 2000 }, EMPTY]);

    const pages = await client({ timeoutMs: 150 }).fetchDataPages(['U28490'], [2023]);

    expect(pages).toHaveLength(1);
    expect(sleeps).toEqual([75]);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a timeout once every attempt has timed out', async () => {
    server.route('/v3/data/kpi/U28490/year/2023', { ...EMPTY, delayMs: 2000 });

    const error = await failure(client({ timeoutMs: 150, maxRetries: 1 }).fetchDataPages(['U28490'], [2023]));

    expect(facts(error)).toEqual({
      url: `${server.origin}/v3/data/kpi/U28490/year/2023?per_page=5000`,
      status: null,
      attempts: 2,
      reason: 'timeout',
    });
    expect(error.message).toBe(
      `Kolada ${server.origin}/v3/data/kpi/U28490/year/2023?per_page=5000 timed out after 150 ms (attempt 2)`,
    );
  });

  it('retries a refused connection and reports a network error', async () => {
    const closed = await startFixtureServer();
    const baseUrl = `${closed.origin}/v3`;
    await closed.close();

    const error = await failure(client({ baseUrl, maxRetries: 2 }).fetchKpis(['U28490']));

    expect(facts(error)).toEqual({
      url: `${baseUrl}/kpi/U28490?per_page=5000`,
      status: null,
      attempts: 3,
      reason: 'network',
    });
    expect(sleeps).toEqual([75, 150]);
  });
});

describe('bodies that are not a JSON envelope', () => {
  it('names the URL when a 200 carries an HTML page', async () => {
    server.route('/v3/kpi/U28490', {
      headers: { 'content-type': 'text/html' },
      body: '<!DOCTYPE html><html><body><h1>Kolada är tillfälligt otillgänglig</h1></body></html>',
    });

    const error = await failure(client().fetchKpis(['U28490']));

    expect(facts(error)).toEqual({
      url: `${server.origin}/v3/kpi/U28490?per_page=5000`,
      status: 200,
      attempts: 1,
      reason: 'invalid-body',
    });
    expect(error.message).toBe(
      `Kolada ${server.origin}/v3/kpi/U28490?per_page=5000 returned an HTML/XML page, not a JSON envelope (87 bytes, starts "<!DOCTYPE html><html><body><h1>Kolada är tillfälligt otillgänglig</h1></body></h…")`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('names the URL when the JSON is truncated', async () => {
    const whole = readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json');
    server.route('/v3/kpi/U28490', { body: whole.slice(0, 300) });

    const error = await failure(client().fetchKpis(['U28490']));

    expect(error.reason).toBe('invalid-body');
    expect(error.message).toContain(
      `Kolada ${server.origin}/v3/kpi/U28490?per_page=5000 returned invalid or truncated JSON`,
    );
  });

  it('refuses JSON that is not an envelope', async () => {
    server.route('/v3/kpi/U28490', { body: [{ id: 'U28490' }] });

    const error = await failure(client().fetchKpis(['U28490']));

    expect(error.reason).toBe('invalid-body');
    expect(error.message).toContain('not an envelope');
  });
});
