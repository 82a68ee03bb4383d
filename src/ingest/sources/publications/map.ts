import type { ParseContext } from '../../adapter.js';
import type { Citation, StudyDiscrepancyRecord, StudyFigureRecord, StudyRecord } from '../../release.js';
import { parseSwedishNumber } from '../../text/csv.js';
import { checkYear } from '../../validate/unit-code.js';
import {
  fingerprintWithoutLoc,
  readCitation,
  readMeasure,
  readText,
  type CsvHeader,
  type CsvRow,
} from '../csv-rows.js';
import {
  STUDY_KINDS,
  VALUE_KINDS,
  type DiscrepancyColumn,
  type FigureColumn,
  type PublicationShape,
  type StudyColumn,
  type ValueKind,
} from './records.js';

/** Which shape a header is; null when none. */
export function detectPublicationShape(header: CsvHeader): PublicationShape | null {
  if (!header.has('study')) return null;
  if (header.has('computed_value')) return 'discrepancies';
  if (header.has('item')) return 'figures';
  if (header.has('kind')) return 'studies';
  return null;
}

/** `snake_case`, `Snake Case`, `snake-case` → `SNAKE_CASE`, for matching a cell against a closed list. */
function code(text: string): string {
  return text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

function readStudyKey<K extends string>(row: CsvRow<K | 'study'>): string | null {
  const key = row.get('study');
  return /^[a-z0-9][a-z0-9-]*$/.test(key)
    ? key
    : row.reject('study', 'invalid-study-key', `"${key}" is not a kebab-case study key`, true);
}

/** The citation, which every typed-in fact must have: a row without a document is rejected. */
function requireCitation<K extends string>(row: CsvRow<K | 'document' | 'section' | 'page'>): Citation | null {
  const citation = readCitation(row);
  if (!citation && row.get('document') === '') {
    row.reject('document', 'missing-citation', 'every typed-in figure must name its document');
  }
  return citation;
}

/** A number as a publication prints it (decimal comma, spaces between thousands); '' → null. */
function readNumber<K extends string>(row: CsvRow<K>, key: K): number | null {
  const text = row.get(key);
  if (text === '') return null;
  const value = parseSwedishNumber(text.replace(/\s/g, ''));
  return value === null ? row.reject(key, 'invalid-number', `"${text}" is not a number`) : value;
}

/** One study row → a StudyRecord; null when the row has a reject. */
export function mapStudyRow(row: CsvRow<StudyColumn>, ctx: ParseContext): StudyRecord | null {
  const key = readStudyKey(row);
  const kind = code(row.get('kind'));
  if (!(STUDY_KINDS as readonly string[]).includes(kind)) {
    row.reject('kind', 'kind-not-in-scale', `"${row.get('kind')}" is not one of ${STUDY_KINDS.join(', ')}`, true);
  }
  const title = readText(row, 'title');
  const publication = readText(row, 'publication');
  const scopeLabel = readText(row, 'scope_label');
  const regionCode = row.get('region_code') || null;
  if (regionCode && !ctx.catalog.regions.has(regionCode)) {
    row.reject('region_code', 'unknown-region', `"${regionCode}" is not a länskod`, true);
  }
  const unitCode = row.get('unit_code') || null;
  if (unitCode && !ctx.catalog.municipalities.has(unitCode)) {
    row.reject('unit_code', 'unknown-municipality', `"${unitCode}" is not a kommunkod`, true);
  }
  const referenceDate = row.get('reference_date') || null;
  if (referenceDate && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) {
    row.reject('reference_date', 'invalid-date', `"${referenceDate}" is not a date written YYYY-MM-DD`);
  }
  const citation = requireCitation(row);
  if (!key || !title || !publication || !scopeLabel || !citation || row.rejects.length > 0) return null;
  return {
    key,
    kind,
    title,
    publication,
    regionCode,
    unitCode,
    scopeLabel,
    period: row.get('period') || null,
    referenceDate,
    note: row.get('note') || null,
    citation,
    loc: row.loc,
  };
}

const RANGES: Record<ValueKind, { min: number; max: number; integer: boolean; label: string }> = {
  COUNT: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true, label: 'a count (a non-negative integer)' },
  PERCENT: { min: 0, max: 100, integer: false, label: 'a percent within 0…100' },
  MEAN_SCORE: { min: 1, max: 5, integer: false, label: 'a mean score on the 1–5 scale' },
  AMOUNT_SEK: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: false, label: 'a non-negative amount in kronor' },
  YEAR: { min: 1900, max: 2100, integer: true, label: 'a year within 1900…2100' },
};

