import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import type { IngestStatus } from '../../src/entities/ingest-run.entity.js';
import { buildZip, CONTENT_TYPES, deflatePart, deflateRepeated } from '../unit/ingest/sources/oj/oj-fixtures.js';

/**
 * The hostile-input corpus (tests/fixtures/corpus, described in its README.md): every file,
 * what it is, and exactly what an ingest of it must end in. Files too big to commit are
 * generated at test time (GENERATED). tests/integration/faults/hostile-corpus.test.ts runs
 * the table; a test there keeps the table, the folder and the README in step.
 */

export const CORPUS_DIR = path.resolve(__dirname, '..', 'fixtures', 'corpus');

export type CorpusSource = 'oj' | 'agreements' | 'plan-counts' | 'kolada';

export interface CorpusCase {
  file: string;
  source: CorpusSource;
  /** ÖJ only: the mapping in the corpus folder the file is read with. */
  mapping?: 'oj-wide.mapping.json' | 'oj-long.mapping.json';
  what: string;
  status: Extract<IngestStatus, 'SUCCEEDED' | 'HELD' | 'FAILED'>;
  /** Rules of the run's rejects, in order. */
  rules?: string[];
  /** Non-data rows the run skipped (headings, notes), in order; none when absent. */
  skipped?: { row: number; column: string; text: string }[];
  /** Where the first reject points, and the value it quotes. */
  at?: { row?: number; column?: string; sheet?: string; rawValue?: string | null };
  /** Counted repairs, exactly. */
  repairs?: Record<string, number>;
  /** FAILED only: the run's error. */
  error?: RegExp;
  /** SUCCEEDED only: exactly what the run read and what is served afterwards. */
  loaded?: Loaded;
}

/**
 * What a file that loads leaves served, independent of the cases before it: the rows read,
 * the records written or found unchanged (inserted + updated + unchanged), and every served
 * row of the units the file names, one line each (see `servedRows` in hostile-corpus.test.ts):
 * ÖJ `code name area ANSWER raw` for 2018; agreements `code name year LEVEL topic STATUS raw
 * JOINT_GOALS`; plan counts `code name start end TYPE measure PRINCIPAL system value raw`.
 */
export interface Loaded {
  rowsRead: number;
  records: number;
  rows: string[];
}

/** The four municipalities of the wide ÖJ files, with å/ä/ö in their names and a "-" for Flen. */
const SORMLAND_WIDE = [
  '0428 Vingåker ALDREOMSORG NEJ Nej',
  '0428 Vingåker EKONOMISKT_BISTAND NEJ Nej',
  '0428 Vingåker HEMLOSHET JA Ja',
  '0461 Gnesta ALDREOMSORG JA Ja',
  '0461 Gnesta EKONOMISKT_BISTAND JA Ja',
  '0461 Gnesta HEMLOSHET EJ_AKTUELLT Ej aktuellt',
  '0482 Flen ALDREOMSORG NO_RESPONSE -',
  '0482 Flen EKONOMISKT_BISTAND NO_RESPONSE -',
  '0482 Flen HEMLOSHET NO_RESPONSE -',
];
const WIDE_LOADED: Loaded = { rowsRead: 3, records: 9, rows: SORMLAND_WIDE };
/** The same file with Stockholm's row first (its code written `180` or `0180 `). */
const WIDE_WITH_STOCKHOLM: Loaded = {
  rowsRead: 4,
  records: 12,
  rows: [
    '0180 Stockholm ALDREOMSORG JA Ja',
    '0180 Stockholm EKONOMISKT_BISTAND JA Ja',
    '0180 Stockholm HEMLOSHET NEJ Nej',
    ...SORMLAND_WIDE,
  ],
};

const wide = 'oj-wide.mapping.json' as const;
const long = 'oj-long.mapping.json' as const;

