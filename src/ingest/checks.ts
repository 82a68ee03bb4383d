import type { QueryRunner } from 'typeorm';
import type { ParsedRelease, Reject } from './release.js';

/** Rules that report something about the file without making any row doubtful. */
const INFORMATIONAL_RULES = new Set(['heading-row']);

export function holdingRejects(release: ParsedRelease): Reject[] {
  return release.rejects.filter((r) => !INFORMATIONAL_RULES.has(r.rule));
}

export interface CoverageResult {
  previousYear: number | null;
  previousUnits: number;
  missing: string[];
}

/**
 * Municipalities that answered the same questions in the latest earlier year but are absent
 * from this release (with no explicit no-response row). A release that silently drops
 * municipalities is more often a truncated file than a real change.
 */
export async function checkCoverage(q: QueryRunner, release: ParsedRelease): Promise<CoverageResult | null> {
  if (!release.answers.length) return null;
  const questions = [...new Set(release.answers.map((a) => a.questionCode))];
  const year = Math.max(...release.answers.map((a) => a.year));
  const rows = (await q.query(
    `SELECT DISTINCT a.unit_code, a.year FROM routine_answer a JOIN reporting_unit u ON u.unit_code = a.unit_code
      WHERE u.unit_kind = 'MUNICIPALITY' AND a.question_code = ANY($1)
        AND a.year = (SELECT max(year) FROM routine_answer WHERE question_code = ANY($1) AND year < $2)`,
    [questions, year],
  )) as { unit_code: string; year: number }[];
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
