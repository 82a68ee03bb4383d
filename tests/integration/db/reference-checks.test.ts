import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/**
 * The answers' and their history's references are checked once per statement (migration
 * 1764350000000) rather than by declared foreign keys. These tests hold the rule to what a
 * foreign key guarantees, through the ingest role that writes in production.
 */
let db: TestDatabase;
let runId: string;

async function failure(ds: DataSource, sql: string, params: unknown[] = []) {
  try {
    await ds.query(sql, params);
  } catch (e) {
    const err = (e as { driverError?: Record<string, string> }).driverError ?? {};
    return { code: err['code'], constraint: err['constraint'], detail: err['detail'] };
  }
  throw new Error(`expected the statement to fail: ${sql}`);
}

function one<T>(rows: T[]): T {
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0] as T;
}

const insertAnswers = (unit: string, question: string) =>
  `INSERT INTO routine_answer (question_code, unit_code, year, answer, ingest_run_id, valid_from)
   VALUES ('${question}', '0428', 2018, 'JA', $1, now()), ('${question}', '${unit}', 2018, 'NEJ', $1, now())`;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.owner.query(`INSERT INTO question (question_code, area_code, text, asked_of)
     VALUES ('Q-REF-1', 'ALDREOMSORG', 'Finns en rutin?', 'MUNICIPALITY'), ('Q-REF-2', 'ALDREOMSORG', 'Oanvänd fråga', 'MUNICIPALITY')`);
  ({ id: runId } = one(
    await db.ingest.query<{ id: string }[]>(
      `INSERT INTO ingest_run (source, release_key, file, parser_version, trigger, status, started_at)
     VALUES ('oj', 'ref-test', 'ref.csv', 'oj@2', 'manual', 'RUNNING', now()) RETURNING id::text`,
    ),
  ));
});
afterAll(async () => {
  await db.close();
});