export const CORPUS: CorpusCase[] = [
  // ÖJ: encodings — all four give the same records.
  {
    file: 'oj-utf8.csv',
    source: 'oj',
    mapping: wide,
    what: 'reference file, UTF-8',
    status: 'SUCCEEDED',
    loaded: WIDE_LOADED,
  },
  {
    file: 'oj-utf8-bom.csv',
    source: 'oj',
    mapping: wide,
    what: 'UTF-8 with a byte-order mark',
    status: 'SUCCEEDED',
    loaded: WIDE_LOADED,
  },
  {
    file: 'oj-windows-1252.csv',
    source: 'oj',
    mapping: wide,
    what: 'Windows-1252 (Excel "CSV (semikolonavgränsad)")',
    status: 'SUCCEEDED',
    loaded: WIDE_LOADED,
  },
  {
    file: 'oj-utf16le.csv',
    source: 'oj',
    mapping: wide,
    what: 'UTF-16 LE with BOM (Excel "Unicode text")',
    status: 'SUCCEEDED',
    loaded: WIDE_LOADED,
  },
  {
    file: 'oj-mojibake.csv',
    source: 'oj',
    mapping: wide,
    what: 'UTF-8 read as Windows-1252 and saved again (`VingÃ¥ker`)',
    status: 'HELD',
    rules: ['mojibake'],
    at: { row: 2, column: 'Kommun', rawValue: 'VingÃ¥ker' },
  },
  // ÖJ: shape of the file.
  {
    file: 'oj-empty.csv',
    source: 'oj',
    mapping: wide,
    what: 'zero bytes',
    status: 'HELD',
    rules: ['empty-release'],
    at: { rawValue: null },
  },
  {
    file: 'oj-header-only.csv',
    source: 'oj',
    mapping: wide,
    what: 'header row, no data rows',
    status: 'HELD',
    rules: ['empty-release'],
    at: { row: 1 },
  },
  {
    file: 'oj-no-code-column.csv',
    source: 'oj',
    mapping: wide,
    what: 'no Kommunkod column',
    status: 'HELD',
    rules: ['no-header-row'],
  },
  {
    file: 'oj-html-error-page.csv',
    source: 'oj',
    mapping: wide,
    what: 'an HTML error page saved as .csv',
    status: 'HELD',
    rules: ['no-header-row'],
  },
  {
    file: 'oj-unterminated-quote.csv',
    source: 'oj',
    mapping: wide,
    what: 'a quote opened on row 5 and never closed',
    status: 'HELD',
    rules: ['csv-syntax'],
    at: { row: 5 },
  },
  {
    file: 'oj-not-a-zip.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'text named .xlsx',
    status: 'HELD',
    rules: ['unreadable-workbook'],
  },
  {
    file: 'oj-legacy.xls',
    source: 'oj',
    mapping: wide,
    what: 'a legacy .xls (OLE2) header',
    status: 'HELD',
    rules: ['unsupported-format'],
  },
  {
    file: 'oj-heading-and-footnote.csv',
    source: 'oj',
    mapping: wide,
    what: 'a title line above the header and a "Källa:" footnote below the data',
    status: 'SUCCEEDED',
    skipped: [{ row: 7, column: 'Kommunkod', text: 'Källa: Socialstyrelsen, Öppna jämförelser 2018' }],
    // The footnote row is read, then skipped: read counts it, the records do not.
    loaded: { ...WIDE_LOADED, rowsRead: 4 },
  },
  // ÖJ: unit codes.
  {
    file: 'oj-code-180.csv',
    source: 'oj',
    mapping: wide,
    what: 'code `180` (Excel dropped the zero)',
    status: 'SUCCEEDED',
    repairs: { 'zero-padded-code': 1 },
    loaded: WIDE_WITH_STOCKHOLM,
  },
  {
    file: 'oj-code-trailing-space.csv',
    source: 'oj',
    mapping: wide,
    what: 'code `0180 ` (trailing space)',
    status: 'SUCCEEDED',
    repairs: { 'trimmed-code': 1 },
    loaded: WIDE_WITH_STOCKHOLM,
  },
  {
    file: 'oj-code-9999.csv',
    source: 'oj',
    mapping: wide,
    what: 'code `9999` (no such kommun)',
    status: 'HELD',
    rules: ['unknown-municipality-code'],
    at: { row: 5, column: 'Kommunkod', rawValue: '9999' },
  },
  {
    file: 'oj-code-G12345.csv',
    source: 'oj',
    mapping: wide,
    what: 'code `G12345` (a Kolada group id)',
    status: 'HELD',
    rules: ['invalid-unit-code'],
    at: { row: 5, column: 'Kommunkod', rawValue: 'G12345' },
  },
  {
    file: 'oj-code-stockholm.csv',
    source: 'oj',
    mapping: wide,
    what: 'code `Stockholm` (a name in the code column)',
    status: 'HELD',
    rules: ['invalid-unit-code'],
    at: { row: 5, column: 'Kommunkod', rawValue: 'Stockholm' },
  },
  // ÖJ: duplicates.
  {
    file: 'oj-duplicate-identical.csv',
    source: 'oj',
    mapping: wide,
    what: 'one row twice, identical',
    status: 'SUCCEEDED',
    repairs: { 'duplicate-identical': 3 },
    // Gnesta's second row is read and collapsed into the first.
    loaded: { ...WIDE_LOADED, rowsRead: 4 },
  },
  {
    file: 'oj-duplicate-conflict.csv',
    source: 'oj',
    mapping: wide,
    what: 'Gnesta twice, Hemlöshet `Ej aktuellt` then `Nej`',
    status: 'HELD',
    rules: ['duplicate-conflict'],
    at: { row: 5, column: 'Hemlöshet', rawValue: 'Nej' },
    repairs: { 'duplicate-identical': 2 },
  },
  // ÖJ: answers and percentages.
  {
    file: 'oj-answer-delvis.csv',
    source: 'oj',
    mapping: wide,
    what: 'answer `Delvis`',
    status: 'HELD',
    rules: ['answer-not-in-scale'],
    at: { row: 5, column: 'Äldreomsorg', rawValue: 'Delvis' },
  },
  {
    file: 'oj-answer-1.csv',
    source: 'oj',
    mapping: wide,
    what: 'answer `1` (no answerScale in the mapping)',
    status: 'HELD',
    rules: ['answer-not-in-scale'],
    at: { row: 5, column: 'Hemlöshet', rawValue: '1' },
  },
  {
    file: 'oj-answer-x.csv',
    source: 'oj',
    mapping: wide,
    what: 'answer `x`',
    status: 'HELD',
    rules: ['answer-not-in-scale'],
    at: { row: 5, column: 'Ekonomiskt bistånd', rawValue: 'x' },
  },
  {
    file: 'oj-percent-130-county.csv',
    source: 'oj',
    mapping: wide,
    what: 'a county row publishing 130 %',
    status: 'HELD',
    rules: ['percent-out-of-range'],
    at: { row: 5, column: 'Äldreomsorg', rawValue: '130' },
  },
  // ÖJ: years.
  {
    file: 'oj-long-row-year-future.csv',
    source: 'oj',
    mapping: long,
    what: 'a row dated 2099',
    status: 'HELD',
    rules: ['invalid-year'],
    at: { row: 3, column: 'År', rawValue: '2099' },
  },
  {
    file: 'oj-long-row-year-1899.csv',
    source: 'oj',
    mapping: long,
    what: 'a row dated 1899',
    status: 'HELD',
    rules: ['invalid-year'],
    at: { row: 2, column: 'År', rawValue: '1899' },
  },
  {
    file: 'oj-2019-name-contradicts-rows.csv',
    source: 'oj',
    mapping: long,
    what: 'file name says 2019; mapping and rows say 2018',
    status: 'HELD',
    rules: ['year-mismatch'],
    at: { rawValue: 'oj-2019-name-contradicts-rows.csv' },
  },
  {
    file: 'oj-long-unknown-question.csv',
    source: 'oj',
    mapping: long,
    what: 'a question id the mapping does not define',
    status: 'HELD',
    rules: ['unknown-question'],
    at: { row: 2, column: 'Fråga-id', rawValue: 'SIP_INFO.OKAND' },
  },
  // Agreements (överenskommelser).
  {
    file: 'agreements-valid.csv',
    source: 'agreements',
    what: 'reference per-unit file',
    status: 'SUCCEEDED',
    loaded: {
      rowsRead: 2,
      records: 2,
      rows: [
        '04 Södermanlands län 2016 COUNTY MISSBRUK EXISTS exists -',
        '0480 Nyköping 2016 LOCAL MISSBRUK EXISTS finns CLEAR',
      ],
    },
  },
  {
    file: 'agreements-windows-1252.csv',
    source: 'agreements',
    what: 'Windows-1252, Swedish level/status words',
    status: 'SUCCEEDED',
    loaded: {
      rowsRead: 2,
      records: 2,
      rows: [
        '04 Södermanlands län 2016 COUNTY MISSBRUK IN_PROGRESS under framtagande -',
        '0480 Nyköping 2016 LOCAL MISSBRUK EXISTS finns CLEAR',
      ],
    },
  },
  {
    file: 'agreements-header-only.csv',
    source: 'agreements',
    what: 'header row, no data rows',
    status: 'HELD',
    rules: ['empty-release'],
    at: { row: 1 },
  },
  {
    file: 'agreements-unknown-level.csv',
    source: 'agreements',
    what: 'level `regional`',
    status: 'HELD',
    rules: ['level-not-in-scale'],
    at: { row: 2, column: 'level', rawValue: 'regional' },
  },
  {
    file: 'agreements-duplicate-identical.csv',
    source: 'agreements',
    what: 'one agreement twice (`finns` and `exists`)',
    status: 'SUCCEEDED',
    repairs: { 'duplicate-row-collapsed': 1 },
    // The county row of the cases before is not in this file, so not among its units.
    loaded: { rowsRead: 2, records: 1, rows: ['0480 Nyköping 2016 LOCAL MISSBRUK EXISTS finns CLEAR'] },
  },
  {
    file: 'agreements-duplicate-conflict.csv',
    source: 'agreements',
    what: 'one agreement twice, `finns` then `saknas`',
    status: 'HELD',
    rules: ['duplicate-conflict'],
    at: { row: 3, rawValue: 'MUNICIPALITY:0480|2016|LOCAL|MISSBRUK' },
  },
  {
    file: 'agreements-code-9999.csv',
    source: 'agreements',
    what: 'unit code `9999`',
    status: 'HELD',
    rules: ['unknown-municipality-code'],
    at: { row: 2, column: 'unit_code', rawValue: '9999' },
  },
  {
    file: 'agreements-missing-column.csv',
    source: 'agreements',
    what: 'no status column',
    status: 'HELD',
    rules: ['missing-column'],
    at: { row: 1, column: 'status' },
  },
  {
    file: 'agreements-year-2099.csv',
    source: 'agreements',
    what: 'year 2099',
    status: 'HELD',
    rules: ['invalid-year'],
    at: { row: 2, column: 'year', rawValue: '2099' },
  },
  {
    file: 'agreements-flag-delvis.csv',
    source: 'agreements',
    what: 'content flag `delvis`',
    status: 'HELD',
    rules: ['flag-not-in-scale'],
    at: { row: 2, column: 'partner_polisen', rawValue: 'delvis' },
  },
  {
    file: 'agreements-coverage-percent-130.csv',
    source: 'agreements',
    what: 'published coverage of 130 %',
    status: 'HELD',
    rules: ['percent-out-of-range'],
    at: { row: 2, column: 'published_percent', rawValue: '130' },
  },
  // Plan counts.
  {
    file: 'plan-counts-valid.csv',
    source: 'plan-counts',
    what: 'reference register file',
    status: 'SUCCEEDED',
    loaded: {
      rowsRead: 1,
      records: 1,
      rows: ['0480 Nyköping 2018-01-01 2018-12-31 SIP sips_created BOTH PRATOR 212 212'],
    },
  },
  {
    file: 'plan-counts-code-180.csv',
    source: 'plan-counts',
    what: 'unit code `180`',
    status: 'SUCCEEDED',
    repairs: { 'zero-padded-code': 1 },
    loaded: {
      rowsRead: 1,
      records: 1,
      rows: ['0180 Stockholm 2018-01-01 2018-12-31 SIP sips_created MUNICIPALITY PRATOR 1200 1200'],
    },
  },
  { file: 'plan-counts-empty.csv', source: 'plan-counts', what: 'zero bytes', status: 'HELD', rules: ['empty-file'] },
  {
    file: 'plan-counts-header-only.csv',
    source: 'plan-counts',
    what: 'header row, no data rows',
    status: 'HELD',
    rules: ['empty-release'],
    at: { row: 1 },
  },
  {
    file: 'plan-counts-unknown-shape.csv',
    source: 'plan-counts',
    what: 'a header of neither shape',
    status: 'HELD',
    rules: ['unknown-shape'],
    at: { row: 1, rawValue: 'plan_type,kommun,antal' },
  },
  {
    file: 'plan-counts-negative-count.csv',
    source: 'plan-counts',
    what: 'count `-5`',
    status: 'HELD',
    rules: ['invalid-count'],
    at: { row: 2, column: 'value', rawValue: '-5' },
  },
  {
    file: 'plan-counts-percent-130.csv',
    source: 'plan-counts',
    what: 'a `_percent` measure of 130',
    status: 'HELD',
    rules: ['percent-out-of-range'],
    at: { row: 2, column: 'value', rawValue: '130' },
  },
  {
    file: 'plan-counts-impossible-date.csv',
    source: 'plan-counts',
    what: 'period start `2018-02-30`',
    status: 'HELD',
    rules: ['invalid-date'],
    at: { row: 2, column: 'period_start', rawValue: '2018-02-30' },
  },
  {
    file: 'plan-counts-year-1899.csv',
    source: 'plan-counts',
    what: 'year 1899',
    status: 'HELD',
    rules: ['invalid-year'],
    at: { row: 2, column: 'year', rawValue: '1899' },
  },
  {
    file: 'plan-counts-period-reversed.csv',
    source: 'plan-counts',
    what: 'period ends before it starts',
    status: 'HELD',
    rules: ['period-reversed'],
    at: { row: 2, column: 'period_end', rawValue: '2018-01-01' },
  },
  // Kolada: each file served by the local fixture server as the first data page.
  {
    file: 'kolada-truncated-page.json',
    source: 'kolada',
    what: 'a data page cut off mid-JSON',
    status: 'FAILED',
    error:
      /^Kolada http:\/\/127\.0\.0\.1:\d+\/v3\/data\/\S+ returned invalid or truncated JSON, not a JSON envelope \(\d+ bytes, starts "\{ "count": 7,/,
  },
  {
    file: 'kolada-html-as-json.json',
    source: 'kolada',
    what: 'an HTML page with status 200 where JSON belongs',
    status: 'FAILED',
    error:
      /^Kolada http:\/\/127\.0\.0\.1:\d+\/v3\/data\/\S+ returned an HTML\/XML page, not a JSON envelope \(\d+ bytes, starts "<!DOCTYPE html>/,
  },
  {
    file: 'kolada-not-an-envelope.json',
    source: 'kolada',
    what: 'JSON without `values` (an error object)',
    status: 'FAILED',
    error:
      /^Kolada http:\/\/127\.0\.0\.1:\d+\/v3\/data\/\S+ returned JSON that is not an envelope \{count, values, next_url\} \(starts "\{"error": "Internal Server Error"/,
  },
  {
    file: 'kolada-bad-rows.json',
    source: 'kolada',
    what: 'an envelope with municipality `9999`, period 2099 and value `"ja"`',
    status: 'HELD',
    rules: ['unknown-municipality-code', 'invalid-year', 'malformed-value'],
    at: { row: 2, column: 'municipality', rawValue: '9999' },
  },
];

/** A corpus case whose file is made at test time (too big, or binary, to commit). */
export interface GeneratedCase extends Omit<CorpusCase, 'mapping'> {
  mapping?: CorpusCase['mapping'];
  /** Writes the file; returns nothing, the path is dir/file. */
  write(filePath: string): Promise<void>;
  /** Parse limits for this run, when not the defaults. */
  limits?: { maxFileBytes: number; maxCells: number };
}

const MIB = 1024 * 1024;

/** size bytes of valid ÖJ CSV (the corpus reference rows, repeated), written 1 MiB at a time. */
function writeBigCsv(filePath: string, size: number, header: string, row: string): void {
  const line = Buffer.from(`${row}\r\n`);
  const block = Buffer.concat([
    Buffer.alloc(0),
    ...Array.from({ length: Math.ceil(MIB / line.length) }, () => line),
  ]).subarray(0, MIB);
  const fd = openSync(filePath, 'w');
  try {
    writeSync(fd, `${header}\r\n`);
    for (let written = 0; written < size; written += block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">';
const SHEET_TAIL = '</row></sheetData></worksheet>';
/** ~1 MiB of identical cells: deflates about a thousandfold. */
const CELLS_1MIB = '<c t="inlineStr"><is><t>Nej</t></is></c>'.repeat(26_000);

async function writeZipBomb(filePath: string, mib: number, declaredSize?: number): Promise<void> {
  const sheet = await deflateRepeated('xl/worksheets/sheet1.xml', SHEET_HEAD, CELLS_1MIB, mib, SHEET_TAIL);
  const parts = [deflatePart('[Content_Types].xml', CONTENT_TYPES), deflatePart('xl/workbook.xml', '<workbook/>')];
  writeFileSync(filePath, buildZip([...parts, declaredSize === undefined ? sheet : { ...sheet, declaredSize }]));
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELS_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** An inline-string cell, for hand-built sheets. */
export const xlsxCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** The header and one Vingåker row of the corpus ÖJ files, as sheet rows. */
export const OJ_SHEET_ROWS =
  `<row r="1">${['Kommunkod', 'Kommun', 'Äldreomsorg', 'Hemlöshet', 'Ekonomiskt bistånd'].map((t, i) => xlsxCell(`${'ABCDE'[i]}1`, t)).join('')}</row>` +
  `<row r="2">${['0428', 'Vingåker', 'Nej', 'Ja', 'Nej'].map((t, i) => xlsxCell(`${'ABCDE'[i]}2`, t)).join('')}</row>`;

/**
 * The smallest package the workbook reader (spreadsheet-ml.ts) reads: one sheet "Resultat" whose <worksheet> holds `sheetXml`,
 * and `workbookXml` inside <workbook> after <sheets>. For parts a writer never produces.
 */
export function handmadeXlsx(sheetXml: string, workbookXml = ''): Buffer {
  return buildZip([
    deflatePart(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    deflatePart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships ${RELS_NS}><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflatePart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="Resultat" sheetId="1" r:id="rId1"/></sheets>${workbookXml}</workbook>`,
    ),
    deflatePart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships ${RELS_NS}><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    deflatePart(
      'xl/worksheets/sheet1.xml',
      `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${sheetXml}</worksheet>`,
    ),
  ]);
}

const withRows = (before: string, after = '') =>
  handmadeXlsx(`${before}<sheetData>${OJ_SHEET_ROWS}</sheetData>${after}`);

/** A real one-sheet workbook ("Resultat") with text cells, as bytes. */
export async function writeTinyXlsx(rows: string[][]): Promise<Uint8Array> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Resultat');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const GENERATED: GeneratedCase[] = [
  {
    file: 'oj-50mb.csv',
    source: 'oj',
    mapping: wide,
    what: '50 MiB of valid rows; default limit 20 MiB',
    status: 'FAILED',
    error: /^oj: oj-50mb\.csv is 5\d{7} bytes; the limit is 20971520$/,
    write: async (f) =>
      writeBigCsv(f, 50 * MIB, 'Kommunkod;Kommun;Äldreomsorg;Hemlöshet;Ekonomiskt bistånd', '0428;Vingåker;Nej;Ja;Nej'),
  },
  {
    file: 'agreements-3mb.csv',
    source: 'agreements',
    what: '3 MiB of valid rows; limit configured to 1 MiB',
    status: 'FAILED',
    error: /^agreements: agreements-3mb\.csv is \d+ bytes, over the limit of 1048576; refused before reading$/,
    limits: { maxFileBytes: MIB, maxCells: 2_000_000 },
    write: async (f) =>
      writeBigCsv(f, 3 * MIB, 'unit_code;unit_name;year;level;topic;status', '0480;Nyköping;2016;local;missbruk;finns'),
  },
  {
    file: 'oj-zip-bomb.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'a sheet that inflates ~1000× to 64 MiB (declared honestly)',
    status: 'HELD',
    rules: ['zip-bomb'],
    write: (f) => writeZipBomb(f, 64),
  },
  {
    file: 'oj-zip-bomb-lying.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'a sheet that declares 1 000 bytes and inflates to 8 MiB',
    status: 'HELD',
    rules: ['zip-bomb'],
    write: (f) => writeZipBomb(f, 8, 1000),
  },
  {
    file: 'oj-handmade.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'the smallest package the workbook reader reads (control for the four below)',
    status: 'SUCCEEDED',
    loaded: {
      rowsRead: 1,
      records: 3,
      rows: [
        '0428 Vingåker ALDREOMSORG NEJ Nej',
        '0428 Vingåker EKONOMISKT_BISTAND NEJ Nej',
        '0428 Vingåker HEMLOSHET JA Ja',
      ],
    },
    write: async (f) => writeFileSync(f, withRows('')),
  },
  {
    file: 'oj-merge-bomb.xlsx',
    source: 'oj',
    mapping: wide,
    what: '`<mergeCell ref="A3:XFD1048576"/>`: 17 billion cells in 40 bytes',
    status: 'HELD',
    rules: ['too-many-cells'],
    write: async (f) =>
      writeFileSync(f, withRows('', '<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>')),
  },
  {
    file: 'oj-validation-bomb.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'a data validation over the whole sheet',
    status: 'HELD',
    rules: ['too-many-cells'],
    write: async (f) =>
      writeFileSync(
        f,
        withRows(
          '',
          '<dataValidations count="1"><dataValidation type="list" sqref="A3:XFD1048576"><formula1>"Ja,Nej"</formula1></dataValidation></dataValidations>',
        ),
      ),
  },
  {
    file: 'oj-defined-name-bomb.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'a defined name over the whole sheet (workbook.xml)',
    status: 'HELD',
    rules: ['too-many-cells'],
    write: async (f) =>
      writeFileSync(
        f,
        handmadeXlsx(
          `<sheetData>${OJ_SHEET_ROWS}</sheetData>`,
          '<definedNames><definedName name="alla">Resultat!$A$1:$XFD$1048576</definedName></definedNames>',
        ),
      ),
  },
  {
    file: 'oj-column-bomb.xlsx',
    source: 'oj',
    mapping: wide,
    what: '`<col min="1" max="2000000000"/>`',
    status: 'HELD',
    rules: ['too-many-cells'],
    write: async (f) => writeFileSync(f, withRows('<cols><col min="1" max="2000000000" width="9"/></cols>')),
  },
  {
    file: 'oj-no-code-column.xlsx',
    source: 'oj',
    mapping: wide,
    what: 'a workbook whose sheet has no code column',
    status: 'HELD',
    rules: ['no-header-row'],
    at: { sheet: 'Resultat' },
    write: async (f) =>
      writeFileSync(
        f,
        await writeTinyXlsx([
          ['Kommun', 'Äldreomsorg', 'Hemlöshet', 'Ekonomiskt bistånd'],
          ['Vingåker', 'Nej', 'Ja', 'Nej'],
        ]),
      ),
  },
];
