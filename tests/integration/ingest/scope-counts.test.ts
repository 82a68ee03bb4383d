import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { COUNT_CTES, ensureScopeCounts, SCOPE_COUNT_RULE } from '../../../src/ingest/load/scope-counts.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { ingestAll } from '../../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { writeNationalFixture } from '../../helpers/national-fixture.js';

/**
 * routine_scope_count: the per-(question, year, scope) counts the read path looks up are
 * written by ingest in the answers' own transaction and always equal counting the answers.
 */

const SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
const HEM = 'SIP_INFO.HEMLOSHET';

let db: TestDatabase;
let sormland: string;

/** Every stored row that differs from counting the answers now, and every count missing from the store. */
async function driftFromAnswers(): Promise<unknown[]> {
  return db.owner.query(
    `WITH ans AS (SELECT question_code, unit_code, year, answer FROM routine_answer),
     ${COUNT_CTES},
     computed AS (
       SELECT p.question_code, p.year, mc.scope_kind, mc.scope_code, mc.units,
         coalesce(ac.ja, 0) AS ja, coalesce(ac.nej, 0) AS nej, coalesce(ac.ej_aktuellt, 0) AS ej_aktuellt,
         coalesce(ac.not_asked, 0) AS not_asked,
         mc.units - coalesce(ac.ja, 0) - coalesce(ac.nej, 0) - coalesce(ac.ej_aktuellt, 0) - coalesce(ac.not_asked, 0) AS no_response
       FROM (SELECT DISTINCT question_code, year FROM ans) p CROSS JOIN member_counts mc
       LEFT JOIN answered_counts ac ON ac.question_code = p.question_code AND ac.year = p.year
         AND ac.scope_kind = mc.scope_kind AND ac.scope_code = mc.scope_code),
     stored AS (
       SELECT question_code, year::int AS year, scope_kind, scope_code, units, ja, nej, ej_aktuellt, not_asked, no_response
       FROM routine_scope_count)
     (SELECT 'computed only' AS side, * FROM (SELECT * FROM computed EXCEPT SELECT * FROM stored) a)
     UNION ALL
     (SELECT 'stored only', * FROM (SELECT * FROM stored EXCEPT SELECT * FROM computed) b)`,
  );
}

async function sormlandRegion(): Promise<Record<string, unknown>> {
  const [row] = await db.owner.query(
    `SELECT units, ja, nej, ej_aktuellt, not_asked, no_response, is_collected, refreshed_by_run_id::text AS run
       FROM routine_scope_count WHERE question_code = $1 AND year = 2018 AND scope_kind = 'REGION' AND scope_code = '04'`,
    [HEM],
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
  it('holds, after loads, exactly the counts of the answers: every scope of every collected (question, year)', async () => {
    expect(await driftFromAnswers()).toEqual([]);
    const [{ pairs, rows }] = await db.owner.query(
      `SELECT count(DISTINCT (question_code, year))::int AS pairs, count(*)::int AS rows FROM routine_scope_count`,
    );
    // Riket, 21 regions and 9 kommungrupper per collected pair.
    expect(rows).toBe(pairs * (1 + 21 + 9));
    expect(await sormlandRegion()).toMatchObject({
      units: 9,
      ja: 3,
      nej: 3,
      ej_aktuellt: 2,
      not_asked: 0,
      no_response: 1,
      is_collected: true,
    });
  });

  it('follows a revised answer in the run that revised it', async () => {
    writeSormland('Ja');
    const result = await ingestFile(db.ingest, sormland, { trigger: 'test' });
    expect(result.status).toBe('SUCCEEDED');
    expect(await sormlandRegion()).toMatchObject({ ja: 4, nej: 2, ej_aktuellt: 2, run: result.runId });
    expect(await driftFromAnswers()).toEqual([]);
  });

  it('is rolled back with the answers when the load fails before commit', async () => {
    const before = await sormlandRegion();
    writeSormland('Ej aktuellt');
    const result = await ingestFile(db.ingest, sormland, {
      trigger: 'test',
      onPhase: (phase) => {
        if (phase === 'committing') throw new Error('stopped before commit');
      },
    });
    expect(result.status).toBe('FAILED');
    expect(await sormlandRegion()).toEqual(before);
    expect(await driftFromAnswers()).toEqual([]);
  });

  it('is recomputed at start-up when the counting rule changed', async () => {
    await db.owner.query(`DELETE FROM routine_scope_count WHERE scope_kind = 'KOMMUNGRUPP'`);
    await db.owner.query(`UPDATE dataset_state SET scope_count_rule = 'scope-counts@0'`);
    expect((await driftFromAnswers()).length).toBeGreaterThan(0);
    expect(await ensureScopeCounts(db.owner.manager, false)).toBe(true);
    expect(await ensureScopeCounts(db.owner.manager, false)).toBe(false);
    expect(await driftFromAnswers()).toEqual([]);
    const [{ rule }] = await db.owner.query(`SELECT scope_count_rule AS rule FROM dataset_state`);
    expect(rule).toBe(SCOPE_COUNT_RULE);
  });
});
