import { OPERATIONS, type SavedOperation } from '../dashboard/operations.js';
import { writeCsv, type CsvColumn, type CsvFormat } from './csv.js';

/**
 * The dashboard's views as CSV: each runs the page's own GraphQL operation (from
 * src/dashboard/operations.ts) with variables taken from URL parameters named like the
 * query's arguments, and flattens the result to one row per unit (and year, for trends).
 * Nothing here reads the database: the numbers are the API's.
 */

/** A parameter the caller got wrong: the route answers 400 with this message. */
export class ExportParameterError extends Error {}

type Params = URLSearchParams;
type Variables = Record<string, unknown>;

export interface ExportView<Row> {
  /** The path segment: `/export/<name>.csv`. */
  name: string;
  operation: SavedOperation;
  /** Parameters accepted besides `format`, for the 400 message and the docs. */
  parameters: readonly string[];
  variables(params: Params): Variables;
  /** Names the downloaded file, from the variables. */
  fileStem(variables: Variables): string;
  /** Rows from the operation's data; connection pages already merged. */
  rows(data: Record<string, unknown>): Row[];
  columns: readonly CsvColumn<Row>[];
  /** The root field holds a `rows` connection to follow with `after` (routineComparison). */
  paged?: boolean;
}

// --- parameters --------------------------------------------------------------------------

function required(params: Params, name: string): string {
  const value = params.get(name);
  if (value === null || value.trim() === '') throw new ExportParameterError(`missing parameter "${name}"`);
  return value.trim();
}

function optional(params: Params, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d{1,6}$/.test(value))
    throw new ExportParameterError(`parameter "${name}" must be an integer, got "${value}"`);
  return Number(value);
}

function requiredInt(params: Params, name: string): number {
  return integer(name, required(params, name))!;
}

function optionalInt(params: Params, name: string): number | undefined {
  return integer(name, optional(params, name));
}

/** `NATION`, `REGION:04` or `KOMMUNGRUPP:B3` (case-insensitive kind) → RoutineScopeInput. */
export function parseScope(text: string): { kind: string; code?: string } {
  const [kind = '', code, ...rest] = text.split(':');
  const upper = kind.toUpperCase();
  if (rest.length > 0 || !['NATION', 'REGION', 'KOMMUNGRUPP'].includes(upper)) {
    throw new ExportParameterError(
      `parameter "scope" must be NATION, REGION:<länskod> or KOMMUNGRUPP:<code>, got "${text}"`,
    );
  }
  if (upper === 'NATION') return { kind: upper };
  if (!code) throw new ExportParameterError(`parameter "scope" needs a code after "${upper}:", e.g. "REGION:04"`);
  return { kind: upper, code };
}

/** Drops undefined, so the operation's own defaults apply. */
function defined(variables: Variables): Variables {
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined));
}

function upper(value: string | undefined): string | undefined {
  return value?.toUpperCase();
}

function slug(...parts: unknown[]): string {
  return parts
    .filter((p) => p !== undefined && p !== null && p !== '')
    .map((p) => String(p).replace(/[^A-Za-z0-9_.-]+/g, '-'))
    .join('_');
}

// --- result shapes (the fields the operations select) --------------------------------------

interface Counts {
  ja: number;
  nej: number;
  ejAktuellt: number;
  noResponse: number;
  notAsked: number;
  units: number;
}
interface ScopeRef {
  kind: string;
  code: string;
  name: string;
}
interface ShareResult {
  scope: ScopeRef;
  year: number;
  policy?: string;
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  missingReason: string | null;
  counts?: Counts | null;
  published?: { percent: number | null } | null;
}
interface UnitRef {
  code: string;
  name: string;
  kind: string;
  region: { code: string; name: string } | null;
}

// --- routine comparison --------------------------------------------------------------------

