import { Workbook, type Cell, type CellValue } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../../../../src/ingest/adapter.js';
import { readWorkbook } from '../../../../../src/ingest/sources/oj/workbook.js';
import { buildZip, deflatePart } from './oj-fixtures.js';

/*
 * The workbook reader (spreadsheet-ml.ts) replaced exceljs, which the ÖJ parsers were written
 * against. Workbooks written by exceljs are read by both and must give the same grids; parts
 * exceljs never writes (phonetic runs, inline strings, prefixed elements, the 1904 date system)
 * are checked against hand-written values.
 */

/** The grids exceljs gave: the reading code workbook.ts had before the reader replaced it. */
async function exceljsGrids(bytes: Uint8Array): Promise<{ name: string; rows: string[][] }[]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  const text = (value: CellValue | undefined, numFmt: string | undefined): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number')
      return numFmt?.includes('%') ? `${Number((value * 100).toPrecision(12))}%` : String(value);
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (value instanceof Date) {
      const iso = value.toISOString();
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return text((value as { result?: CellValue }).result, numFmt);
    if ('error' in value) return String(value.error);
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : String(value.hyperlink);
    return '';
  };
  const cellText = (cell: Cell) => text(cell.value, cell.numFmt);
  return workbook.worksheets.map((sheet) => {
    let lastRow = 0;
    let lastCol = 0;
    sheet.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cellText(cell) === '') return;
        lastRow = Math.max(lastRow, r);
        lastCol = Math.max(lastCol, c);
      }),
    );
    const rows: string[][] = Array.from({ length: lastRow }, () => []);
    sheet.eachRow({ includeEmpty: false }, (row, r) => {
      if (r > lastRow) return;
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (c <= lastCol) rows[r - 1]![c - 1] = cellText(cell);
      });
    });
    return { name: sheet.name, rows };
  });
}

