/**
 * What the page knows before any view: regions, municipalities, kommungrupper, service areas
 * and their questions (two saved operations), and each question's survey years.
 */
import { OPERATIONS } from '../operations/saved-operations.js';
import { gql } from './api.mjs';
import { scopeInput } from './state.mjs';
import type { CatalogArea, CatalogRegion } from './types.mjs';
import { collator } from './words.mjs';

export const FIRST_SURVEY_PROBE = 2007;
export const THIS_YEAR = new Date().getFullYear();

export interface Catalog {
  regions: CatalogRegion[];
  groups: { code: string; name: string }[];
  areas: CatalogArea[];
  municipalities: Map<string, { code: string; name: string; region: string; group: string }>;
}

// Set once by loadCatalog(); views read `catalog` only after awaiting `catalogReady`.
export let catalog: Catalog;
export let catalogReady: Promise<Catalog>;
const surveyYears = new Map<string, number[]>();

/** Starts loading the catalog; `catalogReady` settles when it is there. */
export function loadCatalog(): Promise<Catalog> {
  catalogReady = fetchCatalog().then((c) => (catalog = c));
  return catalogReady;
}

async function fetchCatalog(): Promise<Catalog> {
  const [regions, areas] = await Promise.all([gql(OPERATIONS.regions), gql(OPERATIONS.serviceAreas)]);
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
export async function yearsOf(question: string): Promise<number[]> {
  const known = surveyYears.get(question);
  if (known) return known;
  const trend = await gql(OPERATIONS.routineTrend, {
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

export function trendRange(years: number[]): [number, number] {
  if (years.length === 0) return [THIS_YEAR - 5, THIS_YEAR];
  return [Math.max(FIRST_SURVEY_PROBE, Math.min(...years) - 3), Math.min(THIS_YEAR, Math.max(...years) + 2)];
}

export function unitsInScope(scope: string): { code: string; name: string }[] {
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

export function scopeName(scope: string): string {
  const { kind, code } = scopeInput(scope);
  if (kind === 'REGION') return catalog.regions.find((r) => r.code === code)?.name ?? scope;
  if (kind === 'KOMMUNGRUPP') return `${code} ${catalog.groups.find((g) => g.code === code)?.name ?? ''}`.trim();
  return 'Riket';
}

export function referenceLabel(scope: { kind: string; code: string; name: string }): string {
  return scope.kind === 'KOMMUNGRUPP' ? `Kommungrupp ${scope.code} ${scope.name}` : scope.name;
}

/** A question's text, or its code when the catalog does not hold it. */
export function questionText(code: string): string {
  for (const area of catalog.areas) for (const q of area.questions) if (q.code === code) return q.text;
  return code;
}

export function areaName(code: string): string {
  return catalog.areas.find((a) => a.code === code)?.name ?? code;
}