describe('references of the answers, checked per statement', () => {
  it('refuses a statement with one unknown unit among valid ones, naming the constraint and the key, and writes none of it', async () => {
    expect(await failure(db.ingest, insertAnswers('9999', 'Q-REF-1'), [runId])).toEqual({
      code: '23503',
      constraint: 'routine_answer_unit_code_fkey',
      detail: 'Key (unit_code)=(9999) is not present in table "reporting_unit".',
    });
    expect(await failure(db.ingest, insertAnswers('0480', 'Q-NONE'), [runId])).toMatchObject({
      constraint: 'routine_answer_question_code_fkey',
      detail: 'Key (question_code)=(Q-NONE) is not present in table "question".',
    });
    const { n } = one(await db.owner.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM routine_answer`));
    expect(n).toBe(0);
  });

  it('accepts valid references and refuses an update that points an answer at an unknown run', async () => {
    await db.ingest.query(insertAnswers('0480', 'Q-REF-1'), [runId]);
    expect(
      await failure(
        db.ingest,
        `UPDATE routine_answer SET ingest_run_id = ingest_run_id + 1000 WHERE unit_code = '0480'`,
      ),
    ).toMatchObject({
      code: '23503',
      constraint: 'routine_answer_ingest_run_id_fkey',
    });
    const rows = await db.owner.query<{ unit_code: string; answer: string; run: string }[]>(
      `SELECT unit_code, answer, ingest_run_id::text AS run FROM routine_answer ORDER BY unit_code`,
    );
    expect(rows).toEqual([
      { unit_code: '0428', answer: 'JA', run: runId },
      { unit_code: '0480', answer: 'NEJ', run: runId },
    ]);
  });

  it('locks the parents of the rows it wrote until commit, so a concurrent delete of one waits', async () => {
    // Postgres' own check locks each referenced row FOR KEY SHARE: without it, a delete of the
    // question in another session would pass its own check (it cannot see uncommitted answers).
    const q = db.ingest.createQueryRunner();
    const other = db.owner.createQueryRunner();
    try {
      await q.startTransaction();
      await q.query(insertAnswers('0481', 'Q-REF-2'), [runId]);
      await other.startTransaction();
      // A parent the statement did not reference stays free.
      expect(
        await other.query(`SELECT 1 AS one FROM question WHERE question_code = 'Q-REF-1' FOR UPDATE NOWAIT`),
      ).toEqual([{ one: 1 }]);
      expect(
        await other
          .query(`SELECT 1 FROM question WHERE question_code = 'Q-REF-2' FOR UPDATE NOWAIT`)
          .then(() => 'not locked')
          .catch((e: { driverError?: { code?: string } }) => e.driverError?.code),
      ).toBe('55P03');
    } finally {
      await other.rollbackTransaction().catch(() => undefined);
      await q.rollbackTransaction();
      await Promise.all([q.release(), other.release()]);
    }
  });

  it('refuses to delete or re-key a parent that answers still reference, and allows it for one they do not', async () => {
    expect(await failure(db.owner, `DELETE FROM question WHERE question_code IN ('Q-REF-1', 'Q-REF-2')`)).toEqual({
      code: '23503',
      constraint: 'routine_answer_question_code_fkey',
      detail: 'Key (question_code)=(Q-REF-1) is still referenced from table "routine_answer".',
    });
    expect(await failure(db.owner, `UPDATE ingest_run SET id = id + 1000 WHERE id = $1`, [runId])).toMatchObject({
      constraint: 'routine_answer_ingest_run_id_fkey',
    });
    await db.owner.query(`DELETE FROM question WHERE question_code = 'Q-REF-2'`);
    // An update that keeps the key (a run finishing) passes.
    await db.ingest.query(`UPDATE ingest_run SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [runId]);
    const { questions } = one(
      await db.owner.query<{ questions: string }[]>(
        `SELECT string_agg(question_code, ',' ORDER BY question_code) AS questions FROM question WHERE question_code LIKE 'Q-REF-%'`,
      ),
    );
    expect(questions).toBe('Q-REF-1');
  });

  it('does not look at the answers after a parent statement that kept every key', async () => {
    // A question upsert that changes nothing still fires the parent's UPDATE trigger; the check
    // stops at the transition table (migration 1764512000000) instead of reading routine_answer.
    const q = db.ingest.createQueryRunner();
    try {
      await q.startTransaction();
      await q.query(`UPDATE ingest_run SET status = status WHERE id = $1`, [runId]);
      const [{ scans }] = (await q.query(
        `SELECT pg_stat_get_xact_numscans('routine_answer'::regclass)::int AS scans`,
      )) as [{ scans: number }];
      expect(scans).toBe(0);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('checks the references of agreements, published figures and frame units per statement too, by the same names', async () => {
    const agreements = (unit: string) =>
      `INSERT INTO agreement (unit_code, year, level, topic, status, raw_status, ingest_run_id)
       VALUES ('0480', 2018, 'LOCAL', 'SIP', 'EXISTS', 'Ja', $1), ('${unit}', 2018, 'LOCAL', 'SIP', 'NONE', 'Nej', $1)`;
    expect(await failure(db.ingest, agreements('9999'), [runId])).toEqual({
      code: '23503',
      constraint: 'agreement_unit_code_fkey',
      detail: 'Key (unit_code)=(9999) is not present in table "reporting_unit".',
    });
    expect(
      await failure(
        db.ingest,
        `INSERT INTO published_figure (subject, measure, scope_code, year, publication, percent, ingest_run_id)
         VALUES ('ROUTINE', 'Q-REF-1', '04', 2018, 'ref', 50, $1)`,
        [String(Number(runId) + 1000)],
      ),
    ).toEqual({
      code: '23503',
      constraint: 'published_figure_ingest_run_id_fkey',
      detail: `Key (ingest_run_id)=(${Number(runId) + 1000}) is not present in table "ingest_run".`,
    });
    await db.ingest.query(agreements('0481'), [runId]);
    expect(await failure(db.owner, `DELETE FROM reporting_unit WHERE unit_code = '0481'`)).toMatchObject({
      code: '23503',
      constraint: 'agreement_unit_code_fkey',
    });
    const [frame] = await db.owner.query<{ id: string }[]>(
      `INSERT INTO release_frame (source, release_key, year, frame_kind, label, label_sv, ingest_run_id, recorded_at)
       VALUES ('oj', 'ref-test', 2018, 'SAMPLE', 'ref', 'ref', $1, now()) RETURNING id::text`,
      [runId],
    );
    expect(
      await failure(
        db.ingest,
        `INSERT INTO release_frame_unit (frame_id, unit_code) VALUES ($1, '0480'), ($1, '9998')`,
        [frame!.id],
      ),
    ).toMatchObject({ constraint: 'release_frame_unit_unit_code_fkey' });
    // The units of a frame still go with it (its declared key, ON DELETE CASCADE).
    await db.ingest.query(`INSERT INTO release_frame_unit (frame_id, unit_code) VALUES ($1, '0480')`, [frame!.id]);
    await db.owner.query(`DELETE FROM release_frame WHERE id = $1`, [frame!.id]);
    expect(
      await db.owner.query(`SELECT count(*)::int AS n FROM release_frame_unit WHERE frame_id = $1`, [frame!.id]),
    ).toEqual([{ n: 0 }]);
    await db.owner.query(`DELETE FROM agreement`);
  });

  it('checks the history table’s two run references too', async () => {
    expect(
      await failure(
        db.ingest,
        `INSERT INTO routine_answer_history (question_code, unit_code, year, answer, ingest_run_id, valid_from, valid_to, superseded_by_run_id, change_kind)
         VALUES ('Q-REF-1', '0480', 2018, 'NEJ', $1, now(), now(), $2, 'REVISED')`,
        [runId, String(Number(runId) + 1000)],
      ),
    ).toEqual({
      code: '23503',
      constraint: 'routine_answer_history_superseded_by_run_id_fkey',
      detail: `Key (superseded_by_run_id)=(${Number(runId) + 1000}) is not present in table "ingest_run".`,
    });
  });
});
