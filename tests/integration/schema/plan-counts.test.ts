import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, SAMPLES_DIR } from '../../../src/paths.js';
import { useTestApi } from '../../helpers/api.js';

const FILES = [
  path.join(SAMPLES_DIR, 'stockholm-2011-individual-plan-followup.csv'),
  path.join(PROJECT_ROOT, 'tests/fixtures/plan-counts/series.csv'),
];
const REGION_SCOPE = '10 beroendemottagningar in Stockholms län';
const MUNICIPAL_SCOPE = '8 kommuner and 6 stadsdelar in Stockholms län';
// Nyköping's population in data/reference/kommuner.csv (2020, rounded to 100).
const NYKOPING_POPULATION = 57_100;

const { db, api } = useTestApi({ files: FILES });

async function counts(variables: Record<string, unknown>): Promise<Record<string, any>> {
  const body = await api.gql(PLAN_COUNTS, variables);
  expect(body.errors).toBeUndefined();
  return body.data!['planCounts'];
}

const NOT_COLLECTED = (year: number) => ({
  year,
  periodStart: null,
  periodEnd: null,
  value: null,
  count: null,
  missingReason: 'NOT_COLLECTED',
  rawValue: null,
  n: null,
  countingNote: null,
  perTenThousand: null,
  perTenThousandIsApproximate: null,
});

describe('planCounts on the bundled Stockholm 2011 follow-up', () => {
  it("returns the region's 1 120 patients with its units, counting note and the per-organisation note", async () => {
    const result = await counts({ scope: REGION_SCOPE, measure: 'current_patients_total' });
    expect(result.scope).toEqual({
      key: REGION_SCOPE,
      label: REGION_SCOPE,
      unit: null,
      population: null,
      populationYear: null,
      populationRoundedTo: null,
    });
    expect(result.note).toMatch(/per reporting organisation .*not unique persons/);
    expect([result.fromYear, result.toYear]).toEqual([2011, 2011]);
    expect(result.missingReason).toBeNull();
    expect(result.series).toEqual([
      {
        scopeKey: REGION_SCOPE,
        scopeLabel: REGION_SCOPE,
        coversWholeScope: true,
        coverage: null,
        planType: 'INDIVIDUAL_PLAN',
        measure: 'current_patients_total',
        principal: 'REGION',
        sourceSystem: 'LOCAL_FOLLOW_UP',
        valueKind: 'COUNT',
        points: [
          {
            year: 2011,
            periodStart: '2011-12-05',
            periodEnd: '2011-12-05',
            value: 1120,
            count: 1120,
            missingReason: null,
            rawValue: '1120',
            n: 10,
            countingNote: 'min 30, max 320 per mottagning; published mean 112',
            perTenThousand: null,
            perTenThousandIsApproximate: null,
          },
        ],
      },
    ]);
  });

  it("returns the municipalities' 2 206 clients with the note on the mismatching published mean", async () => {
    const [series] = (await counts({ scope: MUNICIPAL_SCOPE, measure: 'current_clients_total' }))['series'];
    expect(series).toMatchObject({ measure: 'current_clients_total', principal: 'MUNICIPALITY' });
    expect(series.points[0]).toMatchObject({ value: 2206, count: 2206, n: 14 });
    expect(series.points[0].countingNote).toContain('the published mean does not match');
  });

  it('reads a published percent as a Float, not a count', async () => {
    const [series] = (
      await counts({ scope: 'small units', measure: 'share_joint_clients_with_individual_plan_percent' })
    )['series'];
    expect(series).toMatchObject({
      measure: 'share_joint_clients_with_individual_plan_percent',
      principal: 'BOTH',
      valueKind: 'PERCENT',
    });
    expect(series.points[0]).toMatchObject({ value: 55, count: null, n: 5, perTenThousand: null });
  });
});

