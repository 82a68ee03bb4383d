import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOjFile } from '../../../../../src/ingest/sources/oj/adapter';
import { detectDelimiter } from '../../../../../src/ingest/text/csv';
import { readTableFile, WorkbookLimitError } from '../../../../../src/ingest/sources/oj/workbook';
import {
  buildZip,
  CONTENT_TYPES,
  ctx,
  deflatePart,
  deflateRepeated,
  sipMapping,
  tempDir,
  writeXlsx,
} from './oj-fixtures';

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">';
const SHEET_TAIL = '</row></sheetData></worksheet>';
/** ~1 MiB of identical inline-string cells: deflates about a thousandfold. */
const CELLS_1MIB = '<c t="inlineStr"><is><t>Nej</t></is></c>'.repeat(26_000);

async function bomb(times: number, declaredSize?: number): Promise<Buffer> {
  const sheet = await deflateRepeated('xl/worksheets/sheet1.xml', SHEET_HEAD, CELLS_1MIB, times, SHEET_TAIL);
  return buildZip([
    deflatePart('[Content_Types].xml', CONTENT_TYPES),
    deflatePart('xl/workbook.xml', '<workbook/>'),
    declaredSize === undefined ? sheet : { ...sheet, declaredSize },
  ]);
}

async function limitRule(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkbookLimitError) return err.rule;
    throw err;
  }
  return 'accepted';
}

describe('reading workbooks within limits', () => {
  it('refuses a zip bomb from its declared sizes without inflating it', async () => {
    const bytes = await bomb(64);
    expect(bytes.length).toBeLessThan(200_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const release = await parseOjFile(bytes, 'oj-2018-bomb.xlsx', sipMapping(), ctx);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(release.rejects.map((r) => [r.rule, r.loc, r.isKeyField])).toEqual([
      ['zip-bomb', { source: 'oj', file: 'oj-2018-bomb.xlsx' }, true],
    ]);
    expect(release.rejects[0]!.message).toMatch(
      /^zip part xl\/worksheets\/sheet1\.xml expands \d+ → 6\d{7} bytes \(over 100×\)$/,
    );
    expect(heapGrowth).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a zip whose central directory understates a part, while inflating it as a stream', async () => {
    const bytes = await bomb(4, 1000);
    expect(await limitRule(readTableFile(bytes, 'lying.xlsx', ctx.limits))).toBe('zip-bomb');
    await expect(readTableFile(bytes, 'lying.xlsx', ctx.limits)).rejects.toThrow(
      'zip part xl/worksheets/sheet1.xml inflates beyond its declared 1000 bytes',
    );
  });

  it('refuses a package that expands beyond the budget for maxCells', async () => {
    // Distinct cells compress only a few times, so no part trips the ratio check.
    const cells = Array.from({ length: 200_000 }, (_, i) => `<c r="A${i + 1}"><v>${(i * 7919) % 100_003}</v></c>`).join(
      '',
    );
    const bytes = buildZip([
      deflatePart('[Content_Types].xml', CONTENT_TYPES),
      deflatePart('xl/worksheets/sheet1.xml', SHEET_HEAD + cells + SHEET_TAIL),
    ]);
    const limits = { ...ctx.limits, maxCells: 10_000 };
    await expect(readTableFile(bytes, 'big.xlsx', limits)).rejects.toThrow(
      /^the package expands to \d+ bytes; the limit is 4834304$/,
    );
  });

  it('refuses a workbook with more cells than maxCells before its XML is parsed', async () => {
    const file = path.join(tempDir(), 'cells.xlsx');
    const rows = Array.from({ length: 30 }, (_, r) => Array.from({ length: 10 }, (_, c) => `r${r}c${c}`));
    await writeXlsx(file, [{ name: 'Resultat', rows }]);
    const bytes = readFileSync(file);
    expect(await limitRule(readTableFile(bytes, 'cells.xlsx', { ...ctx.limits, maxCells: 299 }))).toBe(
      'too-many-cells',
    );
    const sheets = await readTableFile(bytes, 'cells.xlsx', { ...ctx.limits, maxCells: 300 });
    expect(sheets.sheets[0]!.rows[29]![9]).toBe('r29c9');
  });

  it('refuses an over-size file before parsing it', async () => {
    const release = await parseOjFile(Buffer.alloc(2048, 0x41), 'oj-2018-big.csv', sipMapping(), {
      ...ctx,
      limits: { ...ctx.limits, maxFileBytes: 1024 },
    });
    expect(release.rejects).toEqual([
      {
        loc: { source: 'oj', file: 'oj-2018-big.csv' },
        rawValue: null,
        rule: 'file-too-large',
        message: 'oj-2018-big.csv is 2048 bytes; the limit is 1024',
        isKeyField: true,
      },
    ]);
  });

  it('rejects a legacy .xls and a broken zip as unreadable, not as a crash', async () => {
    const xls = await parseOjFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), 'oj-2018.xls', sipMapping(), ctx);
    expect(xls.rejects.map((r) => r.rule)).toEqual(['unsupported-format']);
    const broken = await parseOjFile(Buffer.from('PK\u0003\u0004 not really a zip'), 'oj-2018.xlsx', sipMapping(), ctx);
    expect(broken.rejects.map((r) => [r.rule, r.message])).toEqual([
      ['unreadable-workbook', 'not a readable xlsx package: no end-of-central-directory record'],
    ]);
  });

  it('reads numbers as their text, percent formats as shown, and leaves missing cells as holes', async () => {
    const file = path.join(tempDir(), 'cells.xlsx');
    await writeXlsx(file, [{ name: 'Blad1', rows: [[180, 37.5, { value: 0.075, numFmt: '0.0%' }, null, 'Ja']] }]);
    const { sheets } = await readTableFile(readFileSync(file), 'cells.xlsx', ctx.limits);
    const row = sheets[0]!.rows[0]!;
    expect([row[0], row[1], row[2], row[3], row[4]]).toEqual(['180', '37.5', '7.5%', undefined, 'Ja']);
  });

  it('reads a CSV whose title line has no delimiter', async () => {
    const file = path.join(tempDir(), 'title.csv');
    writeFileSync(file, 'Öppna jämförelser 2018\nKommunkod;Kommun\n0180;Stockholm\n');
    const { sheets, format, encoding } = await readTableFile(readFileSync(file), 'title.csv', ctx.limits);
    expect([format, encoding]).toEqual(['csv', 'utf-8']);
    expect(sheets[0]!.rows).toEqual([['Öppna jämförelser 2018'], ['Kommunkod', 'Kommun'], ['0180', 'Stockholm']]);
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter of the widest line and prefers the semicolon on ties', () => {
    expect(detectDelimiter('Titel, med komma\na;b;c\n')).toBe(';');
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('ensam')).toBe(';');
  });
});
