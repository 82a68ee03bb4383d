import type { EntityManager } from 'typeorm';
import { AGREEMENT_FLAGS } from '../../domain/agreement.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import {
  AgreementGrouping,
  type AgreementLevel,
  type AgreementContentFlag,
  type AgreementCoverage,
  type AgreementCoverageGroup,
  type AgreementShare,
  type AgreementStatusCounts,
  type ComparedAgreementFigure,
} from '../types/agreement.type.js';
import { FigureSubject, type PublishedFigure } from '../types/published-figure.type.js';
import { DenominatorPolicy, FigureOrigin, MissingReason } from '../types/routine-enums.type.js';
import { FIGURE_COLUMNS, FIGURE_ORDER, toPublishedFigure, type FigureRow } from './published-figure.js';

export interface AgreementCoverageInput {
  level: AgreementLevel;
  topic: string;
  year: number;
  groupBy: AgreementGrouping;
  denominator: DenominatorPolicy;
}

/** Flags derived from the coded joint goals (gemensamma mål), named as in Vårdanalys' content table. */
const JOINT_GOAL_FLAGS = ['joint_goals_clear', 'joint_goals_unclear', 'joint_goals_none'] as const;
export const CONTENT_FLAGS: readonly string[] = [...JOINT_GOAL_FLAGS, ...AGREEMENT_FLAGS];

const FRAMES: Record<AgreementLevel, string> = {
  COUNTY: 'The 21 regions (län). A region with no row for the topic and year counts as NO_RESPONSE.',
  LOCAL:
    'Every municipality (kommun) and every district (stadsdelsområde) valid in the year. A municipality with districts valid in the year ' +
    '(Stockholm 0180 from 2016) counts through its districts, not itself, as in Vårdanalys 2017:1 (289 kommuner + 14 stadsdelar). ' +
    'A unit with no row counts as NO_RESPONSE.',
};

/** Statuses each measure counts; the vocabulary of published coverage figures. */
const MEASURES: Record<string, (c: AgreementStatusCounts) => number> = {
  exists: (c) => c.exists,
  in_progress: (c) => c.inProgress,
  none: (c) => c.none,
  exists_or_in_progress: (c) => c.exists + c.inProgress,
  no_response: (c) => c.noResponse,
};

/**
 * Coverage of agreements at one level, topic and year, computed in Postgres over the level's
 * frame (every unit, a missing row counted as NO_RESPONSE), grouped by riket and region with
 * GROUPING SETS, content flags counted over existing agreements, plus the published figures
 * for the level and year. One statement.
 */
