import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestFile, ingestFiles } from '../../../src/ingest/ingest-file.js';
import { PARSER_VERSIONS } from '../../../src/ingest/pipeline.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { servingHash } from '../../helpers/serving-hash.js';
import { statementsLike } from '../../helpers/statements.js';

const SORMLAND = 'oj-2018-sormland-sip-information-routine';

// Every test gets a fresh database and loads what it needs, so each passes alone (`-t`).
let db: TestDatabase;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-pipeline-'));
});
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.close();
});

const BUNDLED = path.join(SAMPLES_DIR, `${SORMLAND}.csv`);

/** The bundled Sörmland 2018 file loaded, as the first release of a fresh database. */
async function loadBundled() {
  const result = await ingestFile(db.ingest, BUNDLED, { trigger: 'test' });
  expect(result.status).toBe('SUCCEEDED');
  return result;
}

/** The bundled file revised: Vingåker's Hemlöshet answer Nej → Ja (the same release: same file name). */
function revisedBundled(): string {
  return sormlandVariant(SORMLAND, (csv) =>
    csv.replace(
      '0428;Vingåker;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Nej',
      '0428;Vingåker;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Ja;Nej',
    ),
  );
}

/** A copy of the bundled Sörmland file and its mapping under a new name, with edited rows. */
function sormlandVariant(name: string, edit: (csv: string) => string): string {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, edit(readFileSync(path.join(SAMPLES_DIR, `${SORMLAND}.csv`), 'utf8')));
  copyFileSync(path.join(SAMPLES_DIR, `${SORMLAND}.mapping.json`), path.join(dir, `${name}.mapping.json`));
  return file;
}

