import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseOjFile } from '../../../../../src/ingest/sources/oj/adapter';
import { parseMapping, type OjMapping } from '../../../../../src/ingest/sources/oj/mapping';
import { normaliseAnswer } from '../../../../../src/ingest/sources/oj/parse';
import type { ParsedRelease } from '../../../../../src/ingest/release';
import { ctx, SIP_TEXT, sipMapping, tempDir, writeXlsx, type CellInput } from './oj-fixtures';

const HEADER = ['Kommunkod', 'Kommun', 'Äldreomsorg', 'Hemlöshet', 'Ekonomiskt bistånd'];

/** The same table as an ÖJ workbook: title rows, numeric codes, a stadsdel, county and riket percentages. */
const WORKBOOK_ROWS: CellInput[][] = [
  ['Öppna jämförelser 2018 – Socialtjänst'],
  [SIP_TEXT],
  [],
  HEADER,
  [180, 'Stockholm', 'Ja', 'Nej', 'Ej aktuellt'],
  [null, 'Rinkeby-Kista', 'Nej', ' ja ', '-'],
  [488, 'Trosa', 'EJ AKTUELL', 'Uppgift saknas', '–'],
  [4, 'Södermanlands län', '37,5', 62.5, { value: 0.25, numFmt: '0%' }],
  [null, 'Riket', 50, '12,0', '..'],
];

const CSV_TEXT = [
  'Öppna jämförelser 2018 – Socialtjänst;;;;',
  `${SIP_TEXT};;;;`,
  ';;;;',
  HEADER.join(';'),
  '180;Stockholm;Ja;Nej;Ej aktuellt',
  ';Rinkeby-Kista;Nej; ja ;-',
  '488;Trosa;EJ AKTUELL;Uppgift saknas;–',
  '4;Södermanlands län;37,5;62,5;25%',
  ';Riket;50;12,0;..',
  '',
].join('\r\n');

async function parseText(
  text: string,
  name = 'oj-2018-test.csv',
  mapping: OjMapping = sipMapping(),
): Promise<ParsedRelease> {
  return parseOjFile(Buffer.from(text, 'utf8'), name, mapping, ctx);
}

/** unit × question → answer, and scope × measure → percent: what must not depend on the file format. */
function essence(release: ParsedRelease) {
  return {
    answers: release.answers.map((a) => `${a.unit.kind} ${a.unit.code} ${a.questionCode} ${a.answer}`),
    figures: release.figures.map((f) => `${f.scope.kind} ${f.scope.code} ${f.measure} ${f.percent}`),
    unitsCovered: release.unitsCovered,
    repairs: release.repairs,
    rowsRead: release.rowsRead,
    rejects: release.rejects,
  };
}

const EXPECTED = {
  answers: [
    'MUNICIPALITY 0180 SIP_INFO.ALDREOMSORG JA',
    'MUNICIPALITY 0180 SIP_INFO.HEMLOSHET NEJ',
    'MUNICIPALITY 0180 SIP_INFO.EKONOMISKT_BISTAND EJ_AKTUELLT',
    'DISTRICT 0180-01 SIP_INFO.ALDREOMSORG NEJ',
    'DISTRICT 0180-01 SIP_INFO.HEMLOSHET JA',
    'DISTRICT 0180-01 SIP_INFO.EKONOMISKT_BISTAND NO_RESPONSE',
    'MUNICIPALITY 0488 SIP_INFO.ALDREOMSORG EJ_AKTUELLT',
    'MUNICIPALITY 0488 SIP_INFO.HEMLOSHET NO_RESPONSE',
    'MUNICIPALITY 0488 SIP_INFO.EKONOMISKT_BISTAND NO_RESPONSE',
  ],
  figures: [
    'REGION 04 SIP_INFO.ALDREOMSORG 37.5',
    'REGION 04 SIP_INFO.HEMLOSHET 62.5',
    'REGION 04 SIP_INFO.EKONOMISKT_BISTAND 25',
    'NATION 00 SIP_INFO.ALDREOMSORG 50',
    'NATION 00 SIP_INFO.HEMLOSHET 12',
  ],
  unitsCovered: [
    { kind: 'MUNICIPALITY', code: '0180' },
    { kind: 'DISTRICT', code: '0180-01' },
    { kind: 'MUNICIPALITY', code: '0488' },
    { kind: 'REGION', code: '04' },
    { kind: 'NATION', code: '00' },
  ],
  repairs: { 'zero-padded-code': 2 },
  rowsRead: 5,
  rejects: [],
};

