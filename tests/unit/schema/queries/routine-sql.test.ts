import { describe, expect, it } from 'vitest';
import { frameAsOf } from '../../../../src/ingest/load/scope-counts.js';
import {
  answersAsOf,
  asOfPlaceholder,
  CURRENT,
  latestCte,
  SqlParams,
} from '../../../../src/schema/queries/routine-sql.js';

const where = (a: string) => `${a}.question_code = $1`;

describe('statements of the current data', () => {
  it('take the literal NULL for asOf, and a parameter as of an instant', () => {
    const now = new SqlParams();
    expect(asOfPlaceholder(now, null)).toBe('NULL');
    expect(now.values).toEqual([]);
    const past = new SqlParams();
    past.add('SIP_INFO.HEMLOSHET');
    const at = new Date('2025-01-01T00:00:00Z');
    expect(asOfPlaceholder(past, at)).toBe('$2');
    expect(past.values).toEqual(['SIP_INFO.HEMLOSHET', at]);
  });

  it('read no history and test no recording time', () => {
    // A VACUUM or ANALYZE of a table a cached plan reads invalidates the plan on every
    // connection: the current data's plans do not depend on routine_answer_history.
    expect(answersAsOf(CURRENT, where)).toBe(
      'SELECT a.question_code, a.unit_code, a.year, a.answer, a.raw_value, a.provenance, a.inference_rule,\n' +
        '      a.source_file, a.source_sheet, a.source_row, a.source_column, a.ingest_run_id FROM routine_answer a WHERE a.question_code = $1',
    );
    expect(latestCte(CURRENT, '$1')).not.toContain('routine_answer_history');
    expect(latestCte(CURRENT, '$1')).not.toContain('valid_from');
    expect(frameAsOf(CURRENT)).toBe('true');
  });

  it('as of an instant, read the answers valid then from both tables', () => {
    expect(answersAsOf('$2', where, 'counted')).toBe(
      `SELECT a.question_code, a.unit_code, a.year, a.answer, a.provenance FROM routine_answer a
      WHERE a.question_code = $1 AND ($2::timestamptz IS NULL OR a.valid_from <= $2::timestamptz)
    UNION ALL
    SELECT h.question_code, h.unit_code, h.year, h.answer, h.provenance FROM routine_answer_history h
      WHERE h.question_code = $1 AND $2::timestamptz IS NOT NULL
        AND h.valid_from <= $2::timestamptz AND $2::timestamptz < h.valid_to`,
    );
    expect(latestCte('$2', '$1')).toContain('FROM routine_answer_history h');
    expect(frameAsOf('$2')).toBe('($2::timestamptz IS NULL OR f.recorded_at <= $2::timestamptz)');
  });
});
