import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ANSWER_VALUES, ASKED_OF, type AnswerValue, type AskedOf, type FrameKind } from '../../../domain/answer.js';

/**
 * How one ÖJ file (one publication year, one layout) maps onto Jämför's questions. Real
 * workbooks change sheet names, header wording and question ids between years, so all of
 * that lives in a JSON file beside the data (`<file>.mapping.json`), not in code.
 *
 * Two layouts:
 * - `wide`: one row per unit, one column per question (or per service area of one question,
 *   the usual ÖJ shape). `columns` maps header text → question.
 * - `long`: one row per unit × question, with columns for the question id, optional area,
 *   the answer and optionally the year.
 */
export interface OjMapping {
  /** The survey year every answer in the file belongs to. */
  year: number;
  layout: 'wide' | 'long';
  /** Publication credited on county/riket percentages, e.g. "Öppna jämförelser 2018 …". */
  publication: string;
  /** Result sheet name; when absent the first sheet with a recognisable header row is used. */
  sheet: string | null;
  /** Header candidates of the unit code column, case- and space-insensitive. */
  codeColumn: string[];
  /** Header candidates of the unit name column (used to match stadsdelar and riket). */
  nameColumn: string[];
  /** How many rows from the top are searched for the header row. */
  headerSearchRows: number;
  /** Extra raw answer codes (e.g. `{"1":"JA","0":"NEJ"}`); null for the text answers Ja/Nej/Ej aktuellt. */
  answerScale: Record<string, AnswerValue> | null;
  /** Every question the file holds, explicit ones plus those expanded from `question`. */
  questions: OjQuestion[];
  /** Wide layout only: header → question. */
  columns: OjColumn[];
  /** Long layout only. */
  long: OjLongColumns | null;
  /** What an unmapped question in a long file does: hold the release, or be skipped. */
  unmappedQuestions: 'reject' | 'ignore';
  /** Free text for people: provenance and quirks of the file. */
  note: string | null;
  /** The units the file covers (`frame`); null → the units the file itself lists. */
  frame: OjFrame | null;
  /**
   * Raw cell values that the publication did not print but that were inferred when the file
   * was made, each with its rule (e.g. `{"Nej": "not in the published Ja list"}`); matched trimmed,
   * case-insensitively. Answers from such cells are stored as INFERRED, never as observed.
   */
  inferredValues: Record<string, string>;
}

/**
 * What a file covers: `ALL_MUNICIPALITIES` (a national publication), `REGION` (one län's
 * municipalities, e.g. a regional report), or `SAMPLE` (named units; without `units`, the units the file lists).
 */
export interface OjFrame {
  kind: FrameKind;
  region: string | null;
  units: string[] | null;
  label: { en: string; sv: string } | null;
}

export interface OjQuestion {
  /** Natural key, e.g. `SIP_INFO.HEMLOSHET`. */
  code: string;
  areaCode: string | null;
  text: string;
  family: string | null;
  koladaKpiId: string | null;
  /** Ids the file itself prints for this question (long layout), besides the code. */
  sourceIds: string[];
  /** Which units the survey puts the question to (the mapping's `askedOf`). */
  askedOf: AskedOf;
}

export interface OjColumn {
  /** Header candidates as printed in the file. */
  header: string[];
  /** `exact` (default), or `prefix` when the header starts with an id followed by text. */
  match: 'exact' | 'prefix';
  questionCode: string;
}

export interface OjLongColumns {
  questionColumn: string[];
  areaColumn: string[];
  answerColumn: string[];
  yearColumn: string[];
}

