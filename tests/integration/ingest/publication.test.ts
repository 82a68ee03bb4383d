import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestFile, ingestFiles } from '../../../src/ingest/ingest-file.js';
import type { IngestResult } from '../../../src/ingest/pipeline.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { writeNationalFixture } from '../../helpers/national-fixture.js';
import { statementsLike } from '../../helpers/statements.js';

/**
 * A publication (several files) loads as one run in one transaction: the same rows and
 * per-file counts as loading the files one by one, all or nothing, skipped when unchanged.
 */

const SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
const NOW = new Date('2025-06-01T00:00:00Z');

let one: TestDatabase;
let each: TestDatabase;
let files: string[];
let broken: string;

/** The warehouse's facts without run ids or timestamps: equal when two loads wrote the same data. */
async function facts(db: TestDatabase): Promise<Record<string, string>> {
  const [row] = await db.owner.query(`SELECT
    (SELECT md5(string_agg(concat_ws('|', question_code, unit_code, year, answer, raw_value), ',' ORDER BY question_code, unit_code, year)) FROM routine_answer) AS answers,
    (SELECT md5(string_agg(concat_ws('|', subject, measure, scope_code, scope_label, year, percent, numerator, denominator), ',' ORDER BY subject, measure, scope_code, scope_label, year)) FROM published_figure) AS figures`);
  return row;
}

async function version(db: TestDatabase): Promise<string> {
  return (await db.owner.query(`SELECT version::text AS v FROM dataset_state`))[0].v;
}

