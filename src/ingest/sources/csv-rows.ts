import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseContext, type SourceAdapter } from '../adapter.js';
import {
  countRepair,
  emptyRelease,
  type Citation,
  type ParsedRelease,
  type Reject,
  type SourceLocation,
  type UnitRef,
} from '../release.js';
import { CsvSyntaxError, parseSwedishNumber, readCsv } from '../text/csv.js';
import { checkYear } from '../validate/unit-code.js';

/**
 * Shared plumbing for adapters that read one CSV file: fetch by path (size checked before
 * reading), an adapter made of that fetch and a pure parse, header lookup by name, one row
 * view that collects its own rejects, and duplicate-key handling. Pure except fetchLocalFile.
 */

/** Reads one file's bytes; a file over maxFileBytes is refused by its size, before a byte is read. */
export async function fetchLocalFile(source: string, filePath: string, maxFileBytes: number): Promise<FetchedRelease> {
  const file = path.basename(filePath);
  const { size } = await stat(filePath);
  if (size > maxFileBytes) {
    throw new Error(`${source}: ${file} is ${size} bytes, over the limit of ${maxFileBytes}; refused before reading`);
  }
  return { source, releaseKey: file, file, parts: [new Uint8Array(await readFile(filePath))] };
}

/** Fetch options of an adapter that reads one local CSV file. */
export interface LocalCsvFetchOptions {
  path: string;
  /** Files larger than this are refused before reading; defaults to DEFAULT_PARSE_LIMITS. */
  maxFileBytes?: number;
}

/** An adapter for one local CSV file: fetchLocalFile (size-checked), then the source's pure parse. */
export function localCsvAdapter(
  source: string,
  parse: (fetched: FetchedRelease, ctx: ParseContext) => ParsedRelease,
): SourceAdapter<LocalCsvFetchOptions> {
  return {
    source,

    fetch(options: LocalCsvFetchOptions): Promise<FetchedRelease> {
      return fetchLocalFile(source, options.path, options.maxFileBytes ?? DEFAULT_PARSE_LIMITS.maxFileBytes);
    },

    async parse(fetched: FetchedRelease, ctx: ParseContext): Promise<ParsedRelease> {
      return parse(fetched, ctx);
    },
  };
}

/** The columns one shape of a CSV source needs (`required`, at least one of each `oneOf` group) and knows. */
export interface ColumnSpec {
  required: readonly string[];
  optional: readonly string[];
  oneOf?: readonly (readonly string[])[];
}

/**
 * One shape of a CSV source, told apart by its header: its columns, and how its rows become
 * records on the release (`read` runs only when every required column is there).
 */
export interface CsvShape {
  columns: ColumnSpec | ((header: CsvHeader) => ColumnSpec);
  read(csv: CsvFile, release: ParsedRelease, ctx: ParseContext): void;
}

/**
 * The parse of a CSV source with several shapes, in the pipeline's stages: open the file
 * (size, syntax, header, at least one row) → tell the shape from the header → check its
 * columns → map and validate its rows. Every failure of a stage is a reject on the release.
 */
export function csvShapesParser<S extends string>(
  source: string,
  detect: (header: CsvHeader) => S | null,
  shapes: Record<S, CsvShape>,
  /** How the expected headers are described when none matches. */
  expected: string,
): (fetched: FetchedRelease, ctx: ParseContext) => ParsedRelease {
  return (fetched, ctx) => {
    const release = emptyRelease(source, fetched.releaseKey, fetched.file);
    const csv = openCsv(fetched, ctx, release);
    if (!csv) return release;
    const kind = detect(csv.header);
    if (kind === null) {
      rejectUnknownShape(csv, release, expected);
      return release;
    }
    const shape = shapes[kind];
    const columns = typeof shape.columns === 'function' ? shape.columns(csv.header) : shape.columns;
    if (checkColumns(csv, release, columns)) shape.read(csv, release, ctx);
    return release;
  };
}

/** A header cell: the key used in code (trimmed, lower case) and the name as the file spells it. */
interface Column {
  index: number;
  name: string;
}

export class CsvHeader {
  private readonly byKey = new Map<string, Column>();
  /** Keys that occur more than once; such a header is rejected. */
  readonly duplicates: string[] = [];

  constructor(cells: string[]) {
    cells.forEach((cell, index) => {
      const name = cell.trim();
      if (name === '') return;
      const key = name.toLowerCase();
      if (this.byKey.has(key)) this.duplicates.push(name);
      else this.byKey.set(key, { index, name });
    });
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  column(key: string): Column | undefined {
    return this.byKey.get(key);
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }
}

/**
 * One data row, read through its header. K names the columns a shape knows; cells of absent
 * optional columns read as ''. Every problem found in the row is collected in `rejects`; a
 * row with any reject yields no record.
 */
export class CsvRow<K extends string = string> {
  readonly rejects: Reject[] = [];
  readonly repairs: string[] = [];

  constructor(
    private readonly header: CsvHeader,
    private readonly cells: string[],
    /** source, file and the 1-based row number. */
    readonly loc: SourceLocation,
  ) {}