async function writeWith(build: (workbook: Workbook) => void): Promise<Uint8Array> {
  const workbook = new Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A package with one sheet and the given shared strings, styles and workbook properties. */
function handmade(sheetData: string, opts: { strings?: string; styles?: string; workbookPr?: string } = {}): Buffer {
  const parts = [
    deflatePart(
      'xl/workbook.xml',
      `<workbook ${NS}>${opts.workbookPr ?? ''}<sheets><sheet name="Blad 1 – Sörmland" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflatePart(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    deflatePart('xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData>${sheetData}</sheetData></worksheet>`),
  ];
  if (opts.strings) parts.push(deflatePart('xl/sharedStrings.xml', `<sst ${NS}>${opts.strings}</sst>`));
  if (opts.styles) parts.push(deflatePart('xl/styles.xml', `<styleSheet ${NS}>${opts.styles}</styleSheet>`));
  return buildZip(parts);
}

describe('readWorkbook (SpreadsheetML reader)', () => {
  it('reads what exceljs writes exactly as exceljs read it: numbers, formats, dates, formulas, rich text, merges, links', async () => {
    const bytes = await writeWith((wb) => {
      const s = wb.addWorksheet('Resultat');
      s.addRow(['Kommunkod', 'Kommun', 'Äldreomsorg', 'Andel', 'Datum', 'Summa']);
      s.addRow(['0428', 'Vingåker', 'Ja', 0.075, new Date(Date.UTC(2018, 2, 15)), { formula: 'D2*2', result: 0.15 }]);
      s.addRow([
        '0461',
        'Gnesta',
        'Nej',
        1 / 3,
        new Date(Date.UTC(2018, 2, 15, 13, 30)),
        { formula: 'C3', result: 'Nej' },
      ]);
      s.addRow([
        '0480',
        'Nyköping',
        { richText: [{ text: 'Ej ' }, { font: { bold: true }, text: 'aktuellt' }] },
        -12.5,
        null,
        true,
      ]);
      s.addRow([
        '0488',
        'Trosa',
        { text: 'Ja', hyperlink: 'https://example.org/trosa' },
        1e-7,
        43000,
        { error: '#N/A' },
      ]);
      s.getColumn(4).numFmt = '0.0%';
      s.getCell('E5').numFmt = 'yyyy-mm-dd';
      s.getCell('F2').numFmt = '0%';
      s.mergeCells('A7:C8');
      s.getCell('A7').value = 'Källa: Öppna jämförelser';
      s.getCell('H2').value = '';
      s.getCell('H3').numFmt = '0.00';
      const second = wb.addWorksheet('Blad2');
      second.addRow([2018, 'Södermanlands län', 2.5]);
      second.getCell('C1').numFmt = '# ##0,0 "kr"';
    });
    const grids = await readWorkbook(bytes, DEFAULT_PARSE_LIMITS);
    expect(grids).toEqual(await exceljsGrids(bytes));
    // And by hand, so that a change in both readers would not pass unnoticed.
    expect(grids.map((g) => g.name)).toEqual(['Resultat', 'Blad2']);
    const rows = grids[0]!.rows;
    expect(rows[1]).toEqual(['0428', 'Vingåker', 'Ja', '7.5%', '2018-03-15', '15%']);
    expect(rows[2]).toEqual(['0461', 'Gnesta', 'Nej', '33.3333333333%', '2018-03-15T13:30:00.000Z', 'Nej']);
    expect(rows[3]).toEqual(['0480', 'Nyköping', 'Ej aktuellt', '-1250%', undefined, 'TRUE']);
    expect(rows[4]).toEqual(['0488', 'Trosa', 'Ja', '0.00001%', '2017-09-22', '#N/A']);
    expect(rows[5]).toEqual([]);
    expect(rows.slice(6)).toEqual([
      Array(3).fill('Källa: Öppna jämförelser'),
      Array(3).fill('Källa: Öppna jämförelser'),
    ]);
    expect(grids[1]!.rows).toEqual([['2018', 'Södermanlands län', '2.5']]);
  });

  it('reads an ÖJ-shaped workbook of 300 municipalities as exceljs did', async () => {
    const values = ['Ja', 'Nej', 'Ej aktuellt', '-', '', 'ja ', 'NEJ'];
    const bytes = await writeWith((wb) => {
      const s = wb.addWorksheet('Resultat');
      s.addRow(['Öppna jämförelser 2024 – Äldreomsorg']);
      s.addRow([]);
      s.addRow(['Kommunkod', 'Kommun', ...Array.from({ length: 8 }, (_, i) => `F${i + 1}. Finns en aktuell rutin?`)]);
      for (let u = 0; u < 300; u++) {
        const code = String(114 + u * 7).padStart(4, '0');
        s.addRow([
          code,
          `Kommun ${code} å ä ö`,
          ...Array.from({ length: 8 }, (_, q) => values[(u * 8 + q * 3) % values.length]!),
        ]);
      }
      s.addRow(['01', 'Stockholms län', ...Array.from({ length: 8 }, (_, q) => 40 + q)]);
      s.addRow(['00', 'Riket', ...Array.from({ length: 8 }, (_, q) => 50.5 + q)]);
    });
    const grids = await readWorkbook(bytes, DEFAULT_PARSE_LIMITS);
    expect(grids).toEqual(await exceljsGrids(bytes));
    const rows = grids[0]!.rows;
    expect(rows.length).toBe(305);
    expect(rows[3]!.slice(0, 4)).toEqual(['0114', 'Kommun 0114 å ä ö', 'Ja', '-']);
    expect(rows[304]!.slice(0, 3)).toEqual(['00', 'Riket', '50.5']);
  });

  it('reads shared and inline strings without phonetic runs, with _xHHHH_ escapes and entities decoded (an uncalculated formula is empty)', async () => {
    const grids = await readWorkbook(
      handmade(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>Ja</t></r><r><t xml:space="preserve"> &amp; nej</t></r></is></c></row>' +
          '<row r="3"><c r="B3" t="str"><f>A1</f><v>Hemlöshet</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="e"><v>#DIV/0!</v></c><c r="E3"><f>1/0</f></c></row>',
        {
          strings:
            '<si><t>Ekonomiskt_x000D_bistånd</t></si>' +
            '<si><r><t>Sam</t></r><r><rPr><b/></rPr><t>ordnad</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>',
        },
      ),
      DEFAULT_PARSE_LIMITS,
    );
    expect(grids).toEqual([
      {
        name: 'Blad 1 – Sörmland',
        rows: [['Ekonomiskt\rbistånd', 'Samordnad', 'Ja & nej'], [], [undefined, 'Hemlöshet', 'FALSE', '#DIV/0!']],
      },
    ]);
  });

  it('reads prefixed elements, cells without references and the 1904 date system', async () => {
    const grids = await readWorkbook(
      handmade('<x:row><x:c><x:v>1</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c s="2"><x:v>0.5</x:v></x:c></x:row>', {
        styles:
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-41D]yyyy/mm/dd;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/></cellXfs>',
        workbookPr: '<workbookPr date1904="1"/>',
      }),
      DEFAULT_PARSE_LIMITS,
    );
    expect(grids[0]!.rows).toEqual([['1', '1904-01-01', '50%']]);
  });

  it('counts prefixed cells against maxCells before parsing, also when a tag is split between inflated chunks', async () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxCells: 2 };
    // Three cells in one row: the count refuses them (the cell count), not the sheet's extent after parsing.
    await expect(
      readWorkbook(
        handmade(
          '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c><x:c r="C1"><x:v>3</x:v></x:c></x:row>',
        ),
        limits,
      ),
    ).rejects.toThrow('the workbook holds more than 2 cells');
    // 20 000 prefixed cells padded to cross many 16 KiB inflate chunks: every one counted once.
    const row = Array.from({ length: 20_000 }, (_, i) => `<ns1:c r="A${i + 1}"><ns1:v>${i}</ns1:v></ns1:c>`).join('');
    await expect(
      readWorkbook(handmade(`<x:row>${row}</x:row>`), { ...DEFAULT_PARSE_LIMITS, maxCells: 19_999 }),
    ).rejects.toThrow('the workbook holds more than 19999 cells');
    const grids = await readWorkbook(handmade(`<x:row>${row}</x:row>`), { ...DEFAULT_PARSE_LIMITS, maxCells: 20_000 });
    expect(grids[0]!.rows.length).toBe(20_000);
    expect(grids[0]!.rows[19_999]).toEqual(['19999']);
  });

  it('refuses a sheet stored outside the worksheet parts and a missing shared string, naming them', async () => {
    await expect(
      readWorkbook(handmade('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'), DEFAULT_PARSE_LIMITS),
    ).rejects.toThrow('not a readable xlsx workbook: cell 1:1 names shared string 7, which the package lacks');
    const elsewhere = buildZip([
      deflatePart(
        'xl/workbook.xml',
        `<workbook ${NS}><sheets><sheet name="Resultat" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      deflatePart(
        'xl/_rels/workbook.xml.rels',
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="../data/sheet1.xml"/></Relationships>`,
      ),
      deflatePart('data/sheet1.xml', `<worksheet ${NS}><sheetData/></worksheet>`),
    ]);
    await expect(readWorkbook(elsewhere, DEFAULT_PARSE_LIMITS)).rejects.toThrow(
      'not a readable xlsx workbook: sheet "Resultat" is stored at data/sheet1.xml, not a worksheet part of the package',
    );
  });
});
