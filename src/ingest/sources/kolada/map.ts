import type { ParseContext } from '../../adapter.js';
import {
  countRepair,
  emptyRelease,
  type AnswerRecord,
  type FrameRecord,
  type ParsedRelease,
  type PublishedFigureRecord,
  type SourceLocation,
  type UnitRef,
} from '../../release.js';
import { checkYear, resolveUnit } from '../../validate/unit-code.js';
import { describeCoding, resolveCoding, type KpiCoding } from './coding.js';
import type { KoladaKpiConfigEntry } from './kpi-config.js';
import type { KoladaKpi } from './records.js';

export const KOLADA_SOURCE = 'kolada';
export const KOLADA_PUBLICATION = 'Kolada';

/** One page body as fetched, with the URL it came from (used as `file` in locations). */
export interface KoladaRawPage {
  url: string;
  body: Uint8Array;
}

export interface KoladaMapInput {
  releaseKey: string;
  /** What messages call the release as a whole. */
  file: string;
  /** KPI metadata pages (`/v3/kpi/…`), in order. */
  kpiPages: readonly KoladaRawPage[];
  /** Data pages (`/v3/data/…`), in order. */
  dataPages: readonly KoladaRawPage[];
  /** KPI ids the run asked for; ids Kolada does not know are reported. */
  requestedKpiIds: readonly string[];
  config: readonly KoladaKpiConfigEntry[];
  /** Municipalities the run asked for; absent when it asked for every unit (a national frame). */
  requestedMunicipalityIds?: readonly string[] | null;
}

interface KpiInfo {
  kpi: KoladaKpi;
  coding: KpiCoding | null;
  /** Non-coded KPI whose title says it is a share, e.g. "andel (%)". */
  isPercent: boolean;
}