export interface ComparisonCsvRow {
  rowType: 'scope' | 'reference' | 'unit';
  code: string;
  name: string;
  kind: string;
  regionCode?: string | null;
  regionName?: string | null;
  year: number;
  answer?: string | null;
  rawValue?: string | null;
  missingReason: string | null;
  counts?: Counts | null;
  numerator?: number | null;
  denominator?: number | null;
  share?: number | null;
  policy?: string | null;
  previousYear?: number | null;
  previousAnswer?: string | null;
  changed?: boolean | null;
}

const countColumns = <T extends { counts?: Counts | null }>(): CsvColumn<T>[] => [
  { header: 'ja', value: (r) => r.counts?.ja },
  { header: 'nej', value: (r) => r.counts?.nej },
  { header: 'ej_aktuellt', value: (r) => r.counts?.ejAktuellt },
  { header: 'no_response', value: (r) => r.counts?.noResponse },
  { header: 'not_asked', value: (r) => r.counts?.notAsked },
  { header: 'units', value: (r) => r.counts?.units },
];

function shareRow(rowType: 'scope' | 'reference', s: ShareResult, policy: string | undefined): ComparisonCsvRow {
  return {
    rowType,
    code: s.scope.code,
    name: s.scope.name,
    kind: s.scope.kind,
    year: s.year,
    missingReason: s.missingReason,
    counts: s.counts ?? null,
    numerator: s.numerator,
    denominator: s.denominator,
    share: s.share,
    policy: s.policy ?? policy ?? null,
  };
}

interface ComparisonData {
  year: number;
  summary: ShareResult;
  references: ShareResult[];
  rows: {
    nodes: {
      unit: UnitRef;
      answer: string | null;
      rawValue: string | null;
      missingReason: string | null;
      previousYear: number | null;
      previousAnswer: string | null;
      changed: boolean | null;
    }[];
  };
}

export const routineComparisonExport: ExportView<ComparisonCsvRow> = {
  name: 'routine-comparison',
  operation: OPERATIONS.routineComparison,
  parameters: ['question', 'year', 'scope', 'denominator', 'orderBy'],
  paged: true,
  variables: (p) =>
    defined({
      question: required(p, 'question'),
      year: requiredInt(p, 'year'),
      scope: parseScope(required(p, 'scope')),
      denominator: upper(optional(p, 'denominator')),
      orderBy: upper(optional(p, 'orderBy')),
    }),
  fileStem: (v) => {
    const scope = v['scope'] as { kind: string; code?: string };
    return slug('routine-comparison', v['question'], v['year'], scope.kind, scope.code);
  },
  rows(data) {
    const c = data['routineComparison'] as ComparisonData;
    const policy = c.summary.policy;
    return [
      shareRow('scope', c.summary, policy),
      ...c.references.map((r) => shareRow('reference', r, policy)),
      ...c.rows.nodes.map((n): ComparisonCsvRow => ({
        rowType: 'unit',
        code: n.unit.code,
        name: n.unit.name,
        kind: n.unit.kind,
        regionCode: n.unit.region?.code,
        regionName: n.unit.region?.name,
        year: c.year,
        answer: n.answer,
        rawValue: n.rawValue,
        missingReason: n.missingReason,
        previousYear: n.previousYear,
        previousAnswer: n.previousAnswer,
        changed: n.changed,
      })),
    ];
  },
  columns: [
    { header: 'row_type', value: (r) => r.rowType },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'kind', value: (r) => r.kind },
    { header: 'region_code', value: (r) => r.regionCode },
    { header: 'region_name', value: (r) => r.regionName },
    { header: 'year', value: (r) => r.year },
    { header: 'answer', value: (r) => r.answer },
    { header: 'raw_value', value: (r) => r.rawValue },
    { header: 'missing_reason', value: (r) => r.missingReason },
    ...countColumns<ComparisonCsvRow>(),
    { header: 'numerator', value: (r) => r.numerator },
    { header: 'denominator', value: (r) => r.denominator },
    { header: 'share', value: (r) => r.share },
    { header: 'policy', value: (r) => r.policy },
    { header: 'previous_year', value: (r) => r.previousYear },
    { header: 'previous_answer', value: (r) => r.previousAnswer },
    { header: 'changed', value: (r) => r.changed },
  ],
};

