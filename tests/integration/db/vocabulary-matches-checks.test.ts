import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT_LEVELS, AGREEMENT_STATUSES, JOINT_GOALS } from '../../../src/domain/agreement.js';
import { ANSWER_PROVENANCES, ANSWER_VALUES, ASKED_OF, FRAME_KINDS, UNIT_KINDS } from '../../../src/domain/answer.js';
import { INGEST_STATUSES } from '../../../src/domain/ingest-run.js';
import type { PlanMissingReason } from '../../../src/domain/missing.js';
import { PRINCIPALS } from '../../../src/domain/plan-count.js';
import { FIGURE_SUBJECTS, STUDY_FIGURE_ORIGINS, STUDY_KINDS, STUDY_VALUE_KINDS } from '../../../src/domain/study.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/**
 * The words src/domain gives ingest and the API are the words the database accepts: each
 * column's `IN (…)` CHECK constraint (written in the migrations) lists exactly the domain
 * tuple's values, in the same order.
 */
const PLAN_MISSING_REASONS: PlanMissingReason[] = ['NO_RESPONSE', 'NOT_PUBLISHED', 'LOST_IN_SOURCE'];

const COLUMNS: [table: string, column: string, domain: readonly string[]][] = [
  ['routine_answer', 'answer', ANSWER_VALUES],
  ['routine_answer', 'provenance', ANSWER_PROVENANCES],
  ['routine_answer_history', 'provenance', ANSWER_PROVENANCES],
  ['reporting_unit', 'unit_kind', UNIT_KINDS],
  ['question', 'asked_of', ASKED_OF],
  ['release_frame', 'frame_kind', FRAME_KINDS],
  ['agreement', 'level', AGREEMENT_LEVELS],
  ['agreement', 'status', AGREEMENT_STATUSES],
  ['agreement', 'joint_goals', JOINT_GOALS],
  ['plan_count', 'principal', PRINCIPALS],
  ['plan_count', 'missing_reason', PLAN_MISSING_REASONS],
  ['published_figure', 'subject', FIGURE_SUBJECTS],
  ['study', 'kind', STUDY_KINDS],
  ['study_figure', 'value_kind', STUDY_VALUE_KINDS],
  ['study_figure', 'origin', STUDY_FIGURE_ORIGINS],
  ['ingest_run', 'status', INGEST_STATUSES],
  ['ingest_run_file', 'status', INGEST_STATUSES],
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

/** The values of the `column IN (…)` CHECK constraints on a column (Postgres prints them as `= ANY (ARRAY[…])`). */
async function allowedValues(table: string, column: string): Promise<string[][]> {
  const rows = await db.owner.query<{ def: string }[]>(
    `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
     WHERE c.conrelid = $1::regclass AND c.contype = 'c'
       AND array_length(c.conkey, 1) = 1
       AND c.conkey[1] = (SELECT attnum FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2)
       AND pg_get_constraintdef(c.oid) LIKE '%= ANY (%ARRAY[%'`,
    [table, column],
  );
  return rows.map((r) => [...r.def.matchAll(/'([^']*)'::/g)].map((m) => m[1]!));
}

describe('one vocabulary: src/domain and the CHECK constraints of the migrated database', () => {
  it.each(COLUMNS)('%s.%s accepts exactly the domain words', async (table, column, domain) => {
    expect(await allowedValues(table, column)).toEqual([[...domain]]);
  });

  it('reads a constraint as Postgres prints it', async () => {
    expect(await allowedValues('agreement', 'level')).toEqual([['COUNTY', 'LOCAL']]);
  });
});