  /** The cell as written (untrimmed); '' when empty or when the file has no such column. */
  raw(key: K): string {
    const column = this.header.column(key);
    return column ? (this.cells[column.index] ?? '') : '';
  }

  /** The cell trimmed. */
  get(key: K): string {
    return this.raw(key).trim();
  }

  /** Location of one cell, naming the column as the file spells it. */
  at(key: K): SourceLocation {
    return { ...this.loc, column: this.header.column(key)?.name ?? key };
  }

  /** Records a reject for a cell and returns null, so mappers can `return row.reject(...)`. */
  reject(key: K, rule: string, message: string, isKeyField = false): null {
    this.rejects.push({ loc: this.at(key), rawValue: this.raw(key), rule, message, isKeyField });
    return null;
  }

  /** Adopts a reject built elsewhere (resolveUnit, checkYear) for this row. */
  adopt(reject: Reject): null {
    this.rejects.push(reject);
    return null;
  }
}

/** A CSV file opened for mapping: header plus data rows, with the row numbers of the file. */
export interface CsvFile {
  header: CsvHeader;
  /** 1-based row number of the header (the first non-blank row). */
  headerRow: number;
  /** Data rows that are not blank, each with its 1-based row number in the file. */
  rows: { row: number; cells: string[] }[];
  base: SourceLocation;
}

function fileReject(base: SourceLocation, rule: string, message: string, extra: Partial<Reject> = {}): Reject {
  return { loc: base, rawValue: null, rule, message, isKeyField: true, ...extra };
}

/**
 * Decodes the release's bytes into a CsvFile, or records one key reject on the release
 * (file too large, CSV syntax error, no header, a column named twice, no data row) and returns null.
 */
export function openCsv(fetched: FetchedRelease, ctx: ParseContext, release: ParsedRelease): CsvFile | null {
  const base: SourceLocation = { source: release.source, file: fetched.file };
  const size = fetched.parts.reduce((sum, p) => sum + p.byteLength, 0);
  if (size > ctx.limits.maxFileBytes) {
    release.rejects.push(
      fileReject(base, 'file-too-large', `${size} bytes is over the limit of ${ctx.limits.maxFileBytes}`),
    );
    return null;
  }
  let rows: string[][];
  try {
    rows = readCsv(Buffer.concat(fetched.parts)).rows;
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    release.rejects.push(fileReject({ ...base, row: error.row }, 'csv-syntax', error.message));
    return null;
  }
  const headerAt = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerAt < 0) {
    release.rejects.push(fileReject(base, 'empty-file', 'the file holds no header row'));
    return null;
  }
  const header = new CsvHeader(rows[headerAt]!);
  if (header.duplicates.length > 0) {
    for (const name of header.duplicates) {
      release.rejects.push(
        fileReject({ ...base, row: headerAt + 1, column: name }, 'duplicate-column', `column "${name}" occurs twice`),
      );
    }
    return null;
  }
  const body = rows
    .map((cells, i) => ({ row: i + 1, cells }))
    .slice(headerAt + 1)
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  // why: a header with no rows is a truncated export, not a release that says "nothing": refuse it as ÖJ does.
  if (body.length === 0) {
    release.rejects.push(
      fileReject({ ...base, row: headerAt + 1 }, 'empty-release', 'the header row is not followed by any data row'),
    );
    return null;
  }
  return { header, headerRow: headerAt + 1, rows: body, base };
}

/**
 * Checks a shape's columns: each missing required column is one key reject naming file and
 * column; each column the shape does not know is one non-key reject (its cells are ignored).
 * `oneOf` groups need at least one member present. Returns false when anything required is missing.
 */
export function checkColumns(csv: CsvFile, release: ParsedRelease, spec: ColumnSpec): boolean {
  const headerLoc = { ...csv.base, row: csv.headerRow };
  const missing = spec.required.filter((key) => !csv.header.has(key));
  for (const group of spec.oneOf ?? []) {
    if (!group.some((key) => csv.header.has(key))) missing.push(group.join(' or '));
  }
  for (const key of missing) {
    release.rejects.push(
      fileReject({ ...headerLoc, column: key }, 'missing-column', `required column "${key}" is missing`),
    );
  }
  const known = new Set([...spec.required, ...spec.optional, ...(spec.oneOf ?? []).flat()]);
  for (const key of csv.header.keys().filter((k) => !known.has(k))) {
    const name = csv.header.column(key)!.name;
    const message = `column "${name}" is not part of this format; its cells are ignored`;
    release.rejects.push(fileReject({ ...headerLoc, column: name }, 'unknown-column', message, { isKeyField: false }));
  }
  return missing.length === 0;
}

/** One key reject for a header that matches none of a source's shapes. */
export function rejectUnknownShape(csv: CsvFile, release: ParsedRelease, expected: string): void {
  release.rejects.push(
    fileReject(
      { ...csv.base, row: csv.headerRow },
      'unknown-shape',
      `header matches no known shape: expected ${expected}`,
      {
        rawValue: csv.header.keys().join(','),
      },
    ),
  );
}

