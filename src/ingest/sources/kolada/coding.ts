import type { AnswerValue } from '../../../domain/answer.js';

/** One level of a coding as published: the value Kolada sends (as a string) and its label. */
export interface CodingLevel {
  value: string;
  label: string;
}

/**
 * How a coded KPI's municipality values read, parsed from its title (or configured).
 *
 * `answers` maps every value to an answer when each level is Ja, Nej or Ej aktuellt and both
 * Ja and Nej occur: the KPI is a yes/no question, and municipality values become AnswerRecords.
 * For any other scale (`Breddinfört=2, testverksamhet=1, Nej=0`, `Inom 3 dagar=3, …`) `answers`
 * is null and `binary` false: those levels have no twin among JA/NEJ/EJ_AKTUELLT, and folding
 * "testverksamhet" into JA or NEJ would invent an answer, so such KPIs are kept as published
 * KPI values (PublishedFigureRecord, subject KPI_VALUE) with the levels named in `qualifier`.
 */
export interface KpiCoding {
  /** In published order. */
  levels: CodingLevel[];
  answers: Record<string, AnswerValue> | null;
  binary: boolean;
}

/** Config value that forces a KPI to be read as a plain number, whatever its title says. */
export const NUMERIC_CODING_OVERRIDE = 'numeric';

const LEVEL = /^\s*([^=]*?[^=\s])\s*=\s*(-?\d+)\s*$/;

function answerFor(label: string): AnswerValue | null {
  const key = label.normalize('NFC').toLocaleLowerCase('sv-SE').replace(/\s+/g, ' ').replace(/[.:]$/, '').trim();
  if (key === 'ja') return 'JA';
  if (key === 'nej') return 'NEJ';
  if (key === 'ej aktuellt' || key === 'ej aktuell' || key === 'ej tillämpligt') return 'EJ_AKTUELLT';
  return null;
}

/**
 * Parses a coding written as in Kolada titles: `Ja=1, Nej=0`, optionally in parentheses, any
 * spacing or case. Null unless there are at least two levels, every item is `label=integer`
 * and no value repeats.
 */
export function parseCodingSpec(spec: string): KpiCoding | null {
  const inner = spec.trim().replace(/^\((.*)\)$/s, '$1');
  const items = inner.split(',');
  if (items.length < 2) return null;
  const levels: CodingLevel[] = [];
  for (const item of items) {
    const match = LEVEL.exec(item);
    if (!match) return null;
    const value = String(Number(match[2]));
    if (levels.some((l) => l.value === value)) return null;
    levels.push({ value, label: match[1]!.replace(/\s+/g, ' ') });
  }
  const mapped = levels.map((l) => [l.value, answerFor(l.label)] as const);
  const found = new Set(mapped.map(([, a]) => a));
  const binary = mapped.every(([, a]) => a !== null) && found.has('JA') && found.has('NEJ');
  return {
    levels,
    answers: binary ? Object.fromEntries(mapped as (readonly [string, AnswerValue])[]) : null,
    binary,
  };
}

/**
 * The coding in a KPI title: the last parenthesised group that parses as one, so trailing
 * notes such as `(-2023)` are skipped. Null when the title has none (a numeric KPI, e.g.
 * "andel (%)").
 */
export function parseTitleCoding(title: string): KpiCoding | null {
  let coding: KpiCoding | null = null;
  for (const group of title.matchAll(/\(([^()]*)\)/g)) {
    coding = parseCodingSpec(group[1]!) ?? coding;
  }
  return coding;
}

/**
 * The coding to use for a KPI: a configured override wins (`numeric` forces no coding),
 * otherwise the title's. Throws on an override that does not parse: that is a config error.
 */
export function resolveCoding(title: string, override: string | null | undefined): KpiCoding | null {
  const spec = override?.trim() ?? '';
  if (spec === '') return parseTitleCoding(title);
  if (spec.toLowerCase() === NUMERIC_CODING_OVERRIDE) return null;
  const coding = parseCodingSpec(spec);
  if (!coding) throw new Error(`coding override "${spec}" is not of the form "Ja=1, Nej=0"`);
  return coding;
}

/** `Breddinfört=2, testverksamhet=1, Nej=0` — the levels as one readable string. */
export function describeCoding(coding: KpiCoding): string {
  return coding.levels.map((l) => `${l.label}=${l.value}`).join(', ');
}
