import { Kommungrupp, Question, Region } from '../../entities/index.js';
import { COUNT_CTES } from '../../ingest/load/scope-counts.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import {
  Answer,
  DenominatorPolicy,
  FigureOrigin,
  MissingReason,
  RoutineUnitKind,
  ScopeKind,
} from '../types/routine-enums.type.js';
import type { RoutineScope, RoutineUnit, Share } from '../types/routine-share.type.js';

/**
 * SQL shared by the routine queries. Every aggregate follows one contract:
 * - a share's scope counts MUNICIPALITIES only (districts are rows of their own in comparisons,
 *   never counted in a scope, so Stockholm is not counted twice);
 * - a municipality with no row in a year the question was collected counts as NO_RESPONSE;
 * - a (question, year) is collected when any unit (of any kind) has a row for it; a year
 *   after the latest year collected for any question of the same service area is
 *   NOT_YET_PUBLISHED, any other uncollected year NOT_COLLECTED;
 * - numerator = Ja; denominator by policy: RESPONDENTS = Ja + Nej + Ej aktuellt,
 *   APPLICABLE = Ja + Nej, ALL_UNITS = every municipality in scope.
 */

/** Positional parameters, numbered as they are added. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Answers as they stood at `asOf` (a parameter; NULL = now): current rows valid from before
 * it, plus history rows valid at it (valid_from ≤ asOf < valid_to).
 */
export function answersAsOf(asOf: string, where: (alias: string) => string): string {
  return `SELECT a.question_code, a.unit_code, a.year, a.answer, a.raw_value FROM routine_answer a
      WHERE ${where('a')} AND (${asOf}::timestamptz IS NULL OR a.valid_from <= ${asOf}::timestamptz)
    UNION ALL
    SELECT h.question_code, h.unit_code, h.year, h.answer, h.raw_value FROM routine_answer_history h
      WHERE ${where('h')} AND ${asOf}::timestamptz IS NOT NULL
        AND h.valid_from <= ${asOf}::timestamptz AND ${asOf}::timestamptz < h.valid_to`;
}

/**
 * CTE `latest(area_key, latest_year)`: the latest year collected (as of `asOf`) for any
 * question of each service area named by `questionCodes` (a SQL list of question codes).
 * A question without an area is its own "area". One index probe per question.
 */
export function latestCte(asOf: string, questionCodes: string): string {
  return `latest AS (
    SELECT coalesce(qa.area_code, qa.question_code) AS area_key, max(l.year) AS latest_year
    FROM question qa
    CROSS JOIN LATERAL (
      (SELECT r.year FROM routine_answer r
        WHERE r.question_code = qa.question_code AND (${asOf}::timestamptz IS NULL OR r.valid_from <= ${asOf}::timestamptz)
        ORDER BY r.year DESC LIMIT 1)
      UNION ALL
      (SELECT h.year FROM routine_answer_history h
        WHERE h.question_code = qa.question_code AND ${asOf}::timestamptz IS NOT NULL
          AND h.valid_from <= ${asOf}::timestamptz AND ${asOf}::timestamptz < h.valid_to
        ORDER BY h.year DESC LIMIT 1)
    ) l
    WHERE coalesce(qa.area_code, qa.question_code) IN (
      SELECT coalesce(qw.area_code, qw.question_code) FROM question qw WHERE qw.question_code IN (${questionCodes}))
    GROUP BY 1
  )`;
}

/**
 * CTEs `scope_counts` (and what it is built from) and `share_base` and `shares`, from CTEs the caller defines:
 * `share_keys(scope_kind, scope_code, question_code, year)`, `latest` (latestCte) and — when
 * `counts` is 'answers' — `ans` (answers as of, covering every key's question and year). One
 * row of `shares` per key.
 *
 * `counts`: 'stored' reads the counts ingest keeps in routine_scope_count (one index lookup per
 * key: the current data); 'answers' counts the answers in `ans` (the as-of path, for a past
 * instant the stored counts do not describe). Both follow the rule in src/ingest/load/scope-counts.ts.
 */
