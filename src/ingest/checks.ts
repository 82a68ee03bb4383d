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
 *
 * One statement for all the releases of a run (a yearly ÖJ publication is nine files), in
 * their order; null for a release without answers.
 */
export async function checkCoverages(
  q: QueryRunner,
  releases: readonly ParsedRelease[],
): Promise<(CoverageResult | null)[]> {
  const asked = releases.flatMap((release, ord) => {
    if (!release.answers.length) return [];
    const year = release.answers.reduce((max, a) => Math.max(max, a.year), -Infinity);
    const frames = release.frames.filter((f) => f.year === year);
    const stated = (f: (typeof frames)[number]) =>
      f.kind === 'REGION' || (f.kind === 'SAMPLE' && f.units.length > 0 && f.basis !== 'units listed in the file');
    return [
      {
        ord,
        year,
        questions: [...new Set(release.answers.map((a) => a.questionCode))],
        restrict: frames.length > 0 && frames.every(stated),
        regions: frames.map((f) => f.regionCode).filter((c): c is string => c !== null),
        units: frames.flatMap((f) => f.units.map((u) => u.code)),
      },
    ];
  });
  const out: (CoverageResult | null)[] = releases.map(() => null);
  if (!asked.length) return out;
  // Per release: the latest earlier year of its questions (one backward index probe per
  // question), then the municipalities that answered them that year (one index range).
  const rows = (await q.query(
    `SELECT f.ord, p.year, a.unit_code
       FROM jsonb_to_recordset($1::jsonb) f(ord int, year int, questions text[], restrict boolean, regions text[], units text[])
       CROSS JOIN LATERAL (SELECT max(m.year)::int AS year FROM unnest(f.questions) qc(code)
         CROSS JOIN LATERAL (SELECT max(r.year) AS year FROM routine_answer r WHERE r.question_code = qc.code AND r.year < f.year) m) p
       CROSS JOIN LATERAL (SELECT DISTINCT r.unit_code FROM routine_answer r
         WHERE r.question_code = ANY(f.questions) AND r.year = p.year) a
       JOIN reporting_unit u ON u.unit_code = a.unit_code
      WHERE u.unit_kind = 'MUNICIPALITY' AND (NOT f.restrict OR u.region_code = ANY(f.regions) OR u.unit_code = ANY(f.units))
      ORDER BY f.ord, a.unit_code`,
    [JSON.stringify(asked)],
  )) as { ord: number; year: number; unit_code: string }[];
  const previous = new Map<number, { year: number; units: string[] }>();
  for (const r of rows) {
    const p = previous.get(r.ord) ?? { year: r.year, units: [] };
    p.units.push(r.unit_code);
    previous.set(r.ord, p);
  }
  for (const { ord } of asked) {
    const release = releases[ord]!;
    const p = previous.get(ord);
    if (!p) {
      out[ord] = { previousYear: null, previousUnits: 0, missing: [] };
      continue;
    }
    const covered = new Set(release.unitsCovered.filter((u) => u.kind === 'MUNICIPALITY').map((u) => u.code));
    for (const a of release.answers) if (a.unit.kind === 'MUNICIPALITY') covered.add(a.unit.code);
    out[ord] = {
      previousYear: p.year,
      previousUnits: p.units.length,
      missing: p.units.filter((c) => !covered.has(c)).sort(),
    };
  }
  return out;
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
  const rows = (await q.query(
    `SELECT k.ord::text AS ord, a.answer, a.raw_value
       FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY k(unit_code, question_code, year, ord)
       JOIN routine_answer a ON a.unit_code = k.unit_code AND a.question_code = k.question_code AND a.year = k.year
      ORDER BY k.ord`,
    [
      keyed.map((r) => r.answerKey.unitCode),
      keyed.map((r) => r.answerKey.questionCode),
      keyed.map((r) => r.answerKey.year),
    ],
  )) as { ord: string; answer: string; raw_value: string | null }[];
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