describe('parsing an ÖJ workbook', () => {
  it('finds the header row below the title rows and reads answers, stadsdelar and percentages', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-test.xlsx');
    await writeXlsx(file, [
      { name: 'Indikatorbeskrivning', rows: [['Indikator'], [SIP_TEXT]] },
      { name: 'Resultat', rows: WORKBOOK_ROWS },
    ]);
    const release = await parseOjFile(readFileSync(file), 'oj-2018-test.xlsx', sipMapping(), ctx);
    expect(essence(release)).toEqual(EXPECTED);
    expect(release.answers[4]).toEqual({
      unit: { kind: 'DISTRICT', code: '0180-01' },
      questionCode: 'SIP_INFO.HEMLOSHET',
      year: 2018,
      answer: 'JA',
      rawValue: ' ja ',
      loc: { source: 'oj', file: 'oj-2018-test.xlsx', sheet: 'Resultat', row: 6, column: 'Hemlöshet' },
    });
    expect(release.figures[2]).toEqual({
      subject: 'ROUTINE',
      measure: 'SIP_INFO.EKONOMISKT_BISTAND',
      scope: { kind: 'REGION', code: '04' },
      scopeLabel: null,
      year: 2018,
      numerator: null,
      denominator: null,
      denominatorKind: null,
      percent: 25,
      qualifier: null,
      publication: 'ÖJ 2018 test',
      note: 'share of units answering Ja, as published',
      loc: { source: 'oj', file: 'oj-2018-test.xlsx', sheet: 'Resultat', row: 8, column: 'Ekonomiskt bistånd' },
    });
  });

  it('reads the same records from CSV in UTF-8, UTF-8 with BOM and Windows-1252', async () => {
    const utf8 = await parseOjFile(Buffer.from(CSV_TEXT, 'utf8'), 'oj-2018-test.csv', sipMapping(), ctx);
    const bom = await parseOjFile(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV_TEXT, 'utf8')]),
      'oj-2018-test.csv',
      sipMapping(),
      ctx,
    );
    const cp1252 = await parseOjFile(iconv.encode(CSV_TEXT, 'win1252'), 'oj-2018-test.csv', sipMapping(), ctx);
    expect(essence(utf8)).toEqual(EXPECTED);
    expect(bom).toEqual(utf8);
    expect(cp1252).toEqual(utf8);
    expect(utf8.figures[0]!.loc).toEqual({ source: 'oj', file: 'oj-2018-test.csv', row: 8, column: 'Äldreomsorg' });
  });

  it('reads a CSV with a comma delimiter', async () => {
    const text = 'Kommunkod,Kommun,Äldreomsorg,Hemlöshet,Ekonomiskt bistånd\n0180,Stockholm,Ja,Nej,"Ej aktuellt"\n';
    const release = await parseText(text);
    expect(release.answers.map((a) => a.answer)).toEqual(['JA', 'NEJ', 'EJ_AKTUELLT']);
  });

  it('emits the mapped questions as text-answer questions asked of municipalities', async () => {
    const release = await parseText(CSV_TEXT);
    expect(release.questions.map((q) => [q.code, q.areaCode, q.family, q.answerScale, q.askedOf])).toEqual([
      ['SIP_INFO.ALDREOMSORG', 'ALDREOMSORG', 'SIP_INFO', null, 'MUNICIPALITY'],
      ['SIP_INFO.HEMLOSHET', 'HEMLOSHET', 'SIP_INFO', null, 'MUNICIPALITY'],
      ['SIP_INFO.EKONOMISKT_BISTAND', 'EKONOMISKT_BISTAND', 'SIP_INFO', null, 'MUNICIPALITY'],
    ]);
  });

  it('finds a header named "Kommun- /länskod" in any case and spacing', async () => {
    const release = await parseText(
      'KOMMUN-/ LÄNSKOD;kommun;äldreomsorg;HEMLÖSHET;Ekonomiskt  bistånd\n0180;Stockholm;Ja;Ja;Ja\n',
    );
    expect(release.rejects).toEqual([]);
    expect(release.answers).toHaveLength(3);
  });

  it('uses a configured code column and sheet', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-custom.xlsx');
    await writeXlsx(file, [
      {
        name: 'Annat',
        rows: [
          ['Kommunkod', 'Kommun'],
          ['0180', 'Stockholm'],
        ],
      },
      {
        name: 'Data',
        rows: [
          ['Id', 'Namn', 'Äldreomsorg', 'Hemlöshet', 'Ekonomiskt bistånd'],
          ['0488', 'Trosa', 'Nej', 'Nej', 'Ja'],
        ],
      },
    ]);
    const mapping = sipMapping({ sheet: 'Data', codeColumn: ['Id'] });
    const release = await parseOjFile(readFileSync(file), 'oj-2018-custom.xlsx', mapping, ctx);
    expect(release.rejects).toEqual([]);
    expect(release.answers.map((a) => `${a.unit.code} ${a.answer} ${a.loc.sheet}`)).toEqual([
      '0488 NEJ Data',
      '0488 NEJ Data',
      '0488 JA Data',
    ]);
  });

  it('reads formula results and rich text as the values they show', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-formula.xlsx');
    await writeXlsx(file, [
      {
        name: 'Resultat',
        rows: [
          HEADER,
          [
            { value: { formula: '100+80', result: 180 } },
            { value: { richText: [{ text: 'Stock' }, { font: { bold: true }, text: 'holm' }] } },
            { value: { formula: '"Ja"', result: 'Ja' } },
            { value: { richText: [{ text: 'Ej ' }, { text: 'aktuellt' }] } },
            'Nej',
          ],
        ],
      },
    ]);
    const release = await parseOjFile(readFileSync(file), 'oj-2018-formula.xlsx', sipMapping(), ctx);
    expect(release.rejects).toEqual([]);
    expect(release.answers.map((a) => `${a.unit.code} ${a.answer} ${a.rawValue}`)).toEqual([
      '0180 JA Ja',
      '0180 EJ_AKTUELLT Ej aktuellt',
      '0180 NEJ Nej',
    ]);
  });
});

