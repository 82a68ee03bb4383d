import path from 'node:path';
import type { ReferenceCatalog } from '../../reference-catalog.js';
import type { UnitKind } from '../../../domain/answer.js';
import { resolveUnit } from '../../validate/unit-code.js';
import { DEFAULT_CODE_COLUMNS, DEFAULT_LONG_COLUMNS, DEFAULT_NAME_COLUMNS, normaliseHeader } from './mapping.js';
import { isNoResponseMark, normaliseAnswer } from './parse.js';
import { columnLetter, findColumn, findHeaderRow, isBlankRow } from './table.js';
import type { SheetGrid } from './workbook.js';

/** What the draft leaves for a person to fill in; `--check` and the ingest refuse it. */
export const TODO = 'TODO';

/** A question a mapping already names (e.g. one beside the file, or a bundled sample's). */
export interface KnownQuestion {
  family: string;
  text: string;
}

/** One header cell of the located table and what the draft made of it. */
export interface DraftColumn {
  /** Spreadsheet letter, A, B, … */
  letter: string;
  header: string;
  role: 'code' | 'name' | 'answers' | 'question id' | 'answer' | 'service area' | 'year' | 'other';
  /** answers only: the guessed service area code, or TODO. */
  areaCode: string | null;
  /** other only: why it is left out. */
  note: string | null;
}

export interface MappingDraft {
  /** wide: one column per question or area; long: one row per unit × question. */
  layout: 'wide' | 'long';
  sheet: string | null;
  /** 1-based, as a person sees it. */
  headerRow: number;
  columns: DraftColumn[];
  /** Rows below the header per unit kind found, and the rows that name no known unit. */
  units: Record<UnitKind, number>;
  unknownUnits: { row: number; text: string }[];
  year: { value: number; from: string } | null;
  question: { family: string; text: string; from: string };
  /** The mapping JSON as it is written: every guess in place, TODO where a person must decide. */
  json: Record<string, unknown>;
  /** What still needs a person, one line each. */
  todo: string[];
}

export class DraftError extends Error {}

// why: ÖJ headers shorten area names ("Missbruk", "Barn och unga"); the longest matching key wins.
const AREA_ALIASES: Record<string, string[]> = {
  ALDREOMSORG: ['äldreomsorg', 'äldre'],
  LSS_VUXEN: ['lssvuxen', 'lssvuxna', 'funktionsnedsättningvuxna'],
  LSS_BARN: ['lssbarn', 'funktionsnedsättningbarn'],
  SOCIALPSYKIATRI: ['socialpsykiatri', 'psykiatri'],
  BARN_OCH_UNGA: ['barnochunga', 'barn-ochungdomsvård', 'barnochungdom', 'barn-ochunga'],
  MISSBRUK: ['missbruk', 'beroendevård'],
  VALD_NARA_RELATIONER: ['våldinärarelationer', 'våld'],
  HEMLOSHET: ['hemlöshet', 'hemlösa'],
  EKONOMISKT_BISTAND: ['ekonomisktbistånd', 'försörjningsstöd'],
};

/**
 * Drafts a mapping for an ÖJ file a person has not mapped before (pure): finds the header
 * row by a code column, tells answer columns from others by their cells, guesses each answer
 * column's service area from its header, the year from the file name or title rows and the
 * question from the title rows against known questions. What it cannot guess it writes as
 * TODO and lists in `todo`.
 */
