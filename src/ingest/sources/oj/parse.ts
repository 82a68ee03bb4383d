import path from 'node:path';
import type { ParseContext } from '../../adapter.js';
import { normaliseName } from '../../reference-catalog.js';
import type { AnswerValue } from '../../../domain/answer.js';
import { countRepair, emptyRelease, type ParsedRelease, type SourceLocation } from '../../release.js';
import { parseSwedishNumber } from '../../text/csv.js';
import { looksLikeMojibake } from '../../text/decode.js';
import { checkYear, resolveUnit } from '../../validate/unit-code.js';
import { normaliseHeader, type OjMapping, type OjQuestion } from './mapping.js';
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

/**
 * Turns the grids of one ÖJ file into a ParsedRelease (pure; no I/O). The header row is
 * found by its code column, wherever the title rows end. Municipality and stadsdel rows
 * give answers; county and riket rows give the published percentages. Bad cells become
 * Rejects: key-field ones (unit, question, year, duplicates, encoding) hold the release.
 */
export function parseOjSheets(sheets: SheetGrid[], mapping: OjMapping, file: string, ctx: ParseContext): ParsedRelease {
  const release = emptyRelease(OJ_SOURCE, file, file);
  const fileLoc: SourceLocation = { source: OJ_SOURCE, file };
  const reject = (loc: SourceLocation, rawValue: string | null, rule: string, message: string, isKeyField: boolean) =>
    release.rejects.push({ loc, rawValue, rule, message, isKeyField });

  const year = checkYear(mapping.year, ctx.now, fileLoc);
  if (!year.ok) {
    release.rejects.push(year.reject);
    return release;
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
    return release;
  }

  for (const q of mapping.questions) {
    if (q.areaCode !== null && !ctx.catalog.serviceAreas.has(q.areaCode)) {
      reject(
        fileLoc,
        q.areaCode,
        'unknown-service-area',
        `question ${q.code}: "${q.areaCode}" is not in service-areas.csv`,
        true,
      );
    }
    release.questions.push({
      code: q.code,
      areaCode: q.areaCode,
      text: q.text,
      family: q.family,
      answerScale: mapping.answerScale,
      askedOf: 'MUNICIPALITY',
      koladaKpiId: q.koladaKpiId,
    });
  }

  if (sheets.every((s) => s.rows.every(isBlankRow))) {
    reject(fileLoc, null, 'empty-release', 'the file holds no data', true);
    return release;
  }

  let candidates = sheets;
  if (mapping.sheet !== null) {
    const wanted = normaliseHeader(mapping.sheet);
    candidates = sheets.filter((s) => s.name !== null && normaliseHeader(s.name) === wanted);
    if (candidates.length === 0) {
      const names = sheets.map((s) => `"${s.name}"`).join(', ');
      reject(
        fileLoc,
        mapping.sheet,
        'sheet-not-found',
        `sheet "${mapping.sheet}" not found; the workbook has ${names}`,
        true,
      );
      return release;
    }
  }
  let found: { sheet: SheetGrid; headerIndex: number; codeCol: number } | null = null;
  for (const sheet of candidates) {
    const hit = findHeaderRow(sheet.rows, mapping);
    if (hit) {
      found = { sheet, ...hit };
      break;
    }
  }
  if (!found) {
    const sheetNames = candidates.map((s) => s.name).filter((n): n is string => n !== null);
    reject(
      { ...fileLoc, ...(sheetNames.length > 0 ? { sheet: sheetNames.join(', ') } : {}) },
      null,
      'no-header-row',
      `no header row with a code column (${mapping.codeColumn.join(', ')}) in the first ${mapping.headerSearchRows} rows`,
      true,
    );
    return release;
  }

  const { sheet, headerIndex, codeCol } = found;
  const sheetLoc: SourceLocation = sheet.name === null ? fileLoc : { ...fileLoc, sheet: sheet.name };
  const header = sheet.rows[headerIndex]!;
  const headerName = (col: number) => (header[col] ?? '').trim() || columnLetter(col);
  const at = (row: number, col: number): SourceLocation => ({ ...sheetLoc, row: row + 1, column: headerName(col) });
  const nameCol = findColumn(header, mapping.nameColumn, [codeCol]);

  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r]!;
    row.forEach((cell, c) => {
      if (cell && looksLikeMojibake(cell)) {
        reject(
          at(r, c),
          cell,
          'mojibake',
          'text looks double-encoded (UTF-8 read as Windows-1252); re-export the file',
          true,
        );
      }
    });
  }

  // Column layout: which cells of a row hold which question's answer.
  const taken = [codeCol, ...(nameCol >= 0 ? [nameCol] : [])];
  let cellsOf: (row: string[], r: number) => Cell[] | null;
  let answerCols: number[];
  let yearCol = -1;
  if (mapping.layout === 'wide') {
    const placed: { col: number; questionCode: string }[] = [];
    for (const column of mapping.columns) {
      const col = findColumn(header, column.header, taken, column.match);
      if (col < 0) {
        reject(
          { ...sheetLoc, row: headerIndex + 1, column: column.header[0]! },
          null,
          'missing-column',
          `no column headed ${column.header.map((h) => `"${h}"`).join(' or ')} for question ${column.questionCode}`,
          true,
        );
      } else placed.push({ col, questionCode: column.questionCode });
    }
    if (placed.length === 0) return release;
    answerCols = placed.map((p) => p.col);
    cellsOf = (row, r) => placed.map((p) => ({ questionCode: p.questionCode, raw: row[p.col], loc: at(r, p.col) }));
  } else {
    const long = mapping.long!;
    const questionCol = findColumn(header, long.questionColumn, taken);
    const answerCol = findColumn(header, long.answerColumn, [...taken, questionCol]);
    const areaCol = findColumn(header, long.areaColumn, [...taken, questionCol, answerCol]);
    yearCol = findColumn(header, long.yearColumn, [...taken, questionCol, answerCol, areaCol]);
    for (const [col, names, what] of [
      [questionCol, long.questionColumn, 'question id'],
      [answerCol, long.answerColumn, 'answer'],
    ] as const) {
      if (col < 0) {
        reject(
          { ...sheetLoc, row: headerIndex + 1 },
          null,
          'missing-column',
          `no ${what} column (${names.join(', ')})`,
          true,
        );
      }
    }
    if (questionCol < 0 || answerCol < 0) return release;
    answerCols = [answerCol];
    cellsOf = (row, r) => {
      const rawQuestion = (row[questionCol] ?? '').trim();
      const rawArea = areaCol >= 0 ? (row[areaCol] ?? '').trim() : '';
      let areaCode: string | null = null;
      if (rawArea !== '') {
        areaCode = resolveArea(rawArea, ctx);
        if (areaCode === null) {
          reject(at(r, areaCol), rawArea, 'unknown-service-area', `"${rawArea}" is not a known service area`, true);
          return null;
        }
      }
      const matches = matchQuestion(mapping.questions, rawQuestion, areaCode);
      if (matches.length === 1) return [{ questionCode: matches[0]!.code, raw: row[answerCol], loc: at(r, answerCol) }];
      if (matches.length > 1) {
        reject(
          at(r, questionCol),
          rawQuestion,
          'ambiguous-question',
          `"${rawQuestion}" matches ${matches.map((q) => q.code).join(', ')}`,
          true,
        );
      } else if (mapping.unmappedQuestions === 'reject') {
        const area = rawArea ? ` in area "${rawArea}"` : '';
        reject(
          at(r, questionCol),
          rawQuestion,
          'unknown-question',
          `"${rawQuestion}"${area} is not in the mapping`,
          true,
        );
      }
      return null;
    };
  }

  const answerAt = new Map<string, { answer: AnswerValue; row: number }>();
  const figureAt = new Map<string, { percent: number; row: number }>();
  const covered = new Set<string>();

  for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r]!;
    if (isBlankRow(row)) continue;
    release.rowsRead++;

    if (yearCol >= 0 && (row[yearCol] ?? '').trim() !== '') {
      const rowYear = checkYear(row[yearCol], ctx.now, at(r, yearCol));
      if (!rowYear.ok) {
        release.rejects.push(rowYear.reject);
        continue;
      }
      if (rowYear.year !== mapping.year) {
        reject(
          at(r, yearCol),
          row[yearCol]!,
          'year-mismatch',
          `row says ${rowYear.year}, the mapping says ${mapping.year}`,
          true,
        );
        continue;
      }
    }

    const rawCode = row[codeCol] ?? '';
    const rawName = nameCol >= 0 ? (row[nameCol] ?? null) : null;
    const unit = resolveUnit(rawCode, rawName, ctx.catalog, at(r, codeCol));
    if (!unit.ok) {
      const answersBlank = answerCols.every((c) => (row[c] ?? '').trim() === '');
      if (answersBlank && !/^\d+$/.test(rawCode.trim())) {
        // Headings and footnotes ("Källa: …") carry no numeric code and no answers: reported, not fatal.
        const textCol = rawCode.trim() === '' && nameCol >= 0 ? nameCol : codeCol;
        reject(
          at(r, textCol),
          row[textCol] ?? null,
          'heading-row',
          'row has no unit code and no answers (a heading or footnote); skipped',
          false,
        );
      } else release.rejects.push(unit.reject);
      continue;
    }
    if (unit.repaired) countRepair(release, unit.repaired);
    const unitKey = `${unit.unit.kind}:${unit.unit.code}`;
    if (!covered.has(unitKey)) {
      covered.add(unitKey);
      release.unitsCovered.push(unit.unit);
    }

    for (const cell of cellsOf(row, r) ?? []) {
      const key = `${unitKey}|${cell.questionCode}`;
      if (unit.unit.kind === 'MUNICIPALITY' || unit.unit.kind === 'DISTRICT') {
        const answer = normaliseAnswer(cell.raw ?? '', mapping.answerScale);
        if (answer === null) {
          reject(
            cell.loc,
            cell.raw ?? null,
            'answer-not-in-scale',
            `"${cell.raw}" is not Ja, Nej, Ej aktuellt or a no-response mark`,
            false,
          );
          continue;
        }
        const earlier = answerAt.get(key);
        if (earlier) {
          if (earlier.answer === answer) countRepair(release, 'duplicate-identical');
          else {
            reject(
              cell.loc,
              cell.raw ?? null,
              'duplicate-conflict',
              `${unit.unit.code} ${cell.questionCode}: ${answer} here, ${earlier.answer} on row ${earlier.row}`,
              true,
            );
          }
          continue;
        }
        answerAt.set(key, { answer, row: r + 1 });
        release.answers.push({
          unit: unit.unit,
          questionCode: cell.questionCode,
          year: mapping.year,
          answer,
          rawValue: cell.raw ?? null,
          loc: cell.loc,
        });
      } else {
        const percent = readPercent(cell, reject);
        if (percent === null) continue;
        const earlier = figureAt.get(key);
        if (earlier) {
          if (earlier.percent === percent) countRepair(release, 'duplicate-identical');
          else {
            reject(
              cell.loc,
              cell.raw ?? null,
              'duplicate-conflict',
              `${unit.unit.code} ${cell.questionCode}: ${percent} % here, ${earlier.percent} % on row ${earlier.row}`,
              true,
            );
          }
          continue;
        }
        figureAt.set(key, { percent, row: r + 1 });
        release.figures.push({
          subject: 'ROUTINE',
          measure: cell.questionCode,
          scope: unit.unit,
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
      }
    }
  }

  if (release.rowsRead === 0) {
    reject(
      { ...sheetLoc, row: headerIndex + 1 },
      null,
      'empty-release',
      'the header row is not followed by any data row',
      true,
    );
  }
  return release;
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

/** The header row: the first row (within headerSearchRows) with a cell naming the code column. */
function findHeaderRow(rows: string[][], mapping: OjMapping): { headerIndex: number; codeCol: number } | null {
  const limit = Math.min(rows.length, mapping.headerSearchRows);
  for (let r = 0; r < limit; r++) {
    const codeCol = findColumn(rows[r] ?? [], mapping.codeColumn, []);
    if (codeCol >= 0) return { headerIndex: r, codeCol };
  }
  return null;
}

/** The first header cell matching a candidate, tried in candidate order; -1 when none. */
function findColumn(
  header: string[],
  candidates: string[],
  exclude: number[],
  match: 'exact' | 'prefix' = 'exact',
): number {
  for (const candidate of candidates) {
    const want = normaliseHeader(candidate);
    for (let c = 0; c < header.length; c++) {
      const cell = header[c];
      if (cell === undefined || exclude.includes(c)) continue;
      const have = normaliseHeader(cell);
      if (have === want || (match === 'prefix' && have.startsWith(want))) return c;
    }
  }
  return -1;
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

function isBlankRow(row: string[] | undefined): boolean {
  return !row || row.every((c) => c === undefined || c.trim() === '');
}

/** Spreadsheet column letters (0 → A) for headerless columns. */
function columnLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
