import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../../../src/paths';
import {
  findMappingFor,
  OjMappingError,
  parseMapping,
  readMapping,
} from '../../../../../src/ingest/sources/oj/mapping';
import { tempDir } from './oj-fixtures';

function problems(raw: unknown): string[] {
  try {
    parseMapping(raw, 'bad.mapping.json');
  } catch (err) {
    if (err instanceof OjMappingError) return err.problems;
    throw err;
  }
  return [];
}

describe('ÖJ mappings', () => {
  it('finds <file minus extension>.mapping.json beside the file, or an explicit path', () => {
    const dir = tempDir();
    const data = path.join(dir, 'oj-2019-x.xlsx');
    expect(findMappingFor(data)).toBeNull();
    writeFileSync(path.join(dir, 'oj-2019-x.mapping.json'), '{}');
    expect(findMappingFor(data)).toBe(path.join(dir, 'oj-2019-x.mapping.json'));
    mkdirSync(path.join(dir, 'maps'));
    const explicit = path.join(dir, 'maps', 'other.json');
    expect(findMappingFor(data, explicit)).toBeNull();
    writeFileSync(explicit, '{}');
    expect(findMappingFor(data, explicit)).toBe(explicit);
  });

  it('reads the bundled Sörmland mapping and expands the question per service area', () => {
    const mapping = readMapping(path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.mapping.json'));
    expect(mapping.year).toBe(2018);
    expect(mapping.layout).toBe('wide');
    expect(mapping.note).toContain('only the list of');
    expect(mapping.columns).toHaveLength(9);
    expect(mapping.columns[7]).toEqual({ header: ['Hemlöshet'], match: 'exact', questionCode: 'SIP_INFO.HEMLOSHET' });
    expect(mapping.questions.map((q) => q.areaCode)).toEqual([
      'ALDREOMSORG',
      'LSS_VUXEN',
      'LSS_BARN',
      'SOCIALPSYKIATRI',
      'BARN_OCH_UNGA',
      'MISSBRUK',
      'VALD_NARA_RELATIONER',
      'HEMLOSHET',
      'EKONOMISKT_BISTAND',
    ]);
  });

  it('lists every problem of an invalid mapping by its JSON path', () => {
    expect(
      problems({
        year: '2018',
        layout: 'tall',
        colums: [],
        questions: [{ code: '', text: 'x' }],
      }),
    ).toEqual([
      'colums: unknown key (a typo?)',
      'year: expected an integer survey year, e.g. 2018',
      'layout: expected "wide" or "long"',
      'publication: expected a non-empty string',
      'questions[0].code: expected a non-empty string',
      'questions: the mapping defines no question (give "questions" or a "question" template)',
    ]);
  });

  it('rejects wide columns that point at undefined questions or lack a template', () => {
    expect(
      problems({
        year: 2018,
        layout: 'wide',
        publication: 'p',
        questions: [{ code: 'A.X', areaCode: null, text: 't', family: null }],
        columns: [
          { header: 'X', questionCode: 'A.Y' },
          { header: 'Z', areaCode: 'MISSBRUK' },
          { header: 'x', questionCode: 'A.X' },
          { header: 'X', questionCode: 'A.X' },
        ],
      }),
    ).toEqual([
      'columns[0].questionCode: "A.Y" is not defined in "questions"',
      'columns[1]: areaCode without questionCode needs a top-level "question" template',
      'columns: header "x" is mapped twice',
      'columns: header "X" is mapped twice',
    ]);
  });

  it('names an unreadable mapping file in its error', () => {
    const file = path.join(tempDir(), 'broken.mapping.json');
    writeFileSync(file, '{ "year": 2018, ');
    expect(() => readMapping(file)).toThrow(OjMappingError);
    expect(() => readMapping(file)).toThrow(/broken\.mapping\.json is invalid:\n {2}- cannot read as JSON/);
  });
});

describe('ÖJ mapping frame, askedOf and inferredValues (issue 10)', () => {
  const base = {
    year: 2018,
    layout: 'wide',
    publication: 'P',
    question: { family: 'SIP_INFO', text: 'T' },
    columns: [{ header: 'Hemlöshet', areaCode: 'HEMLOSHET' }],
  };

  it('reads the bundled Sörmland mapping as a regional frame with inferred Nej, asked of municipalities', () => {
    const mapping = readMapping(path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.mapping.json'));
    expect(mapping.frame).toEqual({ kind: 'REGION', region: '04', units: null, label: null });
    expect(Object.keys(mapping.inferredValues)).toEqual(['nej']);
    expect(mapping.inferredValues['nej']).toMatch(/^not in the published Ja list/);
    expect(new Set(mapping.questions.map((q) => q.askedOf))).toEqual(new Set(['MUNICIPALITY']));
  });

  it('takes askedOf from the top level, the template or each question', () => {
    expect(parseMapping({ ...base, askedOf: 'BOTH' }, 'm.json').questions[0]!.askedOf).toBe('BOTH');
    expect(
      parseMapping({ ...base, askedOf: 'BOTH', question: { ...base.question, askedOf: 'REGION' } }, 'm.json')
        .questions[0]!.askedOf,
    ).toBe('REGION');
    expect(parseMapping(base, 'm.json').frame).toBeNull();
  });

  it('names every problem in a frame, askedOf or inferredValues', () => {
    expect(problems({ ...base, askedOf: 'NATION' })).toEqual(['askedOf: expected one of MUNICIPALITY, REGION, BOTH']);
    expect(problems({ ...base, frame: { kind: 'REGION' } })).toEqual([
      'frame.region: a REGION frame needs the 2-digit länskod, e.g. "04"',
    ]);
    expect(problems({ ...base, frame: { kind: 'ALL_MUNICIPALITIES', units: ['0180'] } })).toEqual([
      'frame.units: only a SAMPLE frame lists its units',
    ]);
    expect(problems({ ...base, frame: 'EVERYTHING' })).toEqual([
      'frame.kind: expected "ALL_MUNICIPALITIES", "REGION" or "SAMPLE"',
    ]);
    expect(problems({ ...base, inferredValues: { Nej: '' } })).toEqual([
      'inferredValues.Nej: expected the rule the value was inferred by, as text',
    ]);
  });
});
