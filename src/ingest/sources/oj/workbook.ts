import path from 'node:path';
import { createInflateRaw } from 'node:zlib';
import type { ParseLimits } from '../../adapter.js';
import { CsvSyntaxError, detectDelimiter, parseCsvText } from '../../text/csv.js';
import { decodeText, type TextEncoding } from '../../text/decode.js';
import { columnNumber, readSpreadsheet, type SheetCells } from './spreadsheet-ml.js';

/**
 * One sheet as plain text cells. rows[i] is row i + 1 as a person sees it in the file;
 * a cell the file does not have is a hole (reads as undefined), an empty CSV field is ''.
 */
export interface SheetGrid {
  /** Sheet name; null for a CSV file, which has no sheets. */
  name: string | null;
  rows: string[][];
}

export interface TableFile {
  format: 'xlsx' | 'csv';
  /** For CSV: the detected encoding. */
  encoding: TextEncoding | null;
  sheets: SheetGrid[];
}

export type WorkbookLimitRule = 'file-too-large' | 'zip-bomb' | 'too-many-cells';

/** The file exceeds a ParseLimits bound; raised before the bytes reach a parser that could exhaust memory. */
export class WorkbookLimitError extends Error {
  constructor(
    readonly rule: WorkbookLimitRule,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookLimitError';
  }
}

/** The bytes are not a workbook or CSV this reader understands. row is set for CSV syntax errors. */
export class WorkbookFormatError extends Error {
  constructor(
    readonly rule: 'unreadable-workbook' | 'unsupported-format' | 'csv-syntax',
    message: string,
    readonly row?: number,
  ) {
    super(message);
    this.name = 'WorkbookFormatError';
  }
}

/**
 * Uncompressed bytes allowed per permitted cell. A sheet cell is ~20–60 bytes of XML; the
 * rest of the package (styles, shared strings, themes) fits easily in the slack.
 */
const UNCOMPRESSED_BYTES_PER_CELL = 64;
/** Allowance for the parts every package has whatever its size (styles, theme, workbook.xml). */
const PACKAGE_BASE_BYTES = 4 * 1024 * 1024;
/**
 * Deflate ratio above which an entry is a zip bomb. Follows Apache POI's ZipSecureFile
 * (minimum inflate ratio 0.01); real xlsx parts compress about 5–20×. Small entries are exempt.
 */
const MAX_INFLATE_RATIO = 100;
const RATIO_GRACE_BYTES = 1024 * 1024;
const MAX_ZIP_ENTRIES = 10_000;

/**
 * Reads an ÖJ file: xlsx (by its zip signature) into one grid per sheet, or CSV/TXT
 * (encoding detected by decodeText, delimiter by detectDelimiter). Size, zip-bomb and cell limits are checked
 * before the XML is parsed; exceeding one is a WorkbookLimitError.
 */
export async function readTableFile(bytes: Uint8Array, fileName: string, limits: ParseLimits): Promise<TableFile> {
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new WorkbookLimitError(
      'file-too-large',
      `${fileName} is ${bytes.byteLength} bytes; the limit is ${limits.maxFileBytes}`,
    );
  }
  const ext = path.extname(fileName).toLowerCase();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { format: 'xlsx', encoding: null, sheets: await readWorkbook(bytes, limits) };
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new WorkbookFormatError(
      'unsupported-format',
      `${fileName} is a legacy .xls workbook; save it as .xlsx or CSV`,
    );
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new WorkbookFormatError('unreadable-workbook', `${fileName} is named ${ext} but is not a zip package`);
  }
  if (ext === '.csv' || ext === '.txt' || ext === '') {
    try {
      const { text, encoding } = decodeText(bytes);
      return { format: 'csv', encoding, sheets: [{ name: null, rows: parseCsvText(text, detectDelimiter(text)) }] };
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw new WorkbookFormatError('csv-syntax', err.message, err.row);
      throw err;
    }
  }
  throw new WorkbookFormatError('unsupported-format', `${fileName}: expected .xlsx, .csv or .txt`);
}