// --- region comparison ---------------------------------------------------------------------

export interface RegionCsvRow {
  rowType: 'region' | 'nation' | 'statistic';
  rank?: number | null;
  quartileBand?: number | null;
  code: string;
  name: string;
  year: number;
  counts?: Counts | null;
  numerator?: number | null;
  denominator?: number | null;
  share: number | null;
  missingReason?: string | null;
  policy: string;
  publishedPercent?: number | null;
}

interface RegionComparisonData {
  year: number;
  policy: string;
  median: number | null;
  lowerQuartile: number | null;
  upperQuartile: number | null;
  interquartileRange: number | null;
  nation: ShareResult;
  regions: { rank: number | null; quartileBand: number | null; share: ShareResult }[];
}

function regionShareRow(
  rowType: 'region' | 'nation',
  s: ShareResult,
  policy: string,
  rank?: number | null,
  band?: number | null,
): RegionCsvRow {
  return {
    rowType,
    rank,
    quartileBand: band,
    code: s.scope.code,
    name: s.scope.name,
    year: s.year,
    counts: s.counts ?? null,
    numerator: s.numerator,
    denominator: s.denominator,
    share: s.share,
    missingReason: s.missingReason,
    policy,
    publishedPercent: s.published?.percent ?? null,
  };
}

export const regionComparisonExport: ExportView<RegionCsvRow> = {
  name: 'region-comparison',
  operation: OPERATIONS.regionComparison,
  parameters: ['question', 'year', 'denominator'],
  variables: (p) =>
    defined({
      question: required(p, 'question'),
      year: requiredInt(p, 'year'),
      denominator: upper(optional(p, 'denominator')),
    }),
  fileStem: (v) => slug('region-comparison', v['question'], v['year']),
  rows(data) {
    const c = data['regionComparison'] as RegionComparisonData;
    const statistic = (code: string, name: string, share: number | null): RegionCsvRow => ({
      rowType: 'statistic',
      code,
      name,
      year: c.year,
      share,
      policy: c.policy,
    });
    return [
      ...c.regions.map((r) => regionShareRow('region', r.share, c.policy, r.rank, r.quartileBand)),
      regionShareRow('nation', c.nation, c.policy),
      statistic('median', 'Median of the regional shares', c.median),
      statistic('lower_quartile', 'Lower quartile of the regional shares', c.lowerQuartile),
      statistic('upper_quartile', 'Upper quartile of the regional shares', c.upperQuartile),
      statistic('interquartile_range', 'Interquartile range of the regional shares', c.interquartileRange),
    ];
  },
  columns: [
    { header: 'row_type', value: (r) => r.rowType },
    { header: 'rank', value: (r) => r.rank },
    { header: 'quartile_band', value: (r) => r.quartileBand },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'year', value: (r) => r.year },
    ...countColumns<RegionCsvRow>(),
    { header: 'numerator', value: (r) => r.numerator },
    { header: 'denominator', value: (r) => r.denominator },
    { header: 'share', value: (r) => r.share },
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'policy', value: (r) => r.policy },
    { header: 'published_percent', value: (r) => r.publishedPercent },
  ],
};

// --- routine trend -------------------------------------------------------------------------

export interface TrendCsvRow {
  year: number;
  series: 'unit' | 'region' | 'kommungrupp' | 'nation';
  code: string;
  name: string;
  kind: string;
  answer?: string | null;
  rawValue?: string | null;
  missingReason: string | null;
  numerator?: number | null;
  denominator?: number | null;
  share?: number | null;
  policy: string;
}

