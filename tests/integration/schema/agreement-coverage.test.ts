import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, SAMPLES_DIR } from '../../../src/paths.js';
import { useTestApi } from '../../helpers/api.js';

const FIXTURES = path.join(PROJECT_ROOT, 'tests/fixtures/agreements');
const FILES = [
  path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-coverage.csv'),
  path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-content.csv'),
  path.join(FIXTURES, 'coverage-2018.csv'),
  path.join(FIXTURES, 'coverage-2018-published.csv'),
  path.join(FIXTURES, 'coverage-2018-content.csv'),
];

const { db, api } = useTestApi({ files: FILES });

async function coverage(variables: Record<string, unknown>): Promise<Record<string, any>> {
  const body = await api.gql(COVERAGE, variables);
  expect(body.errors).toBeUndefined();
  return body.data!['agreementCoverage'];
}

const byFlag = (group: Record<string, any>, flag: string) => group['contentFlags'].find((f: any) => f.flag === flag);
const byMeasure = (group: Record<string, any>, measure: string) =>
  group['statusShares'].find((s: any) => s.measure === measure);
const published = (cov: Record<string, any>, label: string, measure: string) =>
  cov['published'].find((p: any) => p.published.scopeLabel === label && p.published.measure === measure);

describe('agreementCoverage lists only the published figures of the topic asked (issue 10, finding 7)', () => {
  it("never shows Vårdanalys' missbruk och beroende figures under Äldreomsorg", async () => {
    for (const level of ['COUNTY', 'LOCAL']) {
      const cov = await coverage({ level, topic: 'ALDREOMSORG', year: 2016 });
      expect(cov).toMatchObject({ topic: 'ALDREOMSORG', topicName: 'Äldreomsorg', missingReason: 'NOT_COLLECTED' });
      expect(cov['published']).toEqual([]);
    }
    const missbruk = await coverage({ level: 'COUNTY', topic: 'MISSBRUK', year: 2016 });
    expect(missbruk['published'].map((p: any) => p.published.topic)).toEqual(Array(14).fill('MISSBRUK'));
    expect(published(missbruk, 'county:län', 'exists').published).toMatchObject({ numerator: 19, denominator: 21 });
  });
});

describe('agreementCoverage on the bundled Vårdanalys 2016 data (national published figures only)', () => {
  it('returns the county coverage as PUBLISHED: 19 of 21 län, 90 %, and no computed side (NOT_COLLECTED)', async () => {
    const cov = await coverage({ level: 'COUNTY', topic: 'missbruk', year: 2016 });
    expect(cov).toMatchObject({
      level: 'COUNTY',
      topic: 'MISSBRUK',
      topicName: 'Missbruks- och beroendevård',
      year: 2016,
    });
    expect(cov['groups']).toBeNull();
    expect(cov['missingReason']).toBe('NOT_COLLECTED');
    expect(cov['published']).toHaveLength(14);
    const exists = published(cov, 'county:län', 'exists');
    expect(exists.published).toEqual({
      origin: 'PUBLISHED',
      subject: 'AGREEMENT_COVERAGE',
      measure: 'exists',
      scope: { code: '00', kind: 'NATION', name: 'Riket' },
      scopeLabel: 'county:län',
      year: 2016,
      numerator: 19,
      denominator: 21,
      denominatorKind: 'all units',
      percent: 90,
      qualifier: null,
      publication: 'Vårdanalys rapport 2017:1',
      note: expect.stringContaining('all 21 län answered'),
      topic: 'MISSBRUK',
    });
    expect(exists).toMatchObject({
      comparedPolicy: 'ALL_UNITS',
      computedShare: null,
      computedMissingReason: 'NOT_COLLECTED',
      agreesWithComputed: null,
    });
    // The report printed no percent for "none" (21 − 19 − 2): null, not 0.
    expect(published(cov, 'county:län', 'none').published).toMatchObject({
      numerator: 0,
      denominator: 21,
      percent: null,
    });
  });

  it('keeps the content qualifier "ungefär hälften" as printed', async () => {
    const cov = await coverage({ level: 'COUNTY', topic: 'MISSBRUK', year: 2016 });
    expect(published(cov, 'county', 'joint_goals_relatively_clear').published).toMatchObject({
      subject: 'AGREEMENT_CONTENT',
      percent: 48,
      numerator: null,
      denominator: 21,
      denominatorKind: 'agreements coded',
      qualifier: 'ungefär hälften',
    });
  });

  it('returns the local kommun+stadsdel coverage as PUBLISHED: 165 of 259 respondents, 64 %', async () => {
    const cov = await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2016 });
    expect(cov['groups']).toBeNull();
    expect(cov['missingReason']).toBe('NOT_COLLECTED');
    expect(cov['published']).toHaveLength(20);
    expect(published(cov, 'local:kommun+stadsdel', 'exists').published).toMatchObject({
      numerator: 165,
      denominator: 259,
      denominatorKind: 'respondents',
      percent: 64,
    });
    expect(
      cov['published'].every((p: any) => p.published.origin === 'PUBLISHED' && p.agreesWithComputed === null),
    ).toBe(true);
  });
});

