import path from 'node:path';
import type { ParseContext } from '../../adapter.js';
import { normaliseName } from '../../reference-catalog.js';
import type { AnswerValue } from '../../../domain/answer.js';
import {
  countRepair,
  emptyRelease,
  type ParsedRelease,
  type SkippedRow,
  type SourceLocation,
  type UnitRef,
} from '../../release.js';
import { parseSwedishNumber } from '../../text/csv.js';
import { looksLikeMojibake } from '../../text/decode.js';
import { checkYear, resolveUnit } from '../../validate/unit-code.js';
import { planColumns } from './columns.js';
import { normaliseHeader, type OjMapping, type OjQuestion } from './mapping.js';
import { isBlankRow, listHeaders, locateTable, type LocatedTable } from './table.js';
import type { SheetGrid } from './workbook.js';

export const OJ_SOURCE = 'oj';

/** What an ÖJ county or riket percentage means, stated on every figure. */
const FIGURE_NOTE = 'share of units answering Ja, as published';

/** One answer cell to place: a unit's raw answer to one question. */
interface Cell {
  questionCode: string;
  raw: string | undefined;
  loc: SourceLocation;
}

type RejectFn = (
  loc: SourceLocation,
  rawValue: string | null,
  rule: string,
  message: string,
  isKeyField: boolean,
) => void;

/** How a data row is read: the cells of each question in it, and which columns hold answers. */
interface RowReader {
  cellsOf(row: string[], r: number): Cell[] | null;
  answerCols: number[];
  /** -1 unless a long file has a year column. */
  yearCol: number;
}

/**
 * Turns the grids of one ÖJ file into a ParsedRelease (pure; no I/O), in the pipeline's
 * stages: check the year, declare the questions, locate the table (sheet and header row, by
 * its code column), plan the columns, then read the rows. Municipality and stadsdel rows give
 * answers; county and riket rows give the published percentages; rows with no data are
 * skipped. Bad cells become Rejects: key-field ones (unit, question, year, duplicates,
 * encoding) hold the release.
 */
export function parseOjSheets(sheets: SheetGrid[], mapping: OjMapping, file: string, ctx: ParseContext): ParsedRelease {
  const release = emptyRelease(OJ_SOURCE, file, file);
  const fileLoc: SourceLocation = { source: OJ_SOURCE, file };
  const reject: RejectFn = (loc, rawValue, rule, message, isKeyField) =>
    release.rejects.push({ loc, rawValue, rule, message, isKeyField });

  if (!checkSurveyYear(mapping, file, ctx, fileLoc, release, reject)) return release;
  declareQuestions(mapping, ctx, fileLoc, release, reject);
  if (sheets.every((s) => s.rows.every(isBlankRow))) {
    reject(fileLoc, null, 'empty-release', 'the file holds no data', true);
    return release;
  }
  const located = locateTable(sheets, mapping, fileLoc);
  if (!located.ok) {
    reject(located.loc, located.rule === 'sheet-not-found' ? mapping.sheet : null, located.rule, located.message, true);
    return release;
  }
  const table = located.table;
  rejectMojibake(table, reject);
  const reader = rowReader(table, mapping, ctx, reject);
  if (!reader) return release;
  readRows(table, reader, mapping, ctx, release, reject);
  if (release.rowsRead === 0) {
    reject(
      { ...table.sheetLoc, row: table.headerIndex + 1 },
      null,
      'empty-release',
      'the header row is not followed by any data row',
      true,
    );
  }
  return release;
}

/** The mapping's survey year must be a plausible year, and agree with a year the file name states. */
function checkSurveyYear(
  mapping: OjMapping,
  file: string,
  ctx: ParseContext,
  fileLoc: SourceLocation,
  release: ParsedRelease,
  reject: RejectFn,
): boolean {
  const year = checkYear(mapping.year, ctx.now, fileLoc);
  if (!year.ok) {
    release.rejects.push(year.reject);
    return false;
  }
  const namedYears = [...path.basename(file).matchAll(/(?<!\d)(?:19|20)\d{2}(?!\d)/g)].map((m) => Number(m[0]));
  if (namedYears.length > 0 && !namedYears.includes(mapping.year)) {
    reject(
      fileLoc,
      path.basename(file),
      'year-mismatch',
      `the file name says ${namedYears.join('/')}, the mapping says ${mapping.year}`,
      true,
    );
    return false;
  }
  return true;
}