interface TrendData {
  unit: { code: string; name: string; kind: string };
  policy: string;
  points: {
    year: number;
    answer: string | null;
    rawValue: string | null;
    missingReason: string | null;
    share: ShareResult | null;
    region: ShareResult | null;
    kommungrupp: ShareResult | null;
    nation: ShareResult;
  }[];
}

export const routineTrendExport: ExportView<TrendCsvRow> = {
  name: 'routine-trend',
  operation: OPERATIONS.routineTrend,
  parameters: ['question', 'unit', 'fromYear', 'toYear', 'denominator'],
  variables: (p) =>
    defined({
      question: required(p, 'question'),
      unit: required(p, 'unit'),
      fromYear: requiredInt(p, 'fromYear'),
      toYear: requiredInt(p, 'toYear'),
      denominator: upper(optional(p, 'denominator')),
    }),
  fileStem: (v) => slug('routine-trend', v['question'], v['unit'], `${String(v['fromYear'])}-${String(v['toYear'])}`),
  rows(data) {
    const t = data['routineTrend'] as TrendData;
    const rows: TrendCsvRow[] = [];
    const fromShare = (year: number, series: TrendCsvRow['series'], s: ShareResult): TrendCsvRow => ({
      year,
      series,
      code: s.scope.code,
      name: s.scope.name,
      kind: s.scope.kind,
      missingReason: s.missingReason,
      numerator: s.numerator,
      denominator: s.denominator,
      share: s.share,
      policy: t.policy,
    });
    for (const p of t.points) {
      if (p.share) rows.push(fromShare(p.year, 'unit', p.share));
      else {
        rows.push({
          year: p.year,
          series: 'unit',
          code: t.unit.code,
          name: t.unit.name,
          kind: t.unit.kind,
          answer: p.answer,
          rawValue: p.rawValue,
          missingReason: p.missingReason,
          policy: t.policy,
        });
      }
      if (p.region) rows.push(fromShare(p.year, 'region', p.region));
      if (p.kommungrupp) rows.push(fromShare(p.year, 'kommungrupp', p.kommungrupp));
      // riket's own series is already the unit row
      if (!(p.share && t.unit.kind === 'NATION')) rows.push(fromShare(p.year, 'nation', p.nation));
    }
    return rows;
  },
  columns: [
    { header: 'year', value: (r) => r.year },
    { header: 'series', value: (r) => r.series },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'kind', value: (r) => r.kind },
    { header: 'answer', value: (r) => r.answer },
    { header: 'raw_value', value: (r) => r.rawValue },
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'numerator', value: (r) => r.numerator },
    { header: 'denominator', value: (r) => r.denominator },
    { header: 'share', value: (r) => r.share },
    { header: 'policy', value: (r) => r.policy },
  ],
};

// --- agreement coverage --------------------------------------------------------------------

export interface AgreementCsvRow {
  origin: string;
  level: string;
  year: number;
  scopeCode?: string | null;
  scopeName?: string | null;
  measure: string;
  exists?: number | null;
  inProgress?: number | null;
  none?: number | null;
  noResponse?: number | null;
  units?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  share?: number | null;
  percent?: number | null;
  missingReason?: string | null;
  policy?: string | null;
  denominatorKind?: string | null;
  qualifier?: string | null;
  publication?: string | null;
  agreesWithComputed?: boolean | null;
}

interface AgreementData {
  level: string;
  year: number;
  policy: string;
  missingReason: string | null;
  groups:
    | {
        scope: { code: string; name: string };
        origin: string;
        counts: { exists: number; inProgress: number; none: number; noResponse: number; units: number };
        share: {
          measure: string;
          policy: string;
          numerator: number;
          denominator: number;
          share: number | null;
          missingReason: string | null;
        };
      }[]
    | null;
  published: {
    published: {
      origin: string;
      measure: string;
      scopeLabel: string | null;
      numerator: number | null;
      denominator: number | null;
      denominatorKind: string | null;
      percent: number | null;
      qualifier: string | null;
      publication: string;
    };
    comparedPolicy: string | null;
    computedShare: number | null;
    computedMissingReason: string | null;
    agreesWithComputed: boolean | null;
  }[];
}