describe('agreementCoverage computed from per-unit rows (tests/fixtures/agreements/coverage-2018.csv)', () => {
  it('counts every unit of the local frame by status, a missing row as NO_RESPONSE, under RESPONDENTS', async () => {
    const cov = await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2018 });
    expect(cov['missingReason']).toBeNull();
    expect(cov['rowsOutsideFrame']).toBe(1);
    expect(cov['groups']).toHaveLength(1);
    const [nation] = cov['groups'];
    expect(nation.scope).toEqual({ kind: 'NATION', code: '00', name: 'Riket' });
    expect(nation.origin).toBe('COMPUTED');
    // 289 municipalities (Stockholm counts through its 14 districts) + 14 districts.
    expect(nation.counts).toEqual({
      exists: 5,
      inProgress: 1,
      none: 2,
      noResponse: 295,
      withoutRow: 294,
      respondents: 8,
      units: 303,
    });
    expect(nation.share).toEqual({
      measure: 'exists',
      policy: 'RESPONDENTS',
      numerator: 5,
      denominator: 8,
      share: 0.625,
      missingReason: null,
    });
    expect(byMeasure(nation, 'exists_or_in_progress')).toMatchObject({ numerator: 6, denominator: 8, share: 0.75 });
    expect(byMeasure(nation, 'no_response')).toMatchObject({ policy: 'ALL_UNITS', numerator: 295, denominator: 303 });
  });

  it('divides by every unit under ALL_UNITS', async () => {
    const cov = await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2018, denominator: 'ALL_UNITS' });
    expect(cov['groups'][0].share).toEqual({
      measure: 'exists',
      policy: 'ALL_UNITS',
      numerator: 5,
      denominator: 303,
      share: 5 / 303,
      missingReason: null,
    });
  });

  it('groups by region in Swedish order, with a region of no respondents unshared rather than 0 %', async () => {
    const respondents = await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2018, groupBy: 'REGION' });
    const all = await coverage({
      level: 'LOCAL',
      topic: 'MISSBRUK',
      year: 2018,
      groupBy: 'REGION',
      denominator: 'ALL_UNITS',
    });
    const groups = respondents['groups'];
    expect(groups).toHaveLength(21);
    expect(groups[0].scope).toEqual({ kind: 'REGION', code: '10', name: 'Blekinge län' });
    expect(groups.at(-1).scope.name).toBe('Östergötlands län');
    const find = (list: any[], code: string) => list.find((g) => g.scope.code === code);
    const sormland = find(groups, '04');
    expect(sormland.counts).toEqual({
      exists: 3,
      inProgress: 1,
      none: 1,
      noResponse: 4,
      withoutRow: 3,
      respondents: 5,
      units: 9,
    });
    expect(sormland.share).toMatchObject({ numerator: 3, denominator: 5, share: 0.6 });
    expect(find(all['groups'], '04').share).toMatchObject({
      policy: 'ALL_UNITS',
      numerator: 3,
      denominator: 9,
      share: 1 / 3,
    });
    const stockholm = find(groups, '01');
    expect(stockholm.counts).toEqual({
      exists: 2,
      inProgress: 0,
      none: 1,
      noResponse: 36,
      withoutRow: 36,
      respondents: 3,
      units: 39,
    });
    expect(stockholm.share.share).toBe(2 / 3);
    expect(find(all['groups'], '01').share).toMatchObject({ numerator: 2, denominator: 39 });
    const uppsala = find(groups, '03');
    expect(uppsala.counts).toMatchObject({ exists: 0, respondents: 0, units: 8 });
    expect(uppsala.share).toEqual({
      measure: 'exists',
      policy: 'RESPONDENTS',
      numerator: 0,
      denominator: 0,
      share: null,
      missingReason: 'NO_RESPONSE',
    });
  });

  it('counts the 21 regions at county level', async () => {
    const cov = await coverage({ level: 'COUNTY', topic: 'MISSBRUK', year: 2018 });
    const [nation] = cov['groups'];
    expect(nation.counts).toEqual({
      exists: 2,
      inProgress: 1,
      none: 1,
      noResponse: 17,
      withoutRow: 16,
      respondents: 4,
      units: 21,
    });
    expect(nation.share).toMatchObject({ numerator: 2, denominator: 4, share: 0.5 });
    const all = await coverage({ level: 'COUNTY', topic: 'MISSBRUK', year: 2018, denominator: 'ALL_UNITS' });
    expect(all['groups'][0].share).toMatchObject({ numerator: 2, denominator: 21, share: 2 / 21 });
  });

  it('stores only the coded flags: Stockholm ja, ja and the rest left out, Södermanland one nej', async () => {
    const rows = await db.owner.query<{ unit_code: string; flags: Record<string, boolean> }[]>(
      `SELECT unit_code, flags FROM agreement WHERE year = 2018 AND level = 'COUNTY' AND unit_code IN ('01', '03', '04')
       ORDER BY unit_code`,
    );
    expect(rows).toEqual([
      { unit_code: '01', flags: { describes_collaboration_between_principals: true, partner_polisen: true } },
      { unit_code: '03', flags: {} },
      { unit_code: '04', flags: { describes_collaboration_between_principals: false } },
    ]);
  });

  it('counts content flags over existing agreements only, with "not coded" apart from false', async () => {
    const [nation] = (await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2018 }))['groups'];
    expect(nation.contentFlags.map((f: any) => f.flag).slice(0, 4)).toEqual([
      'joint_goals_clear',
      'joint_goals_unclear',
      'joint_goals_none',
      'describes_collaboration_between_principals',
    ]);
    expect(byFlag(nation, 'describes_collaboration_between_principals')).toEqual({
      flag: 'describes_collaboration_between_principals',
      trueCount: 2,
      falseCount: 1,
      notCoded: 2,
      coded: 3,
      share: 2 / 3,
      missingReason: null,
    });
    // Vingåker's "ja" is on an agreement in preparation: not counted.
    expect(byFlag(nation, 'partner_polisen')).toMatchObject({ trueCount: 1, falseCount: 2, notCoded: 2, share: 1 / 3 });
    expect(byFlag(nation, 'joint_goals_clear')).toMatchObject({ trueCount: 2, falseCount: 1, notCoded: 2 });
    // Coded and never NONE: a real 0, unlike a flag nobody coded.
    expect(byFlag(nation, 'joint_goals_none')).toMatchObject({
      trueCount: 0,
      falseCount: 3,
      notCoded: 2,
      share: 0,
      missingReason: null,
    });
    expect(byFlag(nation, 'target_group_lvu')).toEqual({
      flag: 'target_group_lvu',
      trueCount: 0,
      falseCount: 0,
      notCoded: 5,
      coded: 0,
      share: null,
      missingReason: 'NOT_COLLECTED',
    });
  });

  it('sets published figures beside the computed ones and says whether they agree', async () => {
    const local = await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2018 });
    expect(published(local, 'local:kommun+stadsdel', 'exists')).toMatchObject({
      comparedPolicy: 'RESPONDENTS',
      comparedUnits: 'kommun+stadsdel',
      computedNumerator: 5,
      computedDenominator: 8,
      computedShare: 0.625,
      computedMissingReason: null,
      agreesWithComputed: true,
    });
    expect(published(local, 'local:kommun', 'exists')).toMatchObject({
      computedNumerator: 3,
      computedDenominator: 6,
      agreesWithComputed: true,
    });
    expect(published(local, 'local:stadsdel', 'exists')).toMatchObject({
      computedNumerator: 2,
      computedDenominator: 2,
      agreesWithComputed: true,
    });
    expect(published(local, 'local', 'partner_polisen')).toMatchObject({
      computedNumerator: 1,
      computedDenominator: 3,
      agreesWithComputed: true,
    });
    expect(published(local, 'local', 'joint_goals_relatively_clear')).toMatchObject({
      computedShare: null,
      computedMissingReason: 'NOT_COLLECTED',
      agreesWithComputed: null,
    });
    const county = await coverage({ level: 'COUNTY', topic: 'MISSBRUK', year: 2018 });
    expect(published(county, 'county:län', 'exists')).toMatchObject({
      comparedPolicy: 'ALL_UNITS',
      computedNumerator: 2,
      computedDenominator: 21,
      agreesWithComputed: false,
    });
    // No percent printed: compared on numerator and denominator.
    expect(published(county, 'county:län', 'none')).toMatchObject({
      computedNumerator: 1,
      computedDenominator: 21,
      agreesWithComputed: true,
    });
  });

  it('answers with one SQL statement', async () => {
    db.statements.reset();
    await coverage({ level: 'LOCAL', topic: 'MISSBRUK', year: 2018, groupBy: 'REGION' });
    expect(db.statements.count).toBe(1);
  });
});

