import { decodeText, type TextEncoding } from './decode.js';

export interface CsvTable {
  encoding: TextEncoding;
  delimiter: ';' | ',' | '\t';
  /** Rows as arrays of cells; row i is line i + 1 of the file as a person counts. */
  rows: string[][];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
  }
}

/**
 * Reads CSV bytes: encoding and delimiter detected (`;` for Swedish Excel, `,`, or tab),
 * RFC 4180 quoting, CRLF or LF. An unterminated quote is a CsvSyntaxError naming the row.
 */
export function readCsv(bytes: Uint8Array): CsvTable {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  return { encoding, delimiter, rows: parseCsvText(text, delimiter) };
}

/**
 * The delimiter of a CSV export: the one with the most fields outside quotes on any of the
 * first 50 non-empty lines (a title line above the header often has no delimiter at all);
 * `;` wins ties, as Swedish Excel writes it.
 */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const best = { ';': 0, ',': 0, '\t': 0 };
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 50);
  for (const line of lines) {
    const counts = { ';': 0, ',': 0, '\t': 0 };
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
    }
    for (const d of [';', ',', '\t'] as const) best[d] = Math.max(best[d], counts[d]);
  }
  if (best[';'] >= best[','] && best[';'] >= best['\t'] && best[';'] > 0) return ';';
  if (best['\t'] > best[',']) return '\t';
  return best[','] > 0 ? ',' : ';';
}

export function parseCsvText(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let quoteStartLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteStartLine = line;
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      line++;
    } else cell += ch;
  }
  if (quoted) throw new CsvSyntaxError(`unterminated quoted field starting on row ${quoteStartLine}`, quoteStartLine);
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * A number as Swedish sources print it: decimal comma, spaces or NBSP as thousands
 * separator, optional `%`. Returns null for anything that is not a number.
 */
export function parseSwedishNumber(raw: string): number | null {
  const s = raw
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/%$/, '')
    .replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}