export function sharesCte(policy: string, counts: 'stored' | 'answers' = 'answers'): string {
  const den = (p: string, t: string) =>
    `CASE ${p} WHEN 'RESPONDENTS' THEN ${t}.ja + ${t}.nej + ${t}.ej_aktuellt WHEN 'APPLICABLE' THEN ${t}.ja + ${t}.nej ELSE ${t}.units END`;
  const scopeCounts =
    counts === 'stored'
      ? `scope_counts AS (
    SELECT k.scope_kind, k.scope_code, k.question_code, k.year,
      coalesce(sc.units, 0) AS units, coalesce(sc.ja, 0) AS ja, coalesce(sc.nej, 0) AS nej,
      coalesce(sc.ej_aktuellt, 0) AS ej_aktuellt, coalesce(sc.no_response, 0) AS no_response,
      coalesce(sc.not_asked, 0) AS not_asked, sc.is_collected IS TRUE AS is_collected
    FROM share_keys k
    LEFT JOIN routine_scope_count sc ON sc.question_code = k.question_code AND sc.year = k.year
      AND sc.scope_kind = k.scope_kind AND sc.scope_code = k.scope_code
  ),`
      : `collected AS (
    -- (question, year) pairs with any row: one pass over the answers instead of a probe of
    -- the (unindexed, materialised) answers per share row, which grew with questions × units.
    SELECT DISTINCT x.question_code, x.year FROM ans x
  ),
  ${COUNT_CTES},
  scope_counts AS (
    SELECT k.scope_kind, k.scope_code, k.question_code, k.year, mc.units,
      coalesce(ac.ja, 0) AS ja,
      coalesce(ac.nej, 0) AS nej,
      coalesce(ac.ej_aktuellt, 0) AS ej_aktuellt,
      mc.units - coalesce(ac.ja, 0) - coalesce(ac.nej, 0) - coalesce(ac.ej_aktuellt, 0) - coalesce(ac.not_asked, 0) AS no_response,
      coalesce(ac.not_asked, 0) AS not_asked,
      col.question_code IS NOT NULL AS is_collected
    FROM share_keys k
    JOIN member_counts mc ON mc.scope_kind = k.scope_kind AND mc.scope_code = k.scope_code
    LEFT JOIN answered_counts ac ON ac.scope_kind = k.scope_kind AND ac.scope_code = k.scope_code
      AND ac.question_code = k.question_code AND ac.year = k.year
    LEFT JOIN collected col ON col.question_code = k.question_code AND col.year = k.year
  ),`;
  return `${scopeCounts}
  share_base AS (
    SELECT c.*,
      CASE c.scope_kind
        WHEN 'NATION' THEN (SELECT n.name FROM reporting_unit n WHERE n.unit_code = '00')
        WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = c.scope_code)
        ELSE (SELECT g.name FROM kommungrupp g WHERE g.kommungrupp_code = c.scope_code) END AS scope_name,
      (SELECT lt.latest_year FROM latest lt JOIN question qq ON coalesce(qq.area_code, qq.question_code) = lt.area_key
        WHERE qq.question_code = c.question_code) AS latest_year,
      ${den(`${policy}::text`, 'c')} AS den,
      pf.id IS NOT NULL AS has_published,
      pf.percent::float8 AS pf_percent, pf.numerator::float8 AS pf_numerator, pf.denominator::float8 AS pf_denominator,
      pf.denominator_kind AS pf_denominator_kind, pf.qualifier AS pf_qualifier, pf.publication AS pf_publication,
      CASE WHEN pf.denominator_kind ILIKE 'respondent%' THEN 'RESPONDENTS'
           WHEN pf.denominator_kind ILIKE 'all%' THEN 'ALL_UNITS' ELSE 'APPLICABLE' END AS cmp_policy
    FROM scope_counts c
    LEFT JOIN LATERAL (
      SELECT p.* FROM published_figure p
      WHERE p.subject = 'ROUTINE' AND p.measure = c.question_code AND p.year = c.year
        AND p.scope_code = CASE c.scope_kind WHEN 'NATION' THEN '00' WHEN 'REGION' THEN c.scope_code::varchar END
      ORDER BY (p.scope_label = '') DESC, p.ingest_run_id DESC, p.id DESC
      LIMIT 1
    ) pf ON true
  ),
  shares AS (
    SELECT b.*,
      CASE WHEN b.is_collected THEN b.ja END AS numerator,
      CASE WHEN b.is_collected THEN b.den END AS denominator,
      CASE WHEN b.is_collected AND b.den > 0 THEN b.ja::float8 / b.den END AS share,
      CASE
        WHEN NOT b.is_collected THEN CASE WHEN b.year > b.latest_year THEN 'NOT_YET_PUBLISHED' ELSE 'NOT_COLLECTED' END
        WHEN b.den = 0 THEN CASE
          WHEN b.not_asked = b.units THEN 'NOT_ASKED'
          WHEN ${policy}::text = 'APPLICABLE' AND b.ej_aktuellt > 0 THEN 'NOT_APPLICABLE'
          ELSE 'NO_RESPONSE' END
      END AS missing_reason,
      cmp.cmp_share,
      CASE WHEN cmp.cmp_share IS NULL OR pct.pct IS NULL THEN NULL ELSE abs(cmp.cmp_share * 100 - pct.pct) <= 0.5 END AS agrees
    FROM share_base b
    CROSS JOIN LATERAL (SELECT ${den('b.cmp_policy', 'b')} AS cmp_den) cd
    CROSS JOIN LATERAL (SELECT CASE WHEN b.is_collected AND cd.cmp_den > 0 THEN b.ja::float8 / cd.cmp_den END AS cmp_share) cmp
    CROSS JOIN LATERAL (SELECT coalesce(b.pf_percent,
      CASE WHEN b.pf_denominator > 0 THEN 100 * b.pf_numerator / b.pf_denominator END) AS pct) pct
  )`;
}

