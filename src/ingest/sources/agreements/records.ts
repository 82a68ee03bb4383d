/**
 * The three CSV shapes the `agreements` source reads (överenskommelse → agreement). The
 * adapter tells them apart by their header; column names are matched case-insensitively, in
 * any order, with `;`, `,` or tab as separator.
 */
import { AGREEMENT_FLAGS } from '../../../domain/agreement.js';

export const AGREEMENTS_SOURCE = 'agreements';

/**
 * Per-unit agreement status and content, designed by Jämför for coverage mappings (one row
 * per unit × year × level × topic; example with illustrative values: tests/fixtures/agreements/per-unit.csv).
 *
 * - `unit_code`: kommunkod (`0180`, `180` is zero-padded) for a local agreement, länskod (`04`)
 *   for a county one; empty for a Stockholm stadsdel, which is then named in `unit_name` and
 *   matched to data/reference/districts.csv. `unit_name` is otherwise informational.
 * - `year`: survey year, 1990…this year.
 * - `level`: `county` / `länsöverenskommelse` / `län` (unit must be a region) or `local` /
 *   `lokal` / `lokal överenskommelse` (unit must be a municipality or stadsdel).
 * - `topic`: a service-area code or name from data/reference/service-areas.csv, any case
 *   (`missbruk` → `MISSBRUK`).
 * - `status`: `exists` | `in_progress` | `none` | `no_response`, or in Swedish `finns` |
 *   `under framtagande` | `saknas` | `ej svarat`; anything else is rejected (`status-not-in-scale`).
 * - `joint_goals` (optional): `clear` | `unclear` | `none` (also `tydliga` | `otydliga` | `saknas`),
 *   empty = not coded.
 * - one optional column per content flag in AGREEMENT_FLAGS (src/domain/agreement.ts): `ja`/`1`/`true`/`x` → true,
 *   `nej`/`0`/`false` → false, empty → null (not coded; never read as false).
 * - `note` (optional): free text, not loaded.
 */
export const PER_UNIT_REQUIRED = ['year', 'level', 'topic', 'status'] as const;
export const PER_UNIT_UNIT = ['unit_code', 'unit_name'] as const;

export const PER_UNIT_OPTIONAL = ['joint_goals', 'note', ...AGREEMENT_FLAGS] as const;
export type PerUnitColumn =
  (typeof PER_UNIT_REQUIRED)[number] | (typeof PER_UNIT_UNIT)[number] | (typeof PER_UNIT_OPTIONAL)[number];

/**
 * Published coverage aggregates, exactly as data/samples/vardanalys-2016-agreement-coverage.csv:
 * how many units at a level have each status. `units` is the numerator, `published_percent`
 * the percent as printed (empty when the publication printed none), `status` one of the four
 * statuses or a union such as `exists_or_in_progress`.
 *
 * Optional in both published shapes: `topic`, the service area the figures are about (a code or
 * name from data/reference/service-areas.csv; empty = the publication names none, and the figure
 * is then listed under no topic), and the citation `document`, `section`, `page`.
 */
export const PUBLISHED_OPTIONAL = ['topic', 'document', 'section', 'page'] as const;

export const COVERAGE_COLUMNS = [
  'level',
  'unit_kind',
  'status',
  'units',
  'denominator',
  'denominator_kind',
  'published_percent',
  'survey_year',
  'publication',
  'note',
] as const;
export type CoverageColumn = (typeof COVERAGE_COLUMNS)[number] | (typeof PUBLISHED_OPTIONAL)[number];

/**
 * Published content aggregates, exactly as data/samples/vardanalys-2016-agreement-content.csv:
 * the share of coded agreements at a level holding one content flag. Only the percent and
 * the number of agreements coded were published — no numerator.
 */
export const CONTENT_COLUMNS = [
  'level',
  'content_flag',
  'published_percent',
  'agreements_coded',
  'qualifier',
  'survey_year',
  'publication',
] as const;
export type ContentColumn = (typeof CONTENT_COLUMNS)[number] | (typeof PUBLISHED_OPTIONAL)[number];

export type AgreementShape = 'per-unit' | 'coverage' | 'content';
