import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseContext } from '../../../../../src/ingest/adapter.js';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import type { ParsedRelease } from '../../../../../src/ingest/release.js';
import { planCountsAdapter } from '../../../../../src/ingest/sources/plan-counts/adapter.js';
import { measureKind } from '../../../../../src/domain/plan-count.js';
import type { PlanCountWithRaw } from '../../../../../src/ingest/sources/plan-counts/map.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../../../../../src/paths.js';

const ctx: ParseContext = {
  catalog: readReferenceCatalog(),
  now: new Date('2025-06-01T00:00:00Z'),
  limits: DEFAULT_PARSE_LIMITS,
};

async function load(filePath: string): Promise<ParsedRelease> {
  return planCountsAdapter.parse(await planCountsAdapter.fetch({ path: filePath }), ctx);
}

function parseText(text: string, file = 'inline.csv'): Promise<ParsedRelease> {
  const fetched: FetchedRelease = { source: 'plan-counts', releaseKey: file, file, parts: [Buffer.from(text, 'utf8')] };
  return planCountsAdapter.parse(fetched, ctx);
}

const REGISTER_HEADER = 'unit_code,unit_name,period_start,period_end,plan_type,measure,principal,source_system,value,n';

describe('plan-counts adapter: Stockholm follow-up 2011', () => {
  const followUp = () => load(path.join(SAMPLES_DIR, 'stockholm-2011-individual-plan-followup.csv'));

  it('reads the 21 rows: 13 published figures with their exact values, 8 kept missing with their reason', async () => {
    const release = await followUp();
    expect(release.rejects).toEqual([]);
    expect(
      release.planCounts.map((p) => [p.scopeLabel, p.measure, p.principal, p.value, p.n, p.missingReason]),
    ).toEqual([
      ['10 beroendemottagningar in Stockholms län', 'current_patients_total', 'REGION', 1120, 10, null],
      ['8 kommuner and 6 stadsdelar in Stockholms län', 'current_clients_total', 'MUNICIPALITY', 2206, 14, null],
      ['24 units by caseload size', 'units_small_17_70', 'BOTH', 5, null, null],
      ['24 units by caseload size', 'units_medium_71_156', 'BOTH', 13, null, null],
      ['24 units by caseload size', 'units_large_157_320', 'BOTH', 6, null, null],
      ['medium units', 'share_clients_with_joint_interventions_percent', 'BOTH', 45, 13, null],
      ['small units', 'share_joint_clients_with_individual_plan_percent', 'BOTH', 55, 5, null],
      ['10 beroendemottagningar in Stockholms län', 'mean_patients_per_unit', 'REGION', 112, 10, null],
      ['8 kommuner and 6 stadsdelar in Stockholms län', 'mean_clients_per_unit', 'MUNICIPALITY', 156, 14, null],
      ['10 beroendemottagningar in Stockholms län', 'min_patients_per_unit', 'REGION', 30, 10, null],
      ['10 beroendemottagningar in Stockholms län', 'max_patients_per_unit', 'REGION', 320, 10, null],
      ['8 kommuner and 6 stadsdelar in Stockholms län', 'min_clients_per_unit', 'MUNICIPALITY', 44, 14, null],
      ['8 kommuner and 6 stadsdelar in Stockholms län', 'max_clients_per_unit', 'MUNICIPALITY', 319, 14, null],
      ['small units', 'share_clients_with_joint_interventions_percent', 'BOTH', null, 5, 'NOT_PUBLISHED'],
      ['large units', 'share_clients_with_joint_interventions_percent', 'BOTH', null, 6, 'NOT_PUBLISHED'],
      ['medium units', 'share_joint_clients_with_individual_plan_percent', 'BOTH', null, 13, 'NOT_PUBLISHED'],
      ['large units', 'share_joint_clients_with_individual_plan_percent', 'BOTH', null, 6, 'NOT_PUBLISHED'],
      [
        'catchment 0-26088 invånare',
        'share_current_clients_of_population_percent',
        'BOTH',
        null,
        null,
        'LOST_IN_SOURCE',
      ],
      [
        'catchment 26088-43032 invånare',
        'share_current_clients_of_population_percent',
        'BOTH',
        null,
        null,
        'LOST_IN_SOURCE',
      ],
      [
        'catchment 43032-74533 invånare',
        'share_current_clients_of_population_percent',
        'BOTH',
        null,
        null,
        'LOST_IN_SOURCE',
      ],
      [
        'catchment 74533-176 821 invånare',
        'share_current_clients_of_population_percent',
        'BOTH',
        null,
        null,
        'LOST_IN_SOURCE',
      ],
    ]);
  });

  it('rejects a missing reason beside a value, and one not in the scale', async () => {
    const header = 'reference_date,scope,principal,measure,value,units,missing_reason\n';
    const release = await parseText(
      `${header}2011-12-05,small units,both,share_x_percent,40,5,not_published\n2011-12-05,small units,both,share_y_percent,,5,forgot\n`,
    );
    expect(release.rejects).toMatchObject([
      { rule: 'missing-reason-with-value', loc: { row: 2, column: 'missing_reason' } },
      { rule: 'missing-reason-not-in-scale', rawValue: 'forgot', loc: { row: 3, column: 'missing_reason' } },
    ]);
    expect(release.planCounts).toEqual([]);
  });

  it('labels a follow-up row with its scope, day and counting note', async () => {
    const [first] = (await followUp()).planCounts;
    expect(first).toEqual({
      unit: null,
      scopeLabel: '10 beroendemottagningar in Stockholms län',
      periodStart: '2011-12-05',
      periodEnd: '2011-12-05',
      year: 2011,
      planType: 'INDIVIDUAL_PLAN',
      measure: 'current_patients_total',
      principal: 'REGION',
      sourceSystem: 'LOCAL_FOLLOW_UP',
      value: 1120,
      n: 10,
      countingNote: 'min 30, max 320 per mottagning; published mean 112',
      rawValue: '1120',
      missingReason: null,
      regionCode: '01',
      coverage: {
        sampleUnits: 10,
        frameUnits: 30,
        note: 'a sample: 10 of the 30 local integrated receptions (lokala integrerade mottagningar) in Stockholms län, chosen for spread in geography, size and public/private operation',
      },
      studyKey: 'stockholm-2011-individual-plans',
      citation: {
        document: '000_248606a8c66359fb.txt',
        section: 'Aktuella klienter/patienter vid respektive mottagning samt kommun/stadsdel på mätdagen',
        page: '8',
      },
      loc: { source: 'plan-counts', file: 'stockholm-2011-individual-plan-followup.csv', row: 2 },
    });
  });

  it('rejects a follow-up share over 100 percent', async () => {
    const release = await parseText(
      'reference_date,scope,principal,measure,value,units,note\n2011-12-05,small units,both,share_x_percent,155,5,\n',
    );
    expect(release.rejects).toMatchObject([
      { rule: 'percent-out-of-range', rawValue: '155', loc: { row: 2, column: 'value' } },
    ]);
  });
});