/** Reads xlsx bytes into one grid per worksheet, after checkZipLimits (spreadsheet-ml.ts reads the parts). */
export async function readWorkbook(bytes: Uint8Array, limits: ParseLimits): Promise<SheetGrid[]> {
  const parts = await checkZipLimits(bytes, limits);
  let read: SheetCells[];
  try {
    read = readSpreadsheet((name) => parts.get(name)?.toString('utf8') ?? null);
  } catch (err) {
    throw new WorkbookFormatError('unreadable-workbook', `not a readable xlsx workbook: ${(err as Error).message}`);
  }
  const sheets: SheetGrid[] = [];
  let cells = 0;
  for (const sheet of read) {
    // Extent by cells holding text: Excel writes style-only cells far below the data.
    let lastRow = 0;
    let lastCol = 0;
    for (const c of sheet.cells) {
      if (c.text === '') continue;
      lastRow = Math.max(lastRow, c.row);
      lastCol = Math.max(lastCol, c.col);
    }
    cells += lastRow * lastCol;
    if (cells > limits.maxCells) {
      throw new WorkbookLimitError('too-many-cells', `the workbook spans more than ${limits.maxCells} cells`);
    }
    const rows: string[][] = Array.from({ length: lastRow }, () => []);
    for (const c of sheet.cells) if (c.row <= lastRow && c.col <= lastCol) rows[c.row - 1]![c.col - 1] = c.text;
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  dataOffset: number;
}

/**
 * Refuses an xlsx package that would expand beyond the limits, before its XML is parsed.
 * Reads the zip central directory's declared sizes; refuses totals over 4 MiB + maxCells × 64
 * bytes and entries that inflate more than 100×; then inflates every part as a stream to prove
 * the declared sizes are honest and counts worksheet cells (`<c …>`) against maxCells; last,
 * refuses short tags that would expand into more cells than that (checkExpandedCells). Returns
 * the parts the reader needs (READ_PARTS), whole: only they were checked as the reader reads them.
 */
export async function checkZipLimits(bytes: Uint8Array, limits: ParseLimits): Promise<Map<string, Buffer>> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(buf);
  const budget = PACKAGE_BASE_BYTES + limits.maxCells * UNCOMPRESSED_BYTES_PER_CELL;
  let declared = 0;
  for (const e of entries) {
    declared += e.uncompressedSize;
    if (
      e.uncompressedSize > RATIO_GRACE_BYTES &&
      e.uncompressedSize > MAX_INFLATE_RATIO * Math.max(e.compressedSize, 1)
    ) {
      throw new WorkbookLimitError(
        'zip-bomb',
        `zip part ${e.name} expands ${e.compressedSize} → ${e.uncompressedSize} bytes (over ${MAX_INFLATE_RATIO}×)`,
      );
    }
  }
  if (declared > budget) {
    throw new WorkbookLimitError('zip-bomb', `the package expands to ${declared} bytes; the limit is ${budget}`);
  }
  let cells = 0;
  const count = (text: string) => {
    // Cell tags with or without a namespace prefix (`<c …>`, `<x:c …>`): the reader reads both.
    cells += text.match(/<(?:[\w.-]+:)?c[\s>/]/g)?.length ?? 0;
    if (cells > limits.maxCells) {
      throw new WorkbookLimitError('too-many-cells', `the workbook holds more than ${limits.maxCells} cells`);
    }
  };
  const parts = new Map<string, Buffer>();
  for (const e of entries) {
    const isSheet = SHEET_PART.test(e.name);
    const isRead = isSheet || READ_PARTS.has(e.name);
    // Parts the reader parses are kept whole (within the budget above); the rest only inflated.
    const kept: Buffer[] = [];
    // The text from a chunk's last `<` on waits for the next chunk, so a tag split between two is
    // counted once, whole; past 256 characters it cannot be the start of a cell tag still open.
    let pending = '';
    await inflateEntry(buf, e, (chunk) => {
      if (isRead) kept.push(chunk);
      if (!isSheet) return;
      const text = pending + chunk.toString('latin1');
      const cut = text.lastIndexOf('<');
      count(cut < 0 ? text : text.slice(0, cut));
      pending = cut < 0 ? '' : text.slice(cut);
      if (pending.length > 256) {
        count(pending);
        pending = '';
      }
    });
    count(pending);
    if (!isRead) continue;
    const part = Buffer.concat(kept);
    if (isSheet || e.name === 'xl/workbook.xml') checkExpandedCells(part.toString('latin1'), e.name, limits.maxCells);
    parts.set(e.name, part);
  }
  return parts;
}

/** Worksheets: the only place cells are read from (a sheet the workbook stores elsewhere is refused). */
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
/** The other parts spreadsheet-ml.ts reads. */
const READ_PARTS = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']);

/** Excel's last column, XFD. */
const MAX_COLUMNS = 16_384;

/**
 * Refuses the tags that turn into cells one at a time while loading, whatever their byte
 * size: `<mergeCell ref>` and `<dataValidation sqref>` (every cell of the range) and
 * `<definedName>` ranges in workbook.xml (every cell), counted together against maxCells,
 * and `<col max>` (one column object per column) beyond Excel's 16 384. A 40-byte
 * `<mergeCell ref="A1:XFD1048576"/>` would otherwise make 17 billion cells. Linear in the
 * size of the part, whatever it holds (no regular expression here can backtrack far).
 */