describe('planCounts: a sample is reachable by its län, never as the län (issue 10, finding 6)', () => {
  it('lists the Stockholm follow-up under Stockholms län, each series marked as covering only its sample', async () => {
    const result = await counts({ scope: '01' });
    expect(result.scope).toMatchObject({ key: '01', label: 'Stockholms län', unit: { kind: 'REGION' } });
    expect(result.missingReason).toBeNull();
    expect(result.series).toHaveLength(21);
    expect(result.series.every((s: any) => s.coversWholeScope === false)).toBe(true);
    const patients = result.series.find((s: any) => s.measure === 'current_patients_total');
    expect(patients).toMatchObject({
      scopeKey: REGION_SCOPE,
      scopeLabel: REGION_SCOPE,
      coversWholeScope: false,
      coverage: {
        sampleUnits: 10,
        frameUnits: 30,
        note: expect.stringContaining('a sample: 10 of the 30 local integrated receptions'),
      },
    });
    expect(patients.points).toEqual([expect.objectContaining({ year: 2011, value: 1120, perTenThousand: null })]);
    const clients = result.series.find((s: any) => s.measure === 'current_clients_total');
    expect(clients.coverage).toMatchObject({ sampleUnits: 14, frameUnits: null });
  });

  it('answers an unknown named scope with NOT_COLLECTED and no series, not NOT_FOUND', async () => {
    const body = await api.gql(PLAN_COUNTS, { scope: 'Atlantis' });
    expect(body.errors).toBeUndefined();
    expect(body.data!['planCounts']).toMatchObject({
      scope: { key: 'Atlantis', label: 'Atlantis', unit: null },
      fromYear: null,
      toYear: null,
      missingReason: 'NOT_COLLECTED',
      series: [],
    });
  });

  it('keeps the values the report does not print, marked NOT_PUBLISHED, and lost ones LOST_IN_SOURCE', async () => {
    const large = await counts({ scope: 'large units' });
    expect(
      large.series.map((s: any) => [s.measure, s.points.map((p: any) => [p.value, p.missingReason, p.n])]),
    ).toEqual([
      ['share_clients_with_joint_interventions_percent', [[null, 'NOT_PUBLISHED', 6]]],
      ['share_joint_clients_with_individual_plan_percent', [[null, 'NOT_PUBLISHED', 6]]],
    ]);
    expect(large.series[0].points[0].countingNote).toContain("'något lägre'");
    const catchment = await counts({ scope: 'catchment 0-26088 invånare' });
    expect(catchment.series[0].points[0]).toMatchObject({ value: null, missingReason: 'LOST_IN_SOURCE' });
  });
});

