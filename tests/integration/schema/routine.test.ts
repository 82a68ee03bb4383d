import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { ingestAll, useTestApi } from '../../helpers/api.js';
import {
  buildNationalFixture,
  writeNationalFixture,
  type FixtureAnswer,
  type FixtureMunicipality,
  type NationalFixture,
} from '../../helpers/national-fixture.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const HEM = 'SIP_INFO.HEMLOSHET';
const ALD = 'SIP_INFO.ALDREOMSORG';

let fixture: NationalFixture;
let model: RoutineModel;

const { db, api } = useTestApi({
  load: async (db) => {
    fixture = writeNationalFixture();
    model = new RoutineModel(fixture);
    // Through the real pipeline: the bundled Sörmland 2018 sample, then the national 2019 and 2021 releases.
    await ingestAll(db, [SORMLAND_SAMPLE, ...fixture.files], { now: NOW });
  },
});

async function data(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const body = await api.gql(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

async function errorCode(query: string, variables: Record<string, unknown>): Promise<string | undefined> {
  const body = await api.gql(query, variables);
  return body.errors?.[0]?.extensions?.code;
}

/** The Share fields the model predicts. */
function core(share: Record<string, any>) {
  const { numerator, denominator, share: value, missingReason, counts } = share;
  return { numerator, denominator, share: value, missingReason, counts };
}

const regionOf = (code: string) => fixture.municipalities.find((m) => m.code === code)!;
const nameOf = (code: string) =>
  fixture.municipalities.find((m) => m.code === code)?.name ?? fixture.districts.find((d) => d.code === code)!.name;

describe('the fixture', () => {
  it('is deterministic and covers every answer state, 290 municipalities and the districts', () => {
    const again = buildNationalFixture();
    expect(again.answers).toEqual(fixture.answers);
    expect(new Set(fixture.answers.filter((a) => a.kind === 'MUNICIPALITY').map((a) => a.unitCode)).size).toBe(290);
    expect(new Set(fixture.answers.map((a) => a.answer))).toEqual(
      new Set(['JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED']),
    );
    expect(fixture.districts.map((d) => d.name).sort(swedish)).toEqual(
      ['Östermalm', 'Älvsjö', 'Rinkeby-Kista', 'Spånga-Tensta'].sort(swedish),
    );
    // Some municipalities have no row at all in 2021 (counted as NO_RESPONSE, never as Nej).
    expect(model.rows.filter((r) => r.question === ALD && r.year === 2021).length).toBeLessThan(294);
  });
});

describe('denominator policies (Sörmland 2018, Hemlöshet: 3 Ja, 3 Nej, 2 Ej aktuellt, Flen no response)', () => {
  it.each([
    ['APPLICABLE', 3, 6, 0.5],
    ['RESPONDENTS', 3, 8, 3 / 8],
    ['ALL_UNITS', 3, 9, 3 / 9],
  ])('computes the %s share as %i/%i', async (policy, numerator, denominator, share) => {
    const d = await data(COMPARISON, {
      question: HEM,
      year: 2018,
      scope: { kind: 'REGION', code: '04' },
      denominator: policy,
    });
    expect(d['routineComparison'].summary).toMatchObject({
      scope: { kind: 'REGION', code: '04', name: 'Södermanlands län' },
      year: 2018,
      origin: 'COMPUTED',
      policy,
      numerator,
      denominator,
      share,
      missingReason: null,
      counts: { ja: 3, nej: 3, ejAktuellt: 2, noResponse: 1, notAsked: 0, notCollected: 0, inferred: 3, units: 9 },
    });
  });

  it('lists Flen as NO_RESPONSE, not Nej, with the raw "-"', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'REGION', code: '04' } });
    const flen = d['routineComparison'].rows.nodes.find((r: any) => r.unit.code === '0482');
    expect(flen).toMatchObject({
      answer: 'NO_RESPONSE',
      rawValue: '-',
      missingReason: 'NO_RESPONSE',
      previousYear: null,
      changed: null,
    });
  });
});

describe('routineTrend', () => {
  it('is dense over the range, with NOT_COLLECTED and NOT_YET_PUBLISHED years (Flen, Hemlöshet)', async () => {
    const d = await data(TREND, { question: HEM, unit: '0482', fromYear: 2017, toYear: 2023 });
    const points = d['routineTrend'].points;
    expect(points.map((p: any) => [p.year, p.answer, p.rawValue, p.missingReason])).toEqual([
      [2017, null, null, 'NOT_COLLECTED'],
      [2018, 'NO_RESPONSE', '-', 'NO_RESPONSE'],
      [2019, 'NEJ', 'Nej', null],
      [2020, null, null, 'NOT_COLLECTED'],
      [2021, 'JA', 'Ja', null],
      [2022, null, null, 'NOT_YET_PUBLISHED'],
      [2023, null, null, 'NOT_YET_PUBLISHED'],
    ]);
    expect(d['routineTrend'].unit).toMatchObject({
      code: '0482',
      name: 'Flen',
      kind: 'MUNICIPALITY',
      region: { code: '04' },
      kommungrupp: { code: 'C7' },
    });
    expect(points[1].region).toMatchObject({ numerator: 3, denominator: 6, share: 0.5 });
    for (const p of points) {
      expect(p.share).toBeNull();
      expect(core(p.region)).toEqual(model.share(HEM, p.year, model.members('REGION', '04'), 'APPLICABLE'));
      expect(core(p.kommungrupp)).toEqual(model.share(HEM, p.year, model.members('KOMMUNGRUPP', 'C7'), 'APPLICABLE'));
      expect(core(p.nation)).toEqual(model.share(HEM, p.year, model.members('NATION', '00'), 'APPLICABLE'));
    }
  });

  it('gives the series of a region, a kommungrupp and riket under each policy', async () => {
    for (const [unit, kind] of [
      ['01', 'REGION'],
      ['B3', 'KOMMUNGRUPP'],
      ['00', 'NATION'],
    ] as const) {
      for (const policy of ['APPLICABLE', 'RESPONDENTS', 'ALL_UNITS'] as const) {
        const d = await data(TREND, { question: ALD, unit, fromYear: 2018, toYear: 2021, denominator: policy });
        const t = d['routineTrend'];
        expect(t.unit.kind).toBe(kind);
        // A region and riket are not asked a municipal question; a kommungrupp is a group, not a respondent.
        const own = kind === 'KOMMUNGRUPP' ? null : 'NOT_ASKED';
        expect(t.points.map((p: any) => p.answer)).toEqual([own, own, own, own]);
        expect(t.points.map((p: any) => core(p.share))).toEqual(
          [2018, 2019, 2020, 2021].map((y) => model.share(ALD, y, model.members(kind, unit), policy)),
        );
      }
    }
  });

  it('leaves Gotland (a region without respondents) without a share: NO_RESPONSE, never 0', async () => {
    const d = await data(TREND, { question: HEM, unit: '09', fromYear: 2019, toYear: 2021 });
    expect(d['routineTrend'].points.map((p: any) => core(p.share))).toEqual([
      {
        numerator: 0,
        denominator: 0,
        share: null,
        missingReason: 'NO_RESPONSE',
        counts: { ja: 0, nej: 0, ejAktuellt: 0, noResponse: 1, notAsked: 0, notCollected: 0, inferred: 0, units: 1 },
      },
      { numerator: null, denominator: null, share: null, missingReason: 'NOT_COLLECTED', counts: null },
      {
        numerator: 0,
        denominator: 0,
        share: null,
        missingReason: 'NO_RESPONSE',
        counts: { ja: 0, nej: 0, ejAktuellt: 0, noResponse: 1, notAsked: 0, notCollected: 0, inferred: 0, units: 1 },
      },
    ]);
  });

  it("follows a district with its parent's region and kommungrupp", async () => {
    const d = await data(TREND, { question: HEM, unit: '0180-01', fromYear: 2019, toYear: 2021 });
    const t = d['routineTrend'];
    expect(t.unit).toMatchObject({
      code: '0180-01',
      name: 'Rinkeby-Kista',
      kind: 'DISTRICT',
      municipalityCode: '0180',
      region: { code: '01' },
      kommungrupp: { code: 'A1' },
    });
    expect(t.points.map((p: any) => p.answer)).toEqual(['NEJ', null, 'JA']);
  });

  it('runs one SQL statement', async () => {
    db.statements.reset();
    await data(TREND, { question: HEM, unit: '0482', fromYear: 1990, toYear: 2039 });
    expect(db.statements.count).toBe(1);
  });
});