export function draftMapping(
  sheets: SheetGrid[],
  file: string,
  catalog: ReferenceCatalog,
  known: KnownQuestion[],
): MappingDraft {
  const { sheet, headerIndex, codeCol } = locateHeader(sheets);
  const header = sheet.rows[headerIndex]!;
  const nameCol = findColumn(header, DEFAULT_NAME_COLUMNS, [codeCol]);
  const dataRows = sheet.rows.slice(headerIndex + 1).map((row, i) => ({ row, r: headerIndex + 1 + i }));
  const found = readUnits(dataRows, { codeCol, nameCol }, catalog, file);
  const long = longColumns(header, [codeCol, nameCol]);
  const columns = draftColumns(header, { codeCol, nameCol }, long, found.municipalRows, catalog);
  const titles = sheet.rows
    .slice(0, headerIndex)
    .flatMap((row) => row.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()));
  const year = guessYear(file, titles);
  const question = guessQuestion(titles, known);
  const answerColumns = columns.filter((c) => c.role === 'answers');
  const longQuestions = long
    ? questionsOfLongRows(
        dataRows.map((d) => d.row),
        long,
        catalog,
      )
    : [];
  const json: Record<string, unknown> = {
    note: `Drafted by npm run ingest -- mapping from ${path.basename(file)}; check every guess.`,
    year: year?.value ?? TODO,
    layout: long ? 'long' : 'wide',
    publication: year ? `Öppna jämförelser ${year.value} (Socialstyrelsen)` : 'Öppna jämförelser (Socialstyrelsen)',
    ...(sheet.name !== null ? { sheet: sheet.name } : {}),
    ...guessFrame(found.municipalities, catalog),
    codeColumn: [header[codeCol]!.trim()],
    ...(nameCol >= 0 ? { nameColumn: [header[nameCol]!.trim()] } : {}),
    ...(long
      ? {
          questionColumn: [header[long.questionCol]!.trim()],
          answerColumn: [header[long.answerCol]!.trim()],
          ...(long.areaCol >= 0 ? { areaColumn: [header[long.areaCol]!.trim()] } : {}),
          ...(long.yearCol >= 0 ? { yearColumn: [header[long.yearCol]!.trim()] } : {}),
          questions: longQuestions,
        }
      : {
          question: { family: question.family, text: question.text },
          columns: answerColumns.map((c) => ({ header: c.header, areaCode: c.areaCode })),
        }),
  };
  return {
    layout: long ? 'long' : 'wide',
    sheet: sheet.name,
    headerRow: headerIndex + 1,
    columns,
    units: found.units,
    unknownUnits: found.unknownUnits,
    year,
    question,
    json,
    todo: draftTodo({ year, question, answerColumns, long: long !== null, longQuestions, known }),
  };
}

/**
 * The rows below the header by the unit they name: counts per kind, the rows that name no
 * known unit, the municipal rows (whose cells tell answer columns apart) and the municipalities
 * (the frame's guess).
 */
function readUnits(
  dataRows: { row: string[]; r: number }[],
  cols: { codeCol: number; nameCol: number },
  catalog: ReferenceCatalog,
  file: string,
): {
  units: Record<UnitKind, number>;
  unknownUnits: { row: number; text: string }[];
  municipalRows: string[][];
  municipalities: Set<string>;
} {
  const units: Record<UnitKind, number> = { MUNICIPALITY: 0, DISTRICT: 0, REGION: 0, NATION: 0 };
  const unknownUnits: { row: number; text: string }[] = [];
  const municipalRows: string[][] = [];
  const municipalities = new Set<string>();
  for (const { row, r } of dataRows) {
    if (isBlankRow(row)) continue;
    const name = cols.nameCol >= 0 ? row[cols.nameCol] : null;
    const unit = resolveUnit(row[cols.codeCol], name, catalog, { source: 'oj', file });
    if (unit.ok) {
      units[unit.unit.kind] += 1;
      if (unit.unit.kind === 'MUNICIPALITY') municipalities.add(unit.unit.code);
      if (unit.unit.kind === 'MUNICIPALITY' || unit.unit.kind === 'DISTRICT') municipalRows.push(row);
    } else unknownUnits.push({ row: r + 1, text: (row.find((c) => c && c.trim() !== '') ?? '').trim() });
  }
  return { units, unknownUnits, municipalRows, municipalities };
}

/** What the draft makes of each header cell: code, name, a long layout's roles, or an answer column with its guessed area. */
function draftColumns(
  header: string[],
  cols: { codeCol: number; nameCol: number },
  long: LongColumns | null,
  municipalRows: string[][],
  catalog: ReferenceCatalog,
): DraftColumn[] {
  return header.map((text, col) => {
    const base = { letter: columnLetter(col), header: (text ?? '').trim(), areaCode: null, note: null };
    if (col === cols.codeCol) return { ...base, role: 'code' };
    if (col === cols.nameCol) return { ...base, role: 'name' };
    if (long) {
      const role = long.roles.get(col);
      return role ? { ...base, role } : { ...base, role: 'other', note: 'not read in a long layout' };
    }
    if (base.header === '') return { ...base, role: 'other', note: 'no header' };
    if (!holdsAnswers(municipalRows.map((row) => row[col] ?? ''))) {
      return { ...base, role: 'other', note: 'its cells are not Ja / Nej / Ej aktuellt; left out' };
    }
    return { ...base, role: 'answers', areaCode: guessArea(base.header, catalog) ?? TODO };
  });
}

