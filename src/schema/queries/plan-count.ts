import type { EntityManager } from 'typeorm';
import { measureKind } from '../../domain/plan-count.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { checkPageSize, connectionOf, decodeCursor, type PagedRow } from '../pagination.js';
import type { ConnectionShape } from '../types/connection.type.js';
import {
  PlanValueKind,
  type PlanCountCoverage,
  type PlanCountPoint,
  type PlanCounts,
  type PlanCountScope,
  type PlanCountSeries,
  type PlanCountSeriesInfo,
  type PlanSourceSystem,
  type PlanType,
  type Principal,
} from '../types/plan-count.type.js';
import { MissingReason } from '../types/routine-enums.type.js';
import type { ReportingUnitKind } from '../types/share-common.type.js';
import { toCitation, toNumber, toSource, type CitedRow } from './published-figure.js';
import { toDiscrepancy, type DiscrepancyJson } from './study.js';

export const PER_ORGANISATION_NOTE =
  'Counts are per reporting organisation (the municipality or the region that reported), not unique persons: the same person may be counted by both principals, so counts of the two must not be added up.';

const MAX_YEARS = 50;

const VALUE_KINDS = {
  count: PlanValueKind.COUNT,
  percent: PlanValueKind.PERCENT,
  score: PlanValueKind.MEAN_SCORE,
} as const;

export function valueKindOf(measure: string): PlanValueKind {
  return VALUE_KINDS[measureKind(measure)];
}

export interface PlanCountsInput {
  scope: string;
  planType?: PlanType | null;
  measure?: string | null;
  fromYear?: number | null;
  toYear?: number | null;
}

function checkYears(fromYear: number | null | undefined, toYear: number | null | undefined): void {
  for (const [name, year] of [
    ['fromYear', fromYear],
    ['toYear', toYear],
  ] as const) {
    if (year !== null && year !== undefined && (year < 1990 || year > 2100)) {
      throw new BadUserInputError(`${name} must be within 1990…2100, got ${year}`, name);
    }
  }
  if (fromYear != null && toYear != null) {
    if (fromYear > toYear)
      throw new BadUserInputError(`fromYear (${fromYear}) must be at most toYear (${toYear})`, 'fromYear');
    if (toYear - fromYear + 1 > MAX_YEARS)
      throw new BadUserInputError(`a range covers at most ${MAX_YEARS} years`, 'toYear');
  }
}

/** A scope's columns: the unit (null for a named scope), its label and, for a municipality, its population. */
interface ScopeColumns {
  unit_code: string | null;
  unit_kind: ReportingUnitKind | null;
  label: string;
  population: number | null;
  population_year: number | null;
  population_rounded_to: number | null;
}

/** The head of every planCounts row: the target scope, the year bounds and the series' studies' discrepancies. */
interface TargetRow extends ScopeColumns {
  scope_key: string;
  is_population_approximate: boolean | null;
  from_year: number | null;
  to_year: number | null;
  discrepancies: DiscrepancyJson[];
}

/** The series a planCounts point belongs to. */
interface SeriesColumns {
  series_scope_key: string;
  is_own: boolean;
  series_scope_label: string;
  plan_type: PlanType;
  measure: string;
  principal: Principal;
  source_system: PlanSourceSystem;
  sample_units: number | null;
  frame_units: number | null;
  coverage_note: string | null;
  series_study_key: string | null;
}

/** A stored plan_count row's values in one year of a series. */
interface StoredPoint extends CitedRow {
  period_start: string;
  period_end: string;
  value: number | null;
  n: number | null;
  counting_note: string | null;
  raw_value: string | null;
  missing_reason: string | null;
}

/** One year of a series: the stored row's values, or all null when the year has no row. */
type PointRow = SeriesColumns & { year: number } & (
    ({ has_row: true } & StoredPoint) | ({ has_row: false } & { [K in keyof StoredPoint]: null })
  );

/** One row of planCounts: the target, and one point of one series (all null when there is no series). */
type PlanCountsRow = TargetRow & (PointRow | { [K in keyof PointRow]: null });

/** Scope columns → PlanCountScope. */
function toScope(r: ScopeColumns): PlanCountScope {
  const unitCode = r.unit_code;
  return {
    key: unitCode ?? r.label,
    label: r.label,
    unit: unitCode ? { code: unitCode, kind: r.unit_kind!, name: r.label } : null,
    population: toNumber(r.population),
    populationYear: toNumber(r.population_year),
    populationRoundedTo: toNumber(r.population_rounded_to),
  };
}

const STORED_MISSING: Record<string, MissingReason> = {
  NO_RESPONSE: MissingReason.NO_RESPONSE,
  NOT_PUBLISHED: MissingReason.NOT_PUBLISHED,
  LOST_IN_SOURCE: MissingReason.LOST_IN_SOURCE,
};