describe('agreementCoverage errors', () => {
  it('is NOT_FOUND for an unknown topic', async () => {
    const body = await api.gql(COVERAGE, { level: 'LOCAL', topic: 'TANDVARD', year: 2018 });
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is BAD_USER_INPUT for the APPLICABLE policy and for a year out of range', async () => {
    const applicable = await api.gql(COVERAGE, {
      level: 'LOCAL',
      topic: 'MISSBRUK',
      year: 2018,
      denominator: 'APPLICABLE',
    });
    expect(applicable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const year = await api.gql(COVERAGE, { level: 'LOCAL', topic: 'MISSBRUK', year: 1850 });
    expect(year.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

const SHARE = `measure policy numerator denominator share missingReason`;
const COVERAGE = `query Coverage($level: AgreementLevel!, $topic: String!, $year: Int!, $groupBy: AgreementGrouping, $denominator: DenominatorPolicy) {
  agreementCoverage(level: $level, topic: $topic, year: $year, groupBy: $groupBy, denominator: $denominator) {
    level topic topicName year policy frame rowsOutsideFrame missingReason
    groups {
      scope { kind code name }
      origin
      counts { exists inProgress none noResponse withoutRow respondents units }
      share { ${SHARE} }
      statusShares { ${SHARE} }
      contentFlags { flag trueCount falseCount notCoded coded share missingReason }
    }
    published {
      published {
        origin subject measure scope { code kind name } scopeLabel year numerator denominator denominatorKind percent qualifier publication note topic
      }
      comparedPolicy comparedUnits computedNumerator computedDenominator computedShare computedMissingReason agreesWithComputed
    }
  }
}`;