export const agreementCoverageExport: ExportView<AgreementCsvRow> = {
  name: 'agreement-coverage',
  operation: OPERATIONS.agreementCoverage,
  parameters: ['level', 'topic', 'year', 'groupBy', 'denominator'],
  variables: (p) =>
    defined({
      level: upper(required(p, 'level')),
      topic: required(p, 'topic'),
      year: requiredInt(p, 'year'),
      groupBy: upper(optional(p, 'groupBy')),
      denominator: upper(optional(p, 'denominator')),
    }),
  fileStem: (v) => slug('agreement-coverage', v['level'], v['topic'], v['year'], v['groupBy']),
  rows(data) {
    const a = data['agreementCoverage'] as AgreementData;
    const computed: AgreementCsvRow[] = a.groups
      ? a.groups.map((g) => ({
          origin: g.origin,
          level: a.level,
          year: a.year,
          scopeCode: g.scope.code,
          scopeName: g.scope.name,
          measure: g.share.measure,
          ...g.counts,
          numerator: g.share.numerator,
          denominator: g.share.denominator,
          share: g.share.share,
          missingReason: g.share.missingReason,
          policy: g.share.policy,
        }))
      : [
          {
            origin: 'COMPUTED',
            level: a.level,
            year: a.year,
            measure: 'exists',
            missingReason: a.missingReason,
            policy: a.policy,
          },
        ];
    const published = a.published.map((f): AgreementCsvRow => ({
      origin: f.published.origin,
      level: a.level,
      year: a.year,
      scopeName: f.published.scopeLabel,
      measure: f.published.measure,
      numerator: f.published.numerator,
      denominator: f.published.denominator,
      percent: f.published.percent,
      denominatorKind: f.published.denominatorKind,
      qualifier: f.published.qualifier,
      publication: f.published.publication,
      policy: f.comparedPolicy,
      share: f.computedShare,
      missingReason: f.computedMissingReason,
      agreesWithComputed: f.agreesWithComputed,
    }));
    return [...computed, ...published];
  },
  columns: [
    { header: 'origin', value: (r) => r.origin },
    { header: 'level', value: (r) => r.level },
    { header: 'year', value: (r) => r.year },
    { header: 'scope_code', value: (r) => r.scopeCode },
    { header: 'scope', value: (r) => r.scopeName },
    { header: 'measure', value: (r) => r.measure },
    { header: 'exists', value: (r) => r.exists },
    { header: 'in_progress', value: (r) => r.inProgress },
    { header: 'none', value: (r) => r.none },
    { header: 'no_response', value: (r) => r.noResponse },
    { header: 'units', value: (r) => r.units },
    { header: 'numerator', value: (r) => r.numerator },
    { header: 'denominator', value: (r) => r.denominator },
    { header: 'denominator_kind', value: (r) => r.denominatorKind },
    { header: 'published_percent', value: (r) => r.percent },
    // for PUBLISHED rows: Jämför's computed share beside the printed percent, and why not
    { header: 'computed_share', value: (r) => r.share },
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'policy', value: (r) => r.policy },
    { header: 'agrees_with_computed', value: (r) => r.agreesWithComputed },
    { header: 'qualifier', value: (r) => r.qualifier },
    { header: 'publication', value: (r) => r.publication },
  ],
};

// --- plan counts ---------------------------------------------------------------------------

export interface PlanCsvRow {
  scopeKey: string;
  seriesScope: string;
  coversWholeScope: boolean;
  coverage: string | null;
  planType: string;
  measure: string;
  principal: string;
  sourceSystem: string;
  valueKind: string;
  year: number;
  value: number | null;
  missingReason: string | null;
  n: number | null;
  countingNote: string | null;
}

