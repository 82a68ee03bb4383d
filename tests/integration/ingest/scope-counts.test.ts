import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import {
  COUNT_COLUMNS,
  ensureScopeCounts,
  refreshScopeCounts,
  SCOPE_COUNT_RULE,
  scopeCountCtes,
  STORED_SCOPE_COUNTS,
  touchPairs,
} from '../../../src/ingest/load/scope-counts.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { ingestAll } from '../../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { writeNationalFixture } from '../../helpers/national-fixture.js';

/**
 * routine_scope_count: the per-(question, year, scope) counts the read path looks up are
 * written by ingest in the answers' own transaction and always equal counting the current
 * answers and frames under the frame-aware rule.
 */

const SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
const HEM = 'SIP_INFO.HEMLOSHET';

let db: TestDatabase;
let sormland: string;

type Row = Record<string, unknown>;

/** Every scope of every (question, year) with an answer, a frame or a stored row. */
const ALL_KEYS = `share_keys AS (
    SELECT s.scope_kind, s.scope_code, p.question_code, p.year
    FROM (SELECT question_code, year::int AS year FROM routine_answer
          UNION SELECT fq.question_code, f.year::int FROM release_frame f JOIN release_frame_question fq ON fq.frame_id = f.id
          UNION SELECT question_code, year::int FROM routine_scope_count) p
    CROSS JOIN routine_scope s)`;
const SELECT_COUNTS = `SELECT scope_kind, scope_code, question_code, year, units, scope_name, population_year,
    population_approximate, population_rounded_to, ${COUNT_COLUMNS.join(', ')}
  FROM scope_counts ORDER BY question_code, year, scope_kind, scope_code`;

/** What the read path gets for every key: looked up in the store, and counted from the answers. */
async function storedAndCounted(): Promise<{ stored: Row[]; counted: Row[] }> {
  const stored = await db.owner.query<Row[]>(`WITH ${ALL_KEYS}, ${STORED_SCOPE_COUNTS} ${SELECT_COUNTS}`);
  const counted = await db.owner.query<Row[]>(
    `WITH ${ALL_KEYS}, ans AS (SELECT * FROM routine_answer), ${scopeCountCtes('NULL::timestamptz')} ${SELECT_COUNTS}`,
  );
  return { stored, counted };
}

async function expectInStep(): Promise<number> {
  const { stored, counted } = await storedAndCounted();
  expect(stored).toEqual(counted);
  return counted.length;
}

async function sormlandKey(kind: string, code: string): Promise<Row | undefined> {
  const [row] = await db.owner.query<Row[]>(
    `SELECT units_in_frame, ja, nej, ej_aktuellt, not_asked, no_response, not_collected, inferred, frame_labels,
       refreshed_by_run_id::text AS run
     FROM routine_scope_count WHERE question_code = $1 AND year = 2018 AND scope_kind = $2 AND scope_code = $3`,
    [HEM, kind, code],
  );
  return row;
}

/** The Sörmland sample with Vingåker (0428) answering Hemlöshet `answer`. */
function writeSormland(answer: string): void {
  const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
  const col = lines[0]!.split(';').indexOf('Hemlöshet');
  const out = lines.map((line) => {
    const cells = line.split(';');
    if (cells[0] === '0428') cells[col] = answer;
    return cells.join(';');
  });
  writeFileSync(sormland, out.join('\n') + '\n');
}

