import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { servingHash } from '../../helpers/serving-hash.js';

const SORMLAND = 'oj-2018-sormland-sip-information-routine';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-pipeline-'));
});
afterAll(async () => {
  await db.close();
});

/** A copy of the bundled Sörmland file and its mapping under a new name, with edited rows. */
function sormlandVariant(name: string, edit: (csv: string) => string): string {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, edit(readFileSync(path.join(SAMPLES_DIR, `${SORMLAND}.csv`), 'utf8')));
  copyFileSync(path.join(SAMPLES_DIR, `${SORMLAND}.mapping.json`), path.join(dir, `${name}.mapping.json`));
  return file;
}

describe('ingest pipeline on real Postgres', () => {
  const file = path.join(SAMPLES_DIR, `${SORMLAND}.csv`);

  it('loads the bundled Sörmland file to 72 answers from 8 municipalities and Flen’s 9 NO_RESPONSE', async () => {
    const result = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(result.error).toBeNull();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counts).toEqual({
      rowsRead: 9,
      skipped: 0,
      inserted: 81,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      rejected: 0,
    });
    const rows = await db.owner.query(`SELECT answer, count(*)::int AS n, count(DISTINCT unit_code)::int AS units
      FROM routine_answer WHERE year = 2018 GROUP BY answer ORDER BY answer`);
    expect(rows).toEqual([
      { answer: 'EJ_AKTUELLT', n: 2, units: 2 },
      { answer: 'JA', n: 37, units: 6 },
      { answer: 'NEJ', n: 33, units: 6 },
      { answer: 'NO_RESPONSE', n: 9, units: 1 },
    ]);
    const [flen] = await db.owner.query(
      `SELECT DISTINCT unit_code, raw_value FROM routine_answer WHERE answer = 'NO_RESPONSE'`,
    );
    expect(flen).toEqual({ unit_code: '0482', raw_value: '-' });
    const [run] = await db.owner.query(
      `SELECT status, rows_inserted, length(sha256) AS sha_len, parser_version FROM ingest_run WHERE id = $1`,
      [result.runId],
    );
    expect(run).toEqual({ status: 'SUCCEEDED', rows_inserted: 81, sha_len: 64, parser_version: 'oj@2' });
    expect(result.datasetVersion).toBe('1');
  });

  it('skips the same file a second time as SKIPPED_UNCHANGED and writes nothing', async () => {
    const before = await servingHash(db.owner);
    const result = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(result.status).toBe('SKIPPED_UNCHANGED');
    expect(result.counts.inserted + result.counts.updated).toBe(0);
    expect(await servingHash(db.owner)).toBe(before);
  });

  it('changes 0 rows when forced to reload the same file', async () => {
    const before = await servingHash(db.owner);
    const result = await ingestFile(db.ingest, file, { trigger: 'test', force: true });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counts).toEqual({
      rowsRead: 9,
      skipped: 0,
      inserted: 0,
      updated: 0,
      unchanged: 81,
      withdrawn: 0,
      rejected: 0,
    });
    expect(await servingHash(db.owner)).toBe(before);
    expect(result.datasetVersion).toBe('1');
  });

  it('keeps the previous value in history when a release revises it', async () => {
    // Same release identity is the file name: a revised Sörmland file with Vingåker's Hemlöshet now Ja.
    const revised = sormlandVariant(SORMLAND, (csv) =>
      csv.replace(
        '0428;Vingåker;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Nej',
        '0428;Vingåker;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Ja;Nej',
      ),
    );
    const result = await ingestFile(db.ingest, revised, { trigger: 'test' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 80 });
    const [current] = await db.owner.query(
      `SELECT answer, raw_value FROM routine_answer WHERE unit_code = '0428' AND question_code = 'SIP_INFO.HEMLOSHET'`,
    );
    expect(current).toEqual({ answer: 'JA', raw_value: 'Ja' });
    const history = await db.owner.query(
      `SELECT answer, raw_value, change_kind, superseded_by_run_id = $1 AS by_this_run FROM routine_answer_history WHERE unit_code = '0428'`,
      [result.runId],
    );
    expect(history).toEqual([{ answer: 'NEJ', raw_value: 'Nej', change_kind: 'REVISED', by_this_run: true }]);
    expect(result.datasetVersion).toBe('2');
  });

  it('holds a release with a rejected answer and leaves serving data byte-identical', async () => {
    const before = await servingHash(db.owner);
    const bad = sormlandVariant('oj-2018-sormland-bad', (csv) =>
      csv.replace('0488;Trosa;Ja;Ja', '0488;Trosa;Delvis;Ja'),
    );
    const result = await ingestFile(db.ingest, bad, { trigger: 'test' });
    expect(result.status).toBe('HELD');
    expect(result.rejects).toHaveLength(1);
    expect(result.rejects[0]).toMatchObject({
      rule: 'answer-not-in-scale',
      rawValue: 'Delvis',
      loc: { row: 10, column: 'Äldreomsorg' },
    });
    expect(await servingHash(db.owner)).toBe(before);
    const [run] = await db.owner.query(
      `SELECT status, rows_rejected, rejects->0->>'rule' AS rule FROM ingest_run WHERE id = $1`,
      [result.runId],
    );
    expect(run).toEqual({ status: 'HELD', rows_rejected: 1, rule: 'answer-not-in-scale' });
  });

  it('loads the valid rows of a held release when asked to, recording the rejects', async () => {
    const bad = sormlandVariant('oj-2018-sormland-partial', (csv) =>
      csv.replace('0488;Trosa;Ja;Ja', '0488;Trosa;Delvis;Ja'),
    );
    const result = await ingestFile(db.ingest, bad, { trigger: 'test', allowPartial: true });
    expect(result.status).toBe('SUCCEEDED');
    // Same rows as loaded already except Vingåker's revision is undone (Nej again) and Trosa's Äldreomsorg is not loaded.
    expect(result.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 79, rejected: 1 });
  });

  it('holds a release that silently drops municipalities that answered the year before', async () => {
    const next = sormlandVariant('oj-2019-sormland', (csv) =>
      csv
        .split('\n')
        .filter((line) => !/^(0428|0461|0480)/.test(line))
        .join('\n'),
    );
    const mappingFile = next.replace(/\.csv$/, '.mapping.json');
    writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace('"year": 2018', '"year": 2019'));
    const before = await servingHash(db.owner);
    const result = await ingestFile(db.ingest, next, { trigger: 'test' });
    expect(result.status).toBe('HELD');
    const coverage = result.rejects.find((r) => r.rule === 'coverage-drop');
    expect(coverage?.rawValue).toBe('0428,0461,0480');
    expect(coverage?.message).toContain('3 of 9 municipalities that answered in 2018');
    expect(await servingHash(db.owner)).toBe(before);
  });

  it('lets exactly one of two ingests started together run', async () => {
    const a = sormlandVariant('oj-2018-sormland-a', (csv) => csv);
    const b = sormlandVariant('oj-2018-sormland-b', (csv) => csv);
    const results = await Promise.all([
      ingestFile(db.ingest, a, {
        trigger: 'test',
        force: true,
        onPhase: (p) => (p === 'parsing' ? new Promise((r) => setTimeout(r, 300)) : undefined),
      }),
      ingestFile(db.ingest, b, {
        trigger: 'test',
        force: true,
        onPhase: (p) => (p === 'parsing' ? new Promise((r) => setTimeout(r, 300)) : undefined),
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['SKIPPED_LOCKED', 'SUCCEEDED']);
    const [locked] = await db.owner.query(`SELECT count(*)::int AS n FROM ingest_run WHERE status = 'SKIPPED_LOCKED'`);
    expect(locked.n).toBe(1);
  });
});

describe('what a release checksum covers', () => {
  it('reloads an unchanged ÖJ file when its mapping changes', async () => {
    const file = sormlandVariant('oj-2018-sormland-remapped', (csv) => csv);
    const first = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(first.status).toBe('SUCCEEDED');
    const mappingFile = file.replace(/\.csv$/, '.mapping.json');
    writeFileSync(
      mappingFile,
      readFileSync(mappingFile, 'utf8').replace('"publication": "', '"publication": "Reviderad: '),
    );
    const second = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(second.status).toBe('SUCCEEDED');
    expect(second.sha256).not.toBe(first.sha256);
  });
});

describe('statistics after a bulk load', () => {
  it('refreshes the answers table statistics when a run changed a large part of it', async () => {
    const [before] = await db.owner.query(
      `SELECT coalesce(analyze_count, 0) + coalesce(autoanalyze_count, 0) AS n FROM pg_stat_user_tables WHERE relname = 'routine_answer'`,
    );
    const file = sormlandVariant('oj-2017-sormland-stats', (csv) => csv);
    const mappingFile = file.replace(/\.csv$/, '.mapping.json');
    writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace('"year": 2018', '"year": 2017'));
    const result = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(result.counts.inserted).toBe(81);
    // pg_stat counters are reported asynchronously; poll briefly.
    let after = before.n;
    for (let i = 0; i < 50 && Number(after) === Number(before.n); i++) {
      await new Promise((r) => setTimeout(r, 100));
      [{ n: after }] = await db.owner.query(
        `SELECT pg_stat_clear_snapshot(), coalesce(analyze_count, 0) + coalesce(autoanalyze_count, 0) AS n FROM pg_stat_user_tables WHERE relname = 'routine_answer'`,
      );
    }
    expect(Number(after)).toBeGreaterThan(Number(before.n));
  });
});