function checkValue(row: CsvRow<FigureColumn>, key: 'value' | 'value_high', kind: ValueKind | null): number | null {
  const value = readNumber(row, key);
  if (value === null || kind === null) return value;
  const range = RANGES[kind];
  if (value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    return row.reject(key, 'value-out-of-kind', `${value} is not ${range.label}`);
  }
  return value;
}

/** A non-negative integer as printed; '' → null. */
function readCountCell(row: CsvRow<FigureColumn>, key: 'numerator' | 'denominator'): number | null {
  const value = readNumber(row, key);
  if (value !== null && (!Number.isInteger(value) || value < 0)) {
    return row.reject(key, 'invalid-count', `"${row.get(key)}" is not a count (a non-negative integer)`);
  }
  return value;
}

const MISSING_WORDS: Record<string, 'NOT_PUBLISHED' | 'LOST_IN_SOURCE'> = {
  NOT_PUBLISHED: 'NOT_PUBLISHED',
  LOST_IN_SOURCE: 'LOST_IN_SOURCE',
};

/** One figure row → a StudyFigureRecord; null when the row has a reject. */
export function mapFigureRow(row: CsvRow<FigureColumn>, ctx: ParseContext): StudyFigureRecord | null {
  const studyKey = readStudyKey(row);
  const item = readMeasure(row, 'item');
  const itemText = readText(row, 'item_text');
  const kindCode = code(row.get('value_kind'));
  const valueKind = (VALUE_KINDS as readonly string[]).includes(kindCode) ? (kindCode as ValueKind) : null;
  if (!valueKind) {
    const kinds = VALUE_KINDS.join(', ').toLowerCase();
    row.reject('value_kind', 'value-kind-not-in-scale', `"${row.get('value_kind')}" is not ${kinds}`, true);
  }
  const value = checkValue(row, 'value', valueKind);
  const valueHigh = checkValue(row, 'value_high', valueKind);
  if (valueHigh !== null && (value === null || valueHigh < value)) {
    row.reject('value_high', 'range-reversed', `the range's high end ${valueHigh} needs a value at most as large`);
  }
  const numerator = readCountCell(row, 'numerator');
  const denominator = readCountCell(row, 'denominator');
  if (numerator !== null && denominator !== null && numerator > denominator) {
    row.reject(
      'numerator',
      'numerator-exceeds-denominator',
      `${numerator} is more than the denominator ${denominator}`,
    );
  }

  const yearText = row.get('year');
  let year: number | null = null;
  if (yearText !== '') {
    const checked = checkYear(yearText, ctx.now, row.at('year'));
    if (checked.ok) year = checked.year;
    else row.adopt(checked.reject);
  }
  const yearMissing = code(row.get('year_missing_reason'));
  if (yearMissing !== '' && (yearMissing !== 'LOST_IN_SOURCE' || yearText !== '')) {
    row.reject('year_missing_reason', 'year-missing-reason', 'only lost_in_source, and only with an empty year');
  }

  const origin = code(row.get('origin'));
  const rule = row.get('rule') || null;
  if (origin !== 'PUBLISHED' && origin !== 'DERIVED') {
    row.reject('origin', 'origin-not-in-scale', `"${row.get('origin')}" is not published or derived`, true);
  } else if (origin === 'DERIVED' && rule === null) {
    row.reject('rule', 'derived-without-rule', 'a derived figure must say how it was computed');
  } else if (origin === 'PUBLISHED' && row.get('printed') === '') {
    row.reject('printed', 'published-without-text', 'a published figure must quote the text as printed');
  }

  const missingText = code(row.get('missing_reason'));
  const missingReason = missingText === '' ? null : (MISSING_WORDS[missingText] ?? null);
  if (missingText !== '' && missingReason === null) {
    const words = 'not_published, lost_in_source';
    row.reject('missing_reason', 'missing-reason-not-in-scale', `"${row.get('missing_reason')}" is not ${words}`);
  }
  const verbal = row.get('verbal') || null;
  if (missingReason !== null && value !== null) {
    row.reject('missing_reason', 'missing-reason-with-value', `a value (${value}) cannot also be missing`);
  }
  // why: missing is never silent — an empty value says why, or is a verbal finding with no number.
  if (value === null && missingReason === null && verbal === null && row.rejects.length === 0) {
    row.reject('value', 'missing-without-reason', 'an empty value needs a missing_reason or a verbal finding');
  }
  const verbalShare = readNumber(row, 'verbal_share');
  if (verbalShare !== null && (verbalShare < 0 || verbalShare > 1)) {
    row.reject('verbal_share', 'share-out-of-range', `${verbalShare} is outside 0…1`);
  } else if (verbalShare !== null && verbal === null) {
    row.reject('verbal_share', 'share-without-words', 'a verbal share needs the words it comes from (`verbal`)');
  }
  const citation = requireCitation(row);
  if (!studyKey || !item || !itemText || !valueKind || !citation || row.rejects.length > 0) return null;
  return {
    studyKey,
    item,
    itemText,
    group: row.get('group'),
    period: row.get('period'),
    year,
    yearMissingReason: yearMissing === 'LOST_IN_SOURCE' ? 'LOST_IN_SOURCE' : null,
    valueKind,
    value,
    valueHigh,
    numerator,
    denominator,
    printed: row.get('printed'),
    approximation: row.get('approximation') || null,
    verbal,
    verbalShare,
    origin: origin as 'PUBLISHED' | 'DERIVED',
    rule,
    missingReason,
    note: row.get('note') || null,
    citation,
    loc: row.loc,
  };
}

