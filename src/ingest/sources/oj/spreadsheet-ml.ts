import path from 'node:path';
import { SaxesParser } from 'saxes';

/**
 * Reads the cells of an xlsx package's worksheets from its SpreadsheetML parts (ECMA-376
 * part 1, §18): the workbook and its relationships name the sheets, the shared strings and
 * styles resolve what a cell holds, and each cell becomes the text a person reads in Excel.
 * The parts arrive already inflated and within the package limits (workbook.ts); this module
 * knows XML, not zip.
 *
 * Text follows what exceljs gave the parsers before (they were written against it): numbers as
 * JavaScript prints them, percent formats ×100 with `%`, date formats as ISO dates, booleans as
 * TRUE/FALSE, a formula as its cached result, rich text as its plain text, and every cell of a
 * merged range as its top-left cell. Why not exceljs itself: loading it took ~0.3 s of CPU
 * (0.7 s cold) in every process that read a workbook, and a yearly release has one.
 */

/** A cell that holds a value; row and col are 1-based. */
export interface SheetCell {
  row: number;
  col: number;
  text: string;
}

export interface SheetCells {
  name: string;
  cells: SheetCell[];
}

/** The inflated text of a package part by its zip path, or null when the package has none. */
export type PartText = (name: string) => string | null;

/** How a style shows a number: ECMA-376 §18.8.30 built-ins 9–10 are percentages, 14–22 and 45–47 dates. */
interface NumberStyle {
  percent: boolean;
  date: boolean;
}

const BUILT_IN_PERCENT = new Set([9, 10]);
const BUILT_IN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
const PLAIN: NumberStyle = { percent: false, date: false };

export function readSpreadsheet(part: PartText): SheetCells[] {
  const workbookXml = part('xl/workbook.xml');
  if (workbookXml === null) throw new Error('the package has no xl/workbook.xml');
  const { sheets, date1904 } = readWorkbookPart(workbookXml);
  const targets = readRelationships(part('xl/_rels/workbook.xml.rels') ?? '');
  const strings = readSharedStrings(part('xl/sharedStrings.xml'));
  const styles = readNumberStyles(part('xl/styles.xml'));
  const out: SheetCells[] = [];
  for (const sheet of sheets) {
    const target = targets.get(sheet.relId);
    if (target === undefined) throw new Error(`sheet "${sheet.name}" has no relationship ${sheet.relId}`);
    const xml = part(resolveTarget(target));
    if (xml === null)
      throw new Error(
        `sheet "${sheet.name}" is stored at ${resolveTarget(target)}, not a worksheet part of the package`,
      );
    out.push({ name: sheet.name, cells: readSheet(xml, strings, styles, date1904) });
  }
  return out;
}

