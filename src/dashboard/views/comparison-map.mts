/**
 * The comparison view's map: every municipality of the scope coloured by its answer (or by
 * its län's share), the legend with each state's count, and Stockholm's stadsdelsområden
 * listed beside it (they have no boundaries of their own).
 */
import type { RoutineComparisonQuery } from '../../operations/generated.js';
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { answerBadge, h } from '../dom.mjs';
import { choropleth, shareState, type LegendEntry, type MapState, type MapUnit } from '../map.mjs';
import { navigate, type State } from '../state.mjs';
import { answerWord, reason, shareText, t } from '../words.mjs';

type Comparison = RoutineComparisonQuery['routineComparison'];
type Row = Comparison['rows']['nodes'][number];

const ANSWER_STATES = ['JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED', 'MISSING'] as const;
const BANDS = ['S0', 'S1', 'S2', 'S3', 'S4'] as const;

function answerState(row: Row): MapState {
  return row.answer ?? 'MISSING';
}

function answerDetail(row: Row): string {
  return row.answer ? answerWord(row.answer).label : reason(row.missingReason) || t().noValueMissing;
}

/** Legend entries in a fixed order, every state named even when no unit has it. */
export function answerLegend(units: MapUnit[]): LegendEntry[] {
  return ANSWER_STATES.map((state) => ({
    state,
    label: state === 'MISSING' ? t().noValueMissing : answerWord(state).label,
    count: units.filter((u) => u.state === state).length,
  }));
}

export function shareLegend(units: MapUnit[]): LegendEntry[] {
  return [
    ...BANDS.map((state, i) => ({
      state,
      label: t().band(i * 20, (i + 1) * 20),
      count: units.filter((u) => u.state === state).length,
    })),
    { state: 'NO_SHARE' as const, label: t().noShareLegend, count: units.filter((u) => u.state === 'NO_SHARE').length },
  ];
}

/** Stockholm (0180) is in riket, Stockholms län and its kommungrupp: then its districts are listed. */
async function districtList(rows: Row[]): Promise<HTMLElement | null> {
  if (!rows.some((r) => r.unit.code === '0180')) return null;
  const districts = await gql(OPERATIONS.districts, { municipalityCode: '0180' });
  const answers = new Map(rows.filter((r) => r.unit.kind === 'DISTRICT').map((r) => [r.unit.code, r]));
  return h(
    'section',
    { class: 'districts', 'aria-label': t().districtsTitle },
    h('h4', {}, t().districtsTitle),
    h('p', { class: 'note' }, t().districtsNote),
    h(
      'ul',
      {},
      ...districts.map((d) => {
        const row = answers.get(d.code);
        return h(
          'li',
          { 'data-district': d.code },
          h('span', {}, d.name),
          row ? answerBadge(row.answer, row.missingReason) : h('span', { class: 'muted' }, t().noOwnAnswer),
        );
      }),
    ),
  );
}

export async function comparisonMap(state: State, data: Comparison, rows: Row[]): Promise<HTMLElement> {
  const municipalities = rows.filter((r) => r.unit.kind === 'MUNICIPALITY');
  let units: MapUnit[];
  let label: string;
  if (state.map === 'region') {
    const regions = await gql(OPERATIONS.regionComparison, {
      question: state.question,
      year: data.year,
      denominator: state.denominator,
    });
    const byRegion = new Map(regions.regions.map((r) => [r.share.scope.code, r.share]));
    units = municipalities.map((r) => {
      const share = r.unit.region ? (byRegion.get(r.unit.region.code) ?? null) : null;
      return {
        code: r.unit.code,
        state: shareState(share?.share ?? null),
        detail: `${r.unit.region?.name ?? ''}: ${shareText(share)}`,
      };
    });
    label = t().mapRegionShares(data.year);
  } else {
    units = municipalities.map((r) => ({ code: r.unit.code, state: answerState(r), detail: answerDetail(r) }));
    label = t().mapAnswers(data.scope.name, data.year);
  }
  const mode = h(
    'select',
    { id: 'map-mode' },
    ...(['answer', 'region'] as const).map((m) => h('option', { value: m }, t().mapModes[m] ?? m)),
  );
  mode.value = state.map;
  mode.addEventListener('change', () => navigate({ map: mode.value === 'region' ? 'region' : 'answer' }));
  const figure = await choropleth({
    shapes: 'kommuner',
    label,
    units,
    legend: state.map === 'region' ? shareLegend(units) : answerLegend(units),
    open: (code) => navigate({ view: 'trend', unit: code }),
    aside: await districtList(rows),
  });
  return h(
    'section',
    { class: 'map-section', 'aria-label': label },
    h('div', { class: 'toolbar' }, h('label', { class: 'inline-control', for: 'map-mode' }, t().mapMode), mode),
    figure,
  );
}