/** One discrepancy row → a StudyDiscrepancyRecord; null when the row has a reject. */
export function mapDiscrepancyRow(row: CsvRow<DiscrepancyColumn>): StudyDiscrepancyRecord | null {
  const studyKey = readStudyKey(row);
  const item = readMeasure(row, 'item');
  const printedValue = readNumber(row, 'printed_value');
  if (printedValue === null && row.get('printed_value') === '')
    row.reject('printed_value', 'missing-value', '"printed_value" is required');
  const computedValue = readNumber(row, 'computed_value');
  if (computedValue === null && row.get('computed_value') === '')
    row.reject('computed_value', 'missing-value', '"computed_value" is required');
  const printed = readText(row, 'printed');
  const rule = readText(row, 'rule');
  const explanation = readText(row, 'explanation');
  const citation = requireCitation(row);
  if (
    !studyKey ||
    !item ||
    printedValue === null ||
    computedValue === null ||
    !printed ||
    !rule ||
    !explanation ||
    !citation ||
    row.rejects.length > 0
  ) {
    return null;
  }
  return {
    studyKey,
    item,
    group: row.get('group'),
    period: row.get('period'),
    printedValue,
    printed,
    computedValue,
    rule,
    explanation,
    citation,
    loc: row.loc,
  };
}

export const studyIdentity = {
  key: (s: StudyRecord): string => s.key,
  fingerprint: (s: StudyRecord): string => fingerprintWithoutLoc(s),
};

/** Natural key of a figure: study × item × group × period. */
export const studyFigureIdentity = {
  key: (f: StudyFigureRecord): string => [f.studyKey, f.item, f.group, f.period].join('|'),
  fingerprint: (f: StudyFigureRecord): string => fingerprintWithoutLoc(f),
};

/** Natural key of a discrepancy: study × item × group × period × rule. */
export const studyDiscrepancyIdentity = {
  key: (d: StudyDiscrepancyRecord): string => [d.studyKey, d.item, d.group, d.period, d.rule].join('|'),
  fingerprint: (d: StudyDiscrepancyRecord): string => fingerprintWithoutLoc(d),
};
