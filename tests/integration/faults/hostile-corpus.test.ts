import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../../src/ingest/adapter.js';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { runIngest, type IngestResult } from '../../../src/ingest/pipeline.js';
import { readReferenceCatalog } from '../../../src/ingest/reference-catalog.js';
import { koladaAdapter } from '../../../src/ingest/sources/kolada/adapter.js';
import { createKoladaClient } from '../../../src/ingest/sources/kolada/client.js';
import { readKoladaKpiConfig } from '../../../src/ingest/sources/kolada/kpi-config.js';
import { ojAdapter } from '../../../src/ingest/sources/oj/adapter.js';
import { CORPUS, CORPUS_DIR, GENERATED, type CorpusCase, type GeneratedCase } from '../../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { readFixture, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server.js';
import { servingHash } from '../../helpers/serving-hash.js';

/**
 * Every file of the hostile corpus (tests/fixtures/corpus/README.md) through the real
 * pipeline: refused or repaired by an explicit, counted rule, with rejects that name file,
 * row, column and value, and serving data byte-identical after every refusal.
 */

const NOW = new Date('2026-05-01T03:00:00Z');
const KPIS = ['U28490', 'U30426', 'U21341', 'U35548'];
const DATA_PATH = `/v3/data/kpi/${KPIS.join(',')}/year/2023`;

let db: TestDatabase;
let server: FixtureServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jamfor-corpus-'));
  [db, server] = await Promise.all([
    createTestDatabase(),
    startFixtureServer({
      [`/v3/kpi/${KPIS.join(',')}`]: { body: readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json') },
    }),
  ]);
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await Promise.all([db?.close(), server?.close()]);
});

/** A Kolada corpus file served verbatim, as JSON, as the only data page of a run. */
async function koladaRun(filePath: string): Promise<IngestResult> {
  server.route(`${DATA_PATH}?per_page=5000`, {
    body: readFileSync(filePath),
    headers: { 'content-type': 'application/json' },
  });
  const client = createKoladaClient({
    baseUrl: `${server.origin}/v3`,
    timeoutMs: 2000,
    maxRetries: 0,
    baseDelayMs: 1,
    maxDelayMs: 1,
    perPage: 5000,
  });
  const config = readKoladaKpiConfig().filter((c) => KPIS.includes(c.kpiId));
  return runIngest(
    db.ingest,
    koladaAdapter,
    { years: [2023], kpiIds: KPIS, client, config },
    { trigger: 'corpus', now: NOW },
  );
}

async function ingestCase(c: CorpusCase | GeneratedCase, filePath: string): Promise<IngestResult> {
  if (c.source === 'kolada') return koladaRun(filePath);
  return ingestFile(db.ingest, filePath, {
    trigger: 'corpus',
    source: c.source,
    ...(c.mapping ? { mappingPath: path.join(CORPUS_DIR, c.mapping) } : {}),
    ...('limits' in c && c.limits ? { limits: c.limits } : {}),
    now: NOW,
  });
}

/**
 * Every served row of the given units, one line each, in the shape of Loaded.rows
 * (tests/helpers/corpus.ts): names from the reference data, '-' for null.
 */
async function servedRows(source: CorpusCase['source'], units: string[]): Promise<string[]> {
  const sql: Record<string, string> = {
    oj: `SELECT a.unit_code, u.name, q.area_code, a.answer, a.raw_value
           FROM routine_answer a JOIN reporting_unit u USING (unit_code) JOIN question q USING (question_code)
          WHERE a.year = 2018 AND a.unit_code = ANY($1) ORDER BY a.unit_code, q.area_code`,
    agreements: `SELECT a.unit_code, u.name, a.year, a.level, a.topic, a.status, a.raw_status, a.joint_goals
                   FROM agreement a JOIN reporting_unit u USING (unit_code)
                  WHERE a.unit_code = ANY($1) ORDER BY a.unit_code, a.year, a.level, a.topic`,
    'plan-counts': `SELECT p.unit_code, u.name, to_char(p.period_start, 'YYYY-MM-DD') AS start, to_char(p.period_end, 'YYYY-MM-DD') AS end,
                           p.plan_type, p.measure, p.principal, p.source_system, p.value::text, p.raw_value
                      FROM plan_count p JOIN reporting_unit u USING (unit_code)
                     WHERE p.unit_code = ANY($1) ORDER BY p.unit_code, p.period_start, p.plan_type, p.measure`,
  };
  // Every selected column is text or a number (the year): each reads as itself.
  const rows: Record<string, string | number | null>[] = await db.owner.query(sql[source]!, [units]);
  return rows.map((r) =>
    Object.values(r)
      .map((v) => (v === null ? '-' : String(v)))
      .join(' '),
  );
}

