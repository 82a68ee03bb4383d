import {
  measureKind,
  PLAN_TYPES,
  SOURCE_SYSTEMS,
  type MeasureKind,
  type Principal,
} from '../../../domain/plan-count.js';
import type { ParseContext } from '../../adapter.js';
import type { PlanCountRecord, PlanMissingReason, ScopeCoverage, UnitRef } from '../../release.js';
import type { ReferenceCatalog } from '../../reference-catalog.js';
import { parseSwedishNumber } from '../../text/csv.js';
import { checkYear, resolveUnit } from '../../validate/unit-code.js';
import {
  fingerprintWithoutLoc,
  isNotReported,
  readCitation,
  readCount,
  readMeasure,
  readText,
  type CsvHeader,
  type CsvRow,
} from '../csv-rows.js';
import type { FollowUpColumn, PlanCountShape, RegisterColumn } from './records.js';

/**
 * A plan count with its value cell as received. PlanCountRecord has no field for it yet;
 * until it does, the raw cell rides along on the same object (a `..` and a `-` both read as null).
 */
export interface PlanCountWithRaw extends PlanCountRecord {
  rawValue: string | null;
}

export function detectPlanCountShape(header: CsvHeader): PlanCountShape | null {
  if (header.has('reference_date')) return 'follow-up';
  if (header.has('unit_code') || header.has('unit_name')) return 'register';
  return null;
}

const PRINCIPAL_WORDS: Record<string, Principal> = {
  region: 'REGION',
  regionen: 'REGION',
  landsting: 'REGION',
  municipality: 'MUNICIPALITY',
  kommun: 'MUNICIPALITY',
  both: 'BOTH',
  båda: 'BOTH',
};

export function parsePrincipal(text: string): Principal | null {
  return PRINCIPAL_WORDS[text.trim().toLocaleLowerCase('sv-SE')] ?? null;
}

/** `SIP`, `individual_plan`, `Individual plan` → the code; null when not one of PLAN_TYPES. */
export function parsePlanType(text: string): string | null {
  const code = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return (PLAN_TYPES as readonly string[]).includes(code) ? code : null;
}

/** `Prator`, `SIPkollen`, `ÖJ`, `local follow-up` → the code; null when not one of SOURCE_SYSTEMS. */
export function parseSourceSystem(text: string): string | null {
  const code = text
    .trim()
    .toUpperCase()
    .replace('Ö', 'O')
    .replace(/[\s-]+/g, '_');
  return (SOURCE_SYSTEMS as readonly string[]).includes(code) ? code : null;
}

/** The value cell by its measure's kind; not reported → null (never 0). */
function readValue<K extends string>(row: CsvRow<K>, key: K, kind: MeasureKind): number | null {
  const text = row.get(key);
  if (isNotReported(text)) return null;
  const value = parseSwedishNumber(text);
  if (value === null) return row.reject(key, 'invalid-number', `"${text}" is not a number`);
  if (kind === 'count' && (!Number.isInteger(value) || value < 0)) {
    return row.reject(key, 'invalid-count', `${value} is not a count (a non-negative integer)`);
  }
  if (kind === 'percent' && (value < 0 || value > 100)) {
    return row.reject(key, 'percent-out-of-range', `${value} is outside 0…100`);
  }
  if (kind === 'score' && (value < 1 || value > 5)) {
    return row.reject(key, 'score-out-of-scale', `mean score ${value} is outside the 1–5 scale`);
  }
  return value;
}

/** An ISO date YYYY-MM-DD that exists in the calendar, in a year checkYear accepts (key field). */
function readDate<K extends string>(row: CsvRow<K>, key: K, now: Date): string | null {
  const text = row.get(key);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    return row.reject(key, 'invalid-date', `"${text}" is not a date written YYYY-MM-DD`, true);
  }
  const year = checkYear(match![1], now, row.at(key));
  return year.ok ? text : row.adopt({ ...year.reject, rawValue: row.raw(key) });
}

function readPrincipal<K extends string>(row: CsvRow<K>, key: K): Principal | null {
  const principal = parsePrincipal(row.get(key));
  return (
    principal ??
    row.reject(key, 'principal-not-in-scale', `"${row.get(key)}" is not region, municipality or both`, true)
  );
}

const MISSING_WORDS: Record<string, PlanMissingReason> = {
  no_response: 'NO_RESPONSE',
  not_published: 'NOT_PUBLISHED',
  lost_in_source: 'LOST_IN_SOURCE',
};

/** `missing_reason` of a row: only with an empty value; null when the cell is empty. */
function readMissingReason(row: CsvRow<FollowUpColumn>, value: number | null): PlanMissingReason | null {
  const text = row
    .get('missing_reason')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (text === '') return null;
  const reason = MISSING_WORDS[text];
  if (!reason) {
    const words = Object.keys(MISSING_WORDS).join(', ');
    return row.reject(
      'missing_reason',
      'missing-reason-not-in-scale',
      `"${row.get('missing_reason')}" is not ${words}`,
    );
  }
  if (value !== null) {
    return row.reject('missing_reason', 'missing-reason-with-value', `a value (${value}) cannot also be missing`);
  }
  return reason;
}

/** `region_code`: a länskod from the catalog, or null when empty. */
function readRegion(row: CsvRow<FollowUpColumn>, ctx: ParseContext): string | null {
  const text = row.get('region_code');
  if (text === '') return null;
  return ctx.catalog.regions.has(text)
    ? text
    : row.reject('region_code', 'unknown-region', `"${text}" is not a länskod`, true);
}