/** What a person still has to fill in, one line each, in the order the mapping names them. */
function draftTodo(draft: {
  year: MappingDraft['year'];
  question: MappingDraft['question'];
  answerColumns: DraftColumn[];
  long: boolean;
  longQuestions: Record<string, unknown>[];
  known: KnownQuestion[];
}): string[] {
  const { year, question, answerColumns, long, longQuestions, known } = draft;
  const todo: string[] = [];
  if (!year) todo.push(`"year": the survey year (neither the file name nor the title rows name one)`);
  if (long) {
    for (const q of longQuestions) todo.push(`question ${String(q['code'])}: its "text" as published`);
  } else if (question.family === TODO)
    todo.push(
      `"question.family": name the question in UPPER_SNAKE, e.g. SIP_INFO` +
        (known.length ? ` (known: ${[...new Set(known.map((k) => k.family))].join(', ')})` : ''),
    );
  if (!long && question.text === TODO) todo.push(`"question.text": the question as published`);
  for (const c of answerColumns.filter((c) => c.areaCode === TODO))
    todo.push(`column "${c.header}": its "areaCode" (no service area name in the header)`);
  if (!long && answerColumns.length === 0)
    todo.push('no column holds Ja / Nej / Ej aktuellt: add "columns" by hand (see README, ÖJ mappings)');
  return todo;
}

/**
 * The frame a file's municipalities show: every municipality → a national publication; every
 * municipality of one län → that region. Otherwise none, and the release covers the units it lists.
 */
function guessFrame(municipalities: Set<string>, catalog: ReferenceCatalog): Record<string, unknown> {
  const all = [...catalog.municipalities.values()];
  if (all.every((m) => municipalities.has(m.code))) return { frame: 'ALL_MUNICIPALITIES' };
  const regions = new Set([...municipalities].map((code) => catalog.municipalities.get(code)?.regionCode));
  const [region] = regions;
  if (
    regions.size === 1 &&
    region &&
    all.filter((m) => m.regionCode === region).every((m) => municipalities.has(m.code))
  )
    return { frame: { kind: 'REGION', region } };
  return {};
}

interface LongColumns {
  questionCol: number;
  answerCol: number;
  areaCol: number;
  yearCol: number;
  roles: Map<number, DraftColumn['role']>;
}

/** A long layout's columns, when the header has both a question id and an answer column. */
function longColumns(header: string[], taken: number[]): LongColumns | null {
  const questionCol = findColumn(header, DEFAULT_LONG_COLUMNS.questionColumn, taken);
  const answerCol = findColumn(header, DEFAULT_LONG_COLUMNS.answerColumn, [...taken, questionCol]);
  if (questionCol < 0 || answerCol < 0) return null;
  const areaCol = findColumn(header, DEFAULT_LONG_COLUMNS.areaColumn, [...taken, questionCol, answerCol]);
  const yearCol = findColumn(header, DEFAULT_LONG_COLUMNS.yearColumn, [...taken, questionCol, answerCol, areaCol]);
  const roles = new Map<number, DraftColumn['role']>([
    [questionCol, 'question id'],
    [answerCol, 'answer'],
  ]);
  if (areaCol >= 0) roles.set(areaCol, 'service area');
  if (yearCol >= 0) roles.set(yearCol, 'year');
  return { questionCol, answerCol, areaCol, yearCol, roles };
}

