import { describe, expect, it } from 'vitest';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import { draftMapping, guessArea } from '../../../../../src/ingest/sources/oj/draft-mapping.js';
import { parseMapping } from '../../../../../src/ingest/sources/oj/mapping.js';

const catalog = readReferenceCatalog();
const csv = (lines: string[]) => [{ name: null, rows: lines.map((l) => l.split(';')) }];

describe('drafting an ÖJ mapping', () => {
  it('guesses a service area from a header by code, name or ÖJ short form, and nothing from other text', () => {
    expect(
      [
        'HEMLOSHET',
        'Missbruks- och beroendevård',
        'Missbruk',
        'Barn och unga',
        'LSS, vuxna',
        'LSS barn',
        'Äldre',
        'Invånare',
      ].map((h) => guessArea(h, catalog)),
    ).toEqual(['HEMLOSHET', 'MISSBRUK', 'MISSBRUK', 'BARN_OCH_UNGA', 'LSS_VUXEN', 'LSS_BARN', 'ALDREOMSORG', null]);
  });

  it('names the frame a file shows: every municipality of a län is that region; a few are no frame', () => {
    const sormland = [...catalog.municipalities.values()].filter((m) => m.regionCode === '04');
    const rows = ['Kommunkod;Kommun;Hemlöshet', ...sormland.map((m) => `${m.code};${m.name};Ja`)];
    expect(draftMapping(csv(rows), 'oj-2018-s.csv', catalog, []).json['frame']).toEqual({
      kind: 'REGION',
      region: '04',
    });
    expect(draftMapping(csv(rows.slice(0, 4)), 'oj-2018-s.csv', catalog, []).json['frame']).toBeUndefined();
  });

  it('drafts a long layout: one question per id and area, its text left TODO, which parseMapping refuses', () => {
    const draft = draftMapping(
      csv([
        'Kommunkod;Kommun;Fråga-id;Verksamhetsområde;Svar',
        '0428;Vingåker;R12;Hemlöshet;Ja',
        '0461;Gnesta;R12;Hemlöshet;Nej',
        '0461;Gnesta;R12;Äldreomsorg;Ja',
      ]),
      'oj-2021-lang.csv',
      catalog,
      [],
    );
    expect(draft.layout).toBe('long');
    expect(draft.columns.map((c) => c.role)).toEqual(['code', 'name', 'question id', 'service area', 'answer']);
    expect(draft.json['questions']).toEqual([
      { code: 'R12.HEMLOSHET', areaCode: 'HEMLOSHET', text: 'TODO', sourceIds: ['R12'] },
      { code: 'R12.ALDREOMSORG', areaCode: 'ALDREOMSORG', text: 'TODO', sourceIds: ['R12'] },
    ]);
    expect(draft.todo).toEqual([
      'question R12.HEMLOSHET: its "text" as published',
      'question R12.ALDREOMSORG: its "text" as published',
    ]);
    expect(() => parseMapping(draft.json, 'draft.mapping.json')).toThrow(
      'questions[0].text: still "TODO" from the drafted mapping: fill it in',
    );
  });
});