describe('reading a long ÖJ file', () => {
  const mapping = parseMapping(
    {
      year: 2018,
      layout: 'long',
      publication: 'ÖJ 2018 long test',
      question: { family: 'SIP_INFO', text: SIP_TEXT, areaCodes: ['HEMLOSHET', 'ALDREOMSORG'] },
      questions: [
        {
          code: 'AGREEMENT.REGION',
          areaCode: null,
          text: 'Finns en överenskommelse med regionen?',
          family: 'AGREEMENT',
          sourceIds: ['F12a'],
        },
      ],
    },
    'long.mapping.json',
  );
  const LONG = [
    'Kommunkod;Kommun;År;Område;Fråga-id;Svar',
    '0180;Stockholm;2018;Hemlöshet;SIP_INFO;Ja',
    '0180;Stockholm;2018;ÄLDREOMSORG;sip_info;nej',
    '0488;Trosa;2018;Hemlöshet;SIP_INFO;Ej aktuellt',
    '0488;Trosa;;;F12a;Ja',
    '01;Stockholms län;2018;Hemlöshet;SIP_INFO;37,5',
    '',
  ].join('\n');

  it('reads one row per unit and question, matching ids and areas to the mapping', async () => {
    const release = await parseOjFile(Buffer.from(LONG), 'oj-2018-long.csv', mapping, ctx);
    expect(release.rejects).toEqual([]);
    expect(release.rowsRead).toBe(5);
    expect(
      release.answers.map((a) => `${a.unit.code} ${a.questionCode} ${a.answer} row ${a.loc.row} ${a.loc.column}`),
    ).toEqual([
      '0180 SIP_INFO.HEMLOSHET JA row 2 Svar',
      '0180 SIP_INFO.ALDREOMSORG NEJ row 3 Svar',
      '0488 SIP_INFO.HEMLOSHET EJ_AKTUELLT row 4 Svar',
      '0488 AGREEMENT.REGION JA row 5 Svar',
    ]);
    expect(release.figures.map((f) => `${f.scope.code} ${f.measure} ${f.percent}`)).toEqual([
      '01 SIP_INFO.HEMLOSHET 37.5',
    ]);
    expect(release.unitsCovered).toEqual([
      { kind: 'MUNICIPALITY', code: '0180' },
      { kind: 'MUNICIPALITY', code: '0488' },
      { kind: 'REGION', code: '01' },
    ]);
    expect(release.questions.map((q) => q.code)).toEqual([
      'AGREEMENT.REGION',
      'SIP_INFO.HEMLOSHET',
      'SIP_INFO.ALDREOMSORG',
    ]);
  });

  it('rejects a row whose year contradicts the mapping, an unknown question and an unknown area', async () => {
    const text = [
      'Kommunkod;Kommun;År;Område;Fråga-id;Svar',
      '0180;Stockholm;2019;Hemlöshet;SIP_INFO;Ja',
      '0180;Stockholm;2018;Hemlöshet;F99;Ja',
      '0180;Stockholm;2018;Trädgård;SIP_INFO;Ja',
    ].join('\n');
    const release = await parseOjFile(Buffer.from(text), 'oj-2018-long.csv', mapping, ctx);
    expect(release.answers).toEqual([]);
    expect(release.rejects.map((r) => [r.rule, r.loc.row, r.loc.column, r.rawValue, r.isKeyField])).toEqual([
      ['year-mismatch', 2, 'År', '2019', true],
      ['unknown-question', 3, 'Fråga-id', 'F99', true],
      ['unknown-service-area', 4, 'Område', 'Trädgård', true],
    ]);
  });

  it('skips unmapped questions when the mapping says to ignore them', async () => {
    const ignoring = parseMapping(
      {
        year: 2018,
        layout: 'long',
        publication: 'x',
        question: { family: 'SIP_INFO', text: SIP_TEXT, areaCodes: ['HEMLOSHET'] },
        unmappedQuestions: 'ignore',
      },
      'm.json',
    );
    const text = 'Kommunkod;Fråga-id;Område;Svar\n0180;F99;;Ja\n0180;SIP_INFO;Hemlöshet;Nej\n';
    const release = await parseOjFile(Buffer.from(text), 'oj-2018-long.csv', ignoring, ctx);
    expect(release.rejects).toEqual([]);
    expect(release.answers.map((a) => `${a.questionCode} ${a.answer}`)).toEqual(['SIP_INFO.HEMLOSHET NEJ']);
  });
});