function toPoint(r: PointRow, kind: PlanValueKind, population: number | null, approximate: boolean): PlanCountPoint {
  const value = toNumber(r.value);
  const rate = kind === PlanValueKind.COUNT && value !== null && population ? (value * 10_000) / population : null;
  const stored = STORED_MISSING[String(r.missing_reason)] ?? MissingReason.NO_RESPONSE;
  return {
    year: r.year,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    value,
    count: kind === PlanValueKind.COUNT && value !== null && Number.isInteger(value) ? value : null,
    missingReason: !r.has_row ? MissingReason.NOT_COLLECTED : value === null ? stored : null,
    rawValue: r.raw_value,
    n: toNumber(r.n),
    countingNote: r.counting_note,
    perTenThousand: rate,
    perTenThousandIsApproximate: rate === null ? null : approximate,
    citation: r.has_row ? toCitation(r) : null,
    source: r.has_row ? toSource(r) : null,
  };
}

/** A unit code as written: länskod, kommunkod or a district code. Text of that form that names no unit is a typo. */
const UNIT_CODE_FORM = /^(\d{2}|\d{4}|\d{4}-\d{2})$/;

/**
 * One scope's plan counts, every series dense over [fromYear, toYear] (default: the years
 * with data): a year with no row is NOT_COLLECTED, a row with no value keeps its stored reason
 * (NO_RESPONSE, NOT_PUBLISHED, LOST_IN_SOURCE). The scope is a reporting unit, or else a named
 * scope of a publication. A region also lists the named scopes that lie in it (a follow-up's
 * sample), each series marked as covering only part of the region — never as the region's figure.
 * A code-shaped scope naming no unit is NOT_FOUND (a typo); any other unknown name is a named
 * scope the warehouse holds nothing for: NOT_COLLECTED, with no series. One statement.
 */
export async function planCounts(db: EntityManager, input: PlanCountsInput): Promise<PlanCounts> {
  checkYears(input.fromYear, input.toYear);
  const rows = await db.query<PlanCountsRow[]>(
    `WITH target AS (
       SELECT * FROM (
         SELECT u.unit_code AS scope_key, u.unit_code, u.unit_kind, u.name::text AS label, m.population, m.population_year,
           m.population_rounded_to, m.is_population_approximate, 1 AS pri
         FROM reporting_unit u LEFT JOIN municipality m ON m.municipality_code = u.unit_code AND u.unit_kind = 'MUNICIPALITY'
         WHERE u.unit_code = $1
         UNION ALL
         SELECT 'scope:' || $1, NULL, NULL, $1, NULL, NULL, NULL, NULL, 2
       ) t ORDER BY pri LIMIT 1
     ),
     pc AS (
       SELECT p.*, p.scope_key = t.scope_key AS is_own FROM plan_count p CROSS JOIN target t
       WHERE (p.scope_key = t.scope_key OR (t.unit_kind = 'REGION' AND p.unit_code IS NULL AND p.region_code = t.unit_code))
         AND ($2::text IS NULL OR p.plan_type = $2) AND ($3::text IS NULL OR p.measure = $3)
     ),
     bounds AS (
       SELECT coalesce($4::int, least(min(year)::int, $5::int)) AS from_year,
         coalesce($5::int, greatest(max(year)::int, $4::int)) AS to_year FROM pc
     ),
     series AS (
       SELECT scope_key, bool_and(is_own) AS is_own, min(scope_label) AS scope_label, plan_type, measure, principal, source_system,
         max(sample_units) AS sample_units, max(frame_units) AS frame_units, min(coverage_note) AS coverage_note,
         min(study_key) AS study_key
       FROM pc GROUP BY scope_key, plan_type, measure, principal, source_system
     ),
     points AS (
       SELECT s.scope_key AS series_scope_key, s.is_own, s.scope_label AS series_scope_label, s.plan_type, s.measure, s.principal,
         s.source_system, s.sample_units, s.frame_units, s.coverage_note, s.study_key AS series_study_key, y.year, p.period_start::text AS period_start,
         p.period_end::text AS period_end, p.value::float8 AS value, p.n, p.counting_note, p.raw_value, p.missing_reason,
         p.document, p.section, p.page, p.source_file, p.source_row, p.ingest_run_id::text AS ingest_run_id,
         p.id IS NOT NULL AS has_row
       FROM series s CROSS JOIN bounds b CROSS JOIN generate_series(b.from_year, b.to_year) y(year)
       LEFT JOIN pc p ON p.scope_key = s.scope_key AND p.plan_type = s.plan_type AND p.measure = s.measure
         AND p.principal = s.principal AND p.source_system = s.source_system AND p.year = y.year
     )
     SELECT t.*, b.from_year, b.to_year,
       (SELECT coalesce(json_agg(d ORDER BY d.study_key, d.item, d.group_label, d.period, d.rule), '[]')
          FROM (SELECT study_key, item, group_label, period, printed_value::float8 AS printed_value, printed,
                  computed_value::float8 AS computed_value, rule, explanation, document, section, page, source_file,
                  source_row, ingest_run_id::text AS ingest_run_id
                FROM study_discrepancy WHERE study_key IN (SELECT study_key FROM series)) d) AS discrepancies,
       pt.*
     FROM target t CROSS JOIN bounds b LEFT JOIN points pt ON true
     ORDER BY pt.is_own DESC, pt.series_scope_label COLLATE "sv-SE-x-icu", pt.plan_type, pt.measure, pt.principal,
       pt.source_system, pt.year, pt.period_start, pt.period_end`,
    [input.scope, input.planType ?? null, input.measure ?? null, input.fromYear ?? null, input.toYear ?? null],
  );
  const head = rows[0]!;
  const isUnit = head.unit_code !== null;
  if (!isUnit && UNIT_CODE_FORM.test(input.scope.trim())) throw new NotFoundError('plan-count scope', input.scope);
  const population = toNumber(head.population);
  const approximate = head.is_population_approximate !== false;
  const series = new Map<string, PlanCountSeries>();
  for (const r of rows) {
    if (r.plan_type === null) continue;
    const key = [r.series_scope_key, r.plan_type, r.measure, r.principal, r.source_system].join('|');
    let s = series.get(key);
    if (!s) {
      const own = r.is_own;
      s = {
        scopeKey: own ? toScope(head).key : r.series_scope_label,
        scopeLabel: own ? head.label : r.series_scope_label,
        coversWholeScope: own,
        coverage: own ? null : toCoverage(r),
        studyKey: r.series_study_key,
        planType: r.plan_type,
        measure: r.measure,
        principal: r.principal,
        sourceSystem: r.source_system,
        valueKind: valueKindOf(r.measure),
        points: [],
      };
      series.set(key, s);
    }
    // why: a rate needs the population of the series' own unit; a named scope inside a region has none.
    s.points.push(toPoint(r, s.valueKind, s.coversWholeScope ? population : null, approximate));
  }
  return {
    scope: toScope(head),
    fromYear: toNumber(head.from_year),
    toYear: toNumber(head.to_year),
    note: PER_ORGANISATION_NOTE,
    missingReason: series.size === 0 && !isUnit ? MissingReason.NOT_COLLECTED : null,
    series: [...series.values()],
    discrepancies: head.discrepancies.map(toDiscrepancy),
  };
}

