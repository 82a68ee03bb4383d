/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Jämför dashboard: one page over the public GraphQL API (POST /graphql on this origin,
 * with the saved operations of ./operations.ts — the same ones docs/queries.md shows). The
 * choice of scope, area, question, year, denominator, view and unit lives in the query
 * string, so a view can be shared by its URL. Bundled by build.mjs with ECharts; nothing is
 * fetched from anywhere else.
 */
import type { Chart, ChartOption } from './charts.mjs';
import { OPERATIONS, type SavedOperation } from './operations.js';

// --- API ---------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

async function gql<T>(operation: SavedOperation, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation.query, operationName: operation.name, variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'ERROR');
  return body.data![operation.field] as T;
}

// --- API shapes (the fields the operations select) -----------------------------------------

type Answer = 'JA' | 'NEJ' | 'EJ_AKTUELLT' | 'NO_RESPONSE' | 'NOT_ASKED';
interface Counts {
  ja: number;
  nej: number;
  ejAktuellt: number;
  noResponse: number;
  notAsked: number;
  units: number;
}
interface Share {
  scope: { kind: string; code: string; name: string };
  year: number;
  policy?: string;
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  missingReason: string | null;
  counts?: Counts | null;
  published?: { percent: number | null; publication: string } | null;
}
interface CatalogRegion {
  code: string;
  name: string;
  municipalities: { code: string; name: string; kommungrupp: { code: string; name: string } }[];
}
interface CatalogArea {
  code: string;
  name: string;
  questions: { code: string; text: string }[];
}
interface ComparisonRow {
  unit: { code: string; name: string; kind: string; region: { code: string; name: string } | null };
  answer: Answer | null;
  rawValue: string | null;
  missingReason: string | null;
  previousYear: number | null;
  previousAnswer: Answer | null;
  changed: boolean | null;
}
interface Comparison {
  year: number;
  scope: { kind: string; code: string; name: string };
  summary: Share;
  references: Share[];
  rows: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: ComparisonRow[] };
}
interface RegionComparison {
  year: number;
  policy: string;
  rankedRegions: number;
  median: number | null;
  lowerQuartile: number | null;
  upperQuartile: number | null;
  interquartileRange: number | null;
  nation: Share;
  regions: { rank: number | null; quartileBand: number | null; share: Share }[];
}
interface TrendPoint {
  year: number;
  answer: Answer | null;
  rawValue: string | null;
  missingReason: string | null;
  share: Share | null;
  region: Share | null;
  kommungrupp: Share | null;
  nation: Share;
}
interface Trend {
  unit: {
    code: string;
    name: string;
    kind: string;
    region: { code: string; name: string } | null;
    kommungrupp: { code: string; name: string } | null;
  };
  policy: string;
  points: TrendPoint[];
}
interface AgreementCoverage {
  level: string;
  topic: string;
  topicName: string;
  year: number;
  policy: string;
  frame: string;
  missingReason: string | null;
  groups:
    | {
        scope: { code: string; name: string };
        counts: { exists: number; inProgress: number; none: number; noResponse: number; units: number };
        share: {
          numerator: number;
          denominator: number;
          share: number | null;
          missingReason: string | null;
          policy: string;
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
    computedShare: number | null;
    computedMissingReason: string | null;
    agreesWithComputed: boolean | null;
  }[];
}
interface PlanSeriesInfo {
  scope: { key: string; label: string };
  planType: string;
  measure: string;
  principal: string;
  sourceSystem: string;
  valueKind: string;
  firstYear: number;
  lastYear: number;
}
interface PlanCounts {
  scope: { key: string; label: string };
  note: string;
  series: {
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

// --- words -------------------------------------------------------------------------------

const ANSWERS: Record<Answer, { label: string; symbol: string }> = {
  JA: { label: 'Ja', symbol: '✓' },
  NEJ: { label: 'Nej', symbol: '✗' },
  EJ_AKTUELLT: { label: 'Ej aktuellt', symbol: '–' },
  NO_RESPONSE: { label: 'No response', symbol: '?' },
  NOT_ASKED: { label: 'Not asked', symbol: '○' },
};

const REASONS: Record<string, string> = {
  NO_RESPONSE: 'No response',
  NOT_ASKED: 'Not asked',
  NOT_APPLICABLE: 'Not applicable (all Ej aktuellt)',
  NOT_COLLECTED: 'Not collected (no survey that year)',
  SUPPRESSED: 'Suppressed by the publisher',
  NOT_YET_PUBLISHED: 'Not yet published',
  NOT_PUBLISHED: 'Not printed in the publication',
  LOST_IN_SOURCE: 'Printed, but lost in the copy held',
};

const POLICIES: Record<string, string> = {
  APPLICABLE: 'APPLICABLE: Ja ÷ (Ja + Nej). Ej aktuellt, no response and not asked are left out.',
  RESPONDENTS: 'RESPONDENTS: Ja ÷ (Ja + Nej + Ej aktuellt). No response and not asked are left out.',
  ALL_UNITS: 'ALL_UNITS: Ja ÷ every municipality in the scope, non-respondents included.',
};

const VIEWS = ['comparison', 'regions', 'trend', 'agreements'] as const;
type View = (typeof VIEWS)[number];

const percent = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });
const collator = new Intl.Collator('sv');
const FIRST_SURVEY_PROBE = 2007;
const THIS_YEAR = new Date().getFullYear();

function reason(code: string | null | undefined): string {
  return code ? (REASONS[code] ?? code) : '';
}

function pct(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : percent.format(share);
}

function fraction(s: { numerator: number | null; denominator: number | null }): string {
  return s.numerator === null || s.denominator === null ? '—' : `${s.numerator} of ${s.denominator}`;
}

/** "50 % (3 of 6)" or the reason there is no share. */
function shareText(s: Share | null | undefined): string {
  if (!s) return '—';
  if (s.share === null) return `${reason(s.missingReason) || '—'}${s.denominator !== null ? ` (${fraction(s)})` : ''}`;
  return `${pct(s.share)} (${fraction(s)})`;
}

// --- DOM helpers -------------------------------------------------------------------------

type Child = Node | string | number | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

function $(id: string): HTMLElement {
  return document.getElementById(id)!;
}

function answerBadge(answer: Answer | null, missingReason: string | null): HTMLElement {
  if (!answer || answer === 'NO_RESPONSE' || answer === 'NOT_ASKED') {
    const code = answer ?? 'MISSING';
    const label = answer ? ANSWERS[answer].label : reason(missingReason) || 'No value';
    const symbol = answer ? ANSWERS[answer].symbol : '·';
    return h('span', { class: `answer a-${code}` }, h('span', { class: 'sym', 'aria-hidden': 'true' }, symbol), label);
  }
  return h(
    'span',
    { class: `answer a-${answer}` },
    h('span', { class: 'sym', 'aria-hidden': 'true' }, ANSWERS[answer].symbol),
    ANSWERS[answer].label,
  );
}

function table(
  caption: string,
  headers: (string | { text: string; num?: boolean })[],
  rows: Child[][],
  rowAttrs?: (i: number) => Record<string, string | undefined>,
): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...headers.map((c) =>
          typeof c === 'string'
            ? h('th', { scope: 'col' }, c)
            : h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.text),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((cells, i) =>
        h(
          'tr',
          rowAttrs?.(i) ?? {},
          ...cells.map((c, j) =>
            j === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: typeof c === 'number' ? 'num' : undefined }, c),
          ),
        ),
      ),
    ),
  );
}