interface PlanData {
  scope: { key: string };
  series: {
    scopeKey: string;
    coversWholeScope: boolean;
    coverage: { sampleUnits: number | null; frameUnits: number | null; note: string | null } | null;
    planType: string;
    measure: string;
    principal: string;
    sourceSystem: string;
    valueKind: string;
    points: {
      year: number;
      value: number | null;
      missingReason: string | null;
      n: number | null;
      countingNote: string | null;
    }[];
  }[];
}

export const planCountsExport: ExportView<PlanCsvRow> = {
  name: 'plan-counts',
  operation: OPERATIONS.planCounts,
  parameters: ['scope', 'planType', 'measure', 'fromYear', 'toYear'],
  variables: (p) =>
    defined({
      scope: required(p, 'scope'),
      planType: upper(optional(p, 'planType')),
      measure: optional(p, 'measure'),
      fromYear: optionalInt(p, 'fromYear'),
      toYear: optionalInt(p, 'toYear'),
    }),
  fileStem: (v) => slug('plan-counts', v['scope'], v['planType'], v['measure']),
  rows(data) {
    const d = data['planCounts'] as PlanData;
    return d.series.flatMap((s) =>
      s.points.map((p) => ({
        scopeKey: d.scope.key,
        seriesScope: s.scopeKey,
        coversWholeScope: s.coversWholeScope,
        coverage: s.coverage && coverageText(s.coverage),
        planType: s.planType,
        measure: s.measure,
        principal: s.principal,
        sourceSystem: s.sourceSystem,
        valueKind: s.valueKind,
        ...p,
      })),
    );
  },
  columns: [
    { header: 'scope', value: (r) => r.scopeKey },
    // why: a region's export also holds the samples inside it; each row says whose values they are and how much of the region they cover.
    { header: 'series_scope', value: (r) => r.seriesScope },
    { header: 'covers_whole_scope', value: (r) => (r.coversWholeScope ? 'yes' : 'no (part only)') },
    { header: 'coverage', value: (r) => r.coverage },
    { header: 'plan_type', value: (r) => r.planType },
    { header: 'measure', value: (r) => r.measure },
    { header: 'principal', value: (r) => r.principal },
    { header: 'source_system', value: (r) => r.sourceSystem },
    { header: 'value_kind', value: (r) => r.valueKind },
    { header: 'year', value: (r) => r.year },
    { header: 'value', value: (r) => r.value },
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'n', value: (r) => r.n },
    { header: 'counting_note', value: (r) => r.countingNote },
  ],
};

/** "10 of 30 units: <note>", "14 units: <note>" — a series' coverage of the asked scope in one cell. */
function coverageText(c: { sampleUnits: number | null; frameUnits: number | null; note: string | null }): string {
  const units =
    c.sampleUnits === null
      ? null
      : c.frameUnits === null
        ? `${c.sampleUnits} units`
        : `${c.sampleUnits} of ${c.frameUnits} units`;
  return [units, c.note].filter((x) => x !== null).join(': ');
}

/** A view with its row type closed over: what the route needs. */
export interface ExportEndpoint extends Omit<ExportView<unknown>, 'rows' | 'columns'> {
  toCsv(data: Record<string, unknown>, format: CsvFormat): string;
}

function endpoint<Row>(view: ExportView<Row>): ExportEndpoint {
  const { rows, columns, ...rest } = view;
  return { ...rest, toCsv: (data, format) => writeCsv(columns, rows(data), format) };
}

/** The views by path segment: `/export/<name>.csv`. */
export const EXPORT_ENDPOINTS: ReadonlyMap<string, ExportEndpoint> = new Map(
  [
    endpoint(routineComparisonExport),
    endpoint(regionComparisonExport),
    endpoint(routineTrendExport),
    endpoint(agreementCoverageExport),
    endpoint(planCountsExport),
  ].map((e) => [e.name, e] as const),
);