/** Columns of a unit row with its region and kommungrupp (aliases u, r, g), read by toRoutineUnit. */
export const UNIT_COLUMNS = `u.unit_code, u.unit_kind, u.name AS unit_name, u.municipality_code,
  r.region_code AS r_code, r.name AS r_name, r.region_name AS r_region_name, r.kolada_id AS r_kolada_id,
  g.kommungrupp_code AS g_code, g.name AS g_name, g.classification AS g_classification`;

/** Joins for UNIT_COLUMNS, given `u` (reporting_unit or the same columns). */
export const UNIT_JOINS = `LEFT JOIN region r ON r.region_code = u.region_code
  LEFT JOIN kommungrupp g ON g.kommungrupp_code = u.kommungrupp_code`;

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A unit from UNIT_COLUMNS; region and kommungrupp come from the same row (no further query). */
export function toRoutineUnit(row: Row): RoutineUnit {
  return {
    code: String(row['unit_code']),
    name: String(row['unit_name']),
    kind: row['unit_kind'] as RoutineUnitKind,
    municipalityCode: str(row['municipality_code']),
    region: row['r_code']
      ? Object.assign(new Region(), {
          regionCode: String(row['r_code']),
          name: String(row['r_name']),
          regionName: String(row['r_region_name']),
          koladaId: String(row['r_kolada_id']),
        })
      : null,
    kommungrupp: row['g_code']
      ? Object.assign(new Kommungrupp(), {
          kommungruppCode: String(row['g_code']),
          name: String(row['g_name']),
          classification: String(row['g_classification']),
        })
      : null,
  };
}

/** Columns of a question (alias q), read by toQuestion. */
export const QUESTION_COLUMNS = `q.question_code AS q_code, q.area_code AS q_area_code, q.text AS q_text, q.family AS q_family,
  q.answer_scale AS q_answer_scale, q.asked_of AS q_asked_of, q.kolada_kpi_id AS q_kolada_kpi_id`;

export function toQuestion(row: Row): Question {
  return Object.assign(new Question(), {
    questionCode: String(row['q_code']),
    areaCode: str(row['q_area_code']),
    text: String(row['q_text']),
    family: str(row['q_family']),
    answerScale: (row['q_answer_scale'] as Record<string, string> | null) ?? null,
    askedOf: String(row['q_asked_of']),
    koladaKpiId: str(row['q_kolada_kpi_id']),
  });
}

export function toScope(row: Row): RoutineScope {
  return { kind: row['scope_kind'] as ScopeKind, code: String(row['scope_code']), name: String(row['scope_name']) };
}

/** One row of the `shares` CTE as a Share. */
export function toShare(row: Row, policy: DenominatorPolicy): Share {
  const collected = row['is_collected'] === true;
  return {
    scope: toScope(row),
    year: Number(row['year']),
    origin: FigureOrigin.COMPUTED,
    policy,
    numerator: num(row['numerator']),
    denominator: num(row['denominator']),
    share: num(row['share']),
    missingReason: (row['missing_reason'] as MissingReason | null) ?? null,
    counts: collected
      ? {
          ja: Number(row['ja']),
          nej: Number(row['nej']),
          ejAktuellt: Number(row['ej_aktuellt']),
          noResponse: Number(row['no_response']),
          notAsked: Number(row['not_asked']),
          units: Number(row['units']),
        }
      : null,
    published:
      row['has_published'] === true
        ? {
            origin: FigureOrigin.PUBLISHED,
            percent: num(row['pf_percent']),
            numerator: num(row['pf_numerator']),
            denominator: num(row['pf_denominator']),
            denominatorKind: str(row['pf_denominator_kind']),
            qualifier: str(row['pf_qualifier']),
            publication: String(row['pf_publication']),
            comparedPolicy: row['cmp_policy'] as DenominatorPolicy,
            computedShare: num(row['cmp_share']),
          }
        : null,
    agreesWithComputed: row['has_published'] === true ? ((row['agrees'] as boolean | null) ?? null) : null,
  };
}