/** The mapping's questions, each with a service area the reference data knows. */
function declareQuestions(
  mapping: OjMapping,
  ctx: ParseContext,
  fileLoc: SourceLocation,
  release: ParsedRelease,
  reject: RejectFn,
): void {
  for (const q of mapping.questions) {
    if (q.areaCode !== null && !ctx.catalog.serviceAreas.has(q.areaCode)) {
      reject(
        fileLoc,
        q.areaCode,
        'unknown-service-area',
        `question ${q.code}: "${q.areaCode}" is not a service area code; the codes are ${listServiceAreas(ctx)}`,
        true,
      );
    }
    release.questions.push({
      code: q.code,
      areaCode: q.areaCode,
      text: q.text,
      family: q.family,
      answerScale: mapping.answerScale,
      askedOf: q.askedOf,
      koladaKpiId: q.koladaKpiId,
    });
  }
}

/** `ALDREOMSORG (Äldreomsorg), LSS_VUXEN (LSS vuxen), …` in the reference data's order. */
export function listServiceAreas(ctx: Pick<ParseContext, 'catalog'>): string {
  return [...ctx.catalog.serviceAreas.values()]
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((a) => `${a.code} (${a.name})`)
    .join(', ');
}

/** Text double-encoded somewhere in the sheet holds the release: re-exporting fixes it, guessing does not. */
function rejectMojibake(table: LocatedTable, reject: RejectFn): void {
  table.sheet.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell && looksLikeMojibake(cell)) {
        reject(
          table.at(r, c),
          cell,
          'mojibake',
          'text looks double-encoded (UTF-8 read as Windows-1252); re-export the file',
          true,
        );
      }
    }),
  );
}

/** The row reader for the planned columns; null (with rejects) when a required column is missing. */
function rowReader(table: LocatedTable, mapping: OjMapping, ctx: ParseContext, reject: RejectFn): RowReader | null {
  const plan = planColumns(table, mapping);
  const headerRow = table.headerIndex + 1;
  const found = `; the header row (row ${headerRow}) has ${listHeaders(table.header)}`;
  if (plan.layout === 'wide') {
    for (const m of plan.missing) {
      reject(
        { ...table.sheetLoc, row: headerRow, column: m.header[0]! },
        null,
        'missing-column',
        `no column headed ${m.header.map((h) => `"${h}"`).join(' or ')} for question ${m.holds}${found}`,
        true,
      );
    }
    if (plan.placed.length === 0) return null;
    return {
      answerCols: plan.placed.map((p) => p.col),
      yearCol: -1,
      cellsOf: (row, r) =>
        plan.placed.map((p) => ({ questionCode: p.questionCode, raw: row[p.col], loc: table.at(r, p.col) })),
    };
  }
  for (const m of plan.missing) {
    reject(
      { ...table.sheetLoc, row: headerRow },
      null,
      'missing-column',
      `no ${m.holds} column (${m.header.join(', ')})${found}`,
      true,
    );
  }
  if (plan.missing.length > 0) return null;
  const { questionCol, answerCol, areaCol, yearCol } = plan;
  return {
    answerCols: [answerCol],
    yearCol,
    cellsOf: (row, r) => {
      const rawQuestion = (row[questionCol] ?? '').trim();
      const rawArea = areaCol >= 0 ? (row[areaCol] ?? '').trim() : '';
      let areaCode: string | null = null;
      if (rawArea !== '') {
        areaCode = resolveArea(rawArea, ctx);
        if (areaCode === null) {
          reject(
            table.at(r, areaCol),
            rawArea,
            'unknown-service-area',
            `"${rawArea}" is not a known service area; the areas are ${listServiceAreas(ctx)}`,
            true,
          );
          return null;
        }
      }
      const matches = matchQuestion(mapping.questions, rawQuestion, areaCode);
      if (matches.length === 1)
        return [{ questionCode: matches[0]!.code, raw: row[answerCol], loc: table.at(r, answerCol) }];
      if (matches.length > 1) {
        reject(
          table.at(r, questionCol),
          rawQuestion,
          'ambiguous-question',
          `"${rawQuestion}" matches ${matches.map((q) => q.code).join(', ')}`,
          true,
        );
      } else if (mapping.unmappedQuestions === 'reject') {
        const area = rawArea ? ` in area "${rawArea}"` : '';
        reject(
          table.at(r, questionCol),
          rawQuestion,
          'unknown-question',
          `"${rawQuestion}"${area} is not in the mapping`,
          true,
        );
      }
      return null;
    },
  };
}

/**
 * Reads every row below the header: its year (long files), its unit — or, for a row with
 * none, whether it is a non-data row to skip — and then its cells as answers (municipalities,
 * stadsdelar) or published percentages (län, riket).
 */
