import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../helpers/api.js';
import { PROJECT_ROOT } from '../../../src/paths.js';

/*
 * A request that selects none of a Share's detail fields (SHARE_DETAIL_FIELDS: scope, counts,
 * coverage, includesInferred, population) is answered from share rows of counts only. Its
 * numerators, denominators, shares, missing reasons and the unit's own answers must be those
 * of the same request with a detail field added — on the bundled Sörmland 2018 sample: a
 * regional release (riket partial), an inferred Nej, an Ej aktuellt and a no-response.
 */

const SORMLAND_SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
const HEM = 'SIP_INFO.HEMLOSHET';

const { api } = useTestApi({ files: [SORMLAND_SAMPLE], ingest: { now: new Date('2025-06-01T00:00:00Z') } });

const VALUE = 'numerator denominator share missingReason';

const trend = (detail: string) => `query T($q: String!, $u: String!, $policy: DenominatorPolicy!) {
  routineTrend(question: $q, unit: $u, fromYear: 2017, toYear: 2019, denominator: $policy) {
    points { year answer missingReason region { ${VALUE} ${detail} } kommungrupp { ${VALUE} ${detail} } nation { ${VALUE} ${detail} } }
  }
}`;

const profile = (detail: string) => `query P($u: String!, $policy: DenominatorPolicy!) {
  routineProfile(unit: $u, year: 2018, denominator: $policy) {
    areas { items { question { code } answer missingReason region { ${VALUE} ${detail} } nation { ${VALUE} ${detail} } } }
  }
}`;

/** The response without the detail fields' values: what both requests must agree on. */
function values(data: unknown, detailKey: string): unknown {
  return JSON.parse(JSON.stringify(data), (key, value: unknown) => (key === detailKey ? undefined : value));
}

async function both(
  doc: (detail: string) => string,
  variables: Record<string, unknown>,
): Promise<{ narrow: unknown; full: unknown }> {
  const narrow = await api.gql(doc(''), variables);
  const full = await api.gql(doc('coverage { unitsInFrame }'), variables);
  expect(narrow.errors).toBeUndefined();
  expect(full.errors).toBeUndefined();
  return { narrow: narrow.data, full: values(full.data, 'coverage') };
}

describe('share rows without detail columns', () => {
  for (const policy of ['APPLICABLE', 'RESPONDENTS', 'ALL_UNITS']) {
    it(`give a trend the same values as with them (${policy})`, async () => {
      for (const unit of ['0428', '0461', '0482', '04', '00', '0180']) {
        const { narrow, full } = await both(trend, { q: HEM, u: unit, policy });
        expect(narrow).toEqual(full);
      }
    });

    it(`give a profile the same values as with them (${policy})`, async () => {
      for (const unit of ['0428', '0461', '0482', '0180']) {
        const { narrow, full } = await both(profile, { u: unit, policy });
        expect(narrow).toEqual(full);
      }
    });
  }

  it('compute the values shown: Vingåker 2018 under APPLICABLE, riket partial, 2017 and 2019 not collected', async () => {
    const { narrow } = await both(trend, { q: HEM, u: '0428', policy: 'APPLICABLE' });
    const points = (narrow as { routineTrend: { points: Record<string, unknown>[] } }).routineTrend.points;
    expect(points.map((p) => [p['year'], p['answer'], p['missingReason']])).toEqual([
      [2017, null, 'NOT_COLLECTED'],
      [2018, 'NEJ', null],
      [2019, null, 'NOT_YET_PUBLISHED'],
    ]);
    // Södermanland's Hemlöshet 2018: 3 Ja, 3 Nej, 2 Ej aktuellt, 1 no response (data/samples).
    expect(points[1]!['region']).toEqual({ numerator: 3, denominator: 6, share: 0.5, missingReason: null });
    expect(points[1]!['nation']).toEqual({ numerator: 3, denominator: 6, share: 0.5, missingReason: null });
  });
});
