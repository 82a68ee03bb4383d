import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import { checkPageSize, connectionOf, decodeCursor, type PagedRow } from '../pagination.js';
import type { Citation, FigureSource } from '../types/citation.type.js';
import type { ConnectionShape } from '../types/connection.type.js';
import type { FigureSubject, PublishedFigure } from '../types/published-figure.type.js';
import { FigureOrigin } from '../types/routine-enums.type.js';
import type { ReportingUnitKind } from '../types/share-common.type.js';

/** The columns every cited row carries: citation (document, section, page) and where it was typed in. */
export interface CitedRow {
  document: string | null;
  section: string | null;
  page: string | null;
  source_file: string | null;
  source_row: number | null;
  ingest_run_id: string;
}

/**
 * A published figure's columns, `p` = published_figure and `u` = its reporting_unit. The
 * numeric columns are cast to float8 so that pg returns numbers (numeric comes back as a
 * string); a printed figure has far fewer than 15 significant digits, and NULL stays NULL.
 */
export const FIGURE_COLUMNS = `p.id::text AS id, p.subject, p.measure, p.scope_code, u.unit_kind AS scope_kind,
  u.name AS scope_name, p.scope_label, p.year, p.numerator::float8 AS numerator, p.denominator::float8 AS denominator,
  p.denominator_kind, p.percent::float8 AS percent, p.qualifier, p.publication, p.note, p.topic, p.document, p.section,
  p.page, p.source_file, p.source_row, p.ingest_run_id::text AS ingest_run_id`;

/** One row of FIGURE_COLUMNS. */
export interface FigureRow extends CitedRow {
  id: string;
  subject: FigureSubject;
  measure: string;
  scope_code: string;
  scope_kind: ReportingUnitKind;
  scope_name: string;
  scope_label: string;
  year: number;
  numerator: number | null;
  denominator: number | null;
  denominator_kind: string | null;
  percent: number | null;
  qualifier: string | null;
  publication: string;
  note: string | null;
  topic: string;
}

/** The stable order of published figures: year, subject, scope, label, measure. */
export const FIGURE_ORDER = `p.year, p.subject, p.scope_code, p.scope_label, p.measure, p.publication, p.id`;

/** A number from pg (a number, or a numeric string), null kept null; anything else is a bug. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number from the database: ${JSON.stringify(value)}`);
  return n;
}

export function toPublishedFigure(row: FigureRow): PublishedFigure {
  return {
    id: row.id,
    origin: FigureOrigin.PUBLISHED,
    subject: row.subject,
    measure: row.measure,
    scope: { code: row.scope_code, kind: row.scope_kind, name: row.scope_name },
    scopeLabel: row.scope_label === '' ? null : row.scope_label,
    year: row.year,
    numerator: toNumber(row.numerator),
    denominator: toNumber(row.denominator),
    denominatorKind: row.denominator_kind,
    percent: toNumber(row.percent),
    qualifier: row.qualifier,
    publication: row.publication,
    note: row.note,
    topic: row.topic === '' ? null : row.topic,
    citation: toCitation(row),
    source: toSource(row),
  };
}

/** The citation columns (document, section, page) → a Citation; null when no document is named. */
export function toCitation(row: CitedRow): Citation | null {
  if (row.document === null) return null;
  return { document: row.document, section: row.section, page: row.page };
}

/** The provenance columns (source_file, source_row, ingest_run_id) → a FigureSource. */
export function toSource(row: CitedRow): FigureSource {
  return { file: row.source_file, row: toNumber(row.source_row), ingestRunId: row.ingest_run_id };
}

export interface PublishedFigureFilter {
  subject?: FigureSubject | null;
  measure?: string | null;
  year?: number | null;
  scope?: string | null;
  scopeLabel?: string | null;
  publication?: string | null;
  topic?: string | null;
  first: number;
  after?: string | null;
}

/**
 * Published figures matching every given filter, one page in a stable order. One statement:
 * the total, the page and whether the `scope` unit exists (an unknown unit is NOT_FOUND
 * rather than an empty page, so a typo is not read as "nothing published").
 */
export async function listPublishedFigures(
  db: EntityManager,
  filter: PublishedFigureFilter,
  maxPageSize: number,
): Promise<ConnectionShape<PublishedFigure>> {
  checkPageSize(filter.first, maxPageSize);
  const offset = decodeCursor(filter.after);
  const rows = await db.query<PagedRow<{ total_count: number; scope_known: boolean }, FigureRow>[]>(
    `WITH f AS (
       SELECT ${FIGURE_COLUMNS}, row_number() OVER (ORDER BY ${FIGURE_ORDER}) AS ord
       FROM published_figure p JOIN reporting_unit u ON u.unit_code = p.scope_code
       WHERE ($1::text IS NULL OR p.subject = $1) AND ($2::text IS NULL OR p.measure = $2)
         AND ($3::int IS NULL OR p.year = $3) AND ($4::text IS NULL OR p.scope_code = $4)
         AND ($5::text IS NULL OR p.scope_label = $5)
         AND ($6::text IS NULL OR strpos(lower(p.publication), lower($6)) > 0)
         AND ($9::text IS NULL OR p.topic = upper($9))
     )
     SELECT (SELECT count(*)::int FROM f) AS total_count,
       ($4::text IS NULL OR EXISTS (SELECT 1 FROM reporting_unit WHERE unit_code = $4)) AS scope_known, page.*
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (SELECT * FROM f WHERE f.ord > $7 ORDER BY f.ord LIMIT $8) page ON true
     ORDER BY page.ord`,
    [
      filter.subject ?? null,
      filter.measure ?? null,
      filter.year ?? null,
      filter.scope ?? null,
      filter.scopeLabel ?? null,
      filter.publication ?? null,
      offset,
      filter.first,
      filter.topic?.trim() || null,
    ],
  );
  if (!rows[0]!.scope_known) throw new NotFoundError('unit', filter.scope!);
  return connectionOf(rows, 'id', offset, toPublishedFigure);
}