describe('ingest pipeline on real Postgres', () => {
  const file = BUNDLED;

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
    await loadBundled();
    const before = await servingHash(db.owner);
    const result = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(result.status).toBe('SKIPPED_UNCHANGED');
    expect(result.counts.inserted + result.counts.updated).toBe(0);
    expect(await servingHash(db.owner)).toBe(before);
  });

  it('reloads an unchanged file when the parser version changed since its last load', async () => {
    const first = await loadBundled();
    // The same bytes, last loaded by an older parser: a new parser must read them again.
    await db.owner.query(`UPDATE ingest_run SET parser_version = 'oj@0' WHERE id = $1`, [first.runId]);
    const second = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(second.status).toBe('SUCCEEDED');
    expect(second.sha256).toBe(first.sha256);
    expect(second.counts).toMatchObject({ rowsRead: 9, inserted: 0, updated: 0, unchanged: 81 });
    const [run] = await db.owner.query(`SELECT parser_version FROM ingest_run WHERE id = $1`, [second.runId]);
    expect(run).toEqual({ parser_version: PARSER_VERSIONS['oj'] });
    // …and, recorded under the current version, the next identical file is skipped again.
    expect((await ingestFile(db.ingest, file, { trigger: 'test' })).status).toBe('SKIPPED_UNCHANGED');
  });

  it('changes 0 rows when forced to reload the same file', async () => {
    await loadBundled();
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
    await loadBundled();
    // Same release identity is the file name: a revised Sörmland file with Vingåker's Hemlöshet now Ja.
    const result = await ingestFile(db.ingest, revisedBundled(), { trigger: 'test' });
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
    await loadBundled();
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
    await loadBundled();
    expect((await ingestFile(db.ingest, revisedBundled(), { trigger: 'test' })).status).toBe('SUCCEEDED');
    const bad = sormlandVariant('oj-2018-sormland-partial', (csv) =>
      csv.replace('0488;Trosa;Ja;Ja', '0488;Trosa;Delvis;Ja'),
    );
    const result = await ingestFile(db.ingest, bad, { trigger: 'test', allowPartial: true });
    expect(result.status).toBe('SUCCEEDED');
    // Same rows as loaded already except Vingåker's revision is undone (Nej again) and Trosa's Äldreomsorg is not loaded.
    expect(result.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 79, rejected: 1 });
  });

  it('holds a release that silently drops municipalities that answered the year before', async () => {
    await loadBundled();
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

  it('checks the coverage of every file of a publication in one statement', async () => {
    await loadBundled();
    const year2019 = (name: string, edit: (csv: string) => string) => {
      const file = sormlandVariant(name, edit);
      const mappingFile = file.replace(/\.csv$/, '.mapping.json');
      writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace('"year": 2018', '"year": 2019'));
      return file;
    };
    const complete = year2019('oj-2019-sormland-complete', (csv) => csv);
    const truncated = year2019('oj-2019-sormland-truncated', (csv) =>
      csv
        .split('\n')
        .filter((line) => !/^(0428|0461|0480)/.test(line))
        .join('\n'),
    );
    const statements = statementsLike('FROM jsonb_to_recordset');
    const result = await ingestFiles(db.ingest, [complete, truncated], { trigger: 'test', name: 'ÖJ 2019' });
    expect(statements()).toBe(1);
    expect(result.status).toBe('HELD');
    expect(result.files.map((f) => [f.status, f.rejects.map((r) => r.rule)])).toEqual([
      ['HELD', []],
      ['HELD', ['coverage-drop']],
    ]);
    const coverage = result.files[1]!.rejects[0]!;
    expect(coverage.rawValue).toBe('0428,0461,0480');
    expect(coverage.message).toContain('3 of 9 municipalities that answered in 2018');
    expect(result.files[1]!.repairs['coverage-missing-municipalities']).toBe(3);
    expect(result.files[0]!.repairs['coverage-missing-municipalities']).toBeUndefined();
  });

  it('rewrites only the stored share counts of the pairs whose answers changed', async () => {
    const first = await loadBundled();
    const statements = statementsLike('WITH pairs AS (SELECT DISTINCT question_code, year::int');
    const same = await ingestFile(db.ingest, BUNDLED, { trigger: 'test', force: true });
    expect(same.counts).toMatchObject({ inserted: 0, updated: 0, withdrawn: 0, unchanged: 81 });
    // A forced reload that changes nothing recomputes no count and writes no history.
    expect(statements()).toBe(0);
    const revised = await ingestFile(db.ingest, revisedBundled(), { trigger: 'test' });
    expect(revised.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 80 });
    expect(statements()).toBe(1);
    // Vingåker's Hemlöshet answer changed: only that question's counts were recomputed, and of
    // them only the rows of the scopes holding Vingåker (0428) differ and were written.
    const rows = await db.owner.query<{ question_code: string; run: string; n: number }[]>(
      `SELECT question_code, refreshed_by_run_id::text AS run, count(*)::int AS n FROM routine_scope_count
        GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(rows.filter((r) => r.run === revised.runId).map((r) => r.question_code)).toEqual(['SIP_INFO.HEMLOSHET']);
    expect(rows.filter((r) => r.run === first.runId)).toHaveLength(9);
    const written = await db.owner.query<{ scope: string }[]>(
      `SELECT s.scope_kind || ' ' || s.scope_code AS scope FROM routine_scope_count s WHERE s.refreshed_by_run_id = $1
        ORDER BY 1`,
      [revised.runId],
    );
    const [vingaker] = await db.owner.query<{ region: string; group: string }[]>(
      `SELECT region_code AS region, kommungrupp_code AS "group" FROM reporting_unit WHERE unit_code = '0428'`,
    );
    expect(written.map((r) => r.scope)).toEqual([
      `KOMMUNGRUPP ${vingaker!.group}`,
      'NATION 00',
      `REGION ${vingaker!.region}`,
    ]);
    const [history] = await db.owner.query(`SELECT count(*)::int AS n FROM routine_answer_history`);
    expect(history.n).toBe(1);
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

  it('analyses the answers after a first load, and leaves a one-row revision to autovacuum', async () => {
    const analyses = statementsLike('ANALYZE routine_answer');
    await loadBundled();
    expect(analyses()).toBe(1);
    const revised = await ingestFile(db.ingest, revisedBundled(), { trigger: 'test' });
    expect(revised.counts.updated).toBe(1);
    expect(analyses()).toBe(1);
  });

  it('does not analyse the answers after a run that wrote no answer', async () => {
    const analyses = statementsLike('ANALYZE routine_answer');
    const agreements = await ingestFile(db.ingest, path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-coverage.csv'), {
      trigger: 'test',
    });
    expect(agreements.status, agreements.error ?? '').toBe('SUCCEEDED');
    expect(agreements.counts.inserted).toBeGreaterThan(0);
    expect(analyses()).toBe(0);
  });
});
