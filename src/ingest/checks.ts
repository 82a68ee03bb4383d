import type { QueryRunner } from 'typeorm';
import type { KeptValue } from './ledger.js';
import type { AnswerKey, ParsedRelease, Reject } from './release.js';

/**
 * The rejects that hold a release (all of them: non-data rows are skipped rows, not rejects,
 * so every reject makes some row doubtful).
 */
export function holdingRejects(release: ParsedRelease): Reject[] {
  return release.rejects;
}

export interface CoverageResult {
  previousYear: number | null;
  previousUnits: number;
  missing: string[];
}

/**
 * Municipalities that answered the same questions in the latest earlier year but are absent
 * from this release (with no explicit no-response row). A release that silently drops
 * municipalities is more often a truncated file than a real change. A release whose frame is
 * stated as one region or a list of units is checked within that frame only: a regional
 * publication after a national one does not lack the rest of the country.
 */
export async function checkCoverage(q: QueryRunner, release: ParsedRelease): Promise<CoverageResult | null> {
  if (!release.answers.length) return null;
  const questions = [...new Set(release.answers.map((a) => a.questionCode))];
  const year = Math.max(...release.answers.map((a) => a.year));
  const frames = release.frames.filter((f) => f.year === year);
  const stated = (f: (typeof frames)[number]) =>
    f.kind === 'REGION' || (f.kind === 'SAMPLE' && f.units.length > 0 && f.basis !== 'units listed in the file');
  const restrict = frames.length > 0 && frames.every(stated);
  const rows: { unit_code: string; year: number }[] = await q.query(
    `SELECT DISTINCT a.unit_code, a.year FROM routine_answer a JOIN reporting_unit u ON u.unit_code = a.unit_code
      WHERE u.unit_kind = 'MUNICIPALITY' AND a.question_code = ANY($1)
        AND a.year = (SELECT max(year) FROM routine_answer WHERE question_code = ANY($1) AND year < $2)
        AND (NOT $3::boolean OR u.region_code = ANY($4::text[]) OR u.unit_code = ANY($5::text[]))`,
    [
      questions,
      year,
      restrict,
      frames.map((f) => f.regionCode).filter((c): c is string => c !== null),
      frames.flatMap((f) => f.units.map((u) => u.code)),
    ],
  );
  if (!rows.length) return { previousYear: null, previousUnits: 0, missing: [] };
  const covered = new Set(release.unitsCovered.filter((u) => u.kind === 'MUNICIPALITY').map((u) => u.code));
  for (const a of release.answers) if (a.unit.kind === 'MUNICIPALITY') covered.add(a.unit.code);
  const missing = rows
    .map((r) => r.unit_code)
    .filter((c) => !covered.has(c))
    .sort();
  return { previousYear: rows[0]!.year, previousUnits: rows.length, missing };
}

export function coverageReject(release: ParsedRelease, coverage: CoverageResult, threshold: number): Reject {
  const share = coverage.missing.length / coverage.previousUnits;
  return {
    loc: { source: release.source, file: release.file },
    rawValue: coverage.missing.slice(0, 20).join(','),
    rule: 'coverage-drop',
    message:
      `${coverage.missing.length} of ${coverage.previousUnits} municipalities that answered in ${coverage.previousYear} ` +
      `are missing without a no-response marker (${(share * 100).toFixed(1)} % > threshold ${(threshold * 100).toFixed(1)} %)`,
    isKeyField: true,
  };
}

/**
 * Rejected cells whose answer is already stored: loading the rest of the release with
 * --allow-partial leaves those values served, so each is reported (unit, question, year,
 * the value kept). One statement; read inside the load transaction, before the load.
 */
export async function findKeptValues(q: QueryRunner, rejects: Reject[]): Promise<KeptValue[]> {
  const keyed = rejects.filter((r): r is Reject & { answerKey: AnswerKey } => r.answerKey !== undefined);
  if (!keyed.length) return [];
  const rows: { ord: string; answer: string; raw_value: string | null }[] = await q.query(
    `SELECT k.ord::text AS ord, a.answer, a.raw_value
       FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY k(unit_code, question_code, year, ord)
       JOIN routine_answer a ON a.unit_code = k.unit_code AND a.question_code = k.question_code AND a.year = k.year
      ORDER BY k.ord`,
    [
      keyed.map((r) => r.answerKey.unitCode),
      keyed.map((r) => r.answerKey.questionCode),
      keyed.map((r) => r.answerKey.year),
    ],
  );
  return rows.map((row) => {
    const reject = keyed[Number(row.ord) - 1]!;
    return {
      ...reject.answerKey,
      keptAnswer: row.answer,
      keptRawValue: row.raw_value,
      rejectedValue: reject.rawValue,
      rule: reject.rule,
      loc: reject.loc,
    };
  });
}