describe('planCounts for a municipality (tests/fixtures/plan-counts/series.csv)', () => {
  it('is dense over the years: no row is NOT_COLLECTED, a ".." cell null with NO_RESPONSE, never 0', async () => {
    const result = await counts({
      scope: '0480',
      planType: 'SIP',
      measure: 'sips_created',
      fromYear: 2017,
      toYear: 2021,
    });
    expect(result.scope).toEqual({
      key: '0480',
      label: 'Nyköping',
      unit: { code: '0480', kind: 'MUNICIPALITY', name: 'Nyköping' },
      population: NYKOPING_POPULATION,
      populationYear: 2020,
      populationRoundedTo: 100,
    });
    expect(result.series).toHaveLength(1);
    const [series] = result.series;
    expect(series).toMatchObject({
      planType: 'SIP',
      measure: 'sips_created',
      principal: 'MUNICIPALITY',
      sourceSystem: 'PRATOR',
      valueKind: 'COUNT',
    });
    expect(series.points).toEqual([
      NOT_COLLECTED(2017),
      {
        year: 2018,
        periodStart: '2018-01-01',
        periodEnd: '2018-12-31',
        value: 120,
        count: 120,
        missingReason: null,
        rawValue: '120',
        n: null,
        countingNote: 'illustrative: SIPs the municipality registered in Prator',
        perTenThousand: (120 * 10_000) / NYKOPING_POPULATION,
        perTenThousandIsApproximate: true,
      },
      {
        year: 2019,
        periodStart: '2019-01-01',
        periodEnd: '2019-12-31',
        value: null,
        count: null,
        missingReason: 'NO_RESPONSE',
        rawValue: '..',
        n: null,
        countingNote: 'illustrative: not reported',
        perTenThousand: null,
        perTenThousandIsApproximate: null,
      },
      NOT_COLLECTED(2020),
      expect.objectContaining({
        year: 2021,
        value: 150,
        perTenThousand: (150 * 10_000) / NYKOPING_POPULATION,
        perTenThousandIsApproximate: true,
      }),
    ]);
  });

  it('gives no per-10 000 rate for a percent, a region or a district', async () => {
    const nykoping = await counts({ scope: '0480', measure: 'sips_created_over_65_percent' });
    expect(nykoping.series[0].points).toEqual([
      expect.objectContaining({ value: 41.5, count: null, perTenThousand: null, perTenThousandIsApproximate: null }),
    ]);
    const region = await counts({ scope: '04' });
    expect(region.scope.population).toBeNull();
    expect(region.series[0].points).toEqual([
      expect.objectContaining({ value: 1250, count: 1250, perTenThousand: null }),
    ]);
    const district = await counts({ scope: '0180-01' });
    expect(district.scope.unit).toEqual({ code: '0180-01', kind: 'DISTRICT', name: 'Rinkeby-Kista' });
    expect(district.series[0].points).toEqual([
      expect.objectContaining({ value: 150, n: 3, perTenThousand: null, periodStart: '2019-03-01' }),
    ]);
  });

  it('returns no series for a known unit without counts', async () => {
    const result = await counts({ scope: '0114' });
    expect(result).toMatchObject({ fromYear: null, toYear: null, series: [] });
  });

  it('answers with one SQL statement', async () => {
    db.statements.reset();
    await counts({ scope: '0480', fromYear: 2010, toYear: 2025 });
    expect(db.statements.count).toBe(1);
  });

  it('is NOT_FOUND for a code naming no unit and BAD_USER_INPUT for a reversed year range', async () => {
    expect((await api.gql(PLAN_COUNTS, { scope: '9999' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.gql(PLAN_COUNTS, { scope: '99' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await api.gql(PLAN_COUNTS, { scope: '0480', fromYear: 2021, toYear: 2018 })).errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });
});

describe('planCountSeries', () => {
  it('lists every series held, by scope name in Swedish order, in one statement', async () => {
    db.statements.reset();
    const body = await api.gql(SERIES, { first: 100 });
    expect(db.statements.count).toBe(1);
    expect(body.errors).toBeUndefined();
    const page = body.data!['planCountSeries'];
    // 21 series of the Stockholm follow-up (tests/integration/schema/plan-counts.test.ts counts them) + 4 of the fixture.
    expect(page.totalCount).toBe(25);
    const nykoping = page.nodes.filter((n: any) => n.scope.key === '0480');
    expect(nykoping.map((n: any) => [n.measure, n.firstYear, n.lastYear, n.periods, n.reported])).toEqual([
      ['sips_created', 2018, 2021, 3, 2],
      ['sips_created_over_65_percent', 2018, 2018, 1, 1],
    ]);
    const sips = await api.gql(SERIES, { first: 100, planType: 'SIP' });
    expect(sips.data!['planCountSeries'].totalCount).toBe(3);
  });
});

const POINT = `year periodStart periodEnd value count missingReason rawValue n countingNote perTenThousand perTenThousandIsApproximate`;
const SCOPE = `key label unit { code kind name } population populationYear populationRoundedTo`;
const PLAN_COUNTS = `query PlanCounts($scope: String!, $planType: PlanType, $measure: String, $fromYear: Int, $toYear: Int) {
  planCounts(scope: $scope, planType: $planType, measure: $measure, fromYear: $fromYear, toYear: $toYear) {
    scope { ${SCOPE} }
    fromYear toYear note
    missingReason
    series {
      scopeKey scopeLabel coversWholeScope coverage { sampleUnits frameUnits note }
      planType measure principal sourceSystem valueKind points { ${POINT} }
    }
  }
}`;
const SERIES = `query Series($planType: PlanType, $first: Int) {
  planCountSeries(planType: $planType, first: $first) {
    totalCount
    nodes { scope { ${SCOPE} } planType measure principal sourceSystem valueKind firstYear lastYear periods reported }
  }
}`;