describe('plan-counts adapter: per-unit register', () => {
  const register = async () =>
    (await load(path.join(PROJECT_ROOT, 'tests/fixtures/plan-counts/register.csv'))).planCounts as PlanCountWithRaw[];

  it('reads every fixture row', async () => {
    const release = await load(path.join(PROJECT_ROOT, 'tests/fixtures/plan-counts/register.csv'));
    expect(release.rejects).toEqual([]);
    expect(release.planCounts).toHaveLength(10);
    expect(release.repairs).toEqual({ 'zero-padded-code': 1 });
    expect(release.unitsCovered).toEqual([
      { kind: 'REGION', code: '04' },
      { kind: 'MUNICIPALITY', code: '0480' },
      { kind: 'MUNICIPALITY', code: '0482' },
      { kind: 'MUNICIPALITY', code: '0484' },
      { kind: 'DISTRICT', code: '0180-01' },
    ]);
  });

  it('keeps an unreported value null with the raw cell, never 0', async () => {
    const counts = await register();
    expect(counts.filter((p) => p.value === null).map((p) => [p.loc.row, p.rawValue])).toEqual([
      [5, '..'],
      [6, '-'],
      [9, ''],
    ]);
  });

  it('reads a year as the calendar period and normalises source systems', async () => {
    const flen = (await register()).find((p) => p.unit?.code === '0482');
    expect(flen).toMatchObject({
      periodStart: '2018-01-01',
      periodEnd: '2018-12-31',
      year: 2018,
      sourceSystem: 'OJ',
      principal: 'MUNICIPALITY',
      scopeLabel: 'Flen',
      countingNote: 'illustrative: not reported',
    });
    expect((await register()).find((p) => p.unit?.code === '0480')?.sourceSystem).toBe('PRATOR');
  });

  it('matches a stadsdel by name and keeps its day count', async () => {
    const rinkeby = (await register()).filter((p) => p.unit?.kind === 'DISTRICT');
    expect(rinkeby.map((p) => [p.unit?.code, p.scopeLabel, p.measure, p.value, p.periodStart, p.periodEnd])).toEqual([
      ['0180-01', 'Rinkeby-Kista', 'clients_total', 150, '2011-12-05', '2011-12-05'],
      ['0180-01', 'Rinkeby-Kista', 'joint_clients', 60, '2011-12-05', '2011-12-05'],
      ['0180-01', 'Rinkeby-Kista', 'joint_clients_with_plan', null, '2011-12-05', '2011-12-05'],
    ]);
  });

  it('reads decimal commas for shares and survey means with their n', async () => {
    const counts = await register();
    expect(counts.find((p) => p.measure === 'sips_created_over_65_percent')?.value).toBe(41.5);
    expect(counts.find((p) => p.measure === 'survey_mean_score')).toMatchObject({
      value: 4.2,
      n: 37,
      sourceSystem: 'SIPKOLLEN',
      year: 2019,
    });
  });

  it('rejects a negative count', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n0480,,2018-01-01,2018-12-31,SIP,sips_created,both,PRATOR,-3,\n`,
    );
    expect(release.planCounts).toEqual([]);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'plan-counts', file: 'inline.csv', row: 2, column: 'value' },
        rawValue: '-3',
        rule: 'invalid-count',
        message: '-3 is not a count (a non-negative integer)',
        isKeyField: false,
      },
    ]);
  });

  it('rejects a fractional count', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n0480,,2018-01-01,2018-12-31,SIP,sips_created,both,PRATOR,"2,5",\n`,
    );
    expect(release.rejects.map((r) => r.rule)).toEqual(['invalid-count']);
  });

  it('rejects a survey mean of 6 on the 1–5 scale', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n04,,2019-01-01,2019-06-30,SIP,survey_mean_score,both,SIPKOLLEN,6,40\n`,
    );
    expect(release.rejects).toMatchObject([
      { rule: 'score-out-of-scale', rawValue: '6', loc: { row: 2, column: 'value' } },
    ]);
  });

  it('rejects a period in a future year', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n04,,2026-01-01,2026-12-31,SIP,sips_created,region,PRATOR,10,\n`,
    );
    expect(release.rejects.map((r) => [r.rule, r.loc.column, r.isKeyField])).toEqual([
      ['invalid-year', 'period_start', true],
      ['invalid-year', 'period_end', true],
    ]);
  });

  it('rejects a date that is not in the calendar and a reversed period', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n04,,2018-02-30,2018-12-31,SIP,sips_created,region,PRATOR,10,\n` +
        `04,,2018-12-31,2018-01-01,SIP,sips_created,region,PRATOR,10,\n`,
    );
    expect(release.rejects.map((r) => [r.rule, r.loc.row, r.loc.column])).toEqual([
      ['invalid-date', 2, 'period_start'],
      ['period-reversed', 3, 'period_end'],
    ]);
  });

  it('rejects an unknown plan type, principal and source system as key fields', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n04,,2018-01-01,2018-12-31,VARDPLAN,sips_created,staten,EXCEL,10,\n`,
    );
    expect(release.rejects.map((r) => [r.rule, r.isKeyField])).toEqual([
      ['plan-type-not-in-scale', true],
      ['principal-not-in-scale', true],
      ['source-system-not-in-scale', true],
    ]);
  });

  it('rejects the unknown unit code 9999', async () => {
    const release = await parseText(
      `${REGISTER_HEADER}\n9999,,2018-01-01,2018-12-31,SIP,sips_created,both,PRATOR,10,\n`,
    );
    expect(release.rejects).toMatchObject([
      { rule: 'unknown-municipality-code', rawValue: '9999', loc: { row: 2, column: 'unit_code' } },
    ]);
  });

  it('requires either both period columns or a year column', async () => {
    const release = await parseText(
      'unit_code,period_start,plan_type,measure,principal,source_system,value\n04,2018-01-01,SIP,sips_created,region,PRATOR,1\n',
    );
    expect(release.rejects).toMatchObject([
      { rule: 'missing-column', loc: { column: 'period_end' }, isKeyField: true },
    ]);
    expect(release.planCounts).toEqual([]);
  });

  it('rejects a year that disagrees with period_end', async () => {
    const release = await parseText(
      'unit_code,period_start,period_end,year,plan_type,measure,principal,source_system,value\n04,2018-01-01,2018-12-31,2017,SIP,sips_created,region,PRATOR,1\n',
    );
    expect(release.rejects).toMatchObject([{ rule: 'year-period-mismatch', loc: { column: 'year' } }]);
  });
});

describe('plan-count measure kinds', () => {
  it.each([
    ['sips_created', 'count'],
    ['joint_clients_with_plan', 'count'],
    ['share_joint_clients_with_individual_plan_percent', 'percent'],
    ['survey_mean_score', 'score'],
  ])('reads %s as a %s', (measure, kind) => {
    expect(measureKind(measure)).toBe(kind);
  });
});