describe('normaliseAnswer', () => {
  it('maps Ja, Nej and Ej aktuellt in any case and spacing, and the no-response marks', () => {
    const cases: [string, string | null][] = [
      ['Ja', 'JA'],
      [' JA ', 'JA'],
      ['nej', 'NEJ'],
      ['Ej aktuellt', 'EJ_AKTUELLT'],
      ['ej  Aktuell', 'EJ_AKTUELLT'],
      ['EJ\u00a0AKTUELLT', 'EJ_AKTUELLT'],
      ['', 'NO_RESPONSE'],
      ['  ', 'NO_RESPONSE'],
      ['-', 'NO_RESPONSE'],
      ['–', 'NO_RESPONSE'],
      ['..', 'NO_RESPONSE'],
      ['Uppgift saknas', 'NO_RESPONSE'],
      ['Delvis', null],
      ['1', null],
      ['x', null],
    ];
    expect(cases.map(([raw]) => [raw, normaliseAnswer(raw)])).toEqual(cases);
  });

  it('reads a configured answer scale before the text answers', () => {
    expect(normaliseAnswer('1', { '1': 'JA', '0': 'NEJ' })).toBe('JA');
    expect(normaliseAnswer(' 0 ', { '1': 'JA', '0': 'NEJ' })).toBe('NEJ');
  });
});
