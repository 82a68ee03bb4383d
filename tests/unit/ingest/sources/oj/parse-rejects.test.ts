import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ojAdapter, parseOjFile, type OjReleaseMeta } from '../../../../../src/ingest/sources/oj/adapter';
import type { ParsedRelease, Reject } from '../../../../../src/ingest/release';
import { ctx, sipMapping, tempDir, writeXlsx } from './oj-fixtures';

const HEADER = 'Kommunkod;Kommun;Äldreomsorg;Hemlöshet;Ekonomiskt bistånd';
const FILE = 'oj-2018-test.csv';

async function parseCsv(lines: string[], file = FILE): Promise<ParsedRelease> {
  return parseOjFile(Buffer.from(lines.join('\n'), 'utf8'), file, sipMapping(), ctx);
}

/** A reject as [rule, row, column, rawValue, isKeyField]: what a person needs to find the cell. */
function where(r: Reject) {
  return [r.rule, r.loc.row, r.loc.column, r.rawValue, r.isKeyField];
}

describe('rejects while parsing ÖJ files', () => {
  it('rejects answers outside Ja/Nej/Ej aktuellt as answer-not-in-scale, keeping the rest of the row', async () => {
    const release = await parseCsv([HEADER, '0180;Stockholm;Delvis;1;x', '0488;Trosa;Ja;Nej;Ja']);
    expect(release.rejects.map(where)).toEqual([
      ['answer-not-in-scale', 2, 'Äldreomsorg', 'Delvis', false],
      ['answer-not-in-scale', 2, 'Hemlöshet', '1', false],
      ['answer-not-in-scale', 2, 'Ekonomiskt bistånd', 'x', false],
    ]);
    expect(release.rejects[0]!.loc).toEqual({ source: 'oj', file: FILE, row: 2, column: 'Äldreomsorg' });
    expect(release.answers).toHaveLength(3);
    expect(release.unitsCovered).toEqual([
      { kind: 'MUNICIPALITY', code: '0180' },
      { kind: 'MUNICIPALITY', code: '0488' },
    ]);
  });

  it('names the sheet of a rejected workbook cell', async () => {
    const file = path.join(tempDir(), 'oj-2018-delvis.xlsx');
    await writeXlsx(file, [
      { name: 'Resultat', rows: [['Rubrik'], HEADER.split(';'), [180, 'Stockholm', 'Ja', 'Delvis', 'Nej']] },
    ]);
    const release = await parseOjFile(readFileSync(file), 'oj-2018-delvis.xlsx', sipMapping(), ctx);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'oj', file: 'oj-2018-delvis.xlsx', sheet: 'Resultat', row: 3, column: 'Hemlöshet' },
        rawValue: 'Delvis',
        rule: 'answer-not-in-scale',
        message: '"Delvis" is not Ja, Nej, Ej aktuellt or a no-response mark',
        isKeyField: false,
        answerKey: { unitCode: '0180', questionCode: 'SIP_INFO.HEMLOSHET', year: 2018 },
      },
    ]);
  });

  it('repairs and counts padded and trimmed codes, and rejects unknown and non-numeric ones', async () => {
    const release = await parseCsv([
      HEADER,
      '180;Stockholm;Ja;Ja;Ja',
      '0488 ;Trosa;Ja;Ja;Ja',
      '9999;Okänd;Ja;Ja;Ja',
      'G12345;Gammal;Ja;Ja;Ja',
    ]);
    expect(release.repairs).toEqual({ 'zero-padded-code': 1, 'trimmed-code': 1 });
    expect(release.answers.map((a) => a.unit.code)).toEqual(['0180', '0180', '0180', '0488', '0488', '0488']);
    expect(release.rejects.map(where)).toEqual([
      ['unknown-municipality-code', 4, 'Kommunkod', '9999', true],
      ['invalid-unit-code', 5, 'Kommunkod', 'G12345', true],
    ]);
    expect(release.rowsRead).toBe(4);
  });

  // Behaviour changed (issue 13): headings and notes were informational rejects; they are skipped rows now.
  it('rejects a row without a code whose name is no known stadsdel, and reports headings, notes and separators as skipped rows', async () => {
    const release = await parseCsv([
      HEADER,
      ';Atlantis;Ja;Nej;Ja',
      ';Stockholms stadsdelar;;;',
      'Källa: Socialstyrelsen;;;;',
      '----;----;--;--;--',
    ]);
    expect(release.rejects.map(where)).toEqual([['unknown-unit-name', 2, 'Kommunkod', 'Atlantis', true]]);
    expect(release.skipped.map((s) => [s.loc.row, s.loc.column, s.text, s.reason])).toEqual([
      [3, 'Kommun', 'Stockholms stadsdelar', 'heading or note: no unit code and no answers'],
      [4, 'Kommunkod', 'Källa: Socialstyrelsen', 'heading or note: no unit code and no answers'],
      [5, 'Kommunkod', '----', 'separator: a row of dashes'],
    ]);
    expect(release.rowsRead).toBe(4);
    expect(release.answers).toEqual([]);
  });

  it('rejects county and riket percentages outside 0…100 or not numbers', async () => {
    const release = await parseCsv([HEADER, '04;Södermanlands län;104;-3;Ja', ';Riket;100;0;99,9']);
    expect(release.rejects.map(where)).toEqual([
      ['percent-out-of-range', 2, 'Äldreomsorg', '104', false],
      ['percent-out-of-range', 2, 'Hemlöshet', '-3', false],
      ['percent-not-a-number', 2, 'Ekonomiskt bistånd', 'Ja', false],
    ]);
    expect(release.figures.map((f) => `${f.scope.code} ${f.percent}`)).toEqual(['00 100', '00 0', '00 99.9']);
  });

  it('collapses identical duplicate rows and counts them', async () => {
    const release = await parseCsv([
      HEADER,
      '0180;Stockholm;Ja;Nej;-',
      '180;Stockholm;ja;NEJ;',
      '04;Södermanlands län;50;50;50',
      '4;Södermanlands län;50,0;50;50',
    ]);
    expect(release.rejects).toEqual([]);
    expect(release.repairs).toEqual({ 'duplicate-identical': 6, 'zero-padded-code': 1 });
    expect(release.answers.map((a) => `${a.unit.code} ${a.answer} row ${a.loc.row}`)).toEqual([
      '0180 JA row 2',
      '0180 NEJ row 2',
      '0180 NO_RESPONSE row 2',
    ]);
    expect(release.figures).toHaveLength(3);
    expect(release.unitsCovered).toHaveLength(2);
  });

  it('rejects conflicting duplicates as key-field duplicate-conflict at the later row', async () => {
    const release = await parseCsv([
      HEADER,
      '0180;Stockholm;Ja;Nej;Ja',
      '0180;Stockholm;Nej;Nej;Ja',
      ';Riket;40;;',
      '00;Riket;41;;',
    ]);
    expect(release.rejects.map(where)).toEqual([
      ['duplicate-conflict', 3, 'Äldreomsorg', 'Nej', true],
      ['duplicate-conflict', 5, 'Äldreomsorg', '41', true],
    ]);
    expect(release.rejects[0]!.message).toBe('0180 SIP_INFO.ALDREOMSORG: NEJ here, JA on row 2');
    expect(release.repairs).toEqual({ 'duplicate-identical': 2 });
  });

  it('rejects a file whose name names another year than the mapping', async () => {
    const release = await parseCsv([HEADER, '0180;Stockholm;Ja;Ja;Ja'], 'oj-2019-sip.csv');
    expect(release.rejects).toEqual([
      {
        loc: { source: 'oj', file: 'oj-2019-sip.csv' },
        rawValue: 'oj-2019-sip.csv',
        rule: 'year-mismatch',
        message: 'the file name says 2019, the mapping says 2018',
        isKeyField: true,
      },
    ]);
    expect(release.answers).toEqual([]);
  });

  it('rejects a mapping year in the future as invalid-year', async () => {
    const release = await parseOjFile(
      Buffer.from(`${HEADER}\n0180;Stockholm;Ja;Ja;Ja`),
      'oj-sip.csv',
      sipMapping({ year: 2031 }),
      ctx,
    );
    expect(release.rejects.map((r) => [r.rule, r.rawValue, r.isKeyField])).toEqual([['invalid-year', '2031', true]]);
  });

  it('rejects double-encoded text as mojibake with its cell', async () => {
    const release = await parseCsv([HEADER, '0428;VingÃ¥ker;Nej;Nej;Nej']);
    expect(release.rejects.map(where)).toEqual([['mojibake', 2, 'Kommun', 'VingÃ¥ker', true]]);
  });

  it('rejects a mojibake header as mojibake and as a missing column', async () => {
    const release = await parseCsv([
      'Kommunkod;Kommun;Ã„ldreomsorg;HemlÃ¶shet;Ekonomiskt bistÃ¥nd',
      '0428;Vingåker;Nej;Nej;Nej',
    ]);
    expect(release.rejects.map((r) => [r.rule, r.loc.row, r.loc.column])).toEqual([
      ['mojibake', 1, 'Ã„ldreomsorg'],
      ['mojibake', 1, 'HemlÃ¶shet'],
      ['mojibake', 1, 'Ekonomiskt bistÃ¥nd'],
      ['missing-column', 1, 'Äldreomsorg'],
      ['missing-column', 1, 'Hemlöshet'],
      ['missing-column', 1, 'Ekonomiskt bistånd'],
    ]);
  });

  it('rejects a workbook without a code column once, naming the file and sheet', async () => {
    const file = path.join(tempDir(), 'oj-2018-noheader.xlsx');
    await writeXlsx(file, [{ name: 'Blad1', rows: [['Rubrik'], ['Namn', 'Äldreomsorg'], ['Stockholm', 'Ja']] }]);
    const release = await parseOjFile(readFileSync(file), 'oj-2018-noheader.xlsx', sipMapping(), ctx);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'oj', file: 'oj-2018-noheader.xlsx', sheet: 'Blad1' },
        rawValue: null,
        rule: 'no-header-row',
        message:
          'no header row with a code column (Kommunkod, Kod, Länskod, Kommun- /länskod, Kommun/länskod, Kommun- och länskod, Regionkod) in the first 50 rows',
        isKeyField: true,
      },
    ]);
  });

  it('rejects an empty file and a header without rows as empty-release', async () => {
    const empty = await parseOjFile(new Uint8Array(0), FILE, sipMapping(), ctx);
    expect(empty.rejects.map((r) => [r.rule, r.loc, r.isKeyField])).toEqual([
      ['empty-release', { source: 'oj', file: FILE }, true],
    ]);
    const headerOnly = await parseCsv(['Titel', HEADER, ';;;;', '']);
    expect(headerOnly.rejects.map((r) => [r.rule, r.loc, r.isKeyField])).toEqual([
      ['empty-release', { source: 'oj', file: FILE, row: 2 }, true],
    ]);
    expect(headerOnly.rowsRead).toBe(0);
  });

  it('rejects a mapped column the file does not have', async () => {
    const release = await parseCsv(['Kommunkod;Kommun;Äldreomsorg;Hemlöshet', '0180;Stockholm;Ja;Nej']);
    expect(release.rejects.map(where)).toEqual([['missing-column', 1, 'Ekonomiskt bistånd', null, true]]);
    expect(release.answers).toHaveLength(2);
  });

  it('rejects a configured sheet the workbook does not have', async () => {
    const file = path.join(tempDir(), 'oj-2018-sheets.xlsx');
    await writeXlsx(file, [{ name: 'Blad1', rows: [[HEADER]] }]);
    const release = await parseOjFile(
      readFileSync(file),
      'oj-2018-sheets.xlsx',
      sipMapping({ sheet: 'Resultat' }),
      ctx,
    );
    expect(release.rejects.map((r) => [r.rule, r.message])).toEqual([
      ['sheet-not-found', 'sheet "Resultat" not found; the workbook has "Blad1"'],
    ]);
  });

  it('rejects a release whose meta holds no valid mapping', async () => {
    const release = await ojAdapter.parse(
      {
        source: 'oj',
        releaseKey: FILE,
        file: FILE,
        parts: [Buffer.from(HEADER)],
        meta: { mapping: { year: '2018' } } as unknown as OjReleaseMeta,
      },
      ctx,
    );
    expect(release.rejects.map((r) => [r.rule, r.isKeyField])).toEqual([['invalid-mapping', true]]);
    expect(release.rejects[0]!.message).toContain('year: expected an integer survey year');
  });
});
