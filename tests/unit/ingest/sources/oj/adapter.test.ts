import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../../../src/paths';
import { ojAdapter } from '../../../../../src/ingest/sources/oj/adapter';
import type { AnswerValue } from '../../../../../src/domain/answer';
import type { ParsedRelease } from '../../../../../src/ingest/release';
import { WorkbookLimitError } from '../../../../../src/ingest/sources/oj/workbook';
import { ctx, tempDir } from './oj-fixtures';

const FILE = path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.csv');

async function parseSample(): Promise<ParsedRelease> {
  return ojAdapter.parse(await ojAdapter.fetch({ path: FILE }), ctx);
}

function countBy(release: ParsedRelease, filter: (a: ParsedRelease['answers'][number]) => boolean = () => true) {
  const counts: Partial<Record<AnswerValue, number>> = {};
  for (const a of release.answers.filter(filter)) counts[a.answer] = (counts[a.answer] ?? 0) + 1;
  return counts;
}

describe('the bundled Sörmland 2018 SIP information file', () => {
  it('fetches the file with its mapping beside it', async () => {
    const fetched = await ojAdapter.fetch({ path: FILE });
    expect(fetched.source).toBe('oj');
    expect(fetched.releaseKey).toBe('oj-2018-sormland-sip-information-routine.csv');
    expect(fetched.meta?.['mappingPath']).toBe(
      path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.mapping.json'),
    );
  });

  it('parses to 81 answers: 72 from the eight reporting municipalities and nine no-responses for Flen', async () => {
    const release = await parseSample();
    expect(release.rejects).toEqual([]);
    expect(release.repairs).toEqual({});
    expect(release.rowsRead).toBe(9);
    expect(release.answers).toHaveLength(81);
    expect(countBy(release)).toEqual({ JA: 37, NEJ: 33, EJ_AKTUELLT: 2, NO_RESPONSE: 9 });
    expect(countBy(release, (a) => a.unit.code !== '0482')).toEqual({ JA: 37, NEJ: 33, EJ_AKTUELLT: 2 });
    expect(countBy(release, (a) => a.unit.code === '0482')).toEqual({ NO_RESPONSE: 9 });
    expect(release.answers.every((a) => a.year === 2018 && a.unit.kind === 'MUNICIPALITY')).toBe(true);
    expect(release.figures).toEqual([]);
  });

  it('answers Hemlöshet with Ej aktuellt in Gnesta and Oxelösund, no response in Flen and Ja in three', async () => {
    const release = await parseSample();
    const hemloshet = release.answers.filter((a) => a.questionCode === 'SIP_INFO.HEMLOSHET');
    expect(hemloshet.map((a) => [a.unit.code, a.answer])).toEqual([
      ['0428', 'NEJ'],
      ['0461', 'EJ_AKTUELLT'],
      ['0480', 'JA'],
      ['0481', 'EJ_AKTUELLT'],
      ['0482', 'NO_RESPONSE'],
      ['0483', 'NEJ'],
      ['0484', 'JA'],
      ['0486', 'NEJ'],
      ['0488', 'JA'],
    ]);
    expect(hemloshet[4]).toEqual({
      unit: { kind: 'MUNICIPALITY', code: '0482' },
      questionCode: 'SIP_INFO.HEMLOSHET',
      year: 2018,
      answer: 'NO_RESPONSE',
      rawValue: '-',
      loc: { source: 'oj', file: 'oj-2018-sormland-sip-information-routine.csv', row: 6, column: 'Hemlöshet' },
    });
  });

  it('emits the nine SIP_INFO questions, one per service area, asked of municipalities', async () => {
    const release = await parseSample();
    expect(release.questions.map((q) => q.code)).toEqual([
      'SIP_INFO.ALDREOMSORG',
      'SIP_INFO.LSS_VUXEN',
      'SIP_INFO.LSS_BARN',
      'SIP_INFO.SOCIALPSYKIATRI',
      'SIP_INFO.BARN_OCH_UNGA',
      'SIP_INFO.MISSBRUK',
      'SIP_INFO.VALD_NARA_RELATIONER',
      'SIP_INFO.HEMLOSHET',
      'SIP_INFO.EKONOMISKT_BISTAND',
    ]);
    expect(release.questions[7]).toEqual({
      code: 'SIP_INFO.HEMLOSHET',
      areaCode: 'HEMLOSHET',
      text: 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?',
      family: 'SIP_INFO',
      answerScale: null,
      askedOf: 'MUNICIPALITY',
      koladaKpiId: null,
    });
  });

  it('covers all nine Sörmland municipalities, Flen included', async () => {
    const release = await parseSample();
    expect(release.unitsCovered.map((u) => u.code)).toEqual([
      '0428',
      '0461',
      '0480',
      '0481',
      '0482',
      '0483',
      '0484',
      '0486',
      '0488',
    ]);
  });
});