function checkExpandedCells(xml: string, part: string, maxCells: number): void {
  let n = 0;
  for (const tag of tagsNamed(xml, /<(?:[\w.-]+:)?(mergeCell|dataValidation|definedName|col)\b/g)) {
    if (tag.name === 'col') {
      for (const value of attributeValues(tag.attributes, 'max')) {
        if (Number(value.trim()) > MAX_COLUMNS) {
          throw new WorkbookLimitError(
            'too-many-cells',
            `${part}: a column definition reaches column ${value.trim()}; Excel stops at ${MAX_COLUMNS}`,
          );
        }
      }
    } else if (tag.name === 'definedName') {
      const next = xml.indexOf('<', tag.end);
      n += rangeCells(decodeXml(xml.slice(tag.end, next < 0 ? xml.length : next)));
    } else {
      for (const value of attributeValues(tag.attributes, tag.name === 'mergeCell' ? 'ref' : 'sqref'))
        n += rangeCells(value);
    }
  }
  if (n > maxCells) {
    throw new WorkbookLimitError(
      'too-many-cells',
      `${part}: merged cells, data validations and defined names span more than ${maxCells} cells`,
    );
  }
}

/** Each tag whose start `start` matches: its name, its attribute text (quoted values may hold `>`) and where it ends. */
function* tagsNamed(xml: string, start: RegExp): Generator<{ name: string; attributes: string; end: number }> {
  start.lastIndex = 0;
  for (let m = start.exec(xml); m !== null; m = start.exec(xml)) {
    const from = start.lastIndex;
    let i = from;
    let quote = '';
    for (; i < xml.length; i++) {
      const ch = xml[i];
      if (quote !== '') {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    yield { name: m[1]!, attributes: xml.slice(from, i), end: i + 1 };
    // Tags never overlap: the next search starts after this one.
    start.lastIndex = i + 1;
  }
}

/** Values of one attribute in a tag's attribute text, entities decoded. */
function attributeValues(attributes: string, name: string): string[] {
  const values: string[] = [];
  for (const m of attributes.matchAll(/(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (m[1] === name) values.push(decodeXml(m[2] ?? m[3] ?? ''));
  }
  return values;
}

function decodeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d{1,7});/g, (_, dec: string) => String.fromCodePoint(Math.min(Number(dec), 0x10ffff)))
    .replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[entity]!,
    );
}

/** Cells covered by the `A1:C3`-style ranges in a text (`$` and sheet names allowed). */
function rangeCells(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/(?<![A-Za-z$])\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?/g)) {
    const [, c1, r1, c2 = c1!, r2 = r1!] = m;
    const area = (Math.abs(columnNumber(c2) - columnNumber(c1!)) + 1) * (Math.abs(Number(r2) - Number(r1)) + 1);
    n += Number.isFinite(area) ? area : Infinity;
  }
  return n;
}

async function inflateEntry(buf: Buffer, e: ZipEntry, onChunk: (chunk: Buffer) => void): Promise<void> {
  const data = buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
  if (e.method === 0) {
    if (data.length !== e.uncompressedSize) throw zipBomb(`stored part ${e.name} has a wrong declared size`);
    onChunk(data);
    return;
  }
  const inflater = createInflateRaw();
  inflater.end(data);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > e.uncompressedSize)
        throw zipBomb(`zip part ${e.name} inflates beyond its declared ${e.uncompressedSize} bytes`);
      onChunk(chunk);
    }
  } catch (err) {
    if (err instanceof WorkbookLimitError) throw err;
    throw new WorkbookFormatError('unreadable-workbook', `zip part ${e.name} is corrupt: ${(err as Error).message}`);
  } finally {
    inflater.destroy();
  }
}

function zipBomb(message: string): WorkbookLimitError {
  return new WorkbookLimitError('zip-bomb', message);
}

/** Central directory entries (APPNOTE 4.3.12); zip64, encryption and odd methods are refused. */
function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const corrupt = (what: string) =>
    new WorkbookFormatError('unreadable-workbook', `not a readable xlsx package: ${what}`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw zipBomb('zip64 packages are not accepted (no ÖJ workbook needs one)');
  if (count > MAX_ZIP_ENTRIES) throw zipBomb(`the package has ${count} parts`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt('broken central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw zipBomb(`zip64 part ${name}`);
    if (flags & 1) throw corrupt(`part ${name} is encrypted`);
    if (method !== 0 && method !== 8) throw corrupt(`part ${name} uses compression method ${method}`);
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50)
      throw corrupt(`part ${name} has no local header`);
    const dataOffset = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > buf.length) throw corrupt(`part ${name} runs past the end of the file`);
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
  }
  return entries;
}