describe('a municipality with no row in a year the question was collected', () => {
  // The 2021 release has no line at all for some municipalities: no response, never "not collected".
  const silent = () => {
    const unit = fixture.municipalities.find((m) => m.code !== '0180' && !model.row(ALD, 2021, m.code));
    expect(unit, 'the fixture leaves some municipality without a 2021 Äldreomsorg row').toBeDefined();
    expect(model.collected(ALD, 2021)).toBe(true);
    return unit!;
  };

  it('is NO_RESPONSE in routineTrend', async () => {
    const unit = silent();
    const d = await data(TREND, { question: ALD, unit: unit.code, fromYear: 2021, toYear: 2021 });
    expect(d['routineTrend'].points.map((p: any) => [p.year, p.answer, p.rawValue, p.missingReason])).toEqual([
      [2021, 'NO_RESPONSE', null, 'NO_RESPONSE'],
    ]);
  });

  it('is NO_RESPONSE in routineProfile', async () => {
    const unit = silent();
    const d = await data(PROFILE, { unit: unit.code, year: 2021 });
    const item = d['routineProfile'].areas.flatMap((a: any) => a.items).find((i: any) => i.question.code === ALD);
    expect(item).toMatchObject({ answer: 'NO_RESPONSE', rawValue: null, missingReason: 'NO_RESPONSE' });
  });
});

