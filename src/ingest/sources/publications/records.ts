/**
 * The three CSV shapes the `publications` source reads: figures typed in from published
 * reports — surveys, follow-ups, registers, estimates, plans — one fact per row, each with its
 * citation (document, section, page). The adapter tells the shapes apart by their header;
 * column names are matched case-insensitively, in any order, with `;`, `,` or tab.
 *
 * Quote numbers exactly as printed (`printed`), keep the publisher's approximation word with the
 * number (`approximation`: "cirka", "drygt", "ett trettiotal"), and keep a value the source
 * does not give as an empty value with its reason — never 0, never left out.
 */

export const PUBLICATIONS_SOURCE = 'publications';

/**
 * Studies, one row each (data/samples/publications-0-studies.csv):
 * - `study`: the key, kebab-case (`sormland-sip-course-followup-2018`).
 * - `kind`: `survey` | `follow_up` | `register` | `estimate` | `programme` | `plan` | `audit` | `report`.
 * - `title`: what the study is, in words; `publication`: the report it is printed in.
 * - `region_code` (optional): the län it covers or lies in; `unit_code` (optional): the
 *   municipality when it is about one; `scope_label`: its population or sample, in words.
 * - `period` (optional): when, as printed ("januari-februari 2012"); `reference_date`
 *   (optional): a counting day, YYYY-MM-DD.
 * - `note` (optional); `document`, `section`, `page`: the citation (document required).
 */
export const STUDY_COLUMNS = ['study', 'kind', 'title', 'publication', 'scope_label', 'document'] as const;
export const STUDY_OPTIONAL = [
  'region_code',
  'unit_code',
  'period',
  'reference_date',
  'note',
  'section',
  'page',
] as const;
export type StudyColumn = (typeof STUDY_COLUMNS)[number] | (typeof STUDY_OPTIONAL)[number];

/** The study kinds and value kinds are the domain's (src/domain/study.ts), shared with the API. */
export { STUDY_KINDS, STUDY_VALUE_KINDS as VALUE_KINDS } from '../../../domain/study.js';
export type { StudyKindValue as StudyKind, StudyValueKindValue as ValueKind } from '../../../domain/study.js';

/**
 * Figures, one fact per row (data/samples/publications-1-<document>.csv):
 * - `study`: the study key; `item`: what is measured, snake_case (`responses`, `response_rate`,
 *   `aware_of_guidelines_no`); `item_text`: the item as the report words it.
 * - `group` (optional): the subgroup (`baskurs`, `kommun`); `period` (optional): the period as
 *   printed ("2015", "våren 2018", "value 2 of 4"); `year` (optional): the calendar year;
 *   `year_missing_reason` (optional): `lost_in_source` when the year was printed but is lost.
 *   study × item × group × period is the natural key.
 * - `value_kind`: `count` | `percent` (0…100 as printed) | `mean_score` (1–5) | `amount_sek` | `year`.
 * - `value`, `value_high` (optional): the figure, or a printed range value…value_high.
 * - `numerator`, `denominator` (optional): as printed.
 * - `printed`: the sentence or cell as printed (required for published figures).
 * - `approximation` (optional): the publisher's word ("cirka", "ca", "drygt", "ett trettiotal",
 *   "ungefär", "knappt", "mer än", "upp till"); the figure is then approximate.
 * - `verbal` (optional): a verbal finding as printed ("hälften", "var tredje");
 *   `verbal_share` (optional, 0…1): its share, only where the words support one.
 * - `origin`: `published` (as printed) | `derived` (computed by Jämför from printed figures;
 *   `rule` required, e.g. "918 − 98").
 * - `missing_reason` (optional, only with an empty value): `not_published` | `lost_in_source`.
 *   An empty value needs a missing reason or a verbal finding.
 * - `note` (optional); `document`, `section`, `page`: the citation (document required).
 */
export const FIGURE_COLUMNS = [
  'study',
  'item',
  'item_text',
  'value_kind',
  'value',
  'printed',
  'origin',
  'document',
] as const;
export const FIGURE_OPTIONAL = [
  'group',
  'period',
  'year',
  'year_missing_reason',
  'value_high',
  'numerator',
  'denominator',
  'approximation',
  'verbal',
  'verbal_share',
  'rule',
  'missing_reason',
  'note',
  'section',
  'page',
] as const;
export type FigureColumn = (typeof FIGURE_COLUMNS)[number] | (typeof FIGURE_OPTIONAL)[number];

/**
 * Discrepancies the source itself contains (data/samples/publications-2-discrepancies.csv):
 * a printed value beside what its own figures compute to.
 * - `study`, `item`, `group` (optional), `period` (optional): what the discrepancy is about.
 * - `printed_value`, `printed`: the value and the text as printed.
 * - `computed_value`, `rule`: what the report's own figures give, and how ("2206 / 14").
 * - `explanation`: what does not add up, in words; `document`, `section`, `page`: the citation.
 */
export const DISCREPANCY_COLUMNS = [
  'study',
  'item',
  'printed_value',
  'printed',
  'computed_value',
  'rule',
  'explanation',
  'document',
] as const;
export const DISCREPANCY_OPTIONAL = ['group', 'period', 'section', 'page'] as const;
export type DiscrepancyColumn = (typeof DISCREPANCY_COLUMNS)[number] | (typeof DISCREPANCY_OPTIONAL)[number];

export type PublicationShape = 'studies' | 'figures' | 'discrepancies';