const ASKED_OF = { K: 'MUNICIPALITY', L: 'REGION', A: 'BOTH' } as const;
const WITHDRAWN_NOTE = 'withdrawn by Kolada (isdeleted)';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `values` of a page envelope, or a message saying why the page cannot be read. */
function pageValues(page: KoladaRawPage): { ok: true; values: unknown[] } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(page.body));
  } catch (error) {
    return { ok: false, message: `page is not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(json) || !Array.isArray(json['values'])) return { ok: false, message: 'page is not a Kolada envelope' };
  return { ok: true, values: json['values'] };
}

function isKpi(value: unknown): value is KoladaKpi {
  return (
    isRecord(value) &&
    typeof value['id'] === 'string' &&
    typeof value['title'] === 'string' &&
    typeof value['municipality_type'] === 'string'
  );
}

interface DataValue {
  gender: string;
  status: string;
  value: number | null;
  isdeleted: boolean;
}

function readDataValue(raw: unknown): DataValue | null {
  if (!isRecord(raw) || typeof raw['gender'] !== 'string') return null;
  const value = raw['value'];
  if (value !== null && value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) return null;
  const status = raw['status'];
  return {
    gender: raw['gender'],
    status: typeof status === 'string' ? status : '',
    value: typeof value === 'number' ? value : null,
    isdeleted: raw['isdeleted'] === true,
  };
}

/**
 * Maps Kolada pages to a ParsedRelease (pure; bad data becomes a Reject, never a throw).
 *
 * - One QuestionRecord per KPI in the metadata: code = KPI id, text = title as published, answerScale from the
 *   coding when it is Ja/Nej (see coding.ts), area and family from the config.
 * - Kommun rows (4-digit SCB code) of a Ja/Nej KPI become AnswerRecords; only gender `T` is read.
 *   A null value is not an answer, unless Kolada gives a status (then NO_RESPONSE, rawValue =
 *   status verbatim); `isdeleted` gives `withdrawn: true`; a value outside the coding is
 *   rejected (`value-outside-scale`).
 * - Region (`0001`…`0025`) and Riket (`0000`) rows, and kommun rows of KPIs that are not Ja/Nej,
 *   become PublishedFigureRecords (measure = KPI id, publication "Kolada"). At region and Riket
 *   level a coded KPI holds a share of municipalities (%), so value → percent; a kommun value
 *   of an ordinal scale or a non-% number → numerator, with the scale named in `note`.
 *   A withdrawn figure is emitted with no value and a note, so an upsert clears the old one.
 *   A status is kept verbatim in `qualifier`.
 * Locations: file = page URL, row = 1-based position in the page's `values`.
 */
export function mapKoladaRelease(input: KoladaMapInput, ctx: Pick<ParseContext, 'catalog' | 'now'>): ParsedRelease {
  const release = emptyRelease(KOLADA_SOURCE, input.releaseKey, input.file);
  const kpis = readKpis(input, release);
  const covered = new Map<string, UnitRef>();
  const seen = new Set<string>();
  for (const { page, values } of readPages(input.dataPages, release)) {
    values.forEach((raw, i) => {
      release.rowsRead += 1;
      const row = readDataRow(raw, { source: KOLADA_SOURCE, file: page.url, row: i + 1 }, kpis, ctx, release);
      if (!row) return;
      covered.set(`${row.unit.kind}:${row.unit.code}`, row.unit);
      for (const value of row.values) {
        // why: ÖJ KPIs are ungendered; K/M rows of gendered KPIs are breakdowns, not the unit's value.
        if (value.gender === 'T') mapDataValue(row, value, seen, release);
      }
    });
  }
  release.unitsCovered = [...covered.values()];
  release.frames = koladaFrames(release, input.requestedMunicipalityIds ?? null);
  return release;
}

/** Each page's `values`, in order; a page that cannot be read is one key reject naming its URL. */
function* readPages(
  pages: readonly KoladaRawPage[],
  release: ParsedRelease,
): Generator<{ page: KoladaRawPage; values: unknown[] }> {
  for (const page of pages) {
    const read = pageValues(page);
    if (read.ok) {
      yield { page, values: read.values };
      continue;
    }
    release.rejects.push({
      loc: { source: KOLADA_SOURCE, file: page.url },
      rawValue: null,
      rule: 'unreadable-page',
      message: read.message,
      isKeyField: true,
    });
  }
}

/**
 * The KPI metadata pages → one QuestionRecord per KPI (first occurrence wins), and the KPIs
 * with their coding for the data rows. A malformed KPI or an unusable coding override is a
 * reject; a requested KPI Kolada has no metadata for is reported (not a key reject).
 */
function readKpis(input: KoladaMapInput, release: ParsedRelease): Map<string, KpiInfo> {
  const configById = new Map(input.config.map((c) => [c.kpiId, c] as const));
  const kpis = new Map<string, KpiInfo>();
  for (const { page, values } of readPages(input.kpiPages, release)) {
    values.forEach((raw, i) => {
      const loc: SourceLocation = { source: KOLADA_SOURCE, file: page.url, row: i + 1 };
      if (!isKpi(raw) || !(raw.municipality_type in ASKED_OF)) {
        release.rejects.push({
          loc,
          rawValue: isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : null,
          rule: 'malformed-kpi',
          message: 'KPI record lacks id, title or a municipality_type of K, L or A',
          isKeyField: true,
        });
        return;
      }
      if (kpis.has(raw.id)) return;
      const config = configById.get(raw.id);
      let coding: KpiCoding | null;
      try {
        coding = resolveCoding(raw.title, config?.codingOverride);
      } catch (error) {
        release.rejects.push({
          loc,
          rawValue: config?.codingOverride ?? null,
          rule: 'invalid-coding',
          message: (error as Error).message,
          isKeyField: true,
        });
        return;
      }
      kpis.set(raw.id, { kpi: raw, coding, isPercent: /\(%\)|andel|procent/i.test(raw.title) });
      release.questions.push({
        code: raw.id,
        areaCode: config?.areaCode ?? null,
        text: raw.title,
        family: config?.family ?? null,
        answerScale: coding?.answers ?? null,
        askedOf: ASKED_OF[raw.municipality_type],
        koladaKpiId: raw.id,
      });
    });
  }
  for (const id of input.requestedKpiIds) {
    if (!kpis.has(id)) {
      release.rejects.push({
        loc: { source: KOLADA_SOURCE, file: input.file },
        rawValue: id,
        rule: 'unknown-kpi',
        message: `Kolada returned no metadata for KPI ${id}`,
        isKeyField: false,
      });
    }
  }
  return kpis;
}

/** A data row whose KPI, unit, year and value entries are all valid. */
interface DataRow {
  info: KpiInfo;
  unit: UnitRef;
  year: number;
  values: DataValue[];
  loc: SourceLocation;
}

/** One data row checked: known KPI, a unit of the catalog, a plausible year, readable values — or null and its reject. */
function readDataRow(
  raw: unknown,
  loc: SourceLocation,
  kpis: ReadonlyMap<string, KpiInfo>,
  ctx: Pick<ParseContext, 'catalog' | 'now'>,
  release: ParsedRelease,
): DataRow | null {
  const reject = (column: string, rawValue: string | null, rule: string, message: string, isKeyField: boolean) => {
    release.rejects.push({ loc: { ...loc, column }, rawValue, rule, message, isKeyField });
    return null;
  };
  if (!isRecord(raw) || typeof raw['kpi'] !== 'string' || !Array.isArray(raw['values'])) {
    return reject('kpi', null, 'malformed-row', 'data row lacks kpi or values', true);
  }
  const info = kpis.get(raw['kpi']);
  if (!info) return reject('kpi', raw['kpi'], 'unknown-kpi', `no metadata for KPI ${raw['kpi']}`, true);
  const rawUnit = raw['municipality'];
  const unitResult = resolveUnit(
    typeof rawUnit === 'string' || typeof rawUnit === 'number' ? rawUnit : null,
    null,
    ctx.catalog,
    { ...loc, column: 'municipality' },
  );
  if (!unitResult.ok) {
    release.rejects.push(unitResult.reject);
    return null;
  }
  if (unitResult.repaired) countRepair(release, unitResult.repaired);
  const yearResult = checkYear(raw['period'], ctx.now, { ...loc, column: 'period' });
  if (!yearResult.ok) {
    release.rejects.push(yearResult.reject);
    return null;
  }
  const row = { info, unit: unitResult.unit, year: yearResult.year, loc };
  const values = (raw['values'] as unknown[]).map(readDataValue);
  if (values.some((v) => v === null)) {
    // The unit was read: it is covered even though its values are not.
    reject('values', null, 'malformed-value', 'a value entry lacks gender or has a non-numeric value', false);
    return { ...row, values: [] };
  }
  return { ...row, values: values as DataValue[] };
}

/**
 * One total (gender T) of a checked row → an answer (a kommun on a Ja/Nej KPI) or a published
 * figure; a second value for the same KPI, unit and year, or a value outside the KPI's coding,
 * is a reject instead.
 */
function mapDataValue(row: DataRow, value: DataValue, seen: Set<string>, release: ParsedRelease): void {
  const { info, unit, year, loc } = row;
  const key = `${info.kpi.id}:${unit.kind}:${unit.code}:${year}`;
  if (seen.has(key)) {
    release.rejects.push({
      loc: { ...loc, column: 'municipality' },
      rawValue: unit.code,
      rule: 'duplicate-row',
      message: `${info.kpi.id} ${unit.code} ${year} occurs twice`,
      isKeyField: false,
    });
    return;
  }
  seen.add(key);
  const valueText = value.value === null ? null : String(value.value);
  const scale = info.coding;
  if (
    value.value !== null &&
    scale &&
    unit.kind === 'MUNICIPALITY' &&
    !scale.levels.some((l) => l.value === valueText)
  ) {
    release.rejects.push({
      loc: { ...loc, column: 'value' },
      rawValue: valueText,
      rule: 'value-outside-scale',
      message: `${valueText} is not in the coding ${describeCoding(scale)} of ${info.kpi.id}`,
      isKeyField: false,
      // An answer KPI's stored answer for this cell stays served under --allow-partial.
      ...(scale.answers ? { answerKey: { unitCode: unit.code, questionCode: info.kpi.id, year } } : {}),
    });
    return;
  }
  if (unit.kind === 'MUNICIPALITY' && scale?.answers) {
    const answer = mapAnswer(info.kpi.id, unit, year, value, scale.answers, { ...loc, column: 'value' });
    if (answer) release.answers.push(answer);
    return;
  }
  const figure = mapFigure(info, unit, year, value, { ...loc, column: 'value' });
  if (figure) release.figures.push(figure);
}

/**
 * Kolada's frames, from the request: `/data/kpi/{kpi}/year/{y}` returns every municipality,
 * so a run without a municipality list covers them all; one with a list covers those. Only
 * (KPI, year) pairs that returned at least one row are covered — a year Kolada has nothing
 * for yet is not a year in which every municipality failed to answer.
 */
function koladaFrames(release: ParsedRelease, municipalityIds: readonly string[] | null): FrameRecord[] {
  const byYear = new Map<number, Set<string>>();
  const add = (year: number, kpi: string) => byYear.set(year, (byYear.get(year) ?? new Set()).add(kpi));
  for (const a of release.answers) add(a.year, a.questionCode);
  for (const f of release.figures) add(f.year, f.measure);
  const units: UnitRef[] = (municipalityIds ?? [])
    .filter((id) => /^[0-9]{4}$/.test(id) && !id.startsWith('00'))
    .map((code) => ({ kind: 'MUNICIPALITY', code }));
  return [...byYear.entries()].map(([year, kpis]) => ({
    year,
    kind: municipalityIds ? 'SAMPLE' : 'ALL_MUNICIPALITIES',
    regionCode: null,
    units,
    questionCodes: [...kpis].filter((k) => release.questions.some((q) => q.code === k)),
    label: municipalityIds
      ? {
          en: `the ${units.length} municipalities requested from Kolada`,
          sv: `de ${units.length} kommuner som hämtades från Kolada`,
        }
      : null,
    publication: KOLADA_PUBLICATION,
    basis: municipalityIds ? 'Kolada request (municipality list)' : 'Kolada request (every unit)',
  }));
}

function mapAnswer(
  kpiId: string,
  unit: UnitRef,
  year: number,
  value: DataValue,
  answers: Record<string, AnswerRecord['answer']>,
  loc: SourceLocation,
): AnswerRecord | null {
  const withdrawn = value.isdeleted ? { withdrawn: true } : {};
  if (value.value === null) {
    // why: Kolada leaves value null where nothing was reported; only a status makes it a non-answer we can name.
    if (value.status === '' && !value.isdeleted) return null;
    return {
      unit,
      questionCode: kpiId,
      year,
      answer: 'NO_RESPONSE',
      rawValue: value.status === '' ? null : value.status,
      ...withdrawn,
      loc,
    };
  }
  const raw = String(value.value);
  return { unit, questionCode: kpiId, year, answer: answers[raw]!, rawValue: raw, ...withdrawn, loc };
}

function mapFigure(
  info: KpiInfo,
  unit: UnitRef,
  year: number,
  value: DataValue,
  loc: SourceLocation,
): PublishedFigureRecord | null {
  if (value.value === null && value.status === '' && !value.isdeleted) return null;
  const coding = info.coding;
  const aggregate = unit.kind !== 'MUNICIPALITY';
  const asPercent = coding ? aggregate : info.isPercent;
  const number = value.isdeleted ? null : value.value;
  const notes = [
    coding && !coding.binary ? `scale: ${describeCoding(coding)}` : null,
    value.isdeleted ? WITHDRAWN_NOTE : null,
  ].filter((n): n is string => n !== null);
  return {
    subject: coding?.binary ? 'ROUTINE' : 'KPI_VALUE',
    measure: info.kpi.id,
    scope: unit,
    scopeLabel: null,
    year,
    numerator: asPercent ? null : number,
    denominator: null,
    denominatorKind: null,
    percent: asPercent ? number : null,
    qualifier: value.status === '' ? null : value.status,
    publication: KOLADA_PUBLICATION,
    note: notes.length > 0 ? notes.join('; ') : null,
    loc,
  };
}