function readRows(
  table: LocatedTable,
  reader: RowReader,
  mapping: OjMapping,
  ctx: ParseContext,
  release: ParsedRelease,
  reject: RejectFn,
): void {
  const { sheet, codeCol, nameCol } = table;
  const place = cellPlacer(mapping, release, reject);
  const covered = new Set<string>();

  for (let r = table.headerIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r]!;
    if (isBlankRow(row)) continue;
    release.rowsRead++;
    if (!rowYearMatches(row, r, reader.yearCol, table, mapping, ctx, release, reject)) continue;

    const rawCode = row[codeCol] ?? '';
    const rawName = nameCol >= 0 ? (row[nameCol] ?? null) : null;
    const unit = resolveUnit(rawCode, rawName, ctx.catalog, table.at(r, codeCol));
    if (!unit.ok) {
      const skipped = nonDataRow(
        row,
        r,
        rawCode,
        reader.answerCols,
        nameCol >= 0 ? nameCol : codeCol,
        codeCol,
        table.at,
      );
      if (skipped) release.skipped.push(skipped);
      else release.rejects.push(unit.reject);
      continue;
    }
    if (unit.repaired) countRepair(release, unit.repaired);
    const unitKey = `${unit.unit.kind}:${unit.unit.code}`;
    if (!covered.has(unitKey)) {
      covered.add(unitKey);
      release.unitsCovered.push(unit.unit);
    }

    for (const cell of reader.cellsOf(row, r) ?? []) place(unit.unit, unitKey, cell, r);
  }
}

/**
 * Places one cell: a municipality's or stadsdel's answer, or a län's or riket's published
 * percentage. A repeated cell is a counted repair when it agrees with the first and a
 * key-field reject when it does not. `unitKey` names the unit (kind and code, made once per row).
 */
function cellPlacer(
  mapping: OjMapping,
  release: ParsedRelease,
  reject: RejectFn,
): (unit: UnitRef, unitKey: string, cell: Cell, r: number) => void {
  // The cells placed, by unit and then question: no key string is built per cell (a national
  // year has 23 k cells; the strings and their hashing were about a sixth of the parse).
  const answerAt = new Map<string, Map<string, { answer: AnswerValue; row: number }>>();
  const figureAt = new Map<string, Map<string, { percent: number; row: number }>>();
  const placedFor = <V>(placed: Map<string, Map<string, V>>, unitKey: string): Map<string, V> => {
    let byQuestion = placed.get(unitKey);
    if (byQuestion === undefined) placed.set(unitKey, (byQuestion = new Map<string, V>()));
    return byQuestion;
  };
  const conflict = (cell: Cell, unit: UnitRef, here: string, earlier: string, row: number) =>
    reject(
      cell.loc,
      cell.raw ?? null,
      'duplicate-conflict',
      `${unit.code} ${cell.questionCode}: ${here} here, ${earlier} on row ${row}`,
      true,
    );
  return (unit, unitKey, cell, r) => {
    if (unit.kind === 'MUNICIPALITY' || unit.kind === 'DISTRICT') {
      const answer = normaliseAnswer(cell.raw ?? '', mapping.answerScale);
      if (answer === null) {
        release.rejects.push({
          loc: cell.loc,
          rawValue: cell.raw ?? null,
          rule: 'answer-not-in-scale',
          message: `"${cell.raw}" is not Ja, Nej, Ej aktuellt or a no-response mark`,
          isKeyField: false,
          answerKey: { unitCode: unit.code, questionCode: cell.questionCode, year: mapping.year },
        });
        return;
      }
      const placed = placedFor(answerAt, unitKey);
      const earlier = placed.get(cell.questionCode);
      if (earlier) {
        if (earlier.answer === answer) countRepair(release, 'duplicate-identical');
        else conflict(cell, unit, answer, earlier.answer, earlier.row);
        return;
      }
      placed.set(cell.questionCode, { answer, row: r + 1 });
      release.answers.push({
        unit,
        questionCode: cell.questionCode,
        year: mapping.year,
        answer,
        rawValue: cell.raw ?? null,
        loc: cell.loc,
      });
      return;
    }
    const percent = readPercent(cell, reject);
    if (percent === null) return;
    const placed = placedFor(figureAt, unitKey);
    const earlier = placed.get(cell.questionCode);
    if (earlier) {
      if (earlier.percent === percent) countRepair(release, 'duplicate-identical');
      else conflict(cell, unit, `${percent} %`, `${earlier.percent} %`, earlier.row);
      return;
    }
    placed.set(cell.questionCode, { percent, row: r + 1 });
    release.figures.push({
      subject: 'ROUTINE',
      measure: cell.questionCode,
      scope: unit,
      scopeLabel: null,
      year: mapping.year,
      numerator: null,
      denominator: null,
      denominatorKind: null,
      percent,
      qualifier: null,
      publication: mapping.publication,
      note: FIGURE_NOTE,
      loc: cell.loc,
    });
  };
}