/**
 * A unit's own answer in a year: the stored answer, NO_RESPONSE when a collected year has no
 * row, null when the year was not collected (with the scope's missing reason).
 */
export function unitAnswer(
  stored: unknown,
  collected: boolean,
  uncollectedReason: MissingReason | null,
): { answer: Answer | null; missingReason: MissingReason | null } {
  if (!collected) return { answer: null, missingReason: uncollectedReason ?? MissingReason.NOT_COLLECTED };
  const answer = (stored as Answer | null) ?? Answer.NO_RESPONSE;
  const missingReason =
    answer === Answer.NO_RESPONSE
      ? MissingReason.NO_RESPONSE
      : answer === Answer.NOT_ASKED
        ? MissingReason.NOT_ASKED
        : null;
  return { answer, missingReason };
}

/** Year ranges: fromYear ≤ toYear (or < when `strict`), at most MAX_YEARS years. */
export const MAX_YEARS = 50;
export function checkYearRange(fromYear: number, toYear: number, strict = false): void {
  checkYear(fromYear, 'fromYear');
  checkYear(toYear, 'toYear');
  if (fromYear > toYear || (strict && fromYear === toYear)) {
    throw new BadUserInputError(
      `fromYear (${fromYear}) must be ${strict ? 'before' : 'at most'} toYear (${toYear})`,
      'fromYear',
    );
  }
  if (toYear - fromYear + 1 > MAX_YEARS) {
    throw new BadUserInputError(`a range covers at most ${MAX_YEARS} years, got ${toYear - fromYear + 1}`, 'toYear');
  }
}

/** Survey years Jämför can hold (the routine_answer check constraint). */
export function checkYear(year: number, argument = 'year'): void {
  if (!Number.isInteger(year) || year < 1990 || year > 2100) {
    throw new BadUserInputError(`${argument} must be a survey year within 1990…2100, got ${year}`, argument);
  }
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export interface ScopeRef {
  kind: ScopeKind;
  /** "00" for the nation. */
  code: string;
}

/** A scope argument checked: REGION and KOMMUNGRUPP need a code; NATION is "00". */
export function normaliseScope(input: { kind: ScopeKind; code?: string | null }): ScopeRef {
  const code = input.code?.trim() ?? '';
  if (input.kind === ScopeKind.NATION) {
    if (code !== '' && code !== '00')
      throw new BadUserInputError(`a NATION scope has code "00" or none, got "${code}"`, 'scope');
    return { kind: ScopeKind.NATION, code: '00' };
  }
  if (code === '') throw new BadUserInputError(`a ${input.kind} scope needs a code`, 'scope');
  return { kind: input.kind, code: input.kind === ScopeKind.KOMMUNGRUPP ? code.toUpperCase() : code };
}

/** SQL: whether unit alias `u` lies in the scope given by parameters `kind` and `code`. */
export function inScope(kind: string, code: string, u = 'u'): string {
  return `(${kind}::text = 'NATION'
    OR (${kind}::text = 'REGION' AND ${u}.region_code = ${code}::text)
    OR (${kind}::text = 'KOMMUNGRUPP' AND ${u}.kommungrupp_code = ${code}::text))`;
}

/** SQL expression: the scope's name, NULL when the scope does not exist. */
export function scopeName(kind: string, code: string): string {
  return `CASE ${kind}::text
    WHEN 'NATION' THEN (SELECT n.name FROM reporting_unit n WHERE n.unit_code = '00')
    WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = ${code}::text)
    ELSE (SELECT g.name FROM kommungrupp g WHERE g.kommungrupp_code = ${code}::text) END`;
}

export function scopeNotFound(scope: ScopeRef): NotFoundError {
  return new NotFoundError(scope.kind === ScopeKind.REGION ? 'region' : 'kommungrupp', scope.code);
}

/** SQL expression ordering answers Ja, Nej, Ej aktuellt, no response, not asked. */
export function answerOrder(expr: string): string {
  return `array_position(ARRAY['JA','NEJ','EJ_AKTUELLT','NO_RESPONSE','NOT_ASKED']::varchar[], ${expr})`;
}