describe('fetching ÖJ files', () => {
  it('refuses an over-size file from its size on disk, before reading it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-big.csv');
    writeFileSync(file, Buffer.alloc(4096, 0x41));
    writeFileSync(
      path.join(dir, 'oj-2018-big.mapping.json'),
      readFileSync(path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.mapping.json')),
    );
    await expect(ojAdapter.fetch({ path: file, maxFileBytes: 1024 })).rejects.toThrow(
      'oj: oj-2018-big.csv is 4096 bytes; the limit is 1024',
    );
    await expect(ojAdapter.fetch({ path: file, maxFileBytes: 1024 })).rejects.toBeInstanceOf(WorkbookLimitError);
  });

  it('fails a file without a mapping, naming the mapping file it looked for', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-x.csv');
    writeFileSync(file, 'Kommunkod;Kommun\n');
    await expect(ojAdapter.fetch({ path: file })).rejects.toThrow(
      `oj mapping ${path.join(dir, 'oj-2018-x.mapping.json')} is invalid:\n  - mapping file not found`,
    );
  });

  it('uses an explicit mapping path and keeps its JSON in meta', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-copy.csv');
    const mappingPath = path.join(dir, 'my-mapping.json');
    writeFileSync(file, readFileSync(FILE));
    writeFileSync(
      mappingPath,
      readFileSync(path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.mapping.json')),
    );
    const fetched = await ojAdapter.fetch({ path: file, mappingPath });
    expect((fetched.meta?.['mapping'] as { year: number }).year).toBe(2018);
    const release = await ojAdapter.parse(fetched, ctx);
    expect([release.releaseKey, release.file, release.answers.length]).toEqual([
      'oj-2018-copy.csv',
      'oj-2018-copy.csv',
      81,
    ]);
  });
});

describe('frames and inferred cells (issue 10)', () => {
  it('gives the Sörmland file a REGION frame over its nine questions and marks its Nej cells inferred', async () => {
    const release = await parseSample();
    expect(release.frames).toEqual([
      expect.objectContaining({
        year: 2018,
        kind: 'REGION',
        regionCode: '04',
        units: [],
        basis: 'mapping frame',
        questionCodes: expect.arrayContaining(['SIP_INFO.HEMLOSHET', 'SIP_INFO.MISSBRUK']),
      }),
    ]);
    expect(release.frames[0]!.questionCodes).toHaveLength(9);
    const inferred = release.answers.filter((a) => a.inferenceRule);
    expect(inferred).toHaveLength(33);
    expect(inferred.every((a) => a.answer === 'NEJ' && a.rawValue === 'Nej')).toBe(true);
    expect(release.answers.filter((a) => a.answer !== 'NEJ').every((a) => !a.inferenceRule)).toBe(true);
  });

  it('holds a file whose respondents lie outside its REGION frame', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-x.csv');
    writeFileSync(file, 'Kommunkod;Kommun;Hemlöshet\n0480;Nyköping;Ja\n0180;Stockholm;Nej\n');
    writeFileSync(
      path.join(dir, 'oj-2018-x.mapping.json'),
      JSON.stringify({
        year: 2018,
        layout: 'wide',
        publication: 'P',
        frame: { kind: 'REGION', region: '04' },
        question: { family: 'SIP_INFO', text: 'T' },
        columns: [{ header: 'Hemlöshet', areaCode: 'HEMLOSHET' }],
      }),
    );
    const release = await ojAdapter.parse(await ojAdapter.fetch({ path: file }), ctx);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'oj', file: 'oj-2018-x.csv', column: 'frame' },
        rawValue: '0180',
        rule: 'unit-outside-frame',
        message: '0180 answers, but the frame is region 04',
        isKeyField: true,
      },
    ]);
  });

  it('covers the units the file lists when the mapping names no frame', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'oj-2018-y.csv');
    writeFileSync(file, 'Kommunkod;Kommun;Hemlöshet\n0480;Nyköping;Ja\n0180;Stockholm;-\n');
    writeFileSync(
      path.join(dir, 'oj-2018-y.mapping.json'),
      JSON.stringify({
        year: 2018,
        layout: 'wide',
        publication: 'P',
        question: { family: 'SIP_INFO', text: 'T' },
        columns: [{ header: 'Hemlöshet', areaCode: 'HEMLOSHET' }],
      }),
    );
    const release = await ojAdapter.parse(await ojAdapter.fetch({ path: file }), ctx);
    expect(release.frames).toMatchObject([
      {
        kind: 'SAMPLE',
        units: [
          { kind: 'MUNICIPALITY', code: '0480' },
          { kind: 'MUNICIPALITY', code: '0180' },
        ],
        label: null,
        basis: 'units listed in the file',
      },
    ]);
  });
});