beforeAll(async () => {
  one = await createTestDatabase();
  each = await createTestDatabase();
  files = [SAMPLE, ...writeNationalFixture().files];
  // A copy of the Sörmland file with an unknown kommunkod: a key-field reject that holds it.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-publication-'));
  broken = path.join(dir, 'oj-2018-sormland-broken.csv');
  writeFileSync(broken, readFileSync(SAMPLE, 'utf8').replace('0428;Vingåker', '0999;Vingåker'));
  copyFileSync(SAMPLE.replace(/\.csv$/, '.mapping.json'), broken.replace(/\.csv$/, '.mapping.json'));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([one?.close(), each?.close()]);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every frame with its units and questions, without ids, runs or timestamps. */
async function frames(db: TestDatabase): Promise<string[]> {
  const rows = await db.owner.query<
    { f: string }[]
  >(`SELECT concat_ws('|', f.source, f.release_key, f.year, f.frame_kind, f.region_code, f.label, f.label_sv, f.publication,
      (SELECT string_agg(u.unit_code, ',' ORDER BY u.unit_code) FROM release_frame_unit u WHERE u.frame_id = f.id),
      (SELECT string_agg(x.question_code, ',' ORDER BY x.question_code) FROM release_frame_question x WHERE x.frame_id = f.id)) AS f
    FROM release_frame f ORDER BY 1`);
  return rows.map((r) => r.f);
}

describe('a publication of several files', () => {
  it('holds the whole publication when one file is held, naming that file, and writes nothing', async () => {
    const before = await version(one);
    const result = await ingestFiles(one.ingest, [files[1]!, broken], { trigger: 'test', name: 'ÖJ mixed', now: NOW });
    expect(result.status).toBe('HELD');
    expect(result.files.map((f) => f.status)).toEqual(['HELD', 'HELD']);
    expect(result.files[0]!.error).toBe('held with its publication: oj-2018-sormland-broken.csv');
    expect(result.error).toContain('oj-2018-sormland-broken.csv HELD');
    expect(result.rejects.length).toBeGreaterThan(0);
    for (const reject of result.rejects) expect(reject.loc.file).toBe('oj-2018-sormland-broken.csv');
    const [{ n }] = await one.owner.query(`SELECT count(*)::int AS n FROM routine_answer`);
    expect(n).toBe(0);
    expect(await version(one)).toBe(before);
    const [run] = await one.owner.query(`SELECT status, release_key, rows_inserted FROM ingest_run WHERE id = $1`, [
      result.runId,
    ]);
    expect(run).toEqual({ status: 'HELD', release_key: 'ÖJ mixed', rows_inserted: 0 });
    const ledger = await one.owner.query(
      `SELECT file, status, jsonb_array_length(rejects) > 0 AS has_rejects FROM ingest_run_file WHERE ingest_run_id = $1 ORDER BY ordinal`,
      [result.runId],
    );
    expect(ledger).toEqual([
      { file: path.basename(files[1]!), status: 'HELD', has_rejects: false },
      { file: 'oj-2018-sormland-broken.csv', status: 'HELD', has_rejects: true },
    ]);
  });

  it('writes the same rows, with the same per-file counts, as loading the files one by one — in one run and one version step', async () => {
    const separate: IngestResult[] = [];
    for (const file of files) separate.push(await ingestFile(each.ingest, file, { trigger: 'test', now: NOW }));
    const before = Number(await version(one));
    const result = await ingestFiles(one.ingest, files, { trigger: 'test', name: 'ÖJ all', now: NOW });
    expect(result.status, result.error ?? '').toBe('SUCCEEDED');
    expect(result.files.map((f) => f.status)).toEqual(files.map(() => 'SUCCEEDED'));
    expect(result.files.map((f) => f.counts)).toEqual(separate.map((r) => r.counts));
    expect(result.files[0]!.counts).toMatchObject({ rowsRead: 9, inserted: 81 });
    expect(await facts(one)).toEqual(await facts(each));
    expect(Number(await version(one))).toBe(before + 1);
    expect(await frames(one)).toEqual(await frames(each));
    // The ledger keeps one row per file inside the run.
    const ledger = await one.owner.query(
      `SELECT ordinal, file, status, rows_inserted FROM ingest_run_file WHERE ingest_run_id = $1 ORDER BY ordinal`,
      [result.runId],
    );
    expect(ledger).toEqual(
      files.map((f, i) => ({
        ordinal: i + 1,
        file: path.basename(f),
        status: 'SUCCEEDED',
        rows_inserted: separate[i]!.counts.inserted,
      })),
    );
    const runs = await one.owner.query(`SELECT DISTINCT ingest_run_id::text AS run FROM routine_answer`);
    expect(runs).toEqual([{ run: result.runId }]);
  });

  it('writes a first load of its (question, year) pairs by COPY, the same rows, provenance and locations the merge writes', async () => {
    const merged = await createTestDatabase();
    try {
      const answerRows = (db: TestDatabase) =>
        db.owner.query(`SELECT question_code, unit_code, year, answer, raw_value, provenance, inference_rule,
            source_file, source_sheet, source_row, source_column FROM routine_answer ORDER BY question_code, unit_code, year`);
      // The first file's pairs are new: COPY'd straight into routine_answer, nothing staged. (The
      // COPY runs on the driver's client, past the spy; the path reads the transaction's now() first.)
      const copied = statementsLike('SELECT now()::text AS now');
      const staged = statementsLike('TRUNCATE stage_answer');
      const first = await ingestFile(merged.ingest, files[0]!, { trigger: 'test', now: NOW });
      expect(first.counts).toMatchObject({ rowsRead: 9, inserted: 81, updated: 0, unchanged: 0 });
      expect([copied(), staged()]).toEqual([1, 0]);
      const [{ n, instants }] = await merged.owner.query(
        `SELECT count(*)::int AS n, count(DISTINCT a.valid_from)::int AS instants FROM routine_answer a
           JOIN ingest_run r ON r.id = a.ingest_run_id AND a.valid_from BETWEEN r.started_at AND r.finished_at`,
      );
      expect({ n, instants }).toEqual({ n: 81, instants: 1 });
      // All files in one run: some pairs are stored, so every answer goes through the merge.
      const all = await ingestFiles(merged.ingest, files, { trigger: 'test', name: 'ÖJ all', now: NOW });
      expect(all.status, all.error ?? '').toBe('SUCCEEDED');
      expect([copied(), staged()]).toEqual([1, 1]);
      expect(all.files[0]!.counts).toMatchObject({ inserted: 0, unchanged: 81 });
      // `one` loaded the same files as one first load (the test above).
      expect(await answerRows(merged)).toEqual(await answerRows(one));
      expect(await facts(merged)).toEqual(await facts(one));
    } finally {
      await merged.close();
    }
  });

  it('keeps the last file’s answer when two files of a publication name the same one, and counts it for that file', async () => {
    const db = await createTestDatabase();
    try {
      // A later file of the same release that says Ja where the sample says Nej (Vingåker, Äldreomsorg).
      const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-publication-'));
      const later = path.join(dir, 'oj-2018-sormland-later.csv');
      writeFileSync(later, readFileSync(SAMPLE, 'utf8').replace('0428;Vingåker;Nej', '0428;Vingåker;Ja'));
      copyFileSync(SAMPLE.replace(/\.csv$/, '.mapping.json'), later.replace(/\.csv$/, '.mapping.json'));
      const result = await ingestFiles(db.ingest, [SAMPLE, later], { trigger: 'test', name: 'ÖJ twice', now: NOW });
      expect(result.status, result.error ?? '').toBe('SUCCEEDED');
      expect(result.files.map((f) => f.counts.inserted)).toEqual([0, 81]);
      const rows = await db.owner.query(
        `SELECT answer, source_file, count(*) OVER ()::int AS n FROM routine_answer
          WHERE unit_code = '0428' AND question_code = 'SIP_INFO.ALDREOMSORG' AND year = 2018`,
      );
      expect(rows).toEqual([{ answer: 'JA', source_file: 'oj-2018-sormland-later.csv', n: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('skips an unchanged publication without loading it, and leaves the version alone', async () => {
    const before = await version(one);
    const result = await ingestFiles(one.ingest, files, { trigger: 'test', name: 'ÖJ all', now: NOW });
    expect(result.status).toBe('SKIPPED_UNCHANGED');
    expect(result.counts.inserted + result.counts.updated).toBe(0);
    expect(await version(one)).toBe(before);
  });

  it('compares the frames of all its files in one statement, and rewrites none that stayed the same', async () => {
    const before = await frames(one);
    const frameStatements = statementsLike('release_frame');
    const result = await ingestFiles(one.ingest, files, { trigger: 'test', name: 'ÖJ all', now: NOW, force: true });
    expect(result.status, result.error ?? '').toBe('SUCCEEDED');
    expect(result.counts.inserted + result.counts.updated + result.counts.withdrawn).toBe(0);
    expect(frameStatements()).toBe(1);
    expect(await frames(one)).toEqual(before);
    const [rewritten] = await one.owner.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM release_frame WHERE ingest_run_id = $1`,
      [result.runId],
    );
    expect(rewritten?.n).toBe(0);
  });

  it('loads nothing when the run is stopped before commit', async () => {
    const before = await facts(one);
    const revised = path.join(path.dirname(broken), path.basename(SAMPLE));
    writeFileSync(revised, readFileSync(SAMPLE, 'utf8').replaceAll('Nej', 'Ja'));
    copyFileSync(SAMPLE.replace(/\.csv$/, '.mapping.json'), revised.replace(/\.csv$/, '.mapping.json'));
    const result = await ingestFiles(one.ingest, [revised, ...files.slice(1)], {
      trigger: 'test',
      name: 'ÖJ all',
      now: NOW,
      onPhase: (phase) => {
        if (phase === 'committing') throw new Error('stopped before commit');
      },
    });
    expect(result.status).toBe('FAILED');
    expect(await facts(one)).toEqual(before);
  });

  it('reloads an unchanged publication when a parser version changed since its last load', async () => {
    // A database of its own: this test passes alone (`-t`) and leaves the others' state alone.
    const db = await createTestDatabase();
    try {
      const options = { trigger: 'test', name: 'ÖJ Sörmland', now: NOW };
      const first = await ingestFiles(db.ingest, [SAMPLE], options);
      expect(first.status).toBe('SUCCEEDED');
      // As if the last success had been read by an older ÖJ parser: the same bytes must load again.
      await db.owner.query(`UPDATE ingest_run SET parser_version = 'oj@0' WHERE id = $1`, [first.runId]);
      const second = await ingestFiles(db.ingest, [SAMPLE], options);
      expect(second.status).toBe('SUCCEEDED');
      expect(second.sha256).toBe(first.sha256);
      expect(second.counts).toMatchObject({ rowsRead: 9, inserted: 0, updated: 0, unchanged: 81 });
      expect((await ingestFiles(db.ingest, [SAMPLE], options)).status).toBe('SKIPPED_UNCHANGED');
    } finally {
      await db.close();
    }
  });
});
