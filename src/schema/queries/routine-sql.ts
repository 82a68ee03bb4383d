import { createHash } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { Kommungrupp, Question, Region } from '../../entities/index.js';
import { CURRENT, frameAsOf, scopeCountCtes, STORED_SCOPE_COUNTS } from '../../ingest/load/scope-counts.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { selectsAny } from '../selection.js';
import {
  Answer,
  DenominatorPolicy,
  FigureOrigin,
  MissingReason,
  RoutineUnitKind,
  ScopeKind,
} from '../types/routine-enums.type.js';
import { ProvenanceKind, type ValueProvenance } from '../types/provenance.type.js';
import type { RoutineScope, RoutineUnit, Share } from '../types/routine-share.type.js';

/**
 * SQL shared by the routine queries. Every aggregate follows one contract:
 * - one counting rule: a share's scope, its counts, ranks, transitions and exports count
 *   MUNICIPALITIES only; districts (stadsdelsområden) are rows of their own, never counted in a
 *   scope, so Stockholm is not counted twice;
 * - frames: a release records the units it covers (release_frame). A municipality in a frame
 *   of the (question, year) without a row is NO_RESPONSE; one outside every frame was not
 *   collected (NOT_COLLECTED) and is left out of the counts. A scope share states how many of
 *   its municipalities the frames cover, and is flagged partial when that is not all of them;
 * - a scope with no municipality in a frame has no share: NOT_YET_PUBLISHED for a year after the
 *   latest collected for the question's service area, NOT_COLLECTED otherwise;
 * - numerator = Ja; denominator by policy: RESPONDENTS = Ja + Nej + Ej aktuellt,
 *   APPLICABLE = Ja + Nej, ALL_UNITS = every municipality of the scope in a frame;
 * - a share with no respondent (Ja + Nej + Ej aktuellt = 0) is never a number, whatever the policy.
 */

/**
 * Runs a routine statement as a named prepared statement on the manager's pool. The text of
 * each statement is fixed per query shape (every value is a parameter), so a pooled
 * connection plans it once and then reuses a generic plan (the pools connect with
 * plan_cache_mode=force_generic_plan, src/db/data-source.ts): planning these CTE-heavy
 * statements cost more than running them against the stored counts. A manager bound to a
 * query runner (a transaction) runs it as an ordinary statement there.
 */
export async function queryPrepared(
  db: EntityManager,
  { text, name }: PreparedStatement,
  params: unknown[],
): Promise<Row[]> {
  const driver = db.queryRunner ? null : (db.connection?.driver as { master?: unknown } | undefined);
  const pool = driver?.master as pg.Pool | undefined;
  if (!pool || typeof pool.query !== 'function') return db.query<Row[]>(text, params);
  // Rows as arrays (pg still applies its type parsers), then objects of one fixed shape per
  // statement: pg's own objects start from a null-prototype template of every column (a
  // dictionary-mode object in V8) and are copied and filled key by key.
  const result = await pool.query<unknown[]>({ name, text, values: params, rowMode: 'array' });
  return result.rows.map(rowShape(name, result.fields));
}

/** The statement's columns, and the function that makes an object of one row's values. */
interface RowShape {
  columns: readonly string[];
  make: (values: unknown[]) => Row;
}

const rowShapes = new Map<string, RowShape>();

/**
 * Row objects as pg makes them (the column names as keys, in order of first appearance; a
 * name that appears twice keeps its last value), built by one object literal per statement so
 * every row shares V8's hidden class: building and reading 231 rows × 79 columns (the profile)
 * stays on the fast path. The columns of a named statement are fixed, but checked every call.
 */
