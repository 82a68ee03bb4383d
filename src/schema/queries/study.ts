import type { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { FigureOrigin, MissingReason } from '../types/routine-enums.type.js';
import type { ReportingUnitKind } from '../types/share-common.type.js';
import type { StudyKind, StudyValueKind } from '../types/study.type.js';
import type { Study, StudyDiscrepancy, StudyFigure, StudyReach } from '../types/study.type.js';
import { toCitation, toNumber, toSource, type CitedRow } from './published-figure.js';

/** Studies are few (one per survey or follow-up of a report); a list is bounded all the same. */
const MAX_STUDIES = 200;

export interface StudiesFilter {
  key?: string | null;
  document?: string | null;
  region?: string | null;
  kind?: StudyKind | null;
  item?: string | null;
}

/** The columns of a CitedRow. */
const CITED = `document, section, page, source_file, source_row, ingest_run_id::text AS ingest_run_id`;

/** A study_figure row as listStudies aggregates it (numeric columns as float8). */
interface FigureJson extends CitedRow {
  id: string;
  item: string;
  item_text: string;
  group_label: string;
  period: string;
  year: number | null;
  year_missing_reason: string | null;
  value_kind: StudyValueKind;
  value: number | null;
  value_high: number | null;
  numerator: number | null;
  denominator: number | null;
  printed: string;
  approximation: string | null;
  verbal: string | null;
  verbal_share: number | null;
  origin: 'PUBLISHED' | 'DERIVED';
  rule: string | null;
  missing_reason: string | null;
  note: string | null;
  /** A study figure always names its document (study_figure.document is NOT NULL). */
  document: string;
}

/** A study_discrepancy row as listStudies and planCounts aggregate it (numeric columns as float8). */
export interface DiscrepancyJson extends CitedRow {
  item: string;
  group_label: string;
  period: string;
  printed_value: number;
  printed: string;
  computed_value: number;
  rule: string;
  explanation: string;
  document: string;
}

/** One row of listStudies: a study with its region, unit, figures and discrepancies. */
interface StudyRow extends CitedRow {
  study_key: string;
  kind: StudyKind;
  title: string;
  publication: string;
  scope_label: string;
  period: string | null;
  reference_date: string | null;
  note: string | null;
  document: string;
  region_code: string | null;
  region_name: string | null;
  unit_code: string | null;
  unit_kind: ReportingUnitKind | null;
  unit_name: string | null;
  figures: FigureJson[];
  discrepancies: DiscrepancyJson[];
}

/**
 * Studies matching every filter, each with its figures and discrepancies, in one statement:
 * figures and discrepancies are aggregated per study in Postgres, so a list of N studies is
 * still one round trip. Ordered by document, then title in Swedish order.
 */
export async function listStudies(db: EntityManager, filter: StudiesFilter): Promise<Study[]> {
  const rows = await db.query<StudyRow[]>(
    `SELECT s.study_key, s.kind, s.title, s.publication, s.scope_label, s.period, s.reference_date::text AS reference_date,
       s.note, s.document, s.section, s.page, s.source_file, s.source_row, s.ingest_run_id::text AS ingest_run_id,
       r.unit_code AS region_code, r.name::text AS region_name, u.unit_code AS unit_code, u.unit_kind, u.name::text AS unit_name,
       (SELECT coalesce(json_agg(f ORDER BY f.item, f.group_label COLLATE "sv-SE-x-icu", f.year NULLS LAST, f.period, f.id), '[]')
          FROM (SELECT id::text AS id, item, item_text, group_label, period, year, year_missing_reason, value_kind,
                  value::float8 AS value, value_high::float8 AS value_high, numerator::float8 AS numerator,
                  denominator::float8 AS denominator, printed, approximation, verbal, verbal_share::float8 AS verbal_share,
                  origin, rule, missing_reason, note, ${CITED}
                FROM study_figure WHERE study_key = s.study_key AND ($5::text IS NULL OR item = $5)) f) AS figures,
       (SELECT coalesce(json_agg(d ORDER BY d.item, d.group_label, d.period, d.rule), '[]')
          FROM (SELECT item, group_label, period, printed_value::float8 AS printed_value, printed,
                  computed_value::float8 AS computed_value, rule, explanation, ${CITED}
                FROM study_discrepancy WHERE study_key = s.study_key) d) AS discrepancies
     FROM study s
     LEFT JOIN reporting_unit r ON r.unit_code = s.region_code
     LEFT JOIN reporting_unit u ON u.unit_code = s.unit_code
     WHERE ($1::text IS NULL OR s.study_key = $1) AND ($2::text IS NULL OR s.document = $2)
       AND ($3::text IS NULL OR s.region_code = $3) AND ($4::text IS NULL OR s.kind = $4)
       AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM study_figure f WHERE f.study_key = s.study_key AND f.item = $5))
     ORDER BY s.document, s.title COLLATE "sv-SE-x-icu", s.study_key
     LIMIT ${MAX_STUDIES}`,
    [filter.key ?? null, filter.document ?? null, filter.region ?? null, filter.kind ?? null, filter.item ?? null],
  );
  return rows.map(toStudy);
}

/** One study by key; NOT_FOUND when there is none. */
export async function studyByKey(db: EntityManager, key: string, item?: string | null): Promise<Study> {
  if (key.length > 200) throw new BadUserInputError('a study key is at most 200 characters', 'key');
  const [study] = await listStudies(db, { key, item: null });
  if (!study) throw new NotFoundError('study', key);
  if (item) study.figures = study.figures.filter((f) => f.item === item);
  return study;
}

const MISSING: Record<string, MissingReason> = {
  NOT_PUBLISHED: MissingReason.NOT_PUBLISHED,
  LOST_IN_SOURCE: MissingReason.LOST_IN_SOURCE,
};

function toFigure(r: FigureJson): StudyFigure {
  return {
    id: r.id,
    item: r.item,
    itemText: r.item_text,
    group: r.group_label || null,
    period: r.period || null,
    year: toNumber(r.year),
    yearMissingReason: MISSING[String(r.year_missing_reason)] ?? null,
    valueKind: r.value_kind,
    value: toNumber(r.value),
    valueHigh: toNumber(r.value_high),
    numerator: toNumber(r.numerator),
    denominator: toNumber(r.denominator),
    printed: r.printed || null,
    isApproximate: r.approximation !== null,
    approximation: r.approximation,
    verbal: r.verbal,
    verbalShare: toNumber(r.verbal_share),
    origin: r.origin === 'DERIVED' ? FigureOrigin.COMPUTED : FigureOrigin.PUBLISHED,
    rule: r.rule,
    missingReason: MISSING[String(r.missing_reason)] ?? null,
    note: r.note,
    citation: toCitation(r)!,
    source: toSource(r),
  };
}

export function toDiscrepancy(r: DiscrepancyJson): StudyDiscrepancy {
  return {
    item: r.item,
    group: r.group_label || null,
    period: r.period || null,
    printedValue: toNumber(r.printed_value)!,
    printed: r.printed,
    computedValue: toNumber(r.computed_value)!,
    rule: r.rule,
    explanation: r.explanation,
    citation: toCitation(r)!,
    source: toSource(r),
  };
}

/** The reach items of a whole study (no group, no period): null for each the report does not state. */
function toReach(figures: StudyFigure[]): StudyReach {
  const whole = (item: string) => figures.find((f) => f.item === item && f.group === null && f.period === null) ?? null;
  return {
    population: whole('population'),
    sent: whole('sent'),
    bounced: whole('bounced'),
    away: whole('away'),
    reached: whole('reached'),
    responses: whole('responses'),
    responseRate: whole('response_rate'),
  };
}

function toStudy(r: StudyRow): Study {
  const figures = r.figures.map(toFigure);
  return {
    key: r.study_key,
    kind: r.kind,
    title: r.title,
    publication: r.publication,
    region: r.region_code ? { code: r.region_code, kind: 'REGION' as ReportingUnitKind, name: r.region_name! } : null,
    unit: r.unit_code ? { code: r.unit_code, kind: r.unit_kind!, name: r.unit_name! } : null,
    scopeLabel: r.scope_label,
    period: r.period,
    referenceDate: r.reference_date,
    note: r.note,
    citation: toCitation(r)!,
    source: toSource(r),
    reach: toReach(figures),
    figures,
    discrepancies: r.discrepancies.map(toDiscrepancy),
  };
}