function downloadLinks(
  label: string,
  path: string,
  params: Record<string, string | number | undefined>,
  compact = false,
): HTMLElement {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const excel = `${path}?${query.toString()}&format=excel-sv`;
  const plain = `${path}?${query.toString()}&format=rfc4180`;
  return h(
    'span',
    { class: 'download' },
    h(
      'a',
      { href: excel, download: '', 'data-csv': 'excel-sv', 'aria-label': `${label} as CSV for Swedish Excel` },
      compact ? 'CSV' : '⤓ CSV (Excel, sv)',
    ),
    h(
      'a',
      { href: plain, download: '', 'data-csv': 'rfc4180', 'aria-label': `${label} as CSV (RFC 4180)` },
      compact ? 'RFC 4180' : 'CSV (RFC 4180)',
    ),
  );
}

const charts: Chart[] = [];
let pendingCharts: { el: HTMLElement; option: ChartOption }[] = [];

/** A chart placeholder; drawn by drawCharts() once the view is in the document (ECharts needs its size). */
function chart(ariaLabel: string, option: ChartOption, className = 'chart'): HTMLElement {
  const el = h('div', { class: className, role: 'img', 'aria-label': ariaLabel });
  pendingCharts.push({ el, option });
  return el;
}

async function drawCharts(): Promise<void> {
  charts.splice(0).forEach((c) => c.dispose());
  const pending = pendingCharts;
  pendingCharts = [];
  if (pending.length === 0) return;
  const { drawChart } = await import('./charts.mjs');
  for (const { el, option } of pending) charts.push(drawChart(el, option));
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

// --- state in the URL --------------------------------------------------------------------

interface State {
  view: View;
  scope: string;
  area: string;
  question: string;
  year: number | null;
  denominator: string;
  order: string;
  unit: string | null;
  ayear: number | null;
}

function readState(): State {
  const p = new URLSearchParams(location.search);
  const view = p.get('view') as View | null;
  const int = (v: string | null) => (v && /^\d{4}$/.test(v) ? Number(v) : null);
  return {
    view: view && VIEWS.includes(view) ? view : 'comparison',
    scope: p.get('scope') ?? 'NATION',
    area: p.get('area') ?? '',
    question: p.get('question') ?? '',
    year: int(p.get('year')),
    denominator: p.get('denominator') ?? 'APPLICABLE',
    order: p.get('order') ?? 'NAME',
    unit: p.get('unit'),
    ayear: int(p.get('ayear')),
  };
}

function writeState(s: State, push: boolean): void {
  const p = new URLSearchParams();
  p.set('view', s.view);
  p.set('scope', s.scope);
  if (s.area) p.set('area', s.area);
  if (s.question) p.set('question', s.question);
  if (s.year !== null) p.set('year', String(s.year));
  p.set('denominator', s.denominator);
  if (s.order !== 'NAME') p.set('order', s.order);
  if (s.unit) p.set('unit', s.unit);
  if (s.ayear !== null) p.set('ayear', String(s.ayear));
  const url = `${location.pathname}?${p.toString()}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function scopeInput(scope: string): { kind: string; code?: string } {
  const [kind = 'NATION', code] = scope.split(':');
  return kind === 'NATION' ? { kind } : { kind, code };
}

/** The routineTrend unit for a scope: "00", a länskod or a kommungrupp code. */
function scopeUnit(scope: string): string {
  const { kind, code } = scopeInput(scope);
  return kind === 'NATION' ? '00' : (code ?? '00');
}

// --- catalog -----------------------------------------------------------------------------

interface Catalog {
  regions: CatalogRegion[];
  groups: { code: string; name: string }[];
  areas: CatalogArea[];
  municipalities: Map<string, { code: string; name: string; region: string; group: string }>;
}

let catalog: Catalog;
let catalogReady: Promise<Catalog>;
const surveyYears = new Map<string, number[]>();

async function loadCatalog(): Promise<Catalog> {
  const [regions, areas] = await Promise.all([
    gql<CatalogRegion[]>(OPERATIONS.regions),
    gql<CatalogArea[]>(OPERATIONS.serviceAreas),
  ]);
  const groups = new Map<string, string>();
  const municipalities = new Map<string, { code: string; name: string; region: string; group: string }>();
  for (const r of regions) {
    for (const m of r.municipalities) {
      groups.set(m.kommungrupp.code, m.kommungrupp.name);
      municipalities.set(m.code, { code: m.code, name: m.name, region: r.code, group: m.kommungrupp.code });
    }
  }
  return {
    regions,
    areas,
    groups: [...groups].map(([code, name]) => ({ code, name })).sort((a, b) => collator.compare(a.code, b.code)),
    municipalities,
  };
}

/** Survey years of a question: the years riket's series has data for (one routineTrend). */
async function yearsOf(question: string): Promise<number[]> {
  const known = surveyYears.get(question);
  if (known) return known;
  const trend = await gql<Trend>(OPERATIONS.routineTrend, {
    question,
    unit: '00',
    fromYear: FIRST_SURVEY_PROBE,
    toYear: THIS_YEAR,
  });
  const years = trend.points
    .filter((p) => {
      const s = p.share ?? p.nation;
      return s.missingReason !== 'NOT_COLLECTED' && s.missingReason !== 'NOT_YET_PUBLISHED';
    })
    .map((p) => p.year);
  surveyYears.set(question, years);
  return years;
}

function trendRange(years: number[]): [number, number] {
  if (years.length === 0) return [THIS_YEAR - 5, THIS_YEAR];
  return [Math.max(FIRST_SURVEY_PROBE, Math.min(...years) - 3), Math.min(THIS_YEAR, Math.max(...years) + 2)];
}

function unitsInScope(scope: string): { code: string; name: string }[] {
  const { kind, code } = scopeInput(scope);
  const all = [...catalog.municipalities.values()];
  const inScope =
    kind === 'REGION'
      ? all.filter((m) => m.region === code)
      : kind === 'KOMMUNGRUPP'
        ? all.filter((m) => m.group === code)
        : all;
  return inScope.sort((a, b) => collator.compare(a.name, b.name));
}

function scopeName(scope: string): string {
  const { kind, code } = scopeInput(scope);
  if (kind === 'REGION') return catalog.regions.find((r) => r.code === code)?.name ?? scope;
  if (kind === 'KOMMUNGRUPP') return `${code} ${catalog.groups.find((g) => g.code === code)?.name ?? ''}`.trim();
  return 'Riket';
}

// --- controls ----------------------------------------------------------------------------

function fillSelect(
  select: HTMLSelectElement,
  options: (HTMLOptionElement | HTMLOptGroupElement)[],
  value: string,
): void {
  select.replaceChildren(...options);
  select.value = value;
}

function option(value: string, label: string): HTMLOptionElement {
  return h('option', { value }, label);
}

async function syncControls(state: State): Promise<void> {
  const areaSel = $('area') as HTMLSelectElement;
  const questionSel = $('question') as HTMLSelectElement;
  if (!catalog.areas.some((a) => a.code === state.area)) state.area = catalog.areas[0]?.code ?? '';
  const area = catalog.areas.find((a) => a.code === state.area);
  const questions = area?.questions ?? [];
  if (!questions.some((q) => q.code === state.question)) state.question = questions[0]?.code ?? '';
  fillSelect(
    areaSel,
    catalog.areas.map((a) => option(a.code, a.name)),
    state.area,
  );
  fillSelect(
    questionSel,
    questions.map((q) => option(q.code, `${q.text} (${q.code})`)),
    state.question,
  );

  const scopeSel = $('scope') as HTMLSelectElement;
  const scopes = [
    option('NATION', 'Riket (all 290 municipalities)'),
    h('optgroup', { label: 'Regions (län)' }, ...catalog.regions.map((r) => option(`REGION:${r.code}`, r.name))),
    h(
      'optgroup',
      { label: 'Kommungrupper (SKR 2023)' },
      ...catalog.groups.map((g) => option(`KOMMUNGRUPP:${g.code}`, `${g.code} ${g.name}`)),
    ),
  ];
  if (![...scopeSel.options].length) fillSelect(scopeSel, scopes, state.scope);
  if (
    !new Set([
      'NATION',
      ...catalog.regions.map((r) => `REGION:${r.code}`),
      ...catalog.groups.map((g) => `KOMMUNGRUPP:${g.code}`),
    ]).has(state.scope)
  )
    state.scope = 'NATION';
  scopeSel.value = state.scope;

  const years = state.question ? await yearsOf(state.question) : [];
  state.year ??= years.at(-1) ?? null;
  const yearOptions = [...new Set([...years, ...(state.year !== null ? [state.year] : [])])].sort((a, b) => b - a);
  fillSelect(
    $('year') as HTMLSelectElement,
    yearOptions.map((y) => option(String(y), years.includes(y) ? String(y) : `${y} (not collected)`)),
    state.year === null ? '' : String(state.year),
  );
  ($('denominator') as HTMLSelectElement).value = state.denominator;

  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
    const selected = tab.dataset['view'] === state.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  $('view').setAttribute('aria-labelledby', `tab-${state.view}`);
}

// --- views -------------------------------------------------------------------------------

async function comparisonView(state: State): Promise<Node[]> {
  if (state.year === null) return [h('p', {}, 'No survey year is loaded for this question.')];
  const variables = {
    question: state.question,
    year: state.year,
    scope: scopeInput(state.scope),
    denominator: state.denominator,
    orderBy: state.order,
  };
  let data = await gql<Comparison>(OPERATIONS.routineComparison, { ...variables, first: 500 });
  const rows = [...data.rows.nodes];
  while (data.rows.pageInfo.hasNextPage) {
    data = await gql<Comparison>(OPERATIONS.routineComparison, {
      ...variables,
      first: 500,
      after: data.rows.pageInfo.endCursor,
    });
    rows.push(...data.rows.nodes);
  }
  await catalogReady;
  const s = data.summary;
  const c = s.counts;
  const byRegion = data.scope.kind !== 'REGION';
  const chips = c
    ? h(
        'ul',
        { class: 'chips', 'aria-label': 'Answers in the scope' },
        ...(
          [
            ['JA', c.ja],
            ['NEJ', c.nej],
            ['EJ_AKTUELLT', c.ejAktuellt],
            ['NO_RESPONSE', c.noResponse],
            ['NOT_ASKED', c.notAsked],
          ] as [Answer, number][]
        ).map(([a, n]) =>
          h(
            'li',
            {},
            h(
              'span',
              { class: `answer a-${a}` },
              h('span', { class: 'sym', 'aria-hidden': 'true' }, ANSWERS[a].symbol),
              `${ANSWERS[a].label}: ${n}`,
            ),
          ),
        ),
      )
    : null;
  const references = data.references.length
    ? h(
        'ul',
        { class: 'refs', 'aria-label': 'References' },
        ...data.references.map((r) => h('li', {}, h('b', {}, `${referenceLabel(r.scope)}: `), shareText(r))),
      )
    : h('p', { class: 'note' }, 'Riket is the reference for every other scope.');
  const order = h(
    'label',
    { class: 'inline-control' },
    'Order ',
    h(
      'select',
      { id: 'order' },
      option('NAME', 'Name (Swedish order)'),
      option('REGION', 'Region, then name'),
      option('ANSWER', 'Answer, then name'),
    ),
  );
  const orderSel = order.querySelector('select')!;
  orderSel.value = state.order;
  orderSel.addEventListener('change', () => navigate({ order: orderSel.value }));

  const headers = ['Municipality', ...(byRegion ? ['Region'] : []), 'Answer', 'Previous survey', 'Code'];
  const body = rows.map((r) => [
    h(
      'button',
      { type: 'button', class: 'unit-link', 'data-unit': r.unit.code, title: `Trend for ${r.unit.name}` },
      r.unit.name,
    ),
    ...(byRegion ? [r.unit.region?.name ?? ''] : []),
    answerBadge(r.answer, r.missingReason),
    r.previousYear === null
      ? h('span', { class: 'muted' }, 'no earlier survey')
      : `${r.previousYear}: ${r.previousAnswer ? ANSWERS[r.previousAnswer].label : '—'}${r.changed ? ' (changed)' : ''}`,
    h('span', { class: 'muted' }, r.unit.code),
  ]);
  const list = table(
    `${rows.length} units in ${data.scope.name}, ${data.year}. Choose a municipality for its trend.`,
    headers,
    body,
    (i) => ({ 'data-answer': rows[i]!.answer ?? 'MISSING' }),
  );
  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-unit]');
    if (button) navigate({ view: 'trend', unit: button.dataset['unit']! });
  });

  return [
    h('h2', {}, `${data.scope.name} · ${areaName(state.area)} · ${data.year}`),
    h(
      'section',
      { class: 'summary', 'aria-label': 'Share in the scope' },
      h(
        'div',
        { class: 'headline', 'data-testid': 'scope-share' },
        pct(s.share),
        h(
          'small',
          {},
          s.share === null
            ? reason(s.missingReason)
            : h('span', { class: 'fraction' }, `${fraction(s)} with a routine`),
        ),
      ),
      h(
        'div',
        {},
        chips,
        h('p', { class: 'policy' }, `Policy ${POLICIES[s.policy ?? state.denominator] ?? s.policy}`),
        c ? h('p', { class: 'note' }, `${c.units} municipalities in the scope.`) : null,
      ),
      h('div', { class: 'references' }, h('h3', {}, 'References'), references),
    ),
    h(
      'div',
      { class: 'toolbar' },
      order,
      downloadLinks('This comparison', '/export/routine-comparison.csv', {
        question: state.question,
        year: state.year,
        scope: state.scope,
        denominator: state.denominator,
        orderBy: state.order,
      }),
    ),
    list,
  ];
}

async function regionsView(state: State): Promise<Node[]> {
  if (state.year === null) return [h('p', {}, 'No survey year is loaded for this question.')];
  const data = await gql<RegionComparison>(OPERATIONS.regionComparison, {
    question: state.question,
    year: state.year,
    denominator: state.denominator,
  });
  await catalogReady;
  const ranked = data.regions.filter((r) => r.share.share !== null);
  const unranked = data.regions.filter((r) => r.share.share === null);
  const ordered = [...ranked, ...unranked];
  const selected = scopeInput(state.scope).kind === 'REGION' ? scopeInput(state.scope).code : undefined;
  // An unranked region keeps its row, named with the reason: no bar, never a zero.
  const names = ordered
    .map((r) =>
      r.share.share === null
        ? `${r.share.scope.name} — no share (${reason(r.share.missingReason)})`
        : r.share.scope.name,
    )
    .reverse();
  const marks: {
    name: string;
    xAxis: number;
    lineStyle: { type: 'dashed' | 'solid'; color: string };
    label: { formatter: string; position: 'start' | 'end' };
  }[] = [];
  if (data.median !== null)
    marks.push({
      name: 'Median',
      xAxis: data.median * 100,
      lineStyle: { type: 'dashed', color: '#444' },
      label: { formatter: `Median ${pct(data.median)}`, position: 'end' },
    });
  if (data.nation.share !== null)
    marks.push({
      name: 'Riket',
      xAxis: data.nation.share * 100,
      lineStyle: { type: 'solid', color: '#2f5f8f' },
      label: { formatter: `Riket ${pct(data.nation.share)}`, position: 'start' },
    });
  const chartEl = chart(
    `Regions ranked by share for ${state.question} in ${data.year}: ${ranked.map((r) => `${r.share.scope.name} ${pct(r.share.share)}`).join(', ') || 'no region has a share'}; ${unranked.length} without a share. Table below.`,
    {
      grid: { left: 260, right: 120, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: {
        type: 'category',
        data: names,
        axisLabel: {
          fontSize: 11,
          color: (_: unknown, i: number) =>
            ordered[ordered.length - 1 - i]?.share.share === null ? '#6b7480' : '#1d2733',
        },
      },
      series: [
        {
          type: 'bar',
          name: 'Share',
          data: [...ordered].reverse().map((r) => ({
            value: r.share.share === null ? null : Math.round(r.share.share * 1000) / 10,
            itemStyle: { color: r.share.scope.code === selected ? '#b36b00' : '#2f5f8f' },
            label: {
              show: true,
              position: r.share.share === null ? 'insideLeft' : 'right',
              formatter:
                r.share.share === null
                  ? `no share: ${reason(r.share.missingReason)}`
                  : `${pct(r.share.share)} (${fraction(r.share)})`,
              color: r.share.share === null ? '#6b7480' : '#1d2733',
              fontStyle: r.share.share === null ? 'italic' : 'normal',
            },
          })),
          markLine: { symbol: 'none', data: marks },
        },
      ],
    },
  );
  chartEl.style.height = `${Math.max(22, data.regions.length * 1.45 + 4)}rem`;
  const body = ordered.map((r) => [
    r.share.scope.name,
    r.rank === null ? h('span', { class: 'reason' }, 'unranked') : r.rank,
    r.share.share === null ? h('span', { class: 'reason' }, reason(r.share.missingReason)) : pct(r.share.share),
    r.share.numerator ?? '—',
    r.share.denominator ?? '—',
    r.share.counts?.ejAktuellt ?? '—',
    r.share.counts?.noResponse ?? '—',
    r.share.counts?.units ?? '—',
    r.quartileBand ?? '—',
    r.share.published?.percent !== null && r.share.published?.percent !== undefined
      ? `${r.share.published.percent} %`
      : '—',
  ]);
  return [
    h('h2', {}, `Regions compared · ${areaName(state.area)} · ${data.year}`),
    h(
      'p',
      { class: 'sub' },
      `Riket: ${shareText(data.nation)}. Median of the ${data.rankedRegions} ranked regions: ${pct(data.median)}` +
        (data.interquartileRange !== null
          ? `, interquartile range ${pct(data.lowerQuartile)}–${pct(data.upperQuartile)}.`
          : '.') +
        ` Policy ${data.policy}. Regions without a share are unranked, not last.`,
    ),
    h(
      'div',
      { class: 'toolbar' },
      downloadLinks('The cross-county comparison', '/export/region-comparison.csv', {
        question: state.question,
        year: state.year,
        denominator: state.denominator,
      }),
    ),
    chartEl,
    table(
      'Table view: the same numbers as the chart',
      [
        'Region',
        { text: 'Rank', num: true },
        { text: 'Share', num: true },
        { text: 'Ja', num: true },
        { text: 'Denominator', num: true },
        { text: 'Ej aktuellt', num: true },
        { text: 'No response', num: true },
        { text: 'Units', num: true },
        { text: 'Quartile band', num: true },
        { text: 'Published', num: true },
      ],
      body,
      (i) => ({ class: ordered[i]!.share.scope.code === selected ? 'selected' : undefined }),
    ),
  ];
}

function referenceLabel(scope: { kind: string; code: string; name: string }): string {
  return scope.kind === 'KOMMUNGRUPP' ? `Kommungrupp ${scope.code} ${scope.name}` : scope.name;
}

function areaName(code: string): string {
  return catalog.areas.find((a) => a.code === code)?.name ?? code;
}

async function trendView(state: State): Promise<Node[]> {
  const years = await yearsOf(state.question);
  const [fromYear, toYear] = trendRange(years);
  const unit = state.unit ?? scopeUnit(state.scope);
  const data = await gql<Trend>(OPERATIONS.routineTrend, {
    question: state.question,
    unit,
    fromYear,
    toYear,
    denominator: state.denominator,
  });
  const isAggregate = data.unit.kind !== 'MUNICIPALITY' && data.unit.kind !== 'DISTRICT';
  await catalogReady;

  const unitSel = h(
    'select',
    { id: 'unit' },
    option(scopeUnit(state.scope), `${scopeName(state.scope)} (the scope)`),
    ...unitsInScope(state.scope).map((m) => option(m.code, m.name)),
  );
  if (![...unitSel.options].some((o) => o.value === unit)) unitSel.append(option(unit, data.unit.name));
  unitSel.value = unit;
  unitSel.addEventListener('change', () => navigate({ unit: unitSel.value }));

  const yearsAxis = data.points.map((p) => String(p.year));
  const line = (name: string, pick: (p: TrendPoint) => Share | null | undefined, color: string, dashed = false) => ({
    type: 'line' as const,
    name,
    data: data.points.map((p) => {
      const s = pick(p);
      return s && s.share !== null ? Math.round(s.share * 1000) / 10 : null;
    }),
    connectNulls: false,
    symbolSize: 9,
    lineStyle: { color, width: 2.5, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color },
    label: { show: true, position: 'top' as const, formatter: '{c} %', fontSize: 11 },
  });
  const series = [
    ...(isAggregate ? [line(data.unit.name, (p) => p.share, '#b36b00')] : []),
    ...(data.unit.region && data.unit.kind !== 'REGION'
      ? [line(data.unit.region.name, (p) => p.region, '#2f5f8f')]
      : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP'
      ? [line(`Kommungrupp ${data.unit.kommungrupp.code}`, (p) => p.kommungrupp, '#7a4fa0', true)]
      : []),
    ...(data.unit.kind !== 'NATION' ? [line('Riket', (p) => p.nation, '#333333', true)] : []),
  ];
  // Gaps are labelled with their reason: consecutive years with the same reason share a band.
  const gaps: [{ xAxis: string; name: string }, { xAxis: string }][] = [];
  for (let i = 0; i < data.points.length; i++) {
    const why = (data.points[i]!.share ?? data.points[i]!.nation).missingReason;
    if (!why) continue;
    let j = i;
    while (
      j + 1 < data.points.length &&
      (data.points[j + 1]!.share ?? data.points[j + 1]!.nation).missingReason === why
    )
      j++;
    gaps.push([{ xAxis: yearsAxis[i]!, name: reason(why) }, { xAxis: yearsAxis[j]! }]);
    i = j;
  }
  if (series[0]) {
    Object.assign(series[0], {
      markArea: {
        silent: true,
        itemStyle: { color: 'rgba(120,130,145,0.10)' },
        label: {
          position: 'insideTop',
          color: '#4f5d6d',
          fontStyle: 'italic',
          fontSize: 11,
          width: 90,
          overflow: 'break',
        },
        data: gaps,
      },
    });
  }

  const strip = isAggregate
    ? null
    : table(
        `${data.unit.name}: answer by survey year`,
        ['', ...data.points.map((p) => String(p.year))],
        [[data.unit.name, ...data.points.map((p) => answerBadge(p.answer, p.missingReason))]],
      );
  strip?.classList.add('strip');

  const body = data.points.map((p) => [
    String(p.year),
    isAggregate
      ? shareText(p.share)
      : p.answer
        ? h('span', {}, answerBadge(p.answer, p.missingReason))
        : h('span', { class: 'reason' }, reason(p.missingReason)),
    ...(data.unit.region && data.unit.kind !== 'REGION' ? [shareText(p.region)] : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP' ? [shareText(p.kommungrupp)] : []),
    ...(data.unit.kind !== 'NATION' ? [shareText(p.nation)] : []),
  ]);
  const headers = [
    'Year',
    isAggregate ? `${data.unit.name} share` : `${data.unit.name} answer`,
    ...(data.unit.region && data.unit.kind !== 'REGION' ? [data.unit.region.name] : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP'
      ? [`Kommungrupp ${data.unit.kommungrupp.code} ${data.unit.kommungrupp.name}`]
      : []),
    ...(data.unit.kind !== 'NATION' ? ['Riket'] : []),
  ];
  const described = data.points
    .map((p) => `${p.year}: ${p.answer ? ANSWERS[p.answer].label : reason(p.missingReason)}`)
    .join('; ');

  return [
    h('h2', {}, `Trend · ${data.unit.name} (${data.unit.code}) · ${areaName(state.area)}`),
    h(
      'p',
      { class: 'sub' },
      `${fromYear}–${toYear}, policy ${data.policy}. Years without a survey or answer are gaps labelled with the reason — never zero.`,
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'inline-control', for: 'unit' }, 'Unit'),
      unitSel,
      downloadLinks('This trend', '/export/routine-trend.csv', {
        question: state.question,
        unit,
        fromYear,
        toYear,
        denominator: state.denominator,
      }),
    ),
    ...(strip ? [strip] : []),
    chart(`Shares by year, ${fromYear}–${toYear}. ${described}. Table below.`, {
      grid: { left: 60, right: 30, top: 60, bottom: 40 },
      legend: { top: 5 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? 'no value' : `${String(v)} %`),
      },
      xAxis: { type: 'category', data: yearsAxis },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series,
    }),
    table('Table view: the same numbers as the chart', headers, body, (i) => ({
      'data-year': String(data.points[i]!.year),
    })),
  ];
}

async function agreementsView(state: State): Promise<Node[]> {
  const figures = await gql<{ nodes: { year: number }[] }>(OPERATIONS.publishedFigures, {
    subject: 'AGREEMENT_COVERAGE',
    first: 500,
  });
  const years = [...new Set(figures.nodes.map((f) => f.year))].sort((a, b) => b - a);
  const year = state.ayear ?? years[0] ?? state.year ?? THIS_YEAR;
  await catalogReady;
  const topic = state.area || 'MISSBRUK';
  const yearSel = h(
    'select',
    { id: 'ayear' },
    ...[...new Set([year, ...years])].map((y) => option(String(y), String(y))),
  );
  yearSel.value = String(year);
  yearSel.addEventListener('change', () => navigate({ ayear: Number(yearSel.value) }));

  const levels = await Promise.all(
    (['COUNTY', 'LOCAL'] as const).map((level) =>
      gql<AgreementCoverage>(OPERATIONS.agreementCoverage, {
        level,
        topic,
        year,
        groupBy: 'NATION',
        denominator: 'RESPONDENTS',
      }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    ),
  );
  const sections = levels.map((a, i) => {
    const level = i === 0 ? 'COUNTY' : 'LOCAL';
    const title =
      level === 'COUNTY' ? 'County agreements (länsöverenskommelse)' : 'Local agreements (lokal överenskommelse)';
    if (a instanceof Error) return h('section', {}, h('h3', {}, title), h('p', { class: 'error' }, a.message));
    const computed = a.groups
      ? table(
          'Computed from unit rows',
          [
            'Group',
            { text: 'Exists', num: true },
            { text: 'In progress', num: true },
            { text: 'None', num: true },
            { text: 'No response', num: true },
            { text: 'Units', num: true },
            'Share with an agreement',
          ],
          a.groups.map((g) => [
            g.scope.name,
            g.counts.exists,
            g.counts.inProgress,
            g.counts.none,
            g.counts.noResponse,
            g.counts.units,
            g.share.share === null
              ? reason(g.share.missingReason)
              : `${pct(g.share.share)} (${g.share.numerator} of ${g.share.denominator}, ${g.share.policy})`,
          ]),
        )
      : h(
          'p',
          {},
          h('span', { class: 'badge computed' }, 'COMPUTED'),
          ` None: there are no unit rows for ${a.topicName} ${a.year} at this level (${a.missingReason ?? 'NOT_COLLECTED'}), so Jämför computes no coverage — not 0 %.`,
        );
    const coverage = a.published.filter((f) => f.published.scopeLabel?.includes(':'));
    const content = a.published.filter((f) => !f.published.scopeLabel?.includes(':'));
    const labels = coverage.map(
      (f) =>
        `${f.published.measure} · ${f.published.scopeLabel}${f.published.percent === null ? ' — no percent printed' : ''}`,
    );
    const publishedChart = coverage.length
      ? chart(
          `Published coverage, ${title}, ${a.year}: ${coverage.map((f) => `${f.published.measure} ${f.published.scopeLabel} ${f.published.percent ?? 'no percent printed'}`).join('; ')}.`,
          {
            grid: { left: 210, right: 70, top: 30, bottom: 30 },
            title: { text: 'PUBLISHED', left: 0, top: 0, textStyle: { fontSize: 11, color: '#1f3b5c' } },
            xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
            yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: { fontSize: 11 } },
            series: [
              {
                type: 'bar',
                data: [...coverage].reverse().map((f) => ({
                  value: f.published.percent,
                  itemStyle: { color: '#1f3b5c' },
                  label: {
                    show: true,
                    position: f.published.percent === null ? 'insideLeft' : 'right',
                    formatter: f.published.percent === null ? 'no percent printed' : `${f.published.percent} %`,
                    fontSize: 11,
                  },
                })),
              },
            ],
          },
          'chart short',
        )
      : null;
    const publishedRows = (figures: AgreementCoverage['published']) =>
      figures.map((f) => [
        f.published.measure,
        h('span', { class: 'badge published' }, f.published.origin),
        f.published.scopeLabel ?? '',
        f.published.numerator ?? '—',
        `${f.published.denominator ?? '—'}${f.published.denominatorKind ? ` (${f.published.denominatorKind})` : ''}`,
        f.published.percent === null
          ? '—'
          : `${f.published.percent} %${f.published.qualifier ? ` (${f.published.qualifier})` : ''}`,
        f.computedShare === null
          ? h(
              'span',
              { class: 'reason', title: reason(f.computedMissingReason) },
              f.computedMissingReason === 'NOT_COLLECTED'
                ? 'not computed (no unit rows)'
                : reason(f.computedMissingReason),
            )
          : `${pct(f.computedShare)}${f.agreesWithComputed === null ? '' : f.agreesWithComputed ? ' — agrees' : ' — differs'}`,
        f.published.publication,
      ]);
    const publishedHeaders = [
      'Measure',
      'Origin',
      'Scope',
      { text: 'Numerator', num: true },
      'Denominator',
      'Percent',
      'Computed by Jämför',
      'Publication',
    ];
    const publishedTable = table(
      'Published coverage (as printed): table view of the chart',
      publishedHeaders,
      publishedRows(coverage),
    );
    const contentTable = content.length
      ? h(
          'details',
          {},
          h('summary', {}, `What the agreements contain: ${content.length} published content figures`),
          table('Published content figures (as printed)', publishedHeaders, publishedRows(content)),
        )
      : null;
    return h(
      'section',
      {},
      h('h3', {}, title),
      h('p', { class: 'note' }, a.frame),
      h(
        'div',
        { class: 'toolbar' },
        downloadLinks(title, '/export/agreement-coverage.csv', {
          level,
          topic,
          year,
          groupBy: 'NATION',
          denominator: 'RESPONDENTS',
        }),
      ),
      computed,
      publishedChart,
      publishedTable,
      contentTable,
    );
  });

  return [
    h('h2', {}, `Agreements and plans · ${areaName(topic)}`),
    h('div', { class: 'toolbar' }, h('label', { class: 'inline-control', for: 'ayear' }, 'Agreement year'), yearSel),
    ...sections,
    await plansSection(),
  ];
}

async function plansSection(): Promise<Node> {
  const series = await gql<{ nodes: PlanSeriesInfo[] }>(OPERATIONS.planCountSeries);
  const scopes = [...new Set(series.nodes.map((s) => s.scope.key))];
  const counts = await Promise.all(
    scopes.map((scope) =>
      gql<PlanCounts>(OPERATIONS.planCounts, { scope }).catch((e: unknown) =>
        e instanceof Error ? e : new Error(String(e)),
      ),
    ),
  );
  const valueOf = new Map<string, string>();
  const failures: string[] = [];
  counts.forEach((c, i) => {
    if (c instanceof Error) {
      failures.push(`${scopes[i]}: ${c.message}`);
      return;
    }
    for (const s of c.series) {
      const shown = s.points.map((p) =>
        p.value === null
          ? `${p.year}: ${reason(p.missingReason)}`
          : `${p.year}: ${p.value}${s.valueKind === 'PERCENT' ? ' %' : ''}${p.n !== null ? ` (n = ${p.n})` : ''}`,
      );
      valueOf.set(`${c.scope.key}|${s.measure}|${s.principal}|${s.sourceSystem}`, shown.join('; '));
    }
  });
  const rows = series.nodes.map((s) => [
    s.scope.label,
    s.measure,
    s.planType,
    s.principal,
    s.sourceSystem,
    s.firstYear === s.lastYear ? String(s.firstYear) : `${s.firstYear}–${s.lastYear}`,
    valueOf.get(`${s.scope.key}|${s.measure}|${s.principal}|${s.sourceSystem}`) ??
      h('span', { class: 'reason' }, 'not loaded'),
    downloadLinks(
      `Plan counts for ${s.scope.label}`,
      '/export/plan-counts.csv',
      { scope: s.scope.key, measure: s.measure },
      true,
    ),
  ]);
  return h(
    'section',
    {},
    h('h3', {}, 'Plan counts (SIP and individual plans)'),
    h(
      'p',
      { class: 'note' },
      'Counts are per reporting organisation, not unique persons. Years without a row are NOT_COLLECTED, unreported cells NO_RESPONSE — never 0.',
    ),
    failures.length
      ? h('p', { class: 'error' }, `Some series could not be read from the API: ${failures.join(' · ')}`)
      : null,
    table(
      `${series.nodes.length} plan-count series`,
      ['Scope', 'Measure', 'Plan type', 'Principal', 'Source', 'Years', 'Values', 'CSV'],
      rows,
    ),
  );
}

// --- navigation --------------------------------------------------------------------------

let state: State;
let renderToken = 0;

function navigate(change: Partial<State>, push = true): void {
  state = { ...state, ...change };
  writeState(state, push);
  void render();
}

const VIEW_RENDERERS: Record<View, (s: State) => Promise<Node[]>> = {
  comparison: comparisonView,
  regions: regionsView,
  trend: trendView,
  agreements: agreementsView,
};

async function render(): Promise<void> {
  const token = ++renderToken;
  const status = $('status');
  status.className = 'status';
  status.textContent = 'Loading…';
  try {
    // A complete state in the URL (a shared link) starts the view's request at once, beside
    // the catalog; otherwise the catalog fills in the defaults first.
    const asked = JSON.stringify(state);
    pendingCharts = [];
    const early = state.question && state.year !== null ? VIEW_RENDERERS[state.view](state) : null;
    early?.catch(() => {});
    await catalogReady;
    await syncControls(state);
    writeState(state, false);
    let nodes: Node[];
    if (early && JSON.stringify(state) === asked) nodes = await early;
    else {
      await early?.catch(() => {});
      pendingCharts = [];
      nodes = await VIEW_RENDERERS[state.view](state);
    }
    if (token !== renderToken) return;
    $('view').replaceChildren(...nodes);
    await drawCharts();
    status.textContent = '';
    document.body.dataset['ready'] = state.view;
  } catch (error) {
    if (token !== renderToken) return;
    status.className = 'status error';
    status.textContent =
      error instanceof ApiError
        ? `${error.code}: ${error.message}`
        : `Could not load: ${error instanceof Error ? error.message : String(error)}`;
    $('view').replaceChildren();
    document.body.dataset['ready'] = 'error';
  }
}

function wireControls(): void {
  const on = (id: string, change: (value: string) => Partial<State>) =>
    $(id).addEventListener('change', (e) => navigate(change((e.target as HTMLSelectElement).value)));
  on('scope', (scope) => ({ scope, unit: null }));
  on('area', (area) => ({ area, question: '' }));
  on('question', (question) => ({ question }));
  on('year', (year) => ({ year: Number(year) }));
  on('denominator', (denominator) => ({ denominator }));
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => navigate({ view: tab.dataset['view'] as View }));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length]!;
      next.focus();
      navigate({ view: next.dataset['view'] as View });
    });
  }
  $('controls').addEventListener('submit', (e) => e.preventDefault());
  window.addEventListener('popstate', () => {
    state = readState();
    void render();
  });
}

async function start(): Promise<void> {
  state = readState();
  wireControls();
  catalogReady = loadCatalog().then((c) => (catalog = c));
  catalogReady.catch((error: unknown) => {
    $('status').className = 'status error';
    $('status').textContent = `Could not load the catalog: ${error instanceof Error ? error.message : String(error)}`;
  });
  await render();
}

void start();