function toCoverage(r: SeriesColumns): PlanCountCoverage {
  return { sampleUnits: toNumber(r.sample_units), frameUnits: toNumber(r.frame_units), note: r.coverage_note };
}

/** One row of listPlanCountSeries: a series and its scope. */
interface SeriesInfoRow extends ScopeColumns {
  scope_key: string;
  plan_type: PlanType;
  measure: string;
  principal: Principal;
  source_system: PlanSourceSystem;
  first_year: number;
  last_year: number;
  periods: number;
  reported: number;
}

export interface PlanCountSeriesFilter {
  planType?: PlanType | null;
  measure?: string | null;
  sourceSystem?: PlanSourceSystem | null;
  first: number;
  after?: string | null;
}

/** The series held, one row per scope × plan type × measure × principal × source system. One statement. */
export async function listPlanCountSeries(
  db: EntityManager,
  filter: PlanCountSeriesFilter,
  maxPageSize: number,
): Promise<ConnectionShape<PlanCountSeriesInfo>> {
  checkPageSize(filter.first, maxPageSize);
  const offset = decodeCursor(filter.after);
  const rows = await db.query<PagedRow<{ total_count: number }, SeriesInfoRow>[]>(
    `WITH s AS (
       SELECT p.scope_key, min(p.unit_code) AS unit_code, min(p.scope_label) AS scope_label, p.plan_type, p.measure, p.principal,
         p.source_system, min(p.year)::int AS first_year, max(p.year)::int AS last_year, count(*)::int AS periods,
         count(p.value)::int AS reported
       FROM plan_count p
       WHERE ($1::text IS NULL OR p.plan_type = $1) AND ($2::text IS NULL OR p.measure = $2) AND ($3::text IS NULL OR p.source_system = $3)
       GROUP BY p.scope_key, p.plan_type, p.measure, p.principal, p.source_system
     ),
     f AS (
       SELECT s.*, u.unit_kind, coalesce(u.name::text, s.scope_label) AS label, m.population, m.population_year, m.population_rounded_to,
         row_number() OVER (ORDER BY coalesce(u.name::text, s.scope_label) COLLATE "sv-SE-x-icu", s.scope_key, s.plan_type, s.measure,
           s.principal, s.source_system) AS ord
       FROM s LEFT JOIN reporting_unit u ON u.unit_code = s.unit_code
       LEFT JOIN municipality m ON m.municipality_code = s.unit_code AND u.unit_kind = 'MUNICIPALITY'
     )
     SELECT (SELECT count(*)::int FROM f) AS total_count, page.*
     FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT * FROM f WHERE f.ord > $4 ORDER BY f.ord LIMIT $5) page ON true
     ORDER BY page.ord`,
    [filter.planType ?? null, filter.measure ?? null, filter.sourceSystem ?? null, offset, filter.first],
  );
  return connectionOf(rows, 'scope_key', offset, (r) => ({
    scope: toScope(r),
    planType: r.plan_type,
    measure: r.measure,
    principal: r.principal,
    sourceSystem: r.source_system,
    valueKind: valueKindOf(r.measure),
    firstYear: r.first_year,
    lastYear: r.last_year,
    periods: r.periods,
    reported: r.reported,
  }));
}