describe('routineComparison', () => {
  it('lists every municipality of riket and the districts that answered, with exact answers and changes', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2021, scope: { kind: 'NATION' }, first: 500 });
    const c = d['routineComparison'];
    const districts = fixture.answers
      .filter((a) => a.kind === 'DISTRICT' && a.question === HEM && a.year === 2021)
      .map((a) => a.unitCode);
    expect(c.rows.totalCount).toBe(290 + districts.length);
    expect(c.rows.pageInfo.hasNextPage).toBe(false);
    for (const row of c.rows.nodes) {
      const answer = model.answer(HEM, 2021, row.unit.code);
      const previous = model.answer(HEM, 2019, row.unit.code);
      expect(row, row.unit.code).toMatchObject({
        answer,
        rawValue: model.row(HEM, 2021, row.unit.code)?.raw ?? null,
        missingReason: answer === 'NO_RESPONSE' ? 'NO_RESPONSE' : answer === 'NOT_ASKED' ? 'NOT_ASKED' : null,
        previousYear: 2019,
        previousAnswer: previous,
        changed: answer !== previous,
      });
    }
    expect(c.rows.nodes.find((r: any) => r.unit.code === '0980')).toMatchObject({
      answer: 'NO_RESPONSE',
      rawValue: null,
      previousAnswer: 'NO_RESPONSE',
      changed: false,
    });
    expect(c.rows.nodes.find((r: any) => r.unit.code === '0180-01')).toMatchObject({
      previousAnswer: 'NEJ',
      answer: 'JA',
      changed: true,
    });
    expect(core(c.summary)).toEqual(model.share(HEM, 2021, model.members('NATION', '00'), 'APPLICABLE'));
    expect(c.references).toEqual([]);
  });

  it("gives a region's and a kommungrupp's rows, Stockholm's districts included, the answers riket gives them", async () => {
    for (const scope of [
      { kind: 'REGION', code: '01' },
      { kind: 'KOMMUNGRUPP', code: 'A1' },
    ] as const) {
      const d = await data(COMPARISON, { question: HEM, year: 2021, scope, first: 500 });
      const rows = d['routineComparison'].rows.nodes;
      const members = model.members(scope.kind, scope.code).map((m) => m.code);
      const districts = fixture.answers
        .filter((a) => a.kind === 'DISTRICT' && a.question === HEM && a.year === 2021)
        .map((a) => a.unitCode)
        .filter((code) => members.includes(code.slice(0, 4)));
      expect(districts.length, scope.code).toBeGreaterThan(0);
      expect(rows.map((r: any) => r.unit.code).sort(), scope.code).toEqual([...members, ...districts].sort());
      for (const row of rows) {
        const answer = model.answer(HEM, 2021, row.unit.code);
        const previous = model.answer(HEM, 2019, row.unit.code);
        expect(row, `${scope.code} ${row.unit.code}`).toMatchObject({
          answer,
          rawValue: model.row(HEM, 2021, row.unit.code)?.raw ?? null,
          previousYear: 2019,
          previousAnswer: previous,
          changed: answer !== previous,
        });
      }
      expect(rows.find((r: any) => r.unit.code === '0180-01')).toMatchObject({
        unit: { kind: 'DISTRICT', region: { name: 'Stockholms län' } },
        previousAnswer: 'NEJ',
        answer: 'JA',
        changed: true,
      });
    }
  });

  it("gives a previous answer only where last survey year's frame covered the unit (riket 2019 after Sörmland's 2018)", async () => {
    for (const scope of [{ kind: 'NATION' }, { kind: 'REGION', code: '04' }]) {
      const d = await data(COMPARISON, { question: HEM, year: 2019, scope, first: 500 });
      const rows = d['routineComparison'].rows.nodes;
      for (const row of rows) {
        const answer = model.answer(HEM, 2019, row.unit.code);
        const previous = model.answer(HEM, 2018, row.unit.code);
        expect(row, row.unit.code).toMatchObject({
          answer,
          previousYear: 2018,
          previousAnswer: previous,
          changed: previous === null ? null : answer !== previous,
        });
      }
      const withPrevious = rows.filter((r: any) => r.previousAnswer !== null).map((r: any) => r.unit.code);
      expect(withPrevious.sort()).toEqual(
        model
          .members('REGION', '04')
          .map((m) => m.code)
          .sort(),
      );
    }
    const riket = await data(COMPARISON, { question: HEM, year: 2019, scope: { kind: 'NATION' }, first: 500 });
    const byCode = new Map<string, any>(riket['routineComparison'].rows.nodes.map((r: any) => [r.unit.code, r]));
    expect(byCode.get('0428')).toMatchObject({ previousYear: 2018, previousAnswer: 'NEJ' });
    expect(byCode.get('0482')).toMatchObject({ previousYear: 2018, previousAnswer: 'NO_RESPONSE' });
    expect(byCode.get('0180')).toMatchObject({ previousYear: 2018, previousAnswer: null, changed: null });
    expect(byCode.get('0180-01')).toMatchObject({ previousYear: 2018, previousAnswer: null, changed: null });
  });

  it('orders names in Swedish: Å, Ä, Ö after Z', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2021, scope: { kind: 'NATION' }, first: 500 });
    const names: string[] = d['routineComparison'].rows.nodes.map((r: any) => r.unit.name);
    expect(names).toEqual([...names].sort(swedish));
    const firstNordic = names.findIndex((n) => /^[ÅÄÖ]/.test(n));
    expect(names.slice(firstNordic).every((n) => /^[ÅÄÖ]/.test(n))).toBe(true);
    expect(names.slice(firstNordic, firstNordic + 2)).toEqual(['Åmål', 'Ånge']);
    expect(names.at(-1)).toBe('Övertorneå');
    expect(names.indexOf('Ystad')).toBeLessThan(names.indexOf('Åmål'));
  });

  it('orders by answer, then name; and by region, then name', async () => {
    const byAnswer = await data(COMPARISON, {
      question: HEM,
      year: 2021,
      scope: { kind: 'REGION', code: '01' },
      orderBy: 'ANSWER',
    });
    const rows = byAnswer['routineComparison'].rows.nodes;
    const keys = rows.map((r: any) => [ANSWER_ORDER.indexOf(r.answer), r.unit.name]);
    expect(keys).toEqual([...keys].sort((a: any, b: any) => a[0] - b[0] || swedish(a[1], b[1])));
    const byRegion = await data(COMPARISON, {
      question: HEM,
      year: 2021,
      scope: { kind: 'KOMMUNGRUPP', code: 'A1' },
      orderBy: 'REGION',
    });
    const regionNames = byRegion['routineComparison'].rows.nodes.map((r: any) => r.unit.region.name);
    expect(regionNames).toEqual([...regionNames].sort(swedish));
  });

  it('gives a region its kommungrupper and riket as references, and a kommungrupp its regions', async () => {
    const d = await data(COMPARISON, {
      question: HEM,
      year: 2021,
      scope: { kind: 'REGION', code: '04' },
      denominator: 'RESPONDENTS',
    });
    const c = d['routineComparison'];
    const groups = [...new Set(model.members('REGION', '04').map((m) => m.kommungrupp))].sort();
    expect(c.references.map((s: any) => `${s.scope.kind}:${s.scope.code}`)).toEqual([
      ...groups.map((g) => `KOMMUNGRUPP:${g}`),
      'NATION:00',
    ]);
    for (const s of c.references) {
      expect(core(s)).toEqual(model.share(HEM, 2021, model.members(s.scope.kind, s.scope.code), 'RESPONDENTS'));
    }
    const g = await data(COMPARISON, { question: HEM, year: 2021, scope: { kind: 'KOMMUNGRUPP', code: 'A1' } });
    expect(g['routineComparison'].references.map((s: any) => s.scope.code)).toEqual(['01', '12', '14', '00']);
  });

  it('marks every row NOT_COLLECTED in a year without a survey', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2020, scope: { kind: 'REGION', code: '04' } });
    const c = d['routineComparison'];
    expect(core(c.summary)).toEqual({
      numerator: null,
      denominator: null,
      share: null,
      missingReason: 'NOT_COLLECTED',
      counts: null,
    });
    expect(
      c.rows.nodes.every((r: any) => r.answer === null && r.missingReason === 'NOT_COLLECTED' && r.changed === null),
    ).toBe(true);
    expect(c.rows.nodes[0].previousYear).toBe(2019);
  });

  it('pages with cursors and refuses more than 500 rows a page', async () => {
    const page1 = await data(COMPARISON, { question: HEM, year: 2021, scope: { kind: 'NATION' }, first: 200 });
    const rows1 = page1['routineComparison'].rows;
    expect(rows1.nodes).toHaveLength(200);
    expect(rows1.pageInfo.hasNextPage).toBe(true);
    const page2 = await data(COMPARISON, {
      question: HEM,
      year: 2021,
      scope: { kind: 'NATION' },
      first: 200,
      after: rows1.pageInfo.endCursor,
    });
    expect(page2['routineComparison'].rows.nodes).toHaveLength(rows1.totalCount - 200);
    expect(await errorCode(COMPARISON, { question: HEM, year: 2021, scope: { kind: 'NATION' }, first: 501 })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('needs one SQL statement (one snapshot) for 290 municipalities with nested region and kommungrupp', async () => {
    db.statements.reset();
    const d = await data(COMPARISON_NESTED, { question: HEM, year: 2021, scope: { kind: 'NATION' }, first: 500 });
    expect(d['routineComparison'].rows.nodes.length).toBeGreaterThanOrEqual(290);
    expect(d['routineComparison'].rows.nodes.find((r: any) => r.unit.code === '0482').unit).toEqual({
      code: '0482',
      name: 'Flen',
      region: { code: '04', name: 'Södermanlands län', regionName: 'Region Sörmland' },
      kommungrupp: { code: 'C7', name: 'Pendlingskommun nära mindre tätort' },
    });
    expect(db.statements.count).toBe(1);
  });
});

describe('regionComparison', () => {
  it('ranks regions with ties sharing a rank and Gotland unranked, with exact median and IQR', async () => {
    const d = await data(REGION_COMPARISON, { question: HEM, year: 2021 });
    const rc = d['regionComparison'];
    const regionCodes = [...new Set(fixture.municipalities.map((m) => m.regionCode))];
    const expected = regionCodes.map((code) => ({
      code,
      ...model.share(HEM, 2021, model.members('REGION', code), 'APPLICABLE'),
    }));
    const ranked = expected.filter((e) => e.share !== null);
    const sorted = ranked.map((e) => e.share!).sort((a, b) => a - b);
    const median = percentileCont(sorted, 0.5);
    const q1 = percentileCont(sorted, 0.25);
    const q3 = percentileCont(sorted, 0.75);
    expect(rc.rankedRegions).toBe(20);
    expect(rc.median).toBeCloseTo(median, 12);
    expect(rc.lowerQuartile).toBeCloseTo(q1, 12);
    expect(rc.upperQuartile).toBeCloseTo(q3, 12);
    expect(rc.interquartileRange).toBeCloseTo(q3 - q1, 12);
    expect(rc.regions).toHaveLength(21);
    for (const row of rc.regions) {
      const e = expected.find((x) => x.code === row.share.scope.code)!;
      expect(core(row.share)).toEqual({
        numerator: e.numerator,
        denominator: e.denominator,
        share: e.share,
        missingReason: e.missingReason,
        counts: e.counts,
      });
      const rank = e.share === null ? null : 1 + ranked.filter((x) => x.share! > e.share!).length;
      const band = e.share === null ? null : e.share >= q3 ? 1 : e.share >= median ? 2 : e.share >= q1 ? 3 : 4;
      expect([row.share.scope.code, row.rank, row.quartileBand]).toEqual([e.code, rank, band]);
    }
    // Ordered by rank, unranked last.
    expect(rc.regions.at(-1)).toMatchObject({
      rank: null,
      quartileBand: null,
      share: { scope: { code: '09' }, share: null, missingReason: 'NO_RESPONSE' },
    });
    const ranks = rc.regions.slice(0, 20).map((r: any) => r.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // Blekinge 2/4 and Jämtland 3/6 tie.
    const blekinge = rc.regions.find((r: any) => r.share.scope.code === '10');
    const jamtland = rc.regions.find((r: any) => r.share.scope.code === '23');
    expect(blekinge.share).toMatchObject({ numerator: 2, denominator: 4, share: 0.5 });
    expect(jamtland.share).toMatchObject({ numerator: 3, denominator: 6, share: 0.5 });
    expect(blekinge.rank).toBe(jamtland.rank);
    expect(core(rc.nation)).toEqual(model.share(HEM, 2021, model.members('NATION', '00'), 'APPLICABLE'));
  });

  it('returns published figures beside computed ones and says whether they agree', async () => {
    const d = await data(REGION_COMPARISON, { question: HEM, year: 2021 });
    const rc = d['regionComparison'];
    const bySc = (code: string) => rc.regions.find((r: any) => r.share.scope.code === code).share;
    expect(bySc('10')).toMatchObject({
      origin: 'COMPUTED',
      published: {
        origin: 'PUBLISHED',
        percent: 50,
        numerator: null,
        denominator: null,
        comparedPolicy: 'APPLICABLE',
        computedShare: 0.5,
        publication: 'Öppna jämförelser (syntetisk testversion) 2021',
      },
      agreesWithComputed: true,
    });
    expect(bySc('23')).toMatchObject({ published: { percent: 45, computedShare: 0.5 }, agreesWithComputed: false });
    expect(bySc('01')).toMatchObject({ published: null, agreesWithComputed: null });
    const nationPercent = fixture.figures.find((f) => f.scopeCode === '00')!.percent;
    expect(rc.nation).toMatchObject({ published: { percent: nationPercent }, agreesWithComputed: true });
    // The comparison is always under the published figure's policy, whatever the caller asked for.
    const all = await data(REGION_COMPARISON, { question: HEM, year: 2021, denominator: 'ALL_UNITS' });
    expect(all['regionComparison'].regions.find((r: any) => r.share.scope.code === '10').share).toMatchObject({
      policy: 'ALL_UNITS',
      numerator: 2,
      denominator: 5,
      share: 0.4,
      published: { comparedPolicy: 'APPLICABLE', computedShare: 0.5 },
      agreesWithComputed: true,
    });
  });

  it('reads the published figure only for a request that selects it, in a fragment or under an alias too', async () => {
    const vars = { question: HEM, year: 2021 };
    const withoutPublished = (await data(REGION_COMPARISON.replaceAll(SHARE, SHARE_CORE), vars))['regionComparison'];
    const full = (await data(REGION_COMPARISON, vars))['regionComparison'];
    const coreOf = (rc: any) => [...rc.regions.map((r: any) => core(r.share)), core(rc.nation)];
    expect(coreOf(withoutPublished)).toEqual(coreOf(full));
    expect(withoutPublished.regions.map((r: any) => r.rank)).toEqual(full.regions.map((r: any) => r.rank));
    // agreesWithComputed alone, under an alias in a fragment, still reads the published figure.
    const viaFragment = (
      await data(
        `query R($question: String!, $year: Int!) { regionComparison(question: $question, year: $year) {
          regions { share { ...S } } nation { ...S } } }
        fragment S on Share { scope { code } share agrees: agreesWithComputed }`,
        vars,
      )
    )['regionComparison'];
    const agrees = (code: string) => viaFragment.regions.find((r: any) => r.share.scope.code === code).share.agrees;
    expect([agrees('10'), agrees('23'), agrees('01'), viaFragment.nation.agrees]).toEqual([true, false, null, true]);
    // The trend and the comparisons take the same path.
    const trendVars = { question: HEM, unit: '0482', fromYear: 2018, toYear: 2021 };
    const trendCore = (await data(TREND.replaceAll(SHARE, SHARE_CORE), trendVars))['routineTrend'];
    const trendFull = (await data(TREND, trendVars))['routineTrend'];
    const pointsOf = (t: any) => t.points.map((x: any) => [x.year, x.answer, core(x.region), core(x.nation)]);
    expect(pointsOf(trendCore)).toEqual(pointsOf(trendFull));
    expect(trendFull.points.find((x: any) => x.year === 2021).nation.published).not.toBeNull();
    // A comparison's rows carry their provenance only when it is selected; the rows are the same.
    const nation = { question: HEM, year: 2021, scope: { kind: 'NATION' }, first: 500 };
    const plain = (await data(COMPARISON, nation))['routineComparison'].rows.nodes;
    const sourced = (
      await data(
        `query C($question: String!, $year: Int!, $scope: RoutineScopeInput!) {
          routineComparison(question: $question, year: $year, scope: $scope) {
            rows(first: 500) { nodes { unit { code } answer previousAnswer provenance { kind } } } } }`,
        nation,
      )
    )['routineComparison'].rows.nodes;
    const answersOf = (rows: any[]) => rows.map((r) => [r.unit.code, r.answer, r.previousAnswer]);
    expect(answersOf(sourced)).toEqual(answersOf(plain));
    expect(sourced.filter((r: any) => r.answer !== null && r.provenance === null)).toEqual([]);
    expect(sourced.length).toBeGreaterThan(290);
  });

  it('runs one SQL statement', async () => {
    db.statements.reset();
    await data(REGION_COMPARISON, { question: ALD, year: 2019 });
    expect(db.statements.count).toBe(1);
  });
});

describe('routineProfile', () => {
  it('shows one municipality across every area with region, kommungrupp and riket shares', async () => {
    const d = await data(PROFILE, { unit: '0482', year: 2021 });
    const p = d['routineProfile'];
    expect(p.unit).toMatchObject({ code: '0482', name: 'Flen', kind: 'MUNICIPALITY' });
    // The nine areas of the Sörmland sample, in ÖJ order; only Äldreomsorg and Hemlöshet collected in 2021.
    expect(p.areas.map((a: any) => a.area.code)).toEqual([
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
    for (const area of p.areas) {
      const [item] = area.items;
      const q = item.question.code;
      const answer = model.answer(q, 2021, '0482');
      expect(item.answer).toBe(answer);
      if (answer === null) expect(item.missingReason).toBe('NOT_YET_PUBLISHED');
      expect(core(item.region)).toEqual(model.share(q, 2021, model.members('REGION', '04'), 'APPLICABLE'));
      expect(core(item.kommungrupp)).toEqual(model.share(q, 2021, model.members('KOMMUNGRUPP', 'C7'), 'APPLICABLE'));
      expect(core(item.nation)).toEqual(model.share(q, 2021, model.members('NATION', '00'), 'APPLICABLE'));
    }
    expect(p.areas[7].items[0]).toMatchObject({ answer: 'JA', rawValue: 'Ja', missingReason: null });
  });

  it("shows Flen in 2018 as no response in every area, beside Sörmland's shares", async () => {
    const d = await data(PROFILE, { unit: '0482', year: 2018, denominator: 'RESPONDENTS' });
    const items = d['routineProfile'].areas.flatMap((a: any) => a.items);
    expect(items).toHaveLength(9);
    expect(
      items.every((i: any) => i.answer === 'NO_RESPONSE' && i.rawValue === '-' && i.missingReason === 'NO_RESPONSE'),
    ).toBe(true);
    const hem = items.find((i: any) => i.question.code === HEM);
    expect(hem.region).toMatchObject({ numerator: 3, denominator: 8, share: 0.375 });
  });

  it('runs one SQL statement', async () => {
    db.statements.reset();
    await data(PROFILE, { unit: '0180-01', year: 2021 });
    expect(db.statements.count).toBe(1);
  });

  // Issue 10, finding 3: a region's profile was refused; now its municipalities' shares per question, its own answer NOT_ASKED.
  it("gives a region its municipalities' shares per question, its own answer NOT_ASKED", async () => {
    const d = await data(PROFILE_OWN, { unit: '04', year: 2018 });
    const p = d['routineProfile'];
    expect(p.unit).toMatchObject({ code: '04', kind: 'REGION' });
    const items = p.areas.flatMap((a: any) => a.items);
    expect(items).toHaveLength(9);
    for (const item of items) {
      expect(item).toMatchObject({
        answer: 'NOT_ASKED',
        missingReason: 'NOT_ASKED',
        provenance: { kind: 'DERIVED', rule: 'the question is asked of municipalities only (askedOf MUNICIPALITY)' },
        kommungrupp: null,
      });
      const q = item.question.code;
      expect(core(item.region)).toEqual(model.share(q, 2018, model.members('REGION', '04'), 'APPLICABLE'));
      expect(core(item.nation)).toEqual(model.share(q, 2018, model.members('NATION', '00'), 'APPLICABLE'));
    }
    expect(items.find((i: any) => i.question.code === HEM).region).toMatchObject({ numerator: 3, denominator: 6 });
    const riket = await data(PROFILE_OWN, { unit: '00', year: 2021 });
    const riketItems = riket['routineProfile'].areas.flatMap((a: any) => a.items);
    expect(riketItems.every((i: any) => i.answer === 'NOT_ASKED' && i.region === null && i.kommungrupp === null)).toBe(
      true,
    );
    const hem = riketItems.find((i: any) => i.question.code === HEM);
    expect(core(hem.nation)).toEqual(model.share(HEM, 2021, model.members('NATION', '00'), 'APPLICABLE'));
  });
});

describe('routineChanges', () => {
  it('groups the units whose answer moved by transition, counting municipalities and listing districts beside them', async () => {
    for (const [kind, code] of [
      ['REGION', '04'],
      ['REGION', '01'],
      ['NATION', '00'],
    ] as const) {
      const d = await data(CHANGES, { question: HEM, fromYear: 2019, toYear: 2021, scope: { kind, code } });
      const ch = d['routineChanges'];
      const municipalities = model.members(kind, code).map((m) => m.code);
      const districts = fixture.districts
        .filter(
          (dd) =>
            (kind === 'NATION' || regionOf(dd.municipalityCode).regionCode === code) &&
            (model.row(HEM, 2019, dd.code) || model.row(HEM, 2021, dd.code)),
        )
        .map((dd) => dd.code);
      const moves = new Map<string, { units: string[]; districts: string[] }>();
      let unchanged = 0;
      for (const u of [...municipalities, ...districts]) {
        const from = model.answer(HEM, 2019, u)!;
        const to = model.answer(HEM, 2021, u)!;
        const isDistrict = u.includes('-');
        if (from === to) {
          if (!isDistrict) unchanged++;
          continue;
        }
        const move = moves.get(`${from}>${to}`) ?? { units: [], districts: [] };
        (isDistrict ? move.districts : move.units).push(u);
        moves.set(`${from}>${to}`, move);
      }
      const byName = (a: string, b: string) => swedish(nameOf(a), nameOf(b));
      const expected = [...moves.entries()]
        .map(([k, m]) => ({
          from: k.split('>')[0],
          to: k.split('>')[1],
          count: m.units.length,
          units: m.units.sort(byName),
          districts: m.districts.sort(byName),
        }))
        .sort(
          (a, b) =>
            b.count - a.count ||
            ANSWER_ORDER.indexOf(a.from as FixtureAnswer) - ANSWER_ORDER.indexOf(b.from as FixtureAnswer) ||
            ANSWER_ORDER.indexOf(a.to as FixtureAnswer) - ANSWER_ORDER.indexOf(b.to as FixtureAnswer),
        );
      // One counting rule: municipalities are counted, districts are rows of their own.
      expect(ch).toMatchObject({
        missingReason: null,
        unitsCompared: municipalities.length,
        unchanged,
        notCollected: 0,
      });
      expect(
        ch.transitions.map((t: any) => ({
          ...t,
          units: t.units.map((u: any) => u.code),
          districts: t.districts.map((u: any) => u.code),
        })),
      ).toEqual(expected);
    }
  });

  it('counts the same municipalities in transitions as in the summaries (Hemlöshet Nej → Ja, riket)', async () => {
    const d = await data(CHANGES, { question: HEM, fromYear: 2019, toYear: 2021, scope: { kind: 'NATION' } });
    const nejJa = d['routineChanges'].transitions.find((t: any) => t.from === 'NEJ' && t.to === 'JA');
    const municipalities = model
      .members('NATION', '00')
      .filter((m) => model.answer(HEM, 2019, m.code) === 'NEJ' && model.answer(HEM, 2021, m.code) === 'JA');
    expect(nejJa.count).toBe(municipalities.length);
    expect(nejJa.units).toHaveLength(municipalities.length);
    expect(nejJa.units.every((u: any) => u.kind === 'MUNICIPALITY')).toBe(true);
    const districts = fixture.districts
      .filter((dd) => model.answer(HEM, 2019, dd.code) === 'NEJ' && model.answer(HEM, 2021, dd.code) === 'JA')
      .map((dd) => dd.code);
    expect(districts).toContain('0180-01');
    expect(nejJa.districts.map((u: any) => u.code).sort()).toEqual(districts.sort());
  });

  it('has Flen and Rinkeby-Kista moving from Nej to Ja', async () => {
    const sormland = await data(CHANGES, {
      question: HEM,
      fromYear: 2019,
      toYear: 2021,
      scope: { kind: 'REGION', code: '04' },
    });
    const nejJa = sormland['routineChanges'].transitions.find((t: any) => t.from === 'NEJ' && t.to === 'JA');
    expect(nejJa.units.map((u: any) => u.name)).toContain('Flen');
    const stockholm = await data(CHANGES, {
      question: HEM,
      fromYear: 2019,
      toYear: 2021,
      scope: { kind: 'REGION', code: '01' },
    });
    const moved = stockholm['routineChanges'].transitions.find((t: any) => t.from === 'NEJ' && t.to === 'JA');
    // Districts are rows of their own beside the transition, not counted among its municipalities.
    expect(moved.units.find((u: any) => u.code === '0180-01')).toBeUndefined();
    expect(moved.districts.find((u: any) => u.code === '0180-01')).toEqual({
      code: '0180-01',
      name: 'Rinkeby-Kista',
      kind: 'DISTRICT',
    });
  });

  it('says NOT_COLLECTED instead of inventing changes into a year without a survey', async () => {
    const d = await data(CHANGES, { question: HEM, fromYear: 2019, toYear: 2020, scope: { kind: 'NATION' } });
    expect(d['routineChanges']).toMatchObject({
      missingReason: 'NOT_COLLECTED',
      unitsCompared: null,
      unchanged: null,
      transitions: [],
    });
    const later = await data(CHANGES, { question: HEM, fromYear: 2021, toYear: 2024, scope: { kind: 'NATION' } });
    expect(later['routineChanges'].missingReason).toBe('NOT_YET_PUBLISHED');
  });
});

describe('errors', () => {
  it.each([
    ['unknown question', TREND, { question: 'NOPE', unit: '0482', fromYear: 2019, toYear: 2021 }, 'NOT_FOUND'],
    ['unknown unit', TREND, { question: HEM, unit: '9999', fromYear: 2019, toYear: 2021 }, 'NOT_FOUND'],
    ['fromYear after toYear', TREND, { question: HEM, unit: '0482', fromYear: 2021, toYear: 2019 }, 'BAD_USER_INPUT'],
    ['a range over 50 years', TREND, { question: HEM, unit: '0482', fromYear: 1990, toYear: 2040 }, 'BAD_USER_INPUT'],
    ['unknown region', COMPARISON, { question: HEM, year: 2021, scope: { kind: 'REGION', code: '99' } }, 'NOT_FOUND'],
    [
      'unknown kommungrupp',
      COMPARISON,
      { question: HEM, year: 2021, scope: { kind: 'KOMMUNGRUPP', code: 'Z9' } },
      'NOT_FOUND',
    ],
    [
      'a region scope without code',
      COMPARISON,
      { question: HEM, year: 2021, scope: { kind: 'REGION' } },
      'BAD_USER_INPUT',
    ],
    [
      'unknown question (comparison)',
      COMPARISON,
      { question: 'NOPE', year: 2021, scope: { kind: 'NATION' } },
      'NOT_FOUND',
    ],
    ['unknown question (regions)', REGION_COMPARISON, { question: 'NOPE', year: 2021 }, 'NOT_FOUND'],
    ['unknown unit (profile)', PROFILE, { unit: '9999', year: 2021 }, 'NOT_FOUND'],
    ['a year out of range', PROFILE, { unit: '0482', year: 3000 }, 'BAD_USER_INPUT'],
    [
      'equal years (changes)',
      CHANGES,
      { question: HEM, fromYear: 2021, toYear: 2021, scope: { kind: 'NATION' } },
      'BAD_USER_INPUT',
    ],
  ])('answers %s with its code', async (_what, query, variables, code) => {
    expect(await errorCode(query, variables)).toBe(code);
  });
});

describe('asOf', () => {
  it('returns the answers the warehouse held at that instant', async () => {
    const [{ t: before }] = await db.owner.query(`SELECT clock_timestamp() AS t`);
    // A revised 2021 release: Flen's Hemlöshet answer is corrected from Ja to Nej.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-revised-'));
    const file = path.join(dir, path.basename(fixture.files[1]!));
    copyFileSync(fixture.files[1]!.replace(/\.csv$/, '.mapping.json'), file.replace(/\.csv$/, '.mapping.json'));
    writeFileSync(
      file,
      readFileSync(fixture.files[1]!, 'utf8').replace(`0482;Flen;${HEM};Ja;2021`, `0482;Flen;${HEM};Nej;2021`),
    );
    const result = await ingestFile(db.ingest, file, { trigger: 'test', now: NOW });
    try {
      expect(result.status).toBe('SUCCEEDED');
      expect(result.counts.updated).toBe(1);

      const now = await data(TREND, { question: HEM, unit: '0482', fromYear: 2021, toYear: 2021 });
      expect(now['routineTrend'].points[0]).toMatchObject({ answer: 'NEJ', region: { numerator: 6 } });
      const then = await data(TREND, {
        question: HEM,
        unit: '0482',
        fromYear: 2021,
        toYear: 2021,
        asOf: new Date(before).toISOString(),
      });
      expect(then['routineTrend'].points[0]).toMatchObject({ answer: 'JA', region: { numerator: 7 } });
      const cmp = await data(COMPARISON, {
        question: HEM,
        year: 2021,
        scope: { kind: 'REGION', code: '04' },
        asOf: new Date(before).toISOString(),
      });
      expect(cmp['routineComparison'].rows.nodes.find((r: any) => r.unit.code === '0482')).toMatchObject({
        answer: 'JA',
        changed: true,
      });
      const profile = await data(PROFILE, { unit: '0482', year: 2021, asOf: new Date(before).toISOString() });
      expect(profile['routineProfile'].areas[7].items[0].answer).toBe('JA');
      // Before anything was loaded, nothing was collected.
      const empty = await data(TREND, {
        question: HEM,
        unit: '0482',
        fromYear: 2021,
        toYear: 2021,
        asOf: '2000-01-01T00:00:00Z',
      });
      expect(empty['routineTrend'].points[0].missingReason).toBe('NOT_COLLECTED');
    } finally {
      // Put the 2021 release back as it was, so no other test depends on running before this one.
      await ingestFile(db.ingest, fixture.files[1]!, { trigger: 'test', now: NOW });
    }
  });
});

const SHARE = `scope { kind code name } year origin policy numerator denominator share missingReason
  counts { ja nej ejAktuellt noResponse notAsked notCollected inferred units }
  coverage { unitsInFrame unitsInScope partial label labelSv } includesInferred
  population { numerator denominator share populationYear approximate roundedTo }
  published { origin percent numerator denominator qualifier publication comparedPolicy computedShare } agreesWithComputed`;

/** The fields the model predicts: light enough for the cost limit on a whole profile. */
const SHARE_CORE = `numerator denominator share missingReason counts { ja nej ejAktuellt noResponse notAsked notCollected inferred units }`;

const TREND = `query Trend($question: String!, $unit: String!, $fromYear: Int!, $toYear: Int!, $denominator: DenominatorPolicy, $asOf: DateTime) {
  routineTrend(question: $question, unit: $unit, fromYear: $fromYear, toYear: $toYear, denominator: $denominator, asOf: $asOf) {
    question { code }
    unit { code name kind municipalityCode region { code } kommungrupp { code } }
    policy
    points { year answer rawValue missingReason share { ${SHARE} } region { ${SHARE} } kommungrupp { ${SHARE} } nation { ${SHARE} } }
  }
}`;

const COMPARISON = `query Comparison($question: String!, $year: Int!, $scope: RoutineScopeInput!, $denominator: DenominatorPolicy,
    $orderBy: ComparisonOrder, $first: Int = 100, $after: String, $asOf: DateTime) {
  routineComparison(question: $question, year: $year, scope: $scope, denominator: $denominator, orderBy: $orderBy, asOf: $asOf) {
    question { code }
    year
    scope { kind code name }
    summary { ${SHARE} }
    references { ${SHARE} }
    rows(first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { unit { code name kind region { name } } answer rawValue missingReason previousYear previousAnswer changed }
    }
  }
}`;

const COMPARISON_NESTED = `query ComparisonNested($question: String!, $year: Int!, $scope: RoutineScopeInput!, $first: Int = 100) {
  routineComparison(question: $question, year: $year, scope: $scope) {
    summary { share }
    references { share }
    rows(first: $first) { nodes { unit { code name region { code name regionName } kommungrupp { code name } } answer } }
  }
}`;

const REGION_COMPARISON = `query Regions($question: String!, $year: Int!, $denominator: DenominatorPolicy) {
  regionComparison(question: $question, year: $year, denominator: $denominator) {
    question { code }
    year
    policy
    regions { rank quartileBand share { ${SHARE} } }
    nation { ${SHARE} }
    rankedRegions median lowerQuartile upperQuartile interquartileRange
  }
}`;

const PROFILE = `query Profile($unit: String!, $year: Int!, $denominator: DenominatorPolicy, $asOf: DateTime) {
  routineProfile(unit: $unit, year: $year, denominator: $denominator, asOf: $asOf) {
    unit { code name kind }
    year
    areas { area { code name } items { question { code } answer rawValue missingReason region { ${SHARE_CORE} } kommungrupp { ${SHARE_CORE} } nation { ${SHARE_CORE} } } }
  }
}`;

/** A unit's own answers in a profile with their provenance (lighter shares, for the cost limit). */
const PROFILE_OWN = `query ProfileOwn($unit: String!, $year: Int!) {
  routineProfile(unit: $unit, year: $year) {
    unit { code name kind }
    areas { items { question { code } answer rawValue missingReason provenance { kind rule publication file sheet row column ingestRunId }
      region { ${SHARE_CORE} } kommungrupp { share } nation { ${SHARE_CORE} } } }
  }
}`;

const CHANGES = `query Changes($question: String!, $fromYear: Int!, $toYear: Int!, $scope: RoutineScopeInput!) {
  routineChanges(question: $question, fromYear: $fromYear, toYear: $toYear, scope: $scope) {
    scope { kind code name }
    missingReason unitsCompared unchanged notCollected
    transitions { from to count units { code name kind } districts { code name kind } }
  }
}`;

/**
 * What the API must answer, computed in plain TypeScript from the fixture's in-memory rows and
 * the bundled Sörmland sample — never from the database — following the documented rules.
 */

export type Policy = 'RESPONDENTS' | 'APPLICABLE' | 'ALL_UNITS';

export const SORMLAND_SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');

export interface ModelRow {
  unitCode: string;
  question: string;
  year: number;
  answer: FixtureAnswer;
  raw: string;
}

/** The Sörmland 2018 sample as rows, read with its mapping's header → area list. */
export function sampleRows(): ModelRow[] {
  const mapping = JSON.parse(readFileSync(SORMLAND_SAMPLE.replace(/\.csv$/, '.mapping.json'), 'utf8')) as {
    columns: { header: string; areaCode: string }[];
  };
  const [header, ...lines] = readFileSync(SORMLAND_SAMPLE, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(';'));
  const answerOf: Record<string, FixtureAnswer> = {
    Ja: 'JA',
    Nej: 'NEJ',
    'Ej aktuellt': 'EJ_AKTUELLT',
    '-': 'NO_RESPONSE',
  };
  const rows: ModelRow[] = [];
  for (const line of lines) {
    for (const column of mapping.columns) {
      const raw = line[header!.indexOf(column.header)]!;
      rows.push({
        unitCode: line[0]!,
        question: `SIP_INFO.${column.areaCode}`,
        year: 2018,
        answer: answerOf[raw]!,
        raw,
      });
    }
  }
  return rows;
}

/**
 * The releases' frames: the Sörmland sample is a regional publication (Södermanlands län's 9
 * municipalities, its nine questions, 2018); the fixture's releases are national.
 */
export interface ModelFrame {
  year: number;
  questions: Set<string>;
  /** null: every municipality (and its districts). */
  municipalities: Set<string> | null;
}

export class RoutineModel {
  readonly rows: ModelRow[];
  readonly frames: ModelFrame[];
  private readonly byKey = new Map<string, ModelRow>();

  constructor(readonly fixture: NationalFixture) {
    const sample = sampleRows();
    this.rows = [...sample, ...fixture.answers];
    for (const r of this.rows) this.byKey.set(`${r.question}|${r.year}|${r.unitCode}`, r);
    this.frames = [
      {
        year: 2018,
        questions: new Set(sample.map((r) => r.question)),
        municipalities: new Set(fixture.municipalities.filter((m) => m.regionCode === '04').map((m) => m.code)),
      },
      ...[...new Set(fixture.answers.map((a) => a.year))].map((year) => ({
        year,
        questions: new Set(fixture.answers.filter((a) => a.year === year).map((a) => a.question)),
        municipalities: null,
      })),
    ];
  }

  row(question: string, year: number, unit: string): ModelRow | undefined {
    return this.byKey.get(`${question}|${year}|${unit}`);
  }

  collected(question: string, year: number): boolean {
    return this.frames.some((f) => f.year === year && f.questions.has(question));
  }

  /** Whether a release covers the unit (a district through its municipality) for the question and year. */
  inFrame(question: string, year: number, unit: string): boolean {
    const municipality = unit.slice(0, 4);
    return this.frames.some(
      (f) => f.year === year && f.questions.has(question) && (f.municipalities?.has(municipality) ?? true),
    );
  }

  /** Latest year any question of the same area (SIP_INFO.<AREA>) was collected. */
  latestYear(question: string): number {
    return Math.max(...this.rows.filter((r) => r.question === question).map((r) => r.year));
  }

  uncollectedReason(question: string, year: number): string {
    return year > this.latestYear(question) ? 'NOT_YET_PUBLISHED' : 'NOT_COLLECTED';
  }

  /** A unit's answer; no row in a release covering it is NO_RESPONSE; null when no release covers it. */
  answer(question: string, year: number, unit: string): FixtureAnswer | null {
    if (!this.inFrame(question, year, unit)) return null;
    return this.row(question, year, unit)?.answer ?? 'NO_RESPONSE';
  }

  members(kind: 'NATION' | 'REGION' | 'KOMMUNGRUPP', code: string): FixtureMunicipality[] {
    return this.fixture.municipalities.filter(
      (m) => kind === 'NATION' || (kind === 'REGION' ? m.regionCode === code : m.kommungrupp === code),
    );
  }

  /** The Share fields the API returns (scope and published aside). */
  share(question: string, year: number, members: FixtureMunicipality[], policy: Policy) {
    const covered = members.filter((m) => this.inFrame(question, year, m.code));
    if (covered.length === 0) {
      return {
        numerator: null,
        denominator: null,
        share: null,
        missingReason: this.uncollectedReason(question, year),
        counts: null,
      };
    }
    const counts = {
      ja: 0,
      nej: 0,
      ejAktuellt: 0,
      noResponse: 0,
      notAsked: 0,
      notCollected: members.length - covered.length,
      inferred: 0,
      units: members.length,
    };
    for (const m of covered) {
      const a = this.answer(question, year, m.code)!;
      if (a === 'JA') counts.ja++;
      else if (a === 'NEJ') counts.nej++;
      else if (a === 'EJ_AKTUELLT') counts.ejAktuellt++;
      else if (a === 'NOT_ASKED') counts.notAsked++;
      else counts.noResponse++;
      // The sample's Nej cells are inferred from the published Ja list (data/samples/README.md).
      if (year === 2018 && a === 'NEJ') counts.inferred++;
    }
    const respondents = counts.ja + counts.nej + counts.ejAktuellt;
    const denominator =
      policy === 'RESPONDENTS' ? respondents : policy === 'APPLICABLE' ? counts.ja + counts.nej : covered.length;
    let missingReason: string | null = null;
    if (respondents === 0) missingReason = counts.notAsked === covered.length ? 'NOT_ASKED' : 'NO_RESPONSE';
    else if (denominator === 0)
      missingReason = policy === 'APPLICABLE' && counts.ejAktuellt > 0 ? 'NOT_APPLICABLE' : 'NO_RESPONSE';
    return {
      numerator: counts.ja,
      denominator,
      share: missingReason === null ? counts.ja / denominator : null,
      missingReason,
      counts,
    };
  }
}

/** percentile_cont: linear interpolation between the closest ranks. */
export function percentileCont(sortedAsc: number[], p: number): number {
  const pos = p * (sortedAsc.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sortedAsc[lo]! + (sortedAsc[hi]! - sortedAsc[lo]!) * (pos - lo);
}

export const ANSWER_ORDER: FixtureAnswer[] = ['JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED'];
export const swedish = new Intl.Collator('sv-SE').compare;