interface XmlHandlers {
  open?: (name: string, attributes: Record<string, string>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

/** Streams one part's XML to the handlers with element names stripped of their namespace prefix. */
function parseXml(xml: string, on: XmlHandlers): void {
  const parser = new SaxesParser();
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  if (on.open) {
    const open = on.open;
    parser.on('opentag', (tag) => open(local(tag.name), tag.attributes));
  }
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  if (on.close) {
    const close = on.close;
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
}

/** An attribute by its local name (`r:id` and `id` alike). */
function attribute(attributes: Record<string, string>, name: string): string | undefined {
  if (name in attributes) return attributes[name];
  for (const [key, value] of Object.entries(attributes)) if (key.endsWith(`:${name}`)) return value;
  return undefined;
}

function readWorkbookPart(xml: string): { sheets: { name: string; relId: string }[]; date1904: boolean } {
  const sheets: { name: string; relId: string }[] = [];
  let date1904 = false;
  parseXml(xml, {
    open(name, a) {
      if (name === 'sheet') sheets.push({ name: a['name'] ?? '', relId: attribute(a, 'id') ?? '' });
      else if (name === 'workbookPr') date1904 = a['date1904'] === '1' || a['date1904'] === 'true';
    },
  });
  return { sheets, date1904 };
}

function readRelationships(xml: string): Map<string, string> {
  const targets = new Map<string, string>();
  if (xml === '') return targets;
  parseXml(xml, {
    open(name, a) {
      if (name === 'Relationship' && a['Id'] && a['Target']) targets.set(a['Id'], a['Target']);
    },
  });
  return targets;
}

/** A workbook relationship's target as a zip path: relative to xl/, or absolute from the package root. */
function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);
}

/** Excel writes characters XML cannot hold as `_xHHHH_`. */
function unescapeText(text: string): string {
  return text.includes('_x')
    ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

/**
 * Collects the text of `<t>` elements between an element's open and close, leaving out
 * phonetic runs (`<rPh>`, a reading guide, not the text): plain and rich text alike.
 */
class TextCollector {
  private phonetic = 0;
  private inT = false;
  private t = '';
  text = '';

  open(name: string): void {
    if (name === 'rPh') this.phonetic++;
    else if (name === 't') {
      this.inT = true;
      this.t = '';
    }
  }

  append(text: string): void {
    if (this.inT && this.phonetic === 0) this.t += text;
  }

  close(name: string): void {
    if (name === 'rPh') this.phonetic--;
    else if (name === 't' && this.inT) {
      this.inT = false;
      if (this.phonetic === 0) this.text += unescapeText(this.t);
    }
  }

  reset(): void {
    this.phonetic = 0;
    this.inT = false;
    this.text = '';
  }
}

function readSharedStrings(xml: string | null): string[] {
  const strings: string[] = [];
  if (xml === null) return strings;
  const text = new TextCollector();
  parseXml(xml, {
    open(name) {
      if (name === 'si') text.reset();
      else text.open(name);
    },
    text: (t) => text.append(t),
    close(name) {
      if (name === 'si') strings.push(text.text);
      else text.close(name);
    },
  });
  return strings;
}

/** Date format codes by exceljs' rule: a y, m, d, h, s or b outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** The number style of each cell style index (`<c s>`), from styles.xml's cellXfs and numFmts. */
function readNumberStyles(xml: string | null): NumberStyle[] {
  if (xml === null) return [];
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inCellXfs = false;
  parseXml(xml, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a['numFmtId']), a['formatCode'] ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) ids.push(Number(a['numFmtId'] ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return ids.map((id) => {
    if (!id) return PLAIN;
    const code = custom.get(id);
    if (code !== undefined) return { percent: code.includes('%'), date: isDateFormat(code) };
    return { percent: BUILT_IN_PERCENT.has(id), date: BUILT_IN_DATE.has(id) };
  });
}

/** Column letters as a 1-based number: A = 1, XFD = 16 384. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** `B12` → row 12, col 2; null for anything else. */
function cellRef(ref: string | undefined): { row: number; col: number } | null {
  const m = ref === undefined ? null : /^\$?([A-Za-z]+)\$?(\d+)$/.exec(ref);
  return m ? { row: Number(m[2]), col: columnNumber(m[1]!) } : null;
}

/** A serial date (days since 1899-12-30, or since 1904-01-01) as an ISO date, or date and time. */
function serialDate(serial: number, date1904: boolean): string {
  const iso = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function numberText(raw: string, style: NumberStyle, date1904: boolean): string {
  const value = parseFloat(raw);
  if (style.date) return serialDate(value, date1904);
  if (style.percent) return `${Number((value * 100).toPrecision(12))}%`;
  return String(value);
}

interface OpenCell {
  row: number;
  col: number;
  type: string;
  style: NumberStyle;
  formula: boolean;
  /** Text of `<v>`; undefined when the cell has none. */
  value: string | undefined;
  /** Inline string (`<is>`); undefined when the cell has none. */
  inline: string | undefined;
}

/** The text of a finished cell, or undefined when it holds no value (a styled blank). */
function cellText(c: OpenCell, strings: readonly string[], date1904: boolean): string | undefined {
  if (c.formula) {
    // The cached result; a formula never calculated reads as empty.
    if (!c.value) return '';
    if (c.type === 'str' || c.type === 'e') return c.value;
    if (c.type === 'b') return parseInt(c.value, 10) !== 0 ? 'TRUE' : 'FALSE';
    return numberText(c.value, c.style, date1904);
  }
  const raw = c.value ?? c.inline;
  if (raw === undefined) return undefined;
  switch (c.type) {
    case 's': {
      const text = strings[parseInt(raw, 10)];
      if (text === undefined)
        throw new Error(`cell ${c.col}:${c.row} names shared string ${raw}, which the package lacks`);
      return text;
    }
    case 'str':
    case 'inlineStr':
    case 'e':
      return raw;
    case 'b':
      return parseInt(raw, 10) !== 0 ? 'TRUE' : 'FALSE';
    default:
      return numberText(raw, c.style, date1904);
  }
}

function readSheet(
  xml: string,
  strings: readonly string[],
  styles: readonly NumberStyle[],
  date1904: boolean,
): SheetCell[] {
  // Keyed by row, then column: a later cell at the same address replaces an earlier one.
  const grid = new Map<number, Map<number, string>>();
  const set = (row: number, col: number, text: string) => {
    let r = grid.get(row);
    if (r === undefined) grid.set(row, (r = new Map<number, string>()));
    r.set(col, text);
  };
  const merges: string[] = [];
  let row = 0;
  let nextCol = 1;
  let cell: OpenCell | null = null;
  let inValue = false;
  let inInline = false;
  const inline = new TextCollector();
  parseXml(xml, {
    open(name, a) {
      switch (name) {
        case 'row': {
          const r = Number(a['r']);
          row = Number.isInteger(r) && r > 0 ? r : row + 1;
          nextCol = 1;
          break;
        }
        case 'c': {
          // A cell without a usable reference follows the one before it, as Excel places it.
          const at = cellRef(a['r']) ?? { row: Math.max(row, 1), col: nextCol };
          nextCol = at.col + 1;
          const s = a['s'] === undefined ? undefined : parseInt(a['s'], 10);
          cell = {
            ...at,
            type: a['t'] ?? 'n',
            style: (s !== undefined && styles[s]) || PLAIN,
            formula: false,
            value: undefined,
            inline: undefined,
          };
          break;
        }
        case 'f':
          if (cell) cell.formula = true;
          break;
        case 'v':
          inValue = cell !== null;
          break;
        case 'is':
          if (cell) {
            inInline = true;
            inline.reset();
          }
          break;
        case 'mergeCell':
          if (a['ref']) merges.push(a['ref']);
          break;
        default:
          if (inInline) inline.open(name);
      }
    },
    text(t) {
      if (inValue && cell) cell.value = (cell.value ?? '') + t;
      else if (inInline) inline.append(t);
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 'is':
          if (inInline && cell) cell.inline = inline.text;
          inInline = false;
          break;
        case 'c':
          if (cell) {
            const text = cellText(cell, strings, date1904);
            if (text !== undefined) set(cell.row, cell.col, text);
          }
          cell = null;
          inValue = false;
          inInline = false;
          break;
        default:
          if (inInline) inline.close(name);
      }
    },
  });
  // Every cell of a merged range reads as its top-left cell (the package's limits already
  // refused ranges covering more cells than allowed: workbook.ts checkExpandedCells).
  for (const ref of merges) {
    const [from, to = from] = ref.split(':');
    const a = cellRef(from);
    const b = cellRef(to);
    if (!a || !b) continue;
    const top = Math.min(a.row, b.row);
    const left = Math.min(a.col, b.col);
    const master = grid.get(top)?.get(left);
    for (let r = top; r <= Math.max(a.row, b.row); r++)
      for (let c = left; c <= Math.max(a.col, b.col); c++) if (r !== top || c !== left) set(r, c, master ?? '');
  }
  const cells: SheetCell[] = [];
  for (const [r, cols] of grid) for (const [c, text] of cols) cells.push({ row: r, col: c, text });
  return cells;
}