export class OjMappingError extends Error {
  constructor(
    readonly mappingFile: string,
    readonly problems: string[],
  ) {
    super(`oj mapping ${mappingFile} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'OjMappingError';
  }
}

export const DEFAULT_CODE_COLUMNS = [
  'Kommunkod',
  'Kod',
  'Länskod',
  'Kommun- /länskod',
  'Kommun/länskod',
  'Kommun- och länskod',
  'Regionkod',
];
export const DEFAULT_NAME_COLUMNS = [
  'Kommun',
  'Kommunnamn',
  'Namn',
  'Län',
  'Kommun/län',
  'Kommun- /län',
  'Kommun/stadsdel',
  'Område',
  'Enhet',
];
export const DEFAULT_LONG_COLUMNS: OjLongColumns = {
  questionColumn: ['Fråga-id', 'Frågekod', 'Fråga', 'Indikator-id', 'Indikator', 'Id'],
  areaColumn: ['Verksamhetsområde', 'Område', 'Verksamhet'],
  answerColumn: ['Svar', 'Värde', 'Resultat'],
  yearColumn: ['År', 'Year'],
};
const KNOWN_KEYS = new Set([
  '$comment',
  'note',
  'year',
  'layout',
  'publication',
  'sheet',
  'codeColumn',
  'nameColumn',
  'headerSearchRows',
  'answerScale',
  'question',
  'questions',
  'columns',
  'questionColumn',
  'areaColumn',
  'answerColumn',
  'yearColumn',
  'unmappedQuestions',
  'askedOf',
  'frame',
  'inferredValues',
]);
/** ÖJ socialtjänst is the municipal survey (kommunenkät): its questions go to municipalities unless the mapping says otherwise. */
const DEFAULT_ASKED_OF: AskedOf = 'MUNICIPALITY';

type Fail = (where: string, what: string) => void;
type RawMapping = Record<string, unknown>;

/**
 * Validates raw JSON into an OjMapping; every problem is listed, by JSON path, in one
 * OjMappingError. In steps: the keys, the file's shape (year, layout, sheet, code and name
 * columns), what it covers (askedOf, frame, inferred values), the answer scale, the questions
 * (listed, and from the per-area template), the columns of the layout, and that nothing is
 * defined twice.
 */
export function parseMapping(raw: unknown, mappingFile: string): OjMapping {
  const problems: string[] = [];
  const fail: Fail = (where, what) => problems.push(`${where}: ${what}`);
  if (!isObject(raw)) throw new OjMappingError(mappingFile, ['expected a JSON object at the top level']);

  checkKeys(raw, fail);
  const shape = readFileShape(raw, fail);
  const { askedOf, frame, inferredValues } = readCoverage(raw, fail);
  const answerScale = readAnswerScale(raw, fail);
  const questions = readQuestions(raw, askedOf, fail);
  const fromTemplate = readQuestionTemplate(raw, questions, askedOf, fail);
  const columns = readWideColumns(raw, shape.layout, questions, fromTemplate, fail);
  const long = readLongColumns(raw, shape.layout, fail);
  checkDefinedOnce(questions, columns, fail);

  if (problems.length > 0) throw new OjMappingError(mappingFile, problems);
  return { ...shape, answerScale, questions, columns, long, frame, inferredValues };
}

/** Unknown keys (typos) and the "TODO"s a drafted mapping still holds. */
function checkKeys(raw: RawMapping, fail: Fail): void {
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) fail(key, 'unknown key (a typo?)');
  for (const where of todoPaths(raw, ''))
    fail(
      where,
      `still "TODO" from the drafted mapping: fill it in${where.endsWith('areaCode') ? ' with a service area code (README lists them)' : ''}`,
    );
}

/** Year, layout, publication, where the table is and what an unmapped question does. */
function readFileShape(
  raw: RawMapping,
  fail: Fail,
): Pick<
  OjMapping,
  | 'year'
  | 'layout'
  | 'publication'
  | 'sheet'
  | 'note'
  | 'codeColumn'
  | 'nameColumn'
  | 'headerSearchRows'
  | 'unmappedQuestions'
> {
  const year = raw['year'];
  if (typeof year !== 'number' || !Number.isInteger(year)) fail('year', 'expected an integer survey year, e.g. 2018');
  const layout = raw['layout'];
  if (layout !== 'wide' && layout !== 'long') fail('layout', 'expected "wide" or "long"');
  const publication = raw['publication'];
  if (typeof publication !== 'string' || publication.trim() === '') fail('publication', 'expected a non-empty string');

  const sheet = optionalString(raw, 'sheet', fail);
  const note = optionalString(raw, 'note', fail);
  const codeColumn = candidates(raw['codeColumn'], 'codeColumn', fail) ?? DEFAULT_CODE_COLUMNS;
  const nameColumn = candidates(raw['nameColumn'], 'nameColumn', fail) ?? DEFAULT_NAME_COLUMNS;
  let headerSearchRows = 50;
  if (raw['headerSearchRows'] !== undefined) {
    const n = raw['headerSearchRows'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('headerSearchRows', 'expected a positive integer');
    else headerSearchRows = n;
  }
  const unmapped = raw['unmappedQuestions'] ?? 'reject';
  if (unmapped !== 'reject' && unmapped !== 'ignore') fail('unmappedQuestions', 'expected "reject" or "ignore"');
  // The casts hold once no problem was found; parseMapping throws otherwise.
  return {
    year: year as number,
    layout: layout as 'wide' | 'long',
    publication: typeof publication === 'string' ? publication.trim() : '',
    sheet,
    note,
    codeColumn,
    nameColumn,
    headerSearchRows,
    unmappedQuestions: unmapped as 'reject' | 'ignore',
  };
}

/** Whom the questions are put to, the units the file covers, and cells that were inferred rather than published. */
function readCoverage(
  raw: RawMapping,
  fail: Fail,
): { askedOf: AskedOf; frame: OjFrame | null; inferredValues: Record<string, string> } {
  const askedOf = parseAskedOf(raw['askedOf'], 'askedOf', fail) ?? DEFAULT_ASKED_OF;
  const frame = raw['frame'] === undefined ? null : parseFrame(raw['frame'], fail);
  const inferredValues: Record<string, string> = {};
  if (raw['inferredValues'] !== undefined) {
    const inferred = raw['inferredValues'];
    if (!isObject(inferred)) fail('inferredValues', 'expected an object of raw value → inference rule');
    else
      for (const [k, v] of Object.entries(inferred)) {
        if (typeof v !== 'string' || v.trim() === '')
          fail(`inferredValues.${k}`, 'expected the rule the value was inferred by, as text');
        else inferredValues[k.trim().toLocaleLowerCase('sv-SE')] = v.trim();
      }
  }
  return { askedOf, frame, inferredValues };
}

/** Extra raw answer codes, e.g. `{"1": "JA", "0": "NEJ"}`; null when the file answers in words. */
function readAnswerScale(raw: RawMapping, fail: Fail): Record<string, AnswerValue> | null {
  if (raw['answerScale'] === undefined) return null;
  const scale = raw['answerScale'];
  if (!isObject(scale)) {
    fail('answerScale', 'expected an object of raw value → answer');
    return null;
  }
  const answerScale: Record<string, AnswerValue> = {};
  for (const [k, v] of Object.entries(scale)) {
    if (typeof v !== 'string' || !ANSWER_VALUES.includes(v as AnswerValue)) {
      fail(`answerScale.${k}`, `expected one of ${ANSWER_VALUES.join(', ')}`);
    } else answerScale[k] = v as AnswerValue;
  }
  return answerScale;
}

/** The questions listed one by one in `questions`. */
function readQuestions(raw: RawMapping, askedOf: AskedOf, fail: Fail): OjQuestion[] {
  const questions: OjQuestion[] = [];
  if (raw['questions'] !== undefined) {
    if (!Array.isArray(raw['questions'])) fail('questions', 'expected an array');
    else
      raw['questions'].forEach((q, i) => {
        const parsed = parseQuestion(q, `questions[${i}]`, fail, askedOf);
        if (parsed) questions.push(parsed);
      });
  }
  return questions;
}

/**
 * A question template: one question asked once per service area (the ÖJ norm), expanded
 * into `<family>.<AREA_CODE>` for each area a column (wide) or `areaCodes` (long) names.
 * Returns the expander (null code without a template); `areaCodes` are expanded at once.
 */
function readQuestionTemplate(
  raw: RawMapping,
  questions: OjQuestion[],
  askedOf: AskedOf,
  fail: Fail,
): (areaCode: string) => string | null {
  let template: {
    family: string;
    text: string;
    sourceIds: string[];
    areaCodes: string[];
    askedOf: AskedOf;
  } | null = null;
  if (raw['question'] !== undefined) {
    const t = raw['question'];
    if (!isObject(t)) fail('question', 'expected an object { family, text, areaCodes?, sourceIds? }');
    else {
      const family = t['family'];
      const text = t['text'];
      if (typeof family !== 'string' || !/^[A-Z0-9_]+$/.test(family))
        fail('question.family', 'expected an UPPER_SNAKE family, e.g. "SIP_INFO"');
      if (typeof text !== 'string' || text.trim() === '')
        fail('question.text', 'expected the question text as published');
      const areaCodes = candidates(t['areaCodes'], 'question.areaCodes', fail) ?? [];
      const sourceIds = candidates(t['sourceIds'], 'question.sourceIds', fail) ?? [];
      const templateAskedOf = parseAskedOf(t['askedOf'], 'question.askedOf', fail) ?? askedOf;
      if (typeof family === 'string' && typeof text === 'string')
        template = { family, text, sourceIds, areaCodes, askedOf: templateAskedOf };
    }
  }
  const fromTemplate = (areaCode: string): string | null => {
    if (!template) return null;
    const code = `${template.family}.${areaCode}`;
    if (!questions.some((q) => q.code === code)) {
      questions.push({
        code,
        areaCode,
        text: template.text,
        family: template.family,
        koladaKpiId: null,
        sourceIds: [template.family, ...template.sourceIds],
        askedOf: template.askedOf,
      });
    }
    return code;
  };
  for (const area of template?.areaCodes ?? []) fromTemplate(area);
  return fromTemplate;
}

/** A wide layout's columns: header → question (by questionCode, or areaCode through the template). */
function readWideColumns(
  raw: RawMapping,
  layout: OjMapping['layout'],
  questions: OjQuestion[],
  fromTemplate: (areaCode: string) => string | null,
  fail: Fail,
): OjColumn[] {
  const columns: OjColumn[] = [];
  if (layout !== 'wide') {
    if (raw['columns'] !== undefined) fail('columns', 'only a wide mapping has columns');
    return columns;
  }
  const rawColumns = raw['columns'];
  if (!Array.isArray(rawColumns) || rawColumns.length === 0) {
    fail('columns', 'a wide mapping needs a non-empty array of columns');
    return columns;
  }
  rawColumns.forEach((c, i) => {
    const where = `columns[${i}]`;
    if (!isObject(c)) {
      fail(where, 'expected an object { header, questionCode | areaCode }');
      return;
    }
    const header = candidates(c['header'], `${where}.header`, fail);
    if (!header) fail(`${where}.header`, 'required');
    const match = c['match'] ?? 'exact';
    if (match !== 'exact' && match !== 'prefix') fail(`${where}.match`, 'expected "exact" or "prefix"');
    let questionCode: string | null = null;
    if (typeof c['questionCode'] === 'string' && c['questionCode'] !== '') questionCode = c['questionCode'];
    else if (typeof c['areaCode'] === 'string' && c['areaCode'] !== '') {
      questionCode = fromTemplate(c['areaCode']);
      if (!questionCode) fail(where, 'areaCode without questionCode needs a top-level "question" template');
    } else fail(where, 'needs questionCode, or areaCode with a "question" template');
    if (questionCode && !questions.some((q) => q.code === questionCode)) {
      fail(`${where}.questionCode`, `"${questionCode}" is not defined in "questions"`);
    }
    if (header && questionCode && (match === 'exact' || match === 'prefix'))
      columns.push({ header, match, questionCode });
  });
  return columns;
}

/** A long layout's columns (defaults for those not given); null for a wide mapping. */
function readLongColumns(raw: RawMapping, layout: OjMapping['layout'], fail: Fail): OjLongColumns | null {
  if (layout === 'long') {
    return {
      questionColumn: candidates(raw['questionColumn'], 'questionColumn', fail) ?? DEFAULT_LONG_COLUMNS.questionColumn,
      areaColumn: candidates(raw['areaColumn'], 'areaColumn', fail) ?? DEFAULT_LONG_COLUMNS.areaColumn,
      answerColumn: candidates(raw['answerColumn'], 'answerColumn', fail) ?? DEFAULT_LONG_COLUMNS.answerColumn,
      yearColumn: candidates(raw['yearColumn'], 'yearColumn', fail) ?? DEFAULT_LONG_COLUMNS.yearColumn,
    };
  }
  for (const key of ['questionColumn', 'areaColumn', 'answerColumn'] as const) {
    if (raw[key] !== undefined) fail(key, 'only a long mapping has this column');
  }
  return null;
}

/** At least one question; no question code and no header defined twice. */
function checkDefinedOnce(questions: OjQuestion[], columns: OjColumn[], fail: Fail): void {
  if (questions.length === 0)
    fail('questions', 'the mapping defines no question (give "questions" or a "question" template)');
  const seen = new Set<string>();
  for (const q of questions) {
    if (seen.has(q.code)) fail('questions', `question code "${q.code}" is defined twice`);
    seen.add(q.code);
  }
  const headers = new Set<string>();
  for (const c of columns) {
    for (const h of c.header) {
      const key = normaliseHeader(h);
      if (headers.has(key)) fail('columns', `header "${h}" is mapped twice`);
      headers.add(key);
    }
  }
}

/** Reads and validates a mapping file; an unreadable or invalid file is an OjMappingError. */
export function readMapping(mappingPath: string): OjMapping {
  return parseMapping(readMappingJson(mappingPath), mappingPath);
}

/** The mapping file's JSON as written (what fetch puts in meta); unreadable JSON is an OjMappingError. */
export function readMappingJson(mappingPath: string): unknown {
  try {
    return JSON.parse(readFileSync(mappingPath, 'utf8'));
  } catch (err) {
    throw new OjMappingError(mappingPath, [`cannot read as JSON: ${(err as Error).message}`]);
  }
}

/**
 * The mapping file for a data file: an explicit path when given, else the first of
 * mappingCandidates that exists. Null when there is none.
 */
export function findMappingFor(filePath: string, explicitPath?: string): string | null {
  if (explicitPath) return existsSync(explicitPath) ? explicitPath : null;
  return mappingCandidates(filePath).find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * Where a data file's mapping may be, beside it: the name minus its last extension, then minus
 * all of them — `x.cp1252.csv` → `x.cp1252.mapping.json`, then `x.mapping.json` — so one
 * mapping serves a workbook and its CSV exports. The first is where `npm run ingest -- mapping` writes.
 */
export function mappingCandidates(filePath: string): string[] {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath);
  const names = [path.parse(base).name, base.replace(/(?<=.)\..*$/, '')];
  return [...new Set(names)].map((name) => path.join(dir, `${name}.mapping.json`));
}

/** Header text as people vary it: case, spaces (also around `-` and `/`), en dashes, NBSP. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('sv-SE')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\s\u00a0\u202f]+/g, '')
    .replace(/[:*]+$/, '');
}

function parseAskedOf(raw: unknown, where: string, fail: (w: string, m: string) => void): AskedOf | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !(ASKED_OF as readonly string[]).includes(raw)) {
    fail(where, `expected one of ${ASKED_OF.join(', ')}`);
    return undefined;
  }
  return raw as AskedOf;
}

/** `"ALL_MUNICIPALITIES"`, or `{ kind, region?, units?, label?, labelSv? }`. */
function parseFrame(raw: unknown, fail: (w: string, m: string) => void): OjFrame | null {
  const spec = typeof raw === 'string' ? { kind: raw } : raw;
  if (!isObject(spec)) {
    fail('frame', 'expected "ALL_MUNICIPALITIES" or an object { kind, region?, units?, label?, labelSv? }');
    return null;
  }
  for (const key of Object.keys(spec))
    if (!['kind', 'region', 'units', 'label', 'labelSv', '$comment'].includes(key))
      fail(`frame.${key}`, 'unknown key (a typo?)');
  const kind = spec['kind'];
  if (kind !== 'ALL_MUNICIPALITIES' && kind !== 'REGION' && kind !== 'SAMPLE') {
    fail('frame.kind', 'expected "ALL_MUNICIPALITIES", "REGION" or "SAMPLE"');
    return null;
  }
  const region = nullableString(spec['region'], 'frame.region', fail);
  if (kind === 'REGION' && (region === null || !/^[0-9]{2}$/.test(region)))
    fail('frame.region', 'a REGION frame needs the 2-digit länskod, e.g. "04"');
  if (kind !== 'REGION' && region !== null) fail('frame.region', 'only a REGION frame names a region');
  const units = spec['units'] === undefined ? null : (candidates(spec['units'], 'frame.units', fail) ?? null);
  if (kind !== 'SAMPLE' && units !== null) fail('frame.units', 'only a SAMPLE frame lists its units');
  const label = nullableString(spec['label'], 'frame.label', fail);
  const labelSv = nullableString(spec['labelSv'], 'frame.labelSv', fail);
  if ((label === null) !== (labelSv === null)) fail('frame.label', 'give both label and labelSv, or neither');
  return {
    kind,
    region: kind === 'REGION' ? region : null,
    units,
    label: label !== null && labelSv !== null ? { en: label, sv: labelSv } : null,
  };
}

function parseQuestion(
  raw: unknown,
  where: string,
  fail: (w: string, m: string) => void,
  defaultAskedOf: AskedOf,
): OjQuestion | null {
  if (!isObject(raw)) {
    fail(where, 'expected an object { code, areaCode, text, family }');
    return null;
  }
  const code = raw['code'];
  const text = raw['text'];
  if (typeof code !== 'string' || code.trim() === '') fail(`${where}.code`, 'expected a non-empty string');
  if (typeof text !== 'string' || text.trim() === '') fail(`${where}.text`, 'expected the question text as published');
  const areaCode = nullableString(raw['areaCode'], `${where}.areaCode`, fail);
  const family = nullableString(raw['family'], `${where}.family`, fail);
  const koladaKpiId = nullableString(raw['koladaKpiId'], `${where}.koladaKpiId`, fail);
  const sourceIds = candidates(raw['sourceIds'], `${where}.sourceIds`, fail) ?? [];
  const askedOf = parseAskedOf(raw['askedOf'], `${where}.askedOf`, fail) ?? defaultAskedOf;
  if (typeof code !== 'string' || code.trim() === '' || typeof text !== 'string' || text.trim() === '') return null;
  return { code: code.trim(), areaCode, text, family, koladaKpiId, sourceIds, askedOf };
}

/** A string or a non-empty array of strings, as a list; undefined stays undefined. */
function candidates(raw: unknown, where: string, fail: (w: string, m: string) => void): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    fail(where, 'expected a non-empty string or array of non-empty strings');
    return undefined;
  }
  return list as string[];
}

function optionalString(
  raw: Record<string, unknown>,
  key: string,
  fail: (w: string, m: string) => void,
): string | null {
  return nullableString(raw[key], key, fail);
}

function nullableString(value: unknown, where: string, fail: (w: string, m: string) => void): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    fail(where, 'expected a string');
    return null;
  }
  return value;
}

/** JSON paths of every "TODO" a drafted mapping still holds (npm run ingest -- mapping writes them). */
function todoPaths(value: unknown, where: string): string[] {
  if (value === 'TODO') return [where];
  if (Array.isArray(value)) return value.flatMap((v, i) => todoPaths(v, `${where}[${i}]`));
  if (isObject(value))
    return Object.entries(value).flatMap(([k, v]) => todoPaths(v, where === '' ? k : `${where}.${k}`));
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
