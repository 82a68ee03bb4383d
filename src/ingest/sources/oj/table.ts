import type { SourceLocation } from '../../release.js';
import { normaliseHeader, type OjMapping } from './mapping.js';
import type { SheetGrid } from './workbook.js';

/** Where the data of an ÖJ file is: its sheet, its header row and the unit code and name columns. */
export interface LocatedTable {
  sheet: SheetGrid;
  /** 0-based index of the header row in sheet.rows. */
  headerIndex: number;
  header: string[];
  codeCol: number;
  /** -1 when no name column was found. */
  nameCol: number;
  /** File (and sheet) as a reject names them. */
  sheetLoc: SourceLocation;
  /** A cell's location: 1-based row, the column by its header text (or letter when headerless). */
  at: (row: number, col: number) => SourceLocation;
}

export type TableSearch =
  { ok: true; table: LocatedTable } | { ok: false; rule: string; message: string; loc: SourceLocation };

/**
 * Finds the table in an ÖJ file: the mapping's sheet (or every sheet in order), and in it the
 * header row — the first row, within headerSearchRows, with a cell naming the code column —
 * wherever the title rows end.
 */
export function locateTable(sheets: SheetGrid[], mapping: OjMapping, fileLoc: SourceLocation): TableSearch {
  let candidates = sheets;
  if (mapping.sheet !== null) {
    const wanted = normaliseHeader(mapping.sheet);
    candidates = sheets.filter((s) => s.name !== null && normaliseHeader(s.name) === wanted);
    if (candidates.length === 0) {
      const names = sheets.map((s) => `"${s.name}"`).join(', ');
      return {
        ok: false,
        rule: 'sheet-not-found',
        message: `sheet "${mapping.sheet}" not found; the workbook has ${names}`,
        loc: fileLoc,
      };
    }
  }
  for (const sheet of candidates) {
    const hit = findHeaderRow(sheet.rows, mapping.codeColumn, mapping.headerSearchRows);
    if (hit) return { ok: true, table: tableAt(sheet, hit.headerIndex, hit.codeCol, mapping.nameColumn, fileLoc) };
  }
  const sheetNames = candidates.map((s) => s.name).filter((n): n is string => n !== null);
  return {
    ok: false,
    rule: 'no-header-row',
    message: `no header row with a code column (${mapping.codeColumn.join(', ')}) in the first ${mapping.headerSearchRows} rows`,
    loc: { ...fileLoc, ...(sheetNames.length > 0 ? { sheet: sheetNames.join(', ') } : {}) },
  };
}

/** The table whose header is row headerIndex of sheet. */
export function tableAt(
  sheet: SheetGrid,
  headerIndex: number,
  codeCol: number,
  nameColumn: string[],
  fileLoc: SourceLocation,
): LocatedTable {
  const sheetLoc: SourceLocation = sheet.name === null ? fileLoc : { ...fileLoc, sheet: sheet.name };
  const { source, file } = fileLoc;
  const sheetName = sheet.name ?? '';
  const header = sheet.rows[headerIndex]!;
  // Per column once: every answer cell's location names its column.
  const headerNames: string[] = [];
  const headerName = (col: number) => (headerNames[col] ??= (header[col] ?? '').trim() || columnLetter(col));
  return {
    sheet,
    headerIndex,
    header,
    codeCol,
    nameCol: findColumn(header, nameColumn, [codeCol]),
    sheetLoc,
    // Built as literals, not by spreading sheetLoc: one location per answer cell, and spreading
    // was the parser's costliest line (0.7 s of CPU over the benchmark's full load).
    at:
      sheet.name === null
        ? (row, col) => ({ source, file, row: row + 1, column: headerName(col) })
        : (row, col) => ({ source, file, sheet: sheetName, row: row + 1, column: headerName(col) }),
  };
}

/** The header row: the first row (within searchRows) with a cell naming a code column. */
export function findHeaderRow(
  rows: string[][],
  codeColumn: string[],
  searchRows: number,
): { headerIndex: number; codeCol: number } | null {
  const limit = Math.min(rows.length, searchRows);
  for (let r = 0; r < limit; r++) {
    const codeCol = findColumn(rows[r] ?? [], codeColumn, []);
    if (codeCol >= 0) return { headerIndex: r, codeCol };
  }
  return null;
}

/** The first header cell matching a candidate, tried in candidate order; -1 when none. */
export function findColumn(
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

/** The header texts of a row as a person reads them: `"Kommunkod", "Kommun", …` (empty cells left out). */
export function listHeaders(header: string[]): string {
  return header
    .filter((h): h is string => h !== undefined && h.trim() !== '')
    .map((h) => `"${h.trim()}"`)
    .join(', ');
}

export function isBlankRow(row: string[] | undefined): boolean {
  return !row || row.every((c) => c === undefined || c.trim() === '');
}

/** Spreadsheet column letters (0 → A) for headerless columns. */
export function columnLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
