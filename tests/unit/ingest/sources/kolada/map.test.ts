import { beforeAll, describe, expect, it } from 'vitest';
import { readReferenceCatalog, type ReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import type { ParsedRelease } from '../../../../../src/ingest/release.js';
import { mapKoladaRelease, type KoladaRawPage } from '../../../../../src/ingest/sources/kolada/map.js';
import type { KoladaKpiConfigEntry } from '../../../../../src/ingest/sources/kolada/kpi-config.js';
import type { KoladaDataRow } from '../../../../../src/ingest/sources/kolada/records.js';
import { readFixture } from '../../../../helpers/fixture-server.js';

const ORIGIN = 'http://127.0.0.1:8080';
const DATA_URL = `${ORIGIN}/v3/data/kpi/U28490,U30426,U21341,U35548/year/2023`;
const KPI_URL = `${ORIGIN}/v3/kpi/U28490,U30426,U21341,U35548?per_page=5000`;
const PAGE = [`${DATA_URL}?per_page=5000`, `${DATA_URL}?page=2&per_page=5000`, `${DATA_URL}?page=3&per_page=5000`];
const NOW = new Date('2026-05-01T00:00:00Z');

const CONFIG: KoladaKpiConfigEntry[] = [
  { kpiId: 'U28490', areaCode: 'SOCIALPSYKIATRI', family: null, codingOverride: null },
  { kpiId: 'U30426', areaCode: 'HEMLOSHET', family: null, codingOverride: null },
  { kpiId: 'U21341', areaCode: 'ALDREOMSORG', family: 'GPS_LARM', codingOverride: null },
  { kpiId: 'U35548', areaCode: 'MISSBRUK', family: null, codingOverride: null },
];

const page = (url: string, file: string): KoladaRawPage => ({
  url,
  body: new TextEncoder().encode(readFixture('kolada', file).split('{{origin}}').join(ORIGIN)),
});
const kpiPage = page(KPI_URL, 'kpi-U28490-U30426-U21341-U35548.json');
const inlinePage = (rows: KoladaDataRow[]): KoladaRawPage => ({
  url: PAGE[0]!,
  body: new TextEncoder().encode(JSON.stringify({ count: rows.length, values: rows, next_url: null })),
});
const row = (
  kpi: string,
  municipality: string,
  value: number | null,
  extra: Partial<KoladaDataRow> = {},
): KoladaDataRow => ({
  kpi,
  municipality,
  period: 2023,
  values: [{ count: 1, gender: 'T', status: '', value, isdeleted: false }],
  ...extra,
});

let catalog: ReferenceCatalog;
beforeAll(() => {
  catalog = readReferenceCatalog();
});

function map(dataPages: KoladaRawPage[], requestedKpiIds = ['U28490', 'U30426', 'U21341', 'U35548']): ParsedRelease {
  return mapKoladaRelease(
    {
      releaseKey: 'kolada:test:2023',
      file: 'kolada:test:2023',
      kpiPages: [kpiPage],
      dataPages,
      requestedKpiIds,
      config: CONFIG,
    },
    { catalog, now: NOW },
  );
}

describe('mapKoladaRelease on the recorded 2023 pages', () => {
  let release: ParsedRelease;
  beforeAll(() => {
    release = map([
      page(PAGE[0]!, 'data-2023-page-1.json'),
      page(PAGE[1]!, 'data-2023-page-2.json'),
      page(PAGE[2]!, 'data-2023-page-3.json'),
    ]);
  });

  it('makes one question per KPI with the coding, area and family', () => {
    expect(
      release.questions.map((q) => [q.code, q.areaCode, q.family, q.answerScale, q.askedOf, q.koladaKpiId]),
    ).toEqual([
      ['U28490', 'SOCIALPSYKIATRI', null, { '1': 'JA', '0': 'NEJ' }, 'MUNICIPALITY', 'U28490'],
      ['U30426', 'HEMLOSHET', null, { '1': 'JA', '2': 'NEJ' }, 'MUNICIPALITY', 'U30426'],
      ['U21341', 'ALDREOMSORG', 'GPS_LARM', null, 'MUNICIPALITY', 'U21341'],
      ['U35548', 'MISSBRUK', null, null, 'MUNICIPALITY', 'U35548'],
    ]);
    expect(release.questions[1]!.text).toBe('Uppsökande verksamhet för akut hemlösa, (Ja=1, Nej=2)');
  });

  it('turns kommun rows of Ja/Nej KPIs into answers, reading Nej=2 as NEJ', () => {
    expect(
      release.answers.map((a) => [a.questionCode, a.unit.code, a.year, a.answer, a.rawValue, a.withdrawn ?? false]),
    ).toEqual([
      ['U28490', '0180', 2023, 'JA', '1', false],
      ['U28490', '1280', 2023, 'NEJ', '0', false],
      ['U28490', '0114', 2023, 'NO_RESPONSE', '-', false],
      ['U28490', '0181', 2023, 'JA', '1', true],
      ['U30426', '0180', 2023, 'NEJ', '2', false],
      ['U30426', '1280', 2023, 'JA', '1', false],
    ]);
  });

  it('gives no answer for a null value without a status', () => {
    expect(release.answers.find((a) => a.unit.code === '1480')).toBeUndefined();
    expect(release.unitsCovered).toContainEqual({ kind: 'MUNICIPALITY', code: '1480' });
  });

  it('marks an isdeleted value as a withdrawn answer', () => {
    expect(release.answers.find((a) => a.unit.code === '0181')).toEqual({
      unit: { kind: 'MUNICIPALITY', code: '0181' },
      questionCode: 'U28490',
      year: 2023,
      answer: 'JA',
      rawValue: '1',
      withdrawn: true,
      loc: { source: 'kolada', file: PAGE[1], row: 1, column: 'value' },
    });
  });

  it('keeps region and Riket rows as published figures, shares as percent', () => {
    expect(release.figures.map((f) => [f.subject, f.measure, f.scope, f.year, f.percent, f.numerator, f.note])).toEqual(
      [
        ['ROUTINE', 'U28490', { kind: 'REGION', code: '01' }, 2023, 42.9, null, null],
        ['ROUTINE', 'U28490', { kind: 'NATION', code: '00' }, 2023, 61.4, null, null],
        ['ROUTINE', 'U30426', { kind: 'REGION', code: '03' }, 2023, 50, null, null],
        [
          'KPI_VALUE',
          'U21341',
          { kind: 'MUNICIPALITY', code: '0180' },
          2023,
          null,
          2,
          'scale: Breddinfört=2, testverksamhet=1, Nej=0',
        ],
        [
          'KPI_VALUE',
          'U21341',
          { kind: 'NATION', code: '00' },
          2023,
          35.2,
          null,
          'scale: Breddinfört=2, testverksamhet=1, Nej=0',
        ],
        ['KPI_VALUE', 'U35548', { kind: 'MUNICIPALITY', code: '0180' }, 2023, 87.5, null, null],
        ['KPI_VALUE', 'U35548', { kind: 'REGION', code: '01' }, 2023, 80, null, null],
      ],
    );
    expect(release.figures[0]).toMatchObject({
      publication: 'Kolada',
      scopeLabel: null,
      qualifier: null,
      denominator: null,
    });
  });

  it('rejects a value outside the coding and an unknown kommun id, and nothing else', () => {
    expect(release.rejects).toEqual([
      {
        loc: { source: 'kolada', file: PAGE[0], row: 5, column: 'value' },
        rawValue: '3',
        rule: 'value-outside-scale',
        message: '3 is not in the coding Ja=1, Nej=0 of U28490',
        isKeyField: false,
        answerKey: { unitCode: '0115', questionCode: 'U28490', year: 2023 },
      },
      {
        loc: { source: 'kolada', file: PAGE[1], row: 2, column: 'municipality' },
        rawValue: '9999',
        rule: 'unknown-municipality-code',
        message: '"9999" is not one of the 290 SCB kommunkoder',
        isKeyField: true,
      },
    ]);
  });

  it('counts every data row read', () => {
    expect(release.rowsRead).toBe(16);
  });
});

describe('mapKoladaRelease on single rows', () => {
  it('rejects a year after the current one', () => {
    const release = map([inlinePage([row('U28490', '0180', 1, { period: 2031 })])]);
    expect(release.answers).toEqual([]);
    expect(release.rejects.map((r) => [r.rule, r.rawValue, r.isKeyField])).toEqual([['invalid-year', '2031', true]]);
  });

  it('reads only the T row of a gendered value', () => {
    const release = map([
      inlinePage([
        row('U35548', '0180', 87.5, {
          values: [
            { count: 1, gender: 'T', status: '', value: 87.5, isdeleted: false },
            { count: 1, gender: 'K', status: '', value: 90, isdeleted: false },
            { count: 1, gender: 'M', status: '', value: 80, isdeleted: false },
          ],
        }),
      ]),
    ]);
    expect(release.figures.map((f) => f.percent)).toEqual([87.5]);
  });

  it('rejects data for a KPI Kolada gave no metadata for', () => {
    const release = map([inlinePage([row('U28500', '0180', 1)])], ['U28490', 'U28500']);
    expect(release.rejects.map((r) => [r.rule, r.rawValue, r.isKeyField])).toEqual([
      ['unknown-kpi', 'U28500', false],
      ['unknown-kpi', 'U28500', true],
    ]);
  });

  it('rejects the second row for the same KPI, unit and year', () => {
    const release = map([inlinePage([row('U28490', '0180', 1), row('U28490', '0180', 0)])]);
    expect(release.answers.map((a) => a.answer)).toEqual(['JA']);
    expect(release.rejects.map((r) => r.rule)).toEqual(['duplicate-row']);
  });

  it('clears a withdrawn region figure instead of keeping its value', () => {
    const release = map([
      inlinePage([
        row('U28490', '0001', 42.9, { values: [{ count: 1, gender: 'T', status: '', value: 42.9, isdeleted: true }] }),
      ]),
    ]);
    expect(release.figures.map((f) => [f.percent, f.note])).toEqual([[null, 'withdrawn by Kolada (isdeleted)']]);
  });

  it('rejects a page that is not JSON without throwing', () => {
    const release = map([{ url: PAGE[0]!, body: new TextEncoder().encode('{"count": 1, "values": [') }]);
    expect(release.rejects.map((r) => [r.rule, r.loc.file])).toEqual([['unreadable-page', PAGE[0]]]);
  });
});

describe('Kolada frames (issue 10)', () => {
  it('covers every municipality for each (KPI, year) that returned a row, and takes askedOf from municipality_type', () => {
    const release = map([inlinePage([row('U30426', '0180', 1), row('U28490', '0001', 40)])]);
    expect(release.frames).toEqual([
      {
        year: 2023,
        kind: 'ALL_MUNICIPALITIES',
        regionCode: null,
        units: [],
        questionCodes: ['U30426', 'U28490'],
        label: null,
        publication: 'Kolada',
        basis: 'Kolada request (every unit)',
      },
    ]);
    // Kolada's municipality_type "K": asked of municipalities.
    expect(release.questions.find((q) => q.code === 'U30426')!.askedOf).toBe('MUNICIPALITY');
  });

  it('covers only the municipalities a run asked for', () => {
    const release = mapKoladaRelease(
      {
        releaseKey: 'kolada:test:2023',
        file: 'kolada:test:2023',
        kpiPages: [kpiPage],
        dataPages: [inlinePage([row('U30426', '0180', 1)])],
        requestedKpiIds: ['U30426'],
        config: CONFIG,
        requestedMunicipalityIds: ['0180', '0480', '0001'],
      },
      { catalog, now: NOW },
    );
    expect(release.frames).toMatchObject([
      {
        kind: 'SAMPLE',
        units: [
          { kind: 'MUNICIPALITY', code: '0180' },
          { kind: 'MUNICIPALITY', code: '0480' },
        ],
        questionCodes: ['U30426'],
        label: { en: 'the 2 municipalities requested from Kolada', sv: 'de 2 kommuner som hämtades från Kolada' },
      },
    ]);
  });

  it('records no frame for a year Kolada returned nothing for', () => {
    expect(map([inlinePage([])]).frames).toEqual([]);
  });
});
