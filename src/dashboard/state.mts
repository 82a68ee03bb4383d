/**
 * What the page shows, kept in the query string so a view can be shared by its URL.
 */
import type { ComparisonOrder, DenominatorPolicy, RoutineScopeInput } from '../operations/generated.js';
import { parseLang, type Lang } from './words.mjs';

export const VIEWS = ['comparison', 'regions', 'trend', 'agreements'] as const;
export type View = (typeof VIEWS)[number];

export const MAP_MODES = ['answer', 'region'] as const;
export type MapMode = (typeof MAP_MODES)[number];

export interface State {
  lang: Lang;
  view: View;
  /** What the comparison view's map colours: each municipality's answer, or its län's share. */
  map: MapMode;
  scope: string;
  area: string;
  question: string;
  year: number | null;
  denominator: DenominatorPolicy;
  order: ComparisonOrder;
  unit: string | null;
  ayear: number | null;
}

export function readState(): State {
  const p = new URLSearchParams(location.search);
  const view = p.get('view') as View | null;
  const int = (v: string | null) => (v && /^\d{4}$/.test(v) ? Number(v) : null);
  return {
    lang: parseLang(p.get('lang')),
    view: view && VIEWS.includes(view) ? view : 'comparison',
    map: p.get('map') === 'region' ? 'region' : 'answer',
    scope: p.get('scope') ?? 'NATION',
    area: p.get('area') ?? '',
    question: p.get('question') ?? '',
    year: int(p.get('year')),
    // not checked here: the API refuses an unknown policy or order with a message the page shows
    denominator: (p.get('denominator') ?? 'APPLICABLE') as DenominatorPolicy,
    order: (p.get('order') ?? 'NAME') as ComparisonOrder,
    unit: p.get('unit'),
    ayear: int(p.get('ayear')),
  };
}

/** The page's URL for a state: every choice in the query string, so a link reopens the same view. */
export function stateUrl(s: State): string {
  const p = new URLSearchParams();
  p.set('lang', s.lang);
  p.set('view', s.view);
  p.set('scope', s.scope);
  if (s.area) p.set('area', s.area);
  if (s.question) p.set('question', s.question);
  if (s.year !== null) p.set('year', String(s.year));
  p.set('denominator', s.denominator);
  if (s.order !== 'NAME') p.set('order', s.order);
  if (s.map !== 'answer') p.set('map', s.map);
  if (s.unit) p.set('unit', s.unit);
  if (s.ayear !== null) p.set('ayear', String(s.ayear));
  return `${location.pathname}?${p.toString()}`;
}

export function writeState(s: State, push: boolean): void {
  const url = stateUrl(s);
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** `NATION`, `REGION:04` or `KOMMUNGRUPP:B3` → the API's scope input (an unknown kind is the API's to refuse). */
export function scopeInput(scope: string): RoutineScopeInput {
  const [kind = 'NATION', code] = scope.split(':') as [RoutineScopeInput['kind'] | undefined, string | undefined];
  return kind === 'NATION' ? { kind } : { kind, code };
}

/** The routineTrend unit for a scope: "00", a länskod or a kommungrupp code. */
export function scopeUnit(scope: string): string {
  const { kind, code } = scopeInput(scope);
  return kind === 'NATION' ? '00' : (code ?? '00');
}

type Navigate = (change: Partial<State>, push?: boolean) => void;
let navigateTo: Navigate = () => {};

/** Views ask for a new state through this; main.mts sets what it does (URL, then render). */
export function navigate(change: Partial<State>, push = true): void {
  navigateTo(change, push);
}

export function onNavigate(handler: Navigate): void {
  navigateTo = handler;
}
