/**
 * The two CSV shapes the `plan-counts` source reads: counts of SIPs (samordnad individuell
 * plan) and individual plans. The adapter tells them apart by their header; column names
 * are matched case-insensitively, in any order, with `;`, `,` or tab as separator.
 *
 * Every value is a count per reporting organisation, not of unique people: the same person
 * may be counted by both principals.
 *
 * How a value is read follows its measure name: `*_percent` is a share (0…100, as published),
 * `survey_mean*` a mean score on a 1–5 scale, anything else a count (a non-negative integer).
 * An empty cell, `..`, `-` or `–` is "not reported": value null with the cell kept — never 0.
 */

export const PLAN_COUNTS_SOURCE = 'plan-counts';

/**
 * A published reference-day follow-up, exactly as
 * data/samples/stockholm-2011-individual-plan-followup.csv:
 * - `reference_date`: the counting day, YYYY-MM-DD.
 * - `scope`: the units counted, in words (e.g. "10 beroendemottagningar in Stockholms län").
 * - `principal`: `region` | `municipality` | `both` (also `kommun`, `båda`).
 * - `measure`, `value`: what was counted and the figure as published.
 * - `units`: the number of reporting units behind the figure (loaded as `n`); empty when the
 *   publication does not say.
 * - `note`: counting caveats as published (loaded as the counting note).
 * All rows are individual plans (`INDIVIDUAL_PLAN`) from a local follow-up (`LOCAL_FOLLOW_UP`).
 */
export const FOLLOW_UP_COLUMNS = ['reference_date', 'scope', 'principal', 'measure', 'value', 'units', 'note'] as const;

/**
 * Optional follow-up columns, so that a sample is never read as its län's figure and a value the
 * source does not give is kept as missing with its reason:
 * - `region_code`: the länskod the named scope lies in; planCounts(scope: län) then lists the
 *   scope's series as part of the län, with its coverage.
 * - `sample_units`, `frame_units`, `coverage_note`: how much of the län the scope covers
 *   (e.g. 10 of the 30 local integrated receptions), in numbers and in words.
 * - `missing_reason`: for an empty value, why: `not_published` (the report does not print it),
 *   `lost_in_source` (printed, but lost in the copy we have) or `no_response`; an empty value
 *   without it is `no_response`. A value with a missing reason is rejected.
 * - `study`: the key of the study (publications source) the row belongs to.
 * - `document`, `section`, `page`: the citation.
 */
export const FOLLOW_UP_OPTIONAL = [
  'note',
  'region_code',
  'sample_units',
  'frame_units',
  'coverage_note',
  'missing_reason',
  'study',
  'document',
  'section',
  'page',
] as const;
export type FollowUpColumn = (typeof FOLLOW_UP_COLUMNS)[number] | (typeof FOLLOW_UP_OPTIONAL)[number];

/**
 * Per-unit plan register, designed by Jämför for regional IT-tool exports (Prator), ÖJ and
 * SIPkollen figures (one row per unit × period × plan type × measure × principal × system;
 * example with illustrative values: tests/fixtures/plan-counts/register.csv):
 * - `unit_code`: kommunkod (`0480`), länskod (`04`) or `00` for the nation; empty for a
 *   Stockholm stadsdel named in `unit_name` (matched to data/reference/districts.csv).
 * - `period_start`, `period_end`: YYYY-MM-DD, start ≤ end (equal for a day count); or, instead
 *   of both, `year` for a calendar year. When both are given they must agree; the record's
 *   year is the year of `period_end`.
 * - `plan_type`: `SIP` | `INDIVIDUAL_PLAN`.
 * - `measure`: snake_case, e.g. `sips_created`, `clients_total`, `joint_clients`,
 *   `joint_clients_with_plan`, `survey_answers`, `survey_mean_score`.
 * - `principal`: `region` | `municipality` | `both` (also `kommun`, `båda`).
 * - `source_system`: `OJ` | `PRATOR` | `SIPKOLLEN` | `LOCAL_FOLLOW_UP` (any case).
 * - `value`: the figure; see the module comment for empty / `..` / `-`.
 * - `n` (optional): answers behind a survey mean, or reporting units behind a count.
 * - `counting_note` (optional): how the figure was counted.
 */
export const REGISTER_UNIT = ['unit_code', 'unit_name'] as const;
export const REGISTER_PERIOD = ['period_start', 'period_end'] as const;
export const REGISTER_REQUIRED = ['plan_type', 'measure', 'principal', 'source_system', 'value'] as const;
export const REGISTER_OPTIONAL = ['n', 'counting_note'] as const;
export type RegisterColumn =
  | (typeof REGISTER_UNIT)[number]
  | (typeof REGISTER_PERIOD)[number]
  | 'year'
  | (typeof REGISTER_REQUIRED)[number]
  | (typeof REGISTER_OPTIONAL)[number];

export type PlanCountShape = 'follow-up' | 'register';