export async function agreementCoverage(db: EntityManager, input: AgreementCoverageInput): Promise<AgreementCoverage> {
  if (input.denominator === DenominatorPolicy.APPLICABLE) {
    throw new BadUserInputError(
      'APPLICABLE has no meaning for agreements (no status is "not applicable"): use RESPONDENTS or ALL_UNITS',
      'denominator',
    );
  }
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2100) {
    throw new BadUserInputError(`year must be within 1990…2100, got ${input.year}`, 'year');
  }
  const topic = input.topic.trim().toUpperCase();
  const [row] = await db.query<CoverageRow[]>(
    `WITH frame AS (
       SELECT u.unit_code, u.unit_kind, u.region_code::text AS region_code
       FROM reporting_unit u
       WHERE CASE WHEN $1 = 'COUNTY' THEN u.unit_kind = 'REGION'
         ELSE (u.unit_kind = 'DISTRICT'
                AND EXISTS (SELECT 1 FROM district d WHERE d.district_code = u.unit_code AND d.valid_from_year <= $3))
           OR (u.unit_kind = 'MUNICIPALITY'
                AND NOT EXISTS (SELECT 1 FROM district d WHERE d.municipality_code = u.unit_code AND d.valid_from_year <= $3))
         END
     ),
     rows AS (
       SELECT a.unit_code, a.status, a.joint_goals, a.flags FROM agreement a
       WHERE a.level = $1 AND a.topic = $2 AND a.year = $3
     ),
     unit_status AS (
       SELECT f.unit_code, f.unit_kind, f.region_code, coalesce(r.status, 'NO_RESPONSE') AS status, r.unit_code IS NULL AS without_row,
         r.flags || jsonb_build_object(
           'joint_goals_clear', CASE WHEN r.joint_goals IS NOT NULL THEN r.joint_goals = 'CLEAR' END,
           'joint_goals_unclear', CASE WHEN r.joint_goals IS NOT NULL THEN r.joint_goals = 'UNCLEAR' END,
           'joint_goals_none', CASE WHEN r.joint_goals IS NOT NULL THEN r.joint_goals = 'NONE' END) AS content
       FROM frame f LEFT JOIN rows r ON r.unit_code = f.unit_code
     ),
     status_counts AS (
       SELECT coalesce(s.region_code, '00') AS scope_code, coalesce(s.unit_kind, 'ALL') AS unit_kind,
         count(*)::int AS units,
         count(*) FILTER (WHERE s.status = 'EXISTS')::int AS exists_n,
         count(*) FILTER (WHERE s.status = 'IN_PROGRESS')::int AS in_progress_n,
         count(*) FILTER (WHERE s.status = 'NONE')::int AS none_n,
         count(*) FILTER (WHERE s.status = 'NO_RESPONSE')::int AS no_response_n,
         count(*) FILTER (WHERE s.without_row)::int AS without_row
       FROM unit_status s
       GROUP BY GROUPING SETS ((), (s.unit_kind), (s.region_code), (s.region_code, s.unit_kind))
     ),
     flag_counts AS (
       SELECT coalesce(s.region_code, '00') AS scope_code, f.flag, min(f.ord) AS ord,
         count(*) FILTER (WHERE s.status = 'EXISTS' AND (s.content ->> f.flag)::boolean)::int AS true_count,
         count(*) FILTER (WHERE s.status = 'EXISTS' AND NOT (s.content ->> f.flag)::boolean)::int AS false_count,
         count(*) FILTER (WHERE s.status = 'EXISTS' AND s.content ->> f.flag IS NULL)::int AS not_coded
       FROM unit_status s CROSS JOIN unnest($4::text[]) WITH ORDINALITY f(flag, ord)
       GROUP BY GROUPING SETS ((f.flag), (s.region_code, f.flag))
     ),
     figures AS (
       SELECT ${FIGURE_COLUMNS} FROM published_figure p JOIN reporting_unit u ON u.unit_code = p.scope_code
       WHERE p.subject IN ('AGREEMENT_COVERAGE', 'AGREEMENT_CONTENT') AND p.year = $3 AND p.topic = $2
         AND (p.scope_label = lower($1) OR p.scope_label LIKE lower($1) || ':%')
     )
     SELECT (SELECT name FROM service_area WHERE area_code = $2) AS topic_name,
       (SELECT count(*)::int FROM rows r WHERE EXISTS (SELECT 1 FROM frame f WHERE f.unit_code = r.unit_code)) AS rows_in_frame,
       (SELECT count(*)::int FROM rows r WHERE NOT EXISTS (SELECT 1 FROM frame f WHERE f.unit_code = r.unit_code)) AS rows_outside_frame,
       (SELECT json_agg(c ORDER BY c.scope_code = '00' DESC, g.name, c.unit_kind)
          FROM status_counts c LEFT JOIN region g ON g.region_code = c.scope_code) AS status_counts,
       (SELECT json_object_agg(g.region_code, g.name) FROM region g) AS region_names,
       (SELECT json_agg(fc ORDER BY fc.scope_code, fc.ord) FROM flag_counts fc) AS flag_counts,
       (SELECT coalesce(json_agg(p ORDER BY p.ord), '[]') FROM (SELECT *, row_number() OVER (ORDER BY ${FIGURE_ORDER.replace(/p\./g, '')}) AS ord FROM figures) p) AS figures`,
    [input.level, topic, input.year, CONTENT_FLAGS],
  );
  if (row!.topic_name === null) throw new NotFoundError('topic', input.topic);
  return assembleCoverage(input, topic, row!);
}