/** The Sörmland sample's mapping with its frame replaced. */
function writeSormlandFrame(frame: Record<string, unknown>): void {
  const mappingFile = SAMPLE.replace(/\.csv$/, '.mapping.json');
  const mapping = JSON.parse(readFileSync(mappingFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(sormland.replace(/\.csv$/, '.mapping.json'), JSON.stringify({ ...mapping, frame }, null, 2));
}

beforeAll(async () => {
  db = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-scope-counts-'));
  sormland = path.join(dir, path.basename(SAMPLE));
  copyFileSync(SAMPLE.replace(/\.csv$/, '.mapping.json'), sormland.replace(/\.csv$/, '.mapping.json'));
  writeSormland('Nej');
  await ingestAll(db, [sormland, ...writeNationalFixture().files], { now: new Date('2025-06-01T00:00:00Z') });
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe('routine_scope_count', () => {
  it('holds, after the loads, exactly what counting the answers and frames gives, for every key', async () => {
    const keys = await expectInStep();
    const [totals] = await db.owner.query<{ pairs: number; rows: number; scopes: number }[]>(
      `SELECT count(DISTINCT (question_code, year))::int AS pairs, count(*)::int AS rows,
         (SELECT count(*)::int FROM routine_scope) AS scopes FROM routine_scope_count`,
    );
    const { pairs, rows, scopes } = totals!;
    // Riket, 21 regions and 9 kommungrupper per collected (question, year); every key compared.
    expect(scopes).toBe(1 + 21 + 9);
    expect(rows).toBe(pairs * scopes);
    expect(keys).toBe(rows);
    expect(pairs).toBeGreaterThan(9);
    // Södermanlands län 2018: 9 municipalities in the frame, Flen without an answer.
    expect(await sormlandKey('REGION', '04')).toMatchObject({
      units_in_frame: 9,
      ja: 3,
      nej: 3,
      ej_aktuellt: 2,
      not_asked: 0,
      no_response: 1,
      not_collected: 0,
    });
  });

  it('follows a revised answer in the run that revised it', async () => {
    const before = await sormlandKey('REGION', '04');
    writeSormland('Ja');
    const result = await ingestFile(db.ingest, sormland, { trigger: 'test' });
    expect(result.status).toBe('SUCCEEDED');
    expect(await sormlandKey('REGION', '04')).toMatchObject({
      ja: Number(before!['ja']) + 1,
      nej: Number(before!['nej']) - 1,
      run: result.runId,
    });
    await expectInStep();
  });

  it('is rolled back with the answers when the load fails before commit', async () => {
    const before = await db.owner.query<Row[]>(`SELECT * FROM routine_scope_count ORDER BY 1, 2, 3, 4`);
    writeSormland('Ej aktuellt');
    const result = await ingestFile(db.ingest, sormland, {
      trigger: 'test',
      onPhase: (phase) => {
        if (phase === 'committing') throw new Error('stopped before commit');
      },
    });
    expect(result.status).toBe('FAILED');
    expect(await db.owner.query<Row[]>(`SELECT * FROM routine_scope_count ORDER BY 1, 2, 3, 4`)).toEqual(before);
    await expectInStep();
  });

  it('follows a frame that changed while no answer did', async () => {
    writeSormland('Ja'); // the answers as loaded by the revision above
    const national = await sormlandKey('NATION', '00');
    // Hemlöshet 2018 was framed by the Sörmland release alone: 9 of 290.
    expect(national).toMatchObject({ units_in_frame: 9, not_collected: 281 });
    writeSormlandFrame({ kind: 'ALL_MUNICIPALITIES' });
    const result = await ingestFile(db.ingest, sormland, { trigger: 'test', force: true });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counts).toMatchObject({ inserted: 0, updated: 0, withdrawn: 0 });
    const after = await sormlandKey('NATION', '00');
    // The same answers, now framed as a national release: the 281 others are no response.
    expect(after).toMatchObject({ units_in_frame: 290, not_collected: 0, run: result.runId });
    expect(Number(after!['no_response'])).toBe(Number(national!['no_response']) + 281);
    await expectInStep();
  });

  it('deletes the stored keys of a touched pair that lost every answer and frame, and only those', async () => {
    const q = db.owner.createQueryRunner();
    try {
      await q.startTransaction();
      // Keys stored for a year with no answer and no frame (as left behind when a pair loses them).
      await q.query(
        `INSERT INTO routine_scope_count (question_code, year, scope_kind, scope_code, ${COUNT_COLUMNS.join(', ')})
         SELECT question_code, 1999, scope_kind, scope_code, ${COUNT_COLUMNS.join(', ')}
           FROM routine_scope_count WHERE question_code = $1 AND year = 2018 AND scope_kind = 'REGION'`,
        [HEM],
      );
      const [{ stale, total }] = (await q.query(
        `SELECT count(*) FILTER (WHERE year = 1999)::int AS stale, count(*)::int AS total FROM routine_scope_count`,
      )) as [{ stale: number; total: number }];
      expect(stale).toBe(21);
      // Touched with a pair that is still answered: its keys stay, unchanged.
      await touchPairs(q, `SELECT $1::text AS question_code, y AS year FROM unnest(ARRAY[1999, 2018]) y`, [HEM]);
      expect(await refreshScopeCounts(q, null)).toBe(21);
      const [after] = (await q.query(
        `SELECT count(*) FILTER (WHERE year = 1999)::int AS stale, count(*)::int AS total FROM routine_scope_count`,
      )) as [{ stale: number; total: number }];
      expect(after).toEqual({ stale: 0, total: total - 21 });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('is recomputed at start-up when the counting rule or the reference data changed', async () => {
    const q = db.owner.createQueryRunner();
    try {
      expect(await ensureScopeCounts(q)).toBe(false);
      await db.owner.query(`DELETE FROM routine_scope_count WHERE scope_kind = 'KOMMUNGRUPP'`);
      await db.owner.query(`UPDATE dataset_state SET scope_count_rule = 'scope-counts@0:x'`);
      expect((await storedAndCounted()).stored).not.toEqual((await storedAndCounted()).counted);
      expect(await ensureScopeCounts(q)).toBe(true);
      expect(await ensureScopeCounts(q)).toBe(false);
      await expectInStep();
      const [state] = await db.owner.query<{ rule: string }[]>(`SELECT scope_count_rule AS rule FROM dataset_state`);
      expect(state!.rule.startsWith(`${SCOPE_COUNT_RULE}:`)).toBe(true);

      // A municipality's population changes (new reference data): the population sums follow.
      await db.owner.query(`UPDATE municipality SET population = population + 1000 WHERE municipality_code = '0480'`);
      expect(await ensureScopeCounts(q)).toBe(true);
      await expectInStep();
    } finally {
      await q.release();
    }
  });
});