/** One question per question id (and service area) a long file's rows hold, text left TODO. */
function questionsOfLongRows(
  rows: string[][],
  long: LongColumns,
  catalog: ReferenceCatalog,
): Record<string, unknown>[] {
  const questions = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const id = (row[long.questionCol] ?? '').trim();
    if (id === '') continue;
    const rawArea = long.areaCol >= 0 ? (row[long.areaCol] ?? '').trim() : '';
    const areaCode = rawArea === '' ? null : guessArea(rawArea, catalog);
    const base = id
      .toUpperCase()
      .replace(/[^A-Z0-9_.]+/g, '_')
      .replace(/^(?=\d)/, 'Q');
    const code = areaCode && !base.endsWith(`.${areaCode}`) ? `${base}.${areaCode}` : base;
    if (!questions.has(code)) questions.set(code, { code, areaCode, text: TODO, sourceIds: [id] });
  }
  return [...questions.values()];
}

function locateHeader(sheets: SheetGrid[]): { sheet: SheetGrid; headerIndex: number; codeCol: number } {
  for (const sheet of sheets) {
    const hit = findHeaderRow(sheet.rows, DEFAULT_CODE_COLUMNS, 50);
    if (hit) return { sheet, ...hit };
  }
  const names = sheets.map((s) => s.name).filter((n): n is string => n !== null);
  throw new DraftError(
    `no header row with a code column (${DEFAULT_CODE_COLUMNS.join(', ')}) in the first 50 rows` +
      (names.length ? ` of sheet ${names.map((n) => `"${n}"`).join(', ')}` : '') +
      '; write the mapping by hand with "codeColumn" naming the column (README, ÖJ mappings)',
  );
}

/** An answer column: most of its municipal cells that are not no-response marks read as Ja / Nej / Ej aktuellt. */
function holdsAnswers(cells: string[]): boolean {
  const marked = cells.filter((c) => !isNoResponseMark(c));
  if (marked.length === 0) return cells.length > 0;
  return marked.filter((c) => normaliseAnswer(c) !== null).length / marked.length >= 0.5;
}

/** The service area a header names: by code, by name, or by a shortened name; null when none. */
export function guessArea(header: string, catalog: ReferenceCatalog): string | null {
  const key = normaliseHeader(header).replace(/[,.;:()]/g, '');
  const byCode = [...catalog.serviceAreas.keys()].find((code) => normaliseHeader(code) === key);
  if (byCode) return byCode;
  const candidates: { code: string; alias: string }[] = [];
  for (const area of catalog.serviceAreas.values()) {
    for (const alias of [normaliseHeader(area.name), ...(AREA_ALIASES[area.code] ?? [])])
      if (key.includes(alias)) candidates.push({ code: area.code, alias });
  }
  candidates.sort((a, b) => b.alias.length - a.alias.length);
  return candidates[0]?.code ?? null;
}

function guessYear(file: string, titles: string[]): { value: number; from: string } | null {
  const inName = path.basename(file).match(/(?<!\d)(?:19|20)\d{2}(?!\d)/);
  if (inName) return { value: Number(inName[0]), from: 'the file name' };
  for (const title of titles) {
    const m = title.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/);
    if (m) return { value: Number(m[0]), from: `the title "${title}"` };
  }
  return null;
}

const words = (text: string) =>
  new Set(
    text
      .toLocaleLowerCase('sv-SE')
      .split(/[^a-zåäö0-9]+/)
      .filter((w) => w.length >= 3 && !/^\d+$/.test(w)),
  );

/** The known question whose text holds most of a title row's words (at least 3 of 4); else TODO with the title as text. */
function guessQuestion(titles: string[], known: KnownQuestion[]): { family: string; text: string; from: string } {
  let best: { q: KnownQuestion; title: string; score: number } | null = null;
  for (const title of titles) {
    const titleWords = words(title);
    if (titleWords.size === 0) continue;
    for (const q of known) {
      const knownWords = words(q.text);
      const score = [...titleWords].filter((w) => knownWords.has(w)).length / titleWords.size;
      if (score >= 0.75 && (!best || score > best.score)) best = { q, title, score };
    }
  }
  if (best) return { family: best.q.family, text: best.q.text, from: `the title "${best.title}"` };
  const text = titles.find((t) => t.length >= 15) ?? TODO;
  return { family: TODO, text, from: text === TODO ? 'nothing' : `the title "${text}"` };
}