interface StatusCountRow {
  scope_code: string;
  unit_kind: string;
  units: number;
  exists_n: number;
  in_progress_n: number;
  none_n: number;
  no_response_n: number;
  without_row: number;
}

interface FlagCountRow {
  scope_code: string;
  flag: string;
  true_count: number;
  false_count: number;
  not_coded: number;
}

/** The one row of agreementCoverage. */
interface CoverageRow {
  /** Null when the topic is no service area (NOT_FOUND before the row is read further). */
  topic_name: string | null;
  rows_in_frame: number;
  rows_outside_frame: number;
  status_counts: StatusCountRow[];
  /** Region code → län name. */
  region_names: Record<string, string>;
  /** Null only when the frame is empty. */
  flag_counts: FlagCountRow[] | null;
  figures: FigureRow[];
}

function toCounts(r: StatusCountRow): AgreementStatusCounts {
  return {
    exists: r.exists_n,
    inProgress: r.in_progress_n,
    none: r.none_n,
    noResponse: r.no_response_n,
    withoutRow: r.without_row,
    respondents: r.units - r.no_response_n,
    units: r.units,
  };
}

/** A share of `measure` over the counts; NO_RESPONSE (never 0) when the denominator is empty. */
export function shareOf(counts: AgreementStatusCounts, measure: string, policy: DenominatorPolicy): AgreementShare {
  const numerator = MEASURES[measure]!(counts);
  const denominator = policy === DenominatorPolicy.ALL_UNITS ? counts.units : counts.respondents;
  return {
    measure,
    policy,
    numerator,
    denominator,
    share: denominator > 0 ? numerator / denominator : null,
    missingReason: denominator > 0 ? null : MissingReason.NO_RESPONSE,
  };
}

function toFlag(r: FlagCountRow): AgreementContentFlag {
  const coded = r.true_count + r.false_count;
  return {
    flag: r.flag,
    trueCount: r.true_count,
    falseCount: r.false_count,
    notCoded: r.not_coded,
    coded,
    share: coded > 0 ? r.true_count / coded : null,
    missingReason: coded > 0 ? null : MissingReason.NOT_COLLECTED,
  };
}

function assembleCoverage(input: AgreementCoverageInput, topic: string, row: CoverageRow): AgreementCoverage {
  const policy = input.denominator;
  const collected = row.rows_in_frame > 0;
  const regionNames = row.region_names;
  const counts = new Map<string, AgreementStatusCounts>();
  for (const r of row.status_counts) counts.set(`${r.scope_code}|${r.unit_kind}`, toCounts(r));
  const flags = new Map<string, AgreementContentFlag[]>();
  for (const r of row.flag_counts ?? []) {
    const list = flags.get(r.scope_code) ?? [];
    list.push(toFlag(r));
    flags.set(r.scope_code, list);
  }
  const group = (code: string): AgreementCoverageGroup => {
    const all = counts.get(`${code}|ALL`)!;
    return {
      scope:
        code === '00'
          ? { kind: AgreementGrouping.NATION, code, name: 'Riket' }
          : { kind: AgreementGrouping.REGION, code, name: regionNames[code] ?? code },
      origin: FigureOrigin.COMPUTED,
      counts: all,
      share: shareOf(all, 'exists', policy),
      statusShares: [
        ...['exists', 'in_progress', 'none', 'exists_or_in_progress'].map((m) => shareOf(all, m, policy)),
        shareOf(all, 'no_response', DenominatorPolicy.ALL_UNITS),
      ],
      contentFlags: flags.get(code) ?? [],
    };
  };
  const groupCodes = [...counts.keys()]
    .filter((k) => k.endsWith('|ALL'))
    .map((k) => k.split('|')[0]!)
    .filter((code) => (input.groupBy === AgreementGrouping.NATION ? code === '00' : code !== '00'));
  const figures = row.figures.map(toPublishedFigure);
  return {
    level: input.level,
    topic,
    topicName: row.topic_name!,
    year: input.year,
    policy,
    frame: FRAMES[input.level],
    rowsOutsideFrame: row.rows_outside_frame,
    missingReason: collected ? null : MissingReason.NOT_COLLECTED,
    groups: collected ? groupCodes.map(group) : null,
    published: figures.map((f) => compareFigure(f, collected ? counts : null, collected ? flags : null)),
  };
}