function rowShape(name: string, fields: readonly { name: string }[]): (values: unknown[]) => Row {
  const known = rowShapes.get(name);
  if (known && known.columns.length === fields.length && fields.every((f, i) => f.name === known.columns[i])) {
    return known.make;
  }
  const columns = fields.map((f) => f.name);
  // The keys are the statement's own column names, written as JSON string literals.
  const body = `return {${columns.map((c, i) => `${JSON.stringify(c)}: v[${i}]`).join(', ')}};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a literal per column list (see above); no client text
  const make = new Function('v', body) as (values: unknown[]) => Row;
  rowShapes.set(name, { columns, make });
  return make;
}

/** A statement's text and the name it is prepared under. */
export interface PreparedStatement {
  text: string;
  name: string;
}

const statements = new Map<string, PreparedStatement>();

/**
 * The statement of one query shape (e.g. "trend, stored counts"), built and named once per
 * process: its text depends on the shape alone (every value is a parameter, numbered in a fixed
 * order), and building ~10 kB of SQL and hashing it cost more per request than a key lookup.
 */
export function preparedStatement(shape: string, build: () => string): PreparedStatement {
  let statement = statements.get(shape);
  if (!statement) {
    const text = build();
    statement = { text, name: `jamfor_${createHash('sha1').update(text).digest('hex').slice(0, 32)}` };
    statements.set(shape, statement);
  }
  return statement;
}

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
 * it, plus history rows valid at it (valid_from ≤ asOf < valid_to). `use` says which columns:
 * 'shown' every column a unit's answer and its provenance are shown from; 'valued' the answer
 * and its raw value (a request that does not select provenance); 'counted' what counting reads;
 * 'answer' the answer alone.
 */
export function answersAsOf(
  asOf: string,
  where: (alias: string) => string,
  use: 'shown' | 'valued' | 'counted' | 'answer' = 'shown',
): string {
  // Counting reads five narrow columns; every unit's provenance would make a year's answers
  // (tens of thousands of rows) spill to disk in the materialised CTE. The answer alone is
  // carried by routine_answer_natural_key, which then answers without visiting the table. Without
  // provenance, a national comparison's 304 answers materialise at a third of the width (its
  // statement 0.2 ms less backend CPU).
  const columns = (t: string) =>
    use === 'answer'
      ? `${t}.question_code, ${t}.unit_code, ${t}.year, ${t}.answer`
      : use === 'valued'
        ? `${t}.question_code, ${t}.unit_code, ${t}.year, ${t}.answer, ${t}.raw_value`
        : use === 'counted'
          ? `${t}.question_code, ${t}.unit_code, ${t}.year, ${t}.answer, ${t}.provenance`
          : `${t}.question_code, ${t}.unit_code, ${t}.year, ${t}.answer, ${t}.raw_value, ${t}.provenance, ${t}.inference_rule,
      ${t}.source_file, ${t}.source_sheet, ${t}.source_row, ${t}.source_column, ${t}.ingest_run_id`;
  if (asOf === CURRENT) return `SELECT ${columns('a')} FROM routine_answer a WHERE ${where('a')}`;
  return `SELECT ${columns('a')} FROM routine_answer a
      WHERE ${where('a')} AND (${asOf}::timestamptz IS NULL OR a.valid_from <= ${asOf}::timestamptz)
    UNION ALL
    SELECT ${columns('h')} FROM routine_answer_history h
      WHERE ${where('h')} AND ${asOf}::timestamptz IS NOT NULL
        AND h.valid_from <= ${asOf}::timestamptz AND ${asOf}::timestamptz < h.valid_to`;
}

/**
 * CTE `latest(area_key, latest_year)`: the latest year collected (as of `asOf`) for any
 * question of each service area named by `questionCodes` (a SQL list of question codes).
 * A question without an area is its own "area". One index probe per question, made once and
 * only if a statement reads it (materialised CTEs are computed on first read).
 */
export function latestCte(asOf: string, questionCodes: string): string {
  const years =
    asOf === CURRENT
      ? `(SELECT r.year FROM routine_answer r WHERE r.question_code = qa.question_code ORDER BY r.year DESC LIMIT 1)`
      : `(SELECT r.year FROM routine_answer r
        WHERE r.question_code = qa.question_code AND (${asOf}::timestamptz IS NULL OR r.valid_from <= ${asOf}::timestamptz)
        ORDER BY r.year DESC LIMIT 1)
      UNION ALL
      (SELECT h.year FROM routine_answer_history h
        WHERE h.question_code = qa.question_code AND ${asOf}::timestamptz IS NOT NULL
          AND h.valid_from <= ${asOf}::timestamptz AND ${asOf}::timestamptz < h.valid_to
        ORDER BY h.year DESC LIMIT 1)`;
  return `latest AS MATERIALIZED (
    SELECT coalesce(qa.area_code, qa.question_code) AS area_key, max(l.year) AS latest_year
    FROM question qa
    CROSS JOIN LATERAL (${years}) l
    WHERE coalesce(qa.area_code, qa.question_code) IN (
      SELECT coalesce(qw.area_code, qw.question_code) FROM question qw WHERE qw.question_code IN (${questionCodes}))
    GROUP BY 1
  )`;
}

/** SQL: whether frame `f` (release_frame) was recorded as of `asOf` (NULL = now). */
export { CURRENT, frameAsOf };

/**
 * The `asOf` placeholder of a statement: a parameter as of an instant; for the current data
 * CURRENT, the literal NULL, which leaves every as-of test and history branch out of the text
 * (a shorter statement to plan, no never-run subplans in it). A statement's shape already
 * differs between the two (stored or counted shares), so each keeps one text.
 */
export function asOfPlaceholder(p: SqlParams, asOf: Date | null | undefined): string {
  return asOf ? p.add(asOf) : CURRENT;
}

/**
 * SQL: whether unit `u` (reporting_unit) lies in a frame of (question, year) as of `asOf`. A
 * district is in a frame when it or its municipality is: a national release covers every
 * municipality's districts too.
 */
export function inFrame(question: string, year: string, asOf: string, u = 'u'): string {
  return `EXISTS (SELECT 1 FROM release_frame_question ifq
      JOIN release_frame f ON f.id = ifq.frame_id AND f.year = ${year} AND ${frameAsOf(asOf)}
      JOIN release_frame_unit ifu ON ifu.frame_id = f.id AND ifu.unit_code IN (${u}.unit_code, ${u}.municipality_code::varchar)
      WHERE ifq.question_code = ${question})`;
}

/**
 * SQL: whether the unit of a statement lies in a frame of share row `s`'s (question, year),
 * given the CTE `unit_frames` (unitFramesCte) and that the row's scope holds the unit. When
 * every municipality of the scope is in a frame (a whole share, the common case), so is the
 * unit's municipality, and a district (in its municipality's region and kommungrupp, as
 * reference data loads it) is in a frame when its municipality is: the frames are
 * then not read at all (a materialised CTE is computed on first read).
 */
export function unitInFrame(s: string): string {
  return `(${s}.units_in_frame = ${s}.units OR EXISTS (SELECT 1 FROM unit_frames uf WHERE uf.question_code = ${s}.question_code AND uf.year = ${s}.year))`;
}

/** Which frames unitFramesCte reads: one question's over a span of years, or every question's of one year. */
export type FrameSelection = { question: string; from: string; to: string } | { year: string };

/**
 * CTE `name(question_code, year)`: the (question, year) pairs of the frames (as of `asOf`) in
 * `selection` that hold unit `unit` (a parameter) or its municipality. Set-based: one pass over
 * the frames asked for, one primary-key probe of release_frame_unit per frame (the unit's two
 * codes are gathered once, as varchar like the key column, so no cast hides the index).
 */
export function unitFramesCte(name: string, unit: string, asOf: string, selection: FrameSelection): string {
  // One question: its frames are read first (a handful), then each frame row by key — left to
  // itself, a generic plan walks every frame of the years and joins the question afterwards.
  const frames =
    'question' in selection
      ? `release_frame_question fq CROSS JOIN LATERAL (SELECT f.* FROM release_frame f
          WHERE f.id = fq.frame_id AND f.year BETWEEN ${selection.from}::int AND ${selection.to}::int OFFSET 0) f
        WHERE fq.question_code = ${selection.question}`
      : `release_frame f JOIN release_frame_question fq ON fq.frame_id = f.id WHERE f.year = ${selection.year}::int`;
  return `${name} AS MATERIALIZED (
    SELECT DISTINCT fq.question_code, f.year
    FROM ${frames} AND ${frameAsOf(asOf)} AND EXISTS (
      SELECT 1 FROM release_frame_unit fu WHERE fu.frame_id = f.id AND fu.unit_code = ANY ((
        SELECT ARRAY[uu.unit_code, uu.municipality_code::varchar] FROM reporting_unit uu WHERE uu.unit_code = ${unit})::varchar[])))`;
}

/** SQL: whether a frame of (question, year) exists as of `asOf` (the question was collected somewhere that year). */
export function anyFrame(question: string, year: string, asOf: string): string {
  return `EXISTS (SELECT 1 FROM release_frame_question afq
      JOIN release_frame f ON f.id = afq.frame_id AND f.year = ${year} AND ${frameAsOf(asOf)}
      WHERE afq.question_code = ${question})`;
}

/**
 * CTEs `scope_counts` (and what it is built from) and `shares`, from CTEs the caller defines:
 * `share_keys(scope_kind, scope_code, question_code, year)` and `latest` (latestCte), and for
 * `counts` 'counted' also `ans` (answers as of, covering every key's question and year). One
 * row of `shares` per key: the scope, its counts, the latest collected year of a key that was
 * not collected, and the published figure of the key if any. The share itself (policy,
 * missing reason, coverage label, agreement with the published figure) is computed from
 * these by toShare: the same arithmetic in float8 in node costs less than evaluating it per
 * row in a generic plan (string concatenation, CASE over the policy parameter).
 *
 * `published` false leaves the published figure out (PUBLISHED_SHARE_FIELDS not selected).
 *
 * `counts`: 'stored' looks the counts up in routine_scope_count, which ingest keeps in step
 * with the current answers and frames (one index probe per key); 'counted' counts the answers
 * and frames as of `asOf` (for a past instant the stored counts do not describe). Both follow
 * the one rule in src/ingest/load/scope-counts.ts.
 */
export function sharesCte(
  asOf: string,
  counts: 'stored' | 'counted',
  published = true,
  detail: ShareDetail = 'full',
): string {
  const columns =
    detail === 'full'
      ? 'c.*'
      : [...SHARE_COUNT_COLUMNS, ...(detail === 'named' ? ['scope_name'] : [])]
          .map((column) => `c.${column}`)
          .join(', ');
  return `${counts === 'stored' ? STORED_SCOPE_COUNTS : scopeCountCtes(asOf)},
  shares AS (
    SELECT ${columns},
      -- Read only for a key that was not collected (NOT_YET_PUBLISHED or NOT_COLLECTED).
      CASE WHEN c.units_in_frame = 0 THEN (SELECT lt.latest_year FROM latest lt
        JOIN question qq ON coalesce(qq.area_code, qq.question_code) = lt.area_key
        WHERE qq.question_code = c.question_code) END AS latest_year${
          published
            ? `,
      pf.id IS NOT NULL AS has_published,
      pf.percent::float8 AS pf_percent, pf.numerator::float8 AS pf_numerator, pf.denominator::float8 AS pf_denominator,
      pf.denominator_kind AS pf_denominator_kind, pf.qualifier AS pf_qualifier, pf.publication AS pf_publication`
            : ''
        }
    FROM scope_counts c${
      published
        ? `
    LEFT JOIN LATERAL (
      SELECT p.* FROM published_figure p
      WHERE p.subject = 'ROUTINE' AND p.measure = c.question_code AND p.year = c.year
        AND p.scope_code = CASE c.scope_kind WHEN 'NATION' THEN '00' WHEN 'REGION' THEN c.scope_code::varchar END
      ORDER BY (p.scope_label = '') DESC, p.ingest_run_id DESC, p.id DESC
      LIMIT 1
    ) pf ON true`
        : ''
    }
  )`;
}

/**
 * The Share fields read from the published figure. A request that selects none of them gets
 * statements without the published-figure lookup (one index probe per share: 216 for a
 * profile); toShare then sets them to null, which nobody reads.
 */
export const PUBLISHED_SHARE_FIELDS = ['published', 'agreesWithComputed'] as const;

/**
 * What a routine query's statement must read for the request: the published figure (any of
 * PUBLISHED_SHARE_FIELDS selected), its answers' provenance (`provenance` selected) and how
 * much of each share row (ShareDetail). The resolvers pass it to the query functions;
 * bench/profile.ts reads the canonical documents so.
 */
export function routineSelection(info: Pick<GraphQLResolveInfo, 'operation' | 'fragments'>): {
  published: boolean;
  provenance: boolean;
  detail: ShareDetail;
} {
  return {
    published: selectsAny(info, PUBLISHED_SHARE_FIELDS),
    provenance: selectsAny(info, ['provenance']),
    detail: selectsAny(info, SHARE_DETAIL_FIELDS) ? 'full' : selectsAny(info, ['scope']) ? 'named' : 'counts',
  };
}

/**
 * How much of a share row a statement carries:
 * - 'counts': SHARE_COUNT_COLUMNS, what the share's number, its missing reason and whether it
 *   covers its scope in part are computed from;
 * - 'named': also the scope's name (a Share's `scope`; its `coverage` without the labels);
 * - 'full': every column (SHARE_DETAIL_FIELDS: the answer counts, the coverage labels, inference
 *   and the population figures).
 * A request that selects none of SHARE_DETAIL_FIELDS nor `scope` gets 'counts' — a profile's
 * 216 share rows then carry 11 columns instead of 24, which PostgreSQL writes and pg reads for
 * every request — and toShare leaves the fields of what it was not given null, which nobody reads.
 */
export type ShareDetail = 'counts' | 'named' | 'full';

/** The Share fields read from a share row's columns beyond 'named' (see ShareDetail). */
export const SHARE_DETAIL_FIELDS = ['counts', 'coverage', 'includesInferred', 'population'] as const;

/** What numerator, denominator, share and missingReason are computed from (toShare), and `units` (unitInFrame). */
const SHARE_COUNT_COLUMNS = [
  'scope_kind',
  'scope_code',
  'question_code',
  'year',
  'units',
  'units_in_frame',
  'ja',
  'nej',
  'ej_aktuellt',
  'not_asked',
];

/** The statement shape's suffix for sharesCte's `detail`. */
export const detailShape = (detail: ShareDetail | undefined): string =>
  detail === undefined || detail === 'full' ? '' : `:${detail}`;

/** The statement shape's suffix for sharesCte's `published`. */
export const publishedShape = (published: boolean | undefined): string => (published === false ? ':unpublished' : '');

/**
 * The statement shape's suffix for a query told its answers' `provenance` is not selected: it
 * then leaves out their source-location columns and the lookup of their publication.
 */
export const sourcedShape = (provenance: boolean | undefined): string => (provenance === false ? ':unsourced' : '');

/** Columns of a unit row with its region and kommungrupp (aliases u, r, g), read by toRoutineUnit. */
export const UNIT_COLUMNS = `u.unit_code, u.unit_kind, u.name AS unit_name, u.municipality_code,
  r.region_code AS r_code, r.name AS r_name, r.region_name AS r_region_name, r.kolada_id AS r_kolada_id,
  g.kommungrupp_code AS g_code, g.name AS g_name, g.classification AS g_classification`;

/** Joins for UNIT_COLUMNS, given `u` (reporting_unit or the same columns). */
export const UNIT_JOINS = `LEFT JOIN region r ON r.region_code = u.region_code
  LEFT JOIN kommungrupp g ON g.kommungrupp_code = u.kommungrupp_code`;

export type Row = Record<string, unknown>;

/**
 * SQL: relation `alias` (one row or none) as one JSON column `name`. What a statement sends on
 * its first row only (the question, the unit, a comparison's shares) travels so: pg describes
 * and decodes every column of every row of a result, NULL or not — the trend's 18 such columns
 * on each of its 45 rows cost its client a fifth of its CPU per statement. Read back with jsonRow.
 */
export const asJson = (alias: string, name: string): string => `row_to_json(${alias}) AS ${name}`;

/** The JSON column `name` of `row` (asJson) as a row; null when the relation had no row. */
export function jsonRow(row: Row, name: string): Row | null {
  return (row[name] as Row | null | undefined) ?? null;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : `${v as string | number}`);
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
          regionCode: row['r_code'] as string,
          name: String(row['r_name']),
          regionName: String(row['r_region_name']),
          koladaId: String(row['r_kolada_id']),
        })
      : null,
    kommungrupp: row['g_code']
      ? Object.assign(new Kommungrupp(), {
          kommungruppCode: row['g_code'] as string,
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

/** The denominator of counts `c` under `policy` (RESPONDENTS, APPLICABLE, or ALL_UNITS: the units in a frame). */
function denominatorOf(policy: DenominatorPolicy, ja: number, nej: number, ej: number, all: number): number {
  return policy === DenominatorPolicy.RESPONDENTS
    ? ja + nej + ej
    : policy === DenominatorPolicy.APPLICABLE
      ? ja + nej
      : all;
}

/** The policy a published figure is compared under, from its stated denominator. */
function comparedPolicy(denominatorKind: unknown): DenominatorPolicy {
  const kind = typeof denominatorKind === 'string' ? denominatorKind : '';
  // As ILIKE 'respondent%' / 'all%' would match.
  return /^respondent/i.test(kind)
    ? DenominatorPolicy.RESPONDENTS
    : /^all/i.test(kind)
      ? DenominatorPolicy.ALL_UNITS
      : DenominatorPolicy.APPLICABLE;
}

/** One row of the `shares` CTE as a Share, under the contract at the top of this file. */
export function toShare(row: Row, policy: DenominatorPolicy): Share {
  const inFrame = Number(row['units_in_frame']);
  const ja = Number(row['ja']);
  const nej = Number(row['nej']);
  const ej = Number(row['ej_aktuellt']);
  const collected = inFrame > 0;
  const respondents = ja + nej + ej;
  const den = denominatorOf(policy, ja, nej, ej, inFrame);
  const counted = collected && respondents > 0;
  const latestYear = num(row['latest_year']);
  const year = Number(row['year']);
  const missingReason = !collected
    ? latestYear !== null && year > latestYear
      ? MissingReason.NOT_YET_PUBLISHED
      : MissingReason.NOT_COLLECTED
    : respondents === 0
      ? Number(row['not_asked']) === inFrame
        ? MissingReason.NOT_ASKED
        : MissingReason.NO_RESPONSE
      : den === 0
        ? policy === DenominatorPolicy.APPLICABLE && ej > 0
          ? MissingReason.NOT_APPLICABLE
          : MissingReason.NO_RESPONSE
        : null;
  let published: Share['published'] = null;
  let agrees: boolean | null = null;
  if (row['has_published'] === true) {
    const compared = comparedPolicy(row['pf_denominator_kind']);
    const cmpDen = denominatorOf(compared, ja, nej, ej, inFrame);
    const computedShare = counted && cmpDen > 0 ? ja / cmpDen : null;
    const pfNumerator = num(row['pf_numerator']);
    const pfDenominator = num(row['pf_denominator']);
    const percent = num(row['pf_percent']);
    const pct =
      percent ??
      (pfNumerator !== null && pfDenominator !== null && pfDenominator > 0
        ? (100 * pfNumerator) / pfDenominator
        : null);
    agrees = computedShare === null || pct === null ? null : Math.abs(computedShare * 100 - pct) <= 0.5;
    published = {
      origin: FigureOrigin.PUBLISHED,
      percent,
      numerator: pfNumerator,
      denominator: pfDenominator,
      denominatorKind: str(row['pf_denominator_kind']),
      qualifier: str(row['pf_qualifier']),
      publication: String(row['pf_publication']),
      comparedPolicy: compared,
      computedShare,
    };
  }
  // A statement for a request that selects less than a 'full' share (ShareDetail) leaves the
  // other columns out: their fields stay null (typed non-null: GraphQL never reads a field the
  // request did not select). One object literal either way, so every Share has the same shape
  // (V8 hidden class). From 'named' up, whether a share covers its scope in part is known
  // (coverage.partial, which ranks read); its labels only at 'full'.
  const named = 'scope_name' in row;
  const detailed = 'no_response' in row;
  const units = Number(row['units']);
  const popJa = Number(row['pop_ja']);
  const popDen = detailed
    ? denominatorOf(policy, popJa, Number(row['pop_nej']), Number(row['pop_ej']), Number(row['pop_frame']))
    : 0;
  return {
    scope: named ? toScope(row) : (null as never),
    year,
    origin: FigureOrigin.COMPUTED,
    policy,
    numerator: collected ? ja : null,
    denominator: collected ? den : null,
    share: counted && den > 0 ? ja / den : null,
    missingReason,
    counts:
      detailed && collected
        ? {
            ja,
            nej,
            ejAktuellt: ej,
            noResponse: Number(row['no_response']),
            notAsked: Number(row['not_asked']),
            notCollected: Number(row['not_collected']),
            inferred: Number(row['inferred']),
            units,
          }
        : null,
    published,
    agreesWithComputed: agrees,
    coverage: named
      ? {
          unitsInFrame: inFrame,
          unitsInScope: units,
          partial: inFrame > 0 && inFrame < units,
          label: detailed ? coverageLabel(row, inFrame, units, 'en') : (null as never),
          labelSv: detailed ? coverageLabel(row, inFrame, units, 'sv') : (null as never),
        }
      : (null as never),
    includesInferred: detailed ? collected && Number(row['inferred']) > 0 : (null as never),
    population:
      detailed && collected
        ? {
            numerator: popJa,
            denominator: popDen,
            share: counted && den > 0 && popDen > 0 ? popJa / popDen : null,
            populationYear: Number(row['population_year']),
            approximate: row['population_approximate'] === true,
            roundedTo: Number(row['population_rounded_to']),
          }
        : null,
  };
}

/** Which units a share covers, in English or Swedish: a partial share names its frames. */
function coverageLabel(row: Row, inFrame: number, units: number, language: 'en' | 'sv'): string {
  const scopeName = String(row['scope_name']);
  const sv = language === 'sv';
  if (inFrame === units) return `${scopeName} (${units} ${sv ? 'av' : 'of'} ${units})`;
  if (inFrame === 0)
    return sv ? `ej insamlat i ${scopeName} (0 av ${units})` : `not collected in ${scopeName} (0 of ${units})`;
  // A missing label reads "null", as SQL's || would give.
  const labels = row[sv ? 'frame_labels_sv' : 'frame_labels'];
  if (labels === null || labels === undefined) return 'null';
  return sv
    ? `Endast ${labels as string} (${inFrame} av ${units})`
    : `${labels as string} only (${inFrame} of ${units})`;
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

/** Rules of values the warehouse derives rather than reads. */
export const NO_ROW_RULE = "no row for a unit in the release's frame: counted as no response";
export const NOT_ASKED_RULE = {
  MUNICIPALITY: 'the question is asked of municipalities only (askedOf MUNICIPALITY)',
  REGION: 'the question is asked of regions only (askedOf REGION)',
  NATION: 'riket is not a respondent: the survey asks municipalities or regions',
} as const;

/**
 * Provenance columns of a stored answer `a` (from answersAsOf), prefixed `prefix_`; the
 * publication comes from the frame of the release that loaded it, joined by
 * provenanceJoin(a, prefix) in the same FROM.
 */
export function provenanceColumns(a: string, prefix: string): string {
  return `${a}.provenance AS ${prefix}_kind, ${a}.inference_rule AS ${prefix}_rule, ${a}.source_file AS ${prefix}_file,
    ${a}.source_sheet AS ${prefix}_sheet, ${a}.source_row AS ${prefix}_row, ${a}.source_column AS ${prefix}_column,
    ${a}.ingest_run_id::text AS ${prefix}_run, ${prefix}_pub.publication AS ${prefix}_publication`;
}

/**
 * The joins provenanceColumns(a, prefix) reads the publication from: the answer's run by key,
 * then its release's frame of the answer's year by the frame's natural key (each at most one
 * row). Plain joins, which the planner probes by index; written as one lateral subquery, a
 * generic plan scanned every release frame once per answer (a third of a trend's statement).
 */
export function provenanceJoin(a: string, prefix: string): string {
  return `LEFT JOIN ingest_run ${prefix}_ir ON ${prefix}_ir.id = ${a}.ingest_run_id
    LEFT JOIN release_frame ${prefix}_pub ON ${prefix}_pub.source = ${prefix}_ir.source
      AND ${prefix}_pub.release_key = ${prefix}_ir.release_key AND ${prefix}_pub.year = ${a}.year`;
}

/**
 * CTE `name(run_id, publication)`: the publication of each run's release in `year` (a
 * parameter), for provenanceColumns(a, prefix) when every answer `a` is of that one year: join
 * it as `LEFT JOIN name prefix_pub ON prefix_pub.run_id = a.ingest_run_id`. The same lookup as
 * provenanceJoin, made once as a small set (a run belongs to one release, which has at most
 * one frame per year) instead of once per answer.
 */
export function runPublicationsCte(name: string, year: string): string {
  return `${name} AS MATERIALIZED (SELECT pr.id AS run_id, pf.publication FROM release_frame pf
      JOIN ingest_run pr ON pr.source = pf.source AND pr.release_key = pf.release_key
    WHERE pf.year = ${year}::int)`;
}

/** The columns provenanceColumns(…, prefix) named, read from relation `from`. */
export function provenanceColumnsOf(from: string, prefix: string): string {
  return ['kind', 'rule', 'file', 'sheet', 'row', 'column', 'run', 'publication']
    .map((c) => `${from}.${prefix}_${c}`)
    .join(', ');
}

/**
 * The provenance of a unit's answer: the stored answer's (observed or inferred; the row's
 * provenanceColumns(…, 'pv')), a derived NO_RESPONSE for a unit in a frame without a row, or
 * null when there is no answer. The columns are read by their literal names: a key built per
 * call (`${prefix}_kind`) is a new string that V8 looks up in its string table on every
 * read — nine per row, 290 rows in a national comparison.
 */
export function toProvenance(row: Row, answer: Answer | null): ValueProvenance | null {
  const kind = row['pv_kind'];
  if (kind !== null && kind !== undefined) {
    return {
      kind: kind === 'INFERRED' ? ProvenanceKind.INFERRED : ProvenanceKind.OBSERVED,
      rule: str(row['pv_rule']),
      publication: str(row['pv_publication']),
      file: str(row['pv_file']),
      sheet: str(row['pv_sheet']),
      row: num(row['pv_row']),
      column: str(row['pv_column']),
      ingestRunId: str(row['pv_run']),
    };
  }
  if (answer === null) return null;
  return derivedProvenance(answer === Answer.NO_RESPONSE ? NO_ROW_RULE : null);
}

/** The provenance of a value the warehouse derives rather than reads: its rule, no source. */
function derivedProvenance(rule: string | null): ValueProvenance {
  return {
    kind: ProvenanceKind.DERIVED,
    rule,
    publication: null,
    file: null,
    sheet: null,
    row: null,
    column: null,
    ingestRunId: null,
  };
}

/**
 * The unit's own answer in one year, given the missing reason of the share on the same row
 * (`shareReason`): a municipality's or district's stored answer (NOT_COLLECTED outside every frame); NOT_ASKED for a region on a question asked of municipalities only, and
 * for riket always (no survey asks riket); a region's stored answer on a question put to regions;
 * nothing for a kommungrupp, which is a group, not a respondent.
 */
export function ownAnswer(
  kind: string,
  askedOf: string,
  row: Row,
  shareReason: MissingReason | null,
): { answer: Answer | null; missingReason: MissingReason | null; provenance: ValueProvenance | null } {
  // Callers pass the unit kind as stored (a string); the enum names the same values.
  const unit = kind as RoutineUnitKind;
  const uncollected = shareReason === MissingReason.NOT_YET_PUBLISHED ? shareReason : MissingReason.NOT_COLLECTED;
  if (unit === RoutineUnitKind.MUNICIPALITY || unit === RoutineUnitKind.DISTRICT) {
    const own = unitAnswer(row['unit_answer'], row['unit_in_frame'] === true, uncollected);
    return { ...own, provenance: toProvenance(row, own.answer) };
  }
  if (unit === RoutineUnitKind.NATION || (unit === RoutineUnitKind.REGION && askedOf === 'MUNICIPALITY')) {
    const rule = unit === RoutineUnitKind.NATION ? NOT_ASKED_RULE.NATION : NOT_ASKED_RULE.MUNICIPALITY;
    return {
      answer: Answer.NOT_ASKED,
      missingReason: MissingReason.NOT_ASKED,
      provenance: derivedProvenance(rule),
    };
  }
  if (unit === RoutineUnitKind.REGION && row['unit_answer'] !== null && row['unit_answer'] !== undefined) {
    const own = unitAnswer(row['unit_answer'], true, null);
    return { ...own, provenance: toProvenance(row, own.answer) };
  }
  if (unit === RoutineUnitKind.REGION) return { answer: null, missingReason: uncollected, provenance: null };
  return { answer: null, missingReason: null, provenance: null };
}