function readCoverage(row: CsvRow<FollowUpColumn>): ScopeCoverage | null {
  const sampleUnits = readCount(row, 'sample_units');
  const frameUnits = readCount(row, 'frame_units');
  const note = row.get('coverage_note') || null;
  if (sampleUnits !== null && frameUnits !== null && sampleUnits > frameUnits) {
    row.reject('sample_units', 'sample-exceeds-frame', `${sampleUnits} units is more than the frame's ${frameUnits}`);
  }
  return sampleUnits === null && frameUnits === null && note === null ? null : { sampleUnits, frameUnits, note };
}

/** One row of a published follow-up → one PlanCountRecord for a named scope (no unit). */
export function mapFollowUpRow(row: CsvRow<FollowUpColumn>, ctx: ParseContext): PlanCountWithRaw | null {
  const date = readDate(row, 'reference_date', ctx.now);
  const scope = readText(row, 'scope', true);
  const principal = readPrincipal(row, 'principal');
  const measure = readMeasure(row, 'measure');
  const value = measure ? readValue(row, 'value', measureKind(measure)) : null;
  const n = readCount(row, 'units');
  const missingReason = readMissingReason(row, value);
  const regionCode = readRegion(row, ctx);
  const coverage = readCoverage(row);
  const citation = readCitation(row);
  if (!date || !scope || !principal || !measure || row.rejects.length > 0) return null;
  return {
    unit: null,
    scopeLabel: scope,
    periodStart: date,
    periodEnd: date,
    year: Number(date.slice(0, 4)),
    planType: 'INDIVIDUAL_PLAN',
    measure,
    principal,
    sourceSystem: 'LOCAL_FOLLOW_UP',
    value,
    n,
    countingNote: row.get('note') || null,
    rawValue: row.raw('value'),
    missingReason,
    regionCode,
    coverage,
    studyKey: row.get('study') || null,
    citation,
    loc: row.loc,
  };
}

/** The unit's name from the reference catalog, used as the record's scope label. */
function unitLabel(unit: UnitRef, catalog: ReferenceCatalog): string {
  switch (unit.kind) {
    case 'NATION':
      return 'Riket';
    case 'REGION':
      return catalog.regions.get(unit.code)?.name ?? unit.code;
    case 'MUNICIPALITY':
      return catalog.municipalities.get(unit.code)?.name ?? unit.code;
    case 'DISTRICT':
      return catalog.districts.get(unit.code)?.name ?? unit.code;
  }
}

/** period_start/period_end, or a calendar `year` when both dates are empty. */
function readPeriod(row: CsvRow<RegisterColumn>, now: Date): { start: string; end: string; year: number } | null {
  const yearText = row.get('year');
  if (row.get('period_start') === '' && row.get('period_end') === '') {
    const year = checkYear(yearText, now, row.at('year'));
    if (!year.ok) return row.adopt(year.reject);
    return { start: `${year.year}-01-01`, end: `${year.year}-12-31`, year: year.year };
  }
  const start = readDate(row, 'period_start', now);
  const end = readDate(row, 'period_end', now);
  if (!start || !end) return null;
  if (start > end)
    return row.reject('period_end', 'period-reversed', `period ends (${end}) before it starts (${start})`, true);
  const year = Number(end.slice(0, 4));
  if (yearText !== '' && yearText !== String(year)) {
    return row.reject('year', 'year-period-mismatch', `year ${yearText} does not match period_end ${end}`, true);
  }
  return { start, end, year };
}

/** One register row → one PlanCountRecord for a unit. */
export function mapRegisterRow(row: CsvRow<RegisterColumn>, ctx: ParseContext): PlanCountWithRaw | null {
  const unitColumn = row.get('unit_code') === '' ? 'unit_name' : 'unit_code';
  const resolved = resolveUnit(row.raw('unit_code'), row.get('unit_name'), ctx.catalog, row.at(unitColumn));
  if (!resolved.ok) row.adopt(resolved.reject);
  else if (resolved.repaired) row.repairs.push(resolved.repaired);
  const period = readPeriod(row, ctx.now);
  const planType = parsePlanType(row.get('plan_type'));
  if (!planType) {
    row.reject(
      'plan_type',
      'plan-type-not-in-scale',
      `"${row.get('plan_type')}" is not ${PLAN_TYPES.join(' or ')}`,
      true,
    );
  }
  const measure = readMeasure(row, 'measure');
  const principal = readPrincipal(row, 'principal');
  const sourceSystem = parseSourceSystem(row.get('source_system'));
  if (!sourceSystem) {
    const message = `"${row.get('source_system')}" is not one of ${SOURCE_SYSTEMS.join(', ')}`;
    row.reject('source_system', 'source-system-not-in-scale', message, true);
  }
  const value = measure ? readValue(row, 'value', measureKind(measure)) : null;
  const n = readCount(row, 'n');
  if (!resolved.ok || !period || !planType || !measure || !principal || !sourceSystem || row.rejects.length > 0)
    return null;
  return {
    unit: resolved.unit,
    scopeLabel: unitLabel(resolved.unit, ctx.catalog),
    periodStart: period.start,
    periodEnd: period.end,
    year: period.year,
    planType,
    measure,
    principal,
    sourceSystem,
    value,
    n,
    countingNote: row.get('counting_note') || null,
    rawValue: row.raw('value'),
    loc: row.loc,
  };
}

/** Natural key: unit (or scope) × period × plan type × measure × principal × source system. */
export const planCountIdentity = {
  key: (p: PlanCountWithRaw): string =>
    [
      p.unit ? `${p.unit.kind}:${p.unit.code}` : p.scopeLabel,
      p.periodStart,
      p.periodEnd,
      p.planType,
      p.measure,
      p.principal,
      p.sourceSystem,
    ].join('|'),
  // why: `..` and `-` both mean "not reported", so the raw cell is not compared.
  fingerprint: (p: PlanCountWithRaw): string => fingerprintWithoutLoc(p, ['rawValue']),
};