/** Runs one case and checks everything the table says about it. */
async function check(c: CorpusCase | GeneratedCase, filePath: string): Promise<IngestResult> {
  const before = await servingHash(db.owner);
  const result = await ingestCase(c, filePath);
  const said = `${result.status}: ${result.error ?? JSON.stringify(result.rejects)}`;
  expect(result.status, said).toBe(c.status);
  expect(
    result.rejects.map((r) => r.rule),
    said,
  ).toEqual(c.rules ?? []);
  expect(result.repairs).toEqual(c.repairs ?? {});
  expect(result.skipped.map((s) => ({ row: s.loc.row, column: s.loc.column, text: s.text }))).toEqual(
    'skipped' in c && c.skipped ? c.skipped : [],
  );
  if (c.error) expect(result.error).toMatch(c.error);
  else expect(result.error).toBeNull();

  // Each reject names its file (a Kolada page's URL); the first one also row, column and value.
  for (const r of result.rejects) {
    if (c.source === 'kolada') expect(r.loc.file).toContain(`${server.origin}${DATA_PATH}`);
    else expect(r.loc.file).toBe(c.file);
  }
  if (c.at) {
    const { rawValue, ...loc } = c.at;
    expect(result.rejects[0]!.loc).toMatchObject(loc);
    if (rawValue !== undefined) expect(result.rejects[0]!.rawValue).toBe(rawValue);
  }

  // Nothing half-loaded: a refused release leaves serving data byte-identical.
  if (c.status !== 'SUCCEEDED') expect(await servingHash(db.owner)).toBe(before);
  else expect(result.counts.rowsRead).toBeGreaterThan(0);
  // A release that loads leaves exactly its rows served: values, names, missing kinds.
  if (c.status === 'SUCCEEDED') {
    expect(c.loaded, `${c.file}: a case that loads says what it loads`).toBeDefined();
    const units = [...new Set(c.loaded!.rows.map((r) => r.split(' ')[0]!))];
    const { rowsRead, inserted, updated, unchanged } = result.counts;
    expect({ rowsRead, records: inserted + updated + unchanged, rows: await servedRows(c.source, units) }).toEqual(
      c.loaded,
    );
  }

  const [run] = await db.owner.query(`SELECT status, error, rows_rejected, rejects FROM ingest_run WHERE id = $1`, [
    result.runId,
  ]);
  expect(run).toMatchObject({ status: c.status, error: result.error, rows_rejected: result.rejects.length });
  expect(run.rejects).toEqual(JSON.parse(JSON.stringify(result.rejects)));
  // The ledger's per-file row says the same as the run (FAILED cases fail before a file is read).
  if (c.status !== 'FAILED') {
    const files = await db.owner.query(
      `SELECT status, rows_read, rows_skipped, rows_rejected FROM ingest_run_file WHERE ingest_run_id = $1`,
      [result.runId],
    );
    expect(files).toEqual([
      {
        status: c.status,
        rows_read: result.counts.rowsRead,
        rows_skipped: result.skipped.length,
        rows_rejected: result.rejects.length,
      },
    ]);
  }
  return result;
}

describe('the hostile corpus', () => {
  it('holds at least 30 files, each in the table, and a README row for every case that says the same', () => {
    const files = readdirSync(CORPUS_DIR).filter((f) => f !== 'README.md' && !f.endsWith('.mapping.json'));
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.sort()).toEqual(CORPUS.map((c) => c.file).sort());
    const readme = readFileSync(path.join(CORPUS_DIR, 'README.md'), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `([^`]+)` \|[^|]*\|[^|]*\| (SUCCEEDED|HELD|FAILED) \| ([^|]*) \|/gm)].map((m) => [
        m[1]!,
        { status: m[2], rules: m[3]!.trim() },
      ]),
    );
    for (const c of [...CORPUS, ...GENERATED]) {
      expect(rows.get(c.file), c.file).toEqual({
        status: c.status,
        rules: (c.rules ?? []).map((r) => `\`${r}\``).join(', ') || '–',
      });
    }
    expect(rows.size).toBe(CORPUS.length + GENERATED.length);
  });

  it.each(CORPUS)('$file → $status', async (c) => {
    await check(c, path.join(CORPUS_DIR, c.file));
  });

  it.each(GENERATED)('$file (generated) → $status, quickly and without the bytes in memory', async (c) => {
    const file = path.join(tmp, c.file);
    await c.write(file);
    const heap = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const startHeap = heap();
    const started = Date.now();
    await check(c, file);
    // Refused by the limit, not by running out of memory: well under the file's expanded size.
    expect(Date.now() - started).toBeLessThan(5000);
    if (c.status !== 'SUCCEEDED') expect(heap() - startHeap).toBeLessThan(48 * 1024 * 1024);
    rmSync(file, { force: true });
  });

  it('reads UTF-8, UTF-8 with BOM, Windows-1252 and UTF-16 into the same records', async () => {
    const mappingPath = path.join(CORPUS_DIR, 'oj-wide.mapping.json');
    const ctx = { catalog: readReferenceCatalog(), now: NOW, limits: DEFAULT_PARSE_LIMITS };
    const records = async (file: string) => {
      const release = await ojAdapter.parse(
        await ojAdapter.fetch({ path: path.join(CORPUS_DIR, file), mappingPath }),
        ctx,
      );
      expect(release.rejects).toEqual([]);
      return release.answers.map(({ loc, ...a }) => ({ ...a, row: loc.row, column: loc.column }));
    };
    const reference = await records('oj-utf8.csv');
    expect(reference).toHaveLength(9);
    expect(reference[0]).toEqual({
      unit: { kind: 'MUNICIPALITY', code: '0428' },
      questionCode: 'SIP_INFO.ALDREOMSORG',
      year: 2018,
      answer: 'NEJ',
      rawValue: 'Nej',
      row: 2,
      column: 'Äldreomsorg',
    });
    for (const file of ['oj-utf8-bom.csv', 'oj-windows-1252.csv', 'oj-utf16le.csv'])
      expect(await records(file), file).toEqual(reference);
  });
});