/** A long file's row year, when given, must be valid and the mapping's year. */
function rowYearMatches(
  row: string[],
  r: number,
  yearCol: number,
  table: LocatedTable,
  mapping: OjMapping,
  ctx: ParseContext,
  release: ParsedRelease,
  reject: RejectFn,
): boolean {
  if (yearCol < 0 || (row[yearCol] ?? '').trim() === '') return true;
  const rowYear = checkYear(row[yearCol], ctx.now, table.at(r, yearCol));
  if (!rowYear.ok) {
    release.rejects.push(rowYear.reject);
    return false;
  }
  if (rowYear.year !== mapping.year) {
    reject(
      table.at(r, yearCol),
      row[yearCol]!,
      'year-mismatch',
      `row says ${rowYear.year}, the mapping says ${mapping.year}`,
      true,
    );
    return false;
  }
  return true;
}

/**
 * A row without a unit that holds no data: a heading ("Stadsdelsområden i Stockholm"), a
 * note ("Källa: …") — no numeric code and no answers — or a separator of dashes. Null when
 * the row looks like data (a numeric code, or an answer), so its unit problem stays a reject.
 */
function nonDataRow(
  row: string[],
  r: number,
  rawCode: string,
  answerCols: number[],
  nameCol: number,
  codeCol: number,
  at: (row: number, col: number) => SourceLocation,
): SkippedRow | null {
  const filled = row.map((c) => (c ?? '').trim()).filter((c) => c !== '');
  if (filled.every((c) => /^[-\u2013\u2014\u2212_=.*\s]+$/.test(c))) {
    return { loc: at(r, codeCol), text: filled[0] ?? null, reason: 'separator: a row of dashes' };
  }
  const answersBlank = answerCols.every((c) => (row[c] ?? '').trim() === '');
  if (!answersBlank || /^\d+$/.test(rawCode.trim())) return null;
  const textCol = rawCode.trim() === '' ? nameCol : codeCol;
  return {
    loc: at(r, textCol),
    text: (row[textCol] ?? '').trim() || (filled[0] ?? null),
    reason: 'heading or note: no unit code and no answers',
  };
}

/**
 * The answer a cell means: Ja / Nej / Ej aktuellt(t) in any case and spacing; blank, `-`,
 * `–`, `..` and `Uppgift saknas` are no response. Null for anything else (`Delvis`, `1`).
 */
export function normaliseAnswer(raw: string, scale: Record<string, AnswerValue> | null = null): AnswerValue | null {
  const scaled = scale?.[raw.trim()];
  if (scaled) return scaled;
  const key = raw.replace(/[\s\u00a0\u202f]+/g, '').toLocaleLowerCase('sv-SE');
  if (key === 'ja') return 'JA';
  if (key === 'nej') return 'NEJ';
  if (key === 'ejaktuellt' || key === 'ejaktuell') return 'EJ_AKTUELLT';
  if (isNoResponseMark(raw)) return 'NO_RESPONSE';
  return null;
}

/** Blank and the marks Socialstyrelsen prints for "no answer": `-`, `–`, `—`, `..`, `Uppgift saknas`. */
export function isNoResponseMark(raw: string): boolean {
  const key = raw.replace(/[\s\u00a0\u202f]+/g, '').toLocaleLowerCase('sv-SE');
  return (
    key === '' ||
    key === '-' ||
    key === '\u2013' ||
    key === '\u2014' ||
    key === '\u2212' ||
    key === '..' ||
    key === 'uppgiftsaknas'
  );
}

function readPercent(
  cell: Cell,
  reject: (loc: SourceLocation, raw: string | null, rule: string, message: string, key: boolean) => void,
): number | null {
  const raw = cell.raw ?? '';
  if (isNoResponseMark(raw)) return null;
  const value = parseSwedishNumber(raw);
  if (value === null) {
    reject(cell.loc, raw, 'percent-not-a-number', `"${raw}" is not a percentage`, false);
    return null;
  }
  if (value < 0 || value > 100) {
    reject(cell.loc, raw, 'percent-out-of-range', `${value} is outside 0…100 %`, false);
    return null;
  }
  return value;
}

function matchQuestion(questions: OjQuestion[], rawQuestion: string, areaCode: string | null): OjQuestion[] {
  const key = normaliseHeader(rawQuestion);
  if (key === '') return [];
  return questions.filter(
    (q) =>
      [q.code, ...q.sourceIds, q.text].some((id) => normaliseHeader(id) === key) &&
      (areaCode === null || q.areaCode === areaCode),
  );
}

function resolveArea(raw: string, ctx: ParseContext): string | null {
  if (ctx.catalog.serviceAreas.has(raw.toUpperCase())) return raw.toUpperCase();
  return ctx.catalog.serviceAreaByName.get(normaliseName(raw))?.code ?? null;
}
