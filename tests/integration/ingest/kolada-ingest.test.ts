import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../../src/ingest/pipeline.js';
import { koladaAdapter } from '../../../src/ingest/sources/kolada/adapter.js';
import { createKoladaClient } from '../../../src/ingest/sources/kolada/client.js';
import { readKoladaKpiConfig } from '../../../src/ingest/sources/kolada/kpi-config.js';
import { readFixture, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

const KPI = 'U28490';
const DATA = `/v3/data/kpi/${KPI}/year/2023`;
const NOW = new Date('2026-05-01T00:00:00Z');

let db: TestDatabase;
let server: FixtureServer;

const kpiMeta = () => {
  const all = JSON.parse(readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json'));
  return { ...all, count: 1, values: all.values.filter((k: { id: string }) => k.id === KPI), next_url: null };
};
const row = (municipality: string, value: number | null, extra: Record<string, unknown> = {}) => ({
  kpi: KPI,
  municipality,
  period: 2023,
  values: [{ count: 1, gender: 'T', status: '', value, isdeleted: false, ...extra }],
});
const page = (values: unknown[], next: string | null) => ({
  count: values.length,
  values,
  next_url: next,
  previous_url: null,
});

function ingestKolada() {
  const client = createKoladaClient({
    baseUrl: `${server.origin}/v3`,
    timeoutMs: 1000,
    maxRetries: 2,
    baseDelayMs: 5,
    maxDelayMs: 20,
    perPage: 5000,
  });
  const config = readKoladaKpiConfig().filter((c) => c.kpiId === KPI);
  return runIngest(
    db.ingest,
    koladaAdapter,
    { years: [2023], kpiIds: [KPI], client, config },
    { trigger: 'test', now: NOW },
  );
}

async function answers(): Promise<{ unit_code: string; answer: string; raw_value: string }[]> {
  return db.owner.query(
    `SELECT unit_code, answer, raw_value FROM routine_answer WHERE question_code = $1 ORDER BY unit_code`,
    [KPI],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startFixtureServer({ [`/v3/kpi/${KPI}`]: { body: kpiMeta() } });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

describe('Kolada through the ingest pipeline', () => {
  it('follows three pages and loads municipality answers and region/Riket shares as published figures', async () => {
    server.route(`${DATA}?per_page=5000`, {
      body: page([row('0180', 1), row('1280', 0)], `{{origin}}${DATA}?page=2&per_page=5000`),
    });
    server.route(`${DATA}?page=2&per_page=5000`, {
      body: page([row('0181', 1), row('0001', 42.9)], `{{origin}}${DATA}?page=3&per_page=5000`),
    });
    server.route(`${DATA}?page=3&per_page=5000`, { body: page([row('0000', 61.4)], null) });
    const result = await ingestKolada();
    expect(result.error).toBeNull();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counts).toMatchObject({ inserted: 5, updated: 0, withdrawn: 0, rejected: 0 });
    expect(await answers()).toEqual([
      { unit_code: '0180', answer: 'JA', raw_value: '1' },
      { unit_code: '0181', answer: 'JA', raw_value: '1' },
      { unit_code: '1280', answer: 'NEJ', raw_value: '0' },
    ]);
    const figures = await db.owner.query(
      `SELECT scope_code, percent::float AS percent, publication FROM published_figure WHERE measure = $1 ORDER BY scope_code`,
      [KPI],
    );
    expect(figures).toEqual([
      { scope_code: '00', percent: 61.4, publication: 'Kolada' },
      { scope_code: '01', percent: 42.9, publication: 'Kolada' },
    ]);
    const [question] = await db.owner.query(
      `SELECT area_code, answer_scale, kolada_kpi_id FROM question WHERE question_code = $1`,
      [KPI],
    );
    expect(question).toEqual({
      area_code: 'SOCIALPSYKIATRI',
      answer_scale: { '0': 'NEJ', '1': 'JA' },
      kolada_kpi_id: KPI,
    });
  });

  it('withdraws a value Kolada marks isdeleted and keeps it in history', async () => {
    server.route(`${DATA}?per_page=5000`, {
      body: page([row('0180', 1), row('1280', 0)], `{{origin}}${DATA}?page=2&per_page=5000`),
    });
    server.route(`${DATA}?page=2&per_page=5000`, {
      body: page([row('0181', 1, { isdeleted: true }), row('0001', 42.9)], `{{origin}}${DATA}?page=3&per_page=5000`),
    });
    const result = await ingestKolada();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counts).toMatchObject({ inserted: 0, updated: 0, withdrawn: 1 });
    expect((await answers()).map((a) => a.unit_code)).toEqual(['0180', '1280']);
    const history = await db.owner.query(
      `SELECT unit_code, answer, change_kind FROM routine_answer_history WHERE question_code = $1`,
      [KPI],
    );
    expect(history).toEqual([{ unit_code: '0181', answer: 'JA', change_kind: 'WITHDRAWN' }]);
  });

  it('fails cleanly after bounded retries on a 503 series, leaving the data as it was', async () => {
    const before = await answers();
    server.route(`${DATA}?per_page=5000`, { status: 503, body: 'Service Unavailable' });
    const requestsBefore = server.requests.length;
    const result = await ingestKolada();
    expect(result.status).toBe('FAILED');
    expect(result.error).toContain(`${DATA}`);
    expect(server.requests.length - requestsBefore).toBe(1 + 3); // metadata + 1 try + 2 retries
    expect(await answers()).toEqual(before);
    const [run] = await db.owner.query(`SELECT status, error IS NOT NULL AS has_error FROM ingest_run WHERE id = $1`, [
      result.runId,
    ]);
    expect(run).toEqual({ status: 'FAILED', has_error: true });
  });

  it('refuses a page that links to itself instead of looping', async () => {
    server.route(`${DATA}?per_page=5000`, { body: page([row('0180', 1)], `{{origin}}${DATA}?per_page=5000`) });
    const result = await ingestKolada();
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatch(/loop|already|itself/i);
  });
});