const DENOMINATOR_KINDS: Record<string, DenominatorPolicy> = {
  respondents: DenominatorPolicy.RESPONDENTS,
  'all units': DenominatorPolicy.ALL_UNITS,
};

/** Units of the frame a scope label's unit kind covers: "local:kommun" → municipalities only. */
const LABEL_UNIT_KINDS: Record<string, string> = {
  kommun: 'MUNICIPALITY',
  stadsdel: 'DISTRICT',
  'kommun+stadsdel': 'ALL',
  län: 'ALL',
};

/** One published figure beside the computed value for the same measure, scope and units. */
export function compareFigure(
  figure: PublishedFigure,
  counts: Map<string, AgreementStatusCounts> | null,
  flags: Map<string, AgreementContentFlag[]> | null,
): ComparedAgreementFigure {
  const labelKind = figure.scopeLabel?.split(':')[1] ?? null;
  const units = labelKind === null ? 'ALL' : (LABEL_UNIT_KINDS[labelKind] ?? null);
  const out: ComparedAgreementFigure = {
    published: figure,
    comparedPolicy: null,
    comparedUnits: labelKind ?? (figure.subject === FigureSubject.AGREEMENT_CONTENT ? 'existing agreements' : null),
    computedNumerator: null,
    computedDenominator: null,
    computedShare: null,
    computedMissingReason: MissingReason.NOT_COLLECTED,
    agreesWithComputed: null,
  };
  let computed: { numerator: number; denominator: number; share: number | null } | null = null;
  if (figure.subject === FigureSubject.AGREEMENT_CONTENT) {
    out.comparedPolicy = DenominatorPolicy.RESPONDENTS;
    const flag = flags?.get(figure.scope.code)?.find((f) => f.flag === figure.measure);
    if (flag) computed = { numerator: flag.trueCount, denominator: flag.coded, share: flag.share };
  } else {
    out.comparedPolicy = DENOMINATOR_KINDS[figure.denominatorKind ?? ''] ?? null;
    const c = units === null ? undefined : counts?.get(`${figure.scope.code}|${units}`);
    const measureKnown = figure.measure in MEASURES;
    const policyFits =
      out.comparedPolicy !== null &&
      (figure.measure !== 'no_response' || out.comparedPolicy === DenominatorPolicy.ALL_UNITS);
    if (c && measureKnown && policyFits) computed = shareOf(c, figure.measure, out.comparedPolicy!);
  }
  if (!computed) return out;
  out.computedNumerator = computed.numerator;
  out.computedDenominator = computed.denominator;
  out.computedShare = computed.share;
  out.computedMissingReason =
    computed.share === null
      ? figure.subject === FigureSubject.AGREEMENT_CONTENT
        ? MissingReason.NOT_COLLECTED
        : MissingReason.NO_RESPONSE
      : null;
  if (computed.share !== null && figure.percent !== null) {
    out.agreesWithComputed = Math.abs(computed.share * 100 - figure.percent) <= 0.5;
  } else if (computed.share !== null && figure.numerator !== null && figure.denominator !== null) {
    out.agreesWithComputed = computed.numerator === figure.numerator && computed.denominator === figure.denominator;
  }
  return out;
}