/**
 * Maps every row of a CsvFile into `sink`. Rows with rejects yield nothing but their rejects;
 * the repairs of accepted rows are counted on the release. Two rows with the same natural key: identical
 * (by `fingerprint`) → the later one is collapsed, counted as repair `duplicate-row-collapsed`;
 * different → key reject `duplicate-conflict` on the later row, the first row kept.
 */
export function mapRows<K extends string, T extends { loc: SourceLocation }>(
  csv: CsvFile,
  release: ParsedRelease,
  mapRow: (row: CsvRow<K>) => T | null,
  identity: { key: (record: T) => string; fingerprint: (record: T) => string },
  sink: T[],
): void {
  const seen = new Map<string, T>();
  for (const { row, cells } of csv.rows) {
    release.rowsRead++;
    const view = new CsvRow<K>(csv.header, cells, { ...csv.base, row });
    const record = mapRow(view);
    release.rejects.push(...view.rejects);
    if (record === null || view.rejects.length > 0) continue;
    for (const repair of view.repairs) countRepair(release, repair);
    const key = identity.key(record);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, record);
      sink.push(record);
    } else if (identity.fingerprint(first) === identity.fingerprint(record)) {
      countRepair(release, 'duplicate-row-collapsed');
    } else {
      release.rejects.push({
        loc: record.loc,
        rawValue: key,
        rule: 'duplicate-conflict',
        message: `key ${key} already came with different values on row ${first.loc.row ?? '?'}`,
        isKeyField: true,
      });
    }
  }
}

/** `..`, `-`, `–` and empty: the ways Swedish tables print "no value". */
export function isNotReported(text: string): boolean {
  return text === '' || text === '..' || text === '-' || text === '\u2013';
}

/** A non-negative integer count; '' → null when optional. */
export function readCount<K extends string>(row: CsvRow<K>, key: K, required = false): number | null {
  const text = row.get(key);
  if (text === '') return required ? row.reject(key, 'missing-value', `"${key}" is required`) : null;
  const value = parseSwedishNumber(text);
  if (value === null || !Number.isInteger(value) || value < 0) {
    return row.reject(key, 'invalid-count', `"${text}" is not a count (a non-negative integer)`);
  }
  return value;
}

/** A percentage as published, 0…100; '' → null (not published, never 0). */
export function readPercent<K extends string>(row: CsvRow<K>, key: K): number | null {
  const text = row.get(key);
  if (text === '') return null;
  const value = parseSwedishNumber(text);
  if (value === null) return row.reject(key, 'invalid-number', `"${text}" is not a number`);
  if (value < 0 || value > 100) return row.reject(key, 'percent-out-of-range', `${value} is outside 0…100`);
  return value;
}

/** A survey or report year, 1990…the year of ctx.now (key field). */
export function readYear<K extends string>(row: CsvRow<K>, key: K, now: Date): number | null {
  const checked = checkYear(row.get(key), now, row.at(key));
  return checked.ok ? checked.year : row.adopt(checked.reject);
}

/** A required free-text cell; '' → reject `missing-value`. */
export function readText<K extends string>(row: CsvRow<K>, key: K, isKeyField = false): string | null {
  const text = row.get(key);
  return text === '' ? row.reject(key, 'missing-value', `"${key}" is required`, isKeyField) : text;
}

/** A measure or flag name: snake_case, as sources in this project write them. */
export function readMeasure<K extends string>(row: CsvRow<K>, key: K): string | null {
  const text = row.get(key).toLowerCase();
  if (!/^[a-z][a-z0-9_]*$/.test(text)) {
    return row.reject(key, 'invalid-measure', `"${row.get(key)}" is not a snake_case measure name`, true);
  }
  return text;
}

/** Optional citation columns of a typed-in table: the document, its section or heading, the page. */
export const CITATION_COLUMNS = ['document', 'section', 'page'] as const;
export type CitationColumn = (typeof CITATION_COLUMNS)[number];

/**
 * The row's citation; null when the row names no document. A section or page without a
 * document cites nothing and is rejected (`citation-without-document`).
 */
export function readCitation<K extends string>(row: CsvRow<K | CitationColumn>): Citation | null {
  const document = row.get('document');
  const section = row.get('section') || null;
  const page = row.get('page') || null;
  if (document !== '') return { document, section, page };
  if (section !== null || page !== null) {
    row.reject('document', 'citation-without-document', 'a section or page is given but no document');
  }
  return null;
}

/** A record without its location (and any `omit` keys), for comparing duplicate rows. */
export function fingerprintWithoutLoc<T extends { loc: SourceLocation }>(
  record: T,
  omit: readonly (keyof T)[] = [],
): string {
  const copy: Partial<T> = { ...record };
  delete copy.loc;
  for (const key of omit) delete copy[key];
  return JSON.stringify(copy);
}

/** Each unit once, in first-seen order. */
export function uniqueUnits(units: UnitRef[]): UnitRef[] {
  const byKey = new Map(units.map((u) => [`${u.kind}:${u.code}`, u] as const));
  return [...byKey.values()];
}
