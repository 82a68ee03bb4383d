import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../helpers/api.js';
import { PROJECT_ROOT } from '../../../src/paths.js';

/*
 * A request that selects none of a Share's detail fields (SHARE_DETAIL_FIELDS: counts,
 * coverage, includesInferred, population) nor its scope is answered from share rows of counts
 * only; one that selects the scope but no detail field, from rows of counts and the scope's
 * name (ShareDetail). Numerators, denominators, shares, missing reasons, ranks, quartiles and
 * the units' own answers must be those of the same request with a detail field added — on
 * the bundled Sörmland 2018 sample: a regional release (riket partial), an inferred Nej, an
 * Ej aktuellt and a no-response.
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

const comparison = (detail: string) => `query C($q: String!, $r: String!, $policy: DenominatorPolicy!) {
  routineComparison(question: $q, year: 2018, scope: { kind: REGION, code: $r }, denominator: $policy, orderBy: ANSWER) {
    question { code text }
    summary { ${VALUE} ${detail} }
    references { ${VALUE} ${detail} }
    rows(first: 50) { totalCount nodes { unit { code name } answer missingReason previousAnswer changed } }
  }
}`;

const regions = (detail: string) => `query R($q: String!, $policy: DenominatorPolicy!) {
  regionComparison(question: $q, year: 2018, denominator: $policy) {
    question { code text }
    regions { share { ${VALUE} ${detail} } rank quartileBand }
    nation { ${VALUE} ${detail} }
    rankedRegions median lowerQuartile upperQuartile
  }
}`;

/** The response without the given fields' values: what the requests must agree on. */
function values(data: unknown, ...keys: string[]): unknown {
  return JSON.parse(JSON.stringify(data), (key, value: unknown) => (keys.includes(key) ? undefined : value));
}

/**
 * The request with no detail field (narrow), with the scope only (named) and with a detail
 * field (full), each with the added fields taken out again.
 */
async function both(
  doc: (detail: string) => string,
  variables: Record<string, unknown>,
): Promise<{ narrow: unknown; named: unknown; full: unknown; scopes: unknown }> {
  const narrow = await api.gql(doc(''), variables);
  const named = await api.gql(doc('scope { kind code name }'), variables);
  const full = await api.gql(doc('coverage { unitsInFrame partial label }'), variables);
  expect(narrow.errors).toBeUndefined();
  expect(named.errors).toBeUndefined();
  expect(full.errors).toBeUndefined();
  return {
    narrow: narrow.data,
    named: values(named.data, 'scope'),
    full: values(full.data, 'coverage'),
    scopes: named.data,
  };
}

describe('share rows without detail columns', () => {
  for (const policy of ['APPLICABLE', 'RESPONDENTS', 'ALL_UNITS']) {
    it(`give a trend the same values as with them (${policy})`, async () => {
      for (const unit of ['0428', '0461', '0482', '04', '00', '0180']) {
        const { narrow, named, full } = await both(trend, { q: HEM, u: unit, policy });
        expect(narrow).toEqual(full);
        expect(named).toEqual(full);
      }
    });

    it(`give a profile the same values as with them (${policy})`, async () => {
      for (const unit of ['0428', '0461', '0482', '0180']) {
        const { narrow, named, full } = await both(profile, { u: unit, policy });
        expect(narrow).toEqual(full);
        expect(named).toEqual(full);
      }
    });

    it(`give a comparison the same values as with them (${policy})`, async () => {
      for (const region of ['04', '01']) {
        const { narrow, named, full } = await both(comparison, { q: HEM, r: region, policy });
        expect(narrow).toEqual(full);
        expect(named).toEqual(full);
      }
    });

    it(`give the regions side by side the same values and ranks as with them (${policy})`, async () => {
      const { narrow, named, full } = await both(regions, { q: HEM, policy });
      expect(narrow).toEqual(full);
      expect(named).toEqual(full);
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

describe('share rows with the scope name only', () => {
  const QUESTION = { code: HEM, text: 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?' };

  it('name the scope and references of a comparison: Södermanland 2018, its kommungrupper and riket', async () => {
    const { scopes } = await both(comparison, { q: HEM, r: '04', policy: 'APPLICABLE' });
    const c = (scopes as { routineComparison: Record<string, unknown> }).routineComparison;
    expect(c['question']).toEqual(QUESTION);
    expect(c['summary']).toEqual({
      numerator: 3,
      denominator: 6,
      share: 0.5,
      missingReason: null,
      scope: { kind: 'REGION', code: '04', name: 'Södermanlands län' },
    });
    const refs = c['references'] as { numerator: number; denominator: number; scope: { code: string; name: string } }[];
    expect(refs.map((r) => [r.scope.code, r.scope.name, r.numerator, r.denominator])).toEqual([
      ['B3', 'Större stad', 1, 1],
      ['B4', 'Pendlingskommun nära större stad', 1, 2],
      ['C6', 'Mindre stad/tätort', 1, 2],
      ['C7', 'Pendlingskommun nära mindre tätort', 0, 1],
      ['00', 'Riket', 3, 6],
    ]);
  });

  it('rank the regions by their shares and list them in Swedish order, riket apart', async () => {
    const { scopes } = await both(regions, { q: HEM, policy: 'APPLICABLE' });
    const r = (scopes as { regionComparison: Record<string, unknown> }).regionComparison;
    expect(r['question']).toEqual(QUESTION);
    const rows = r['regions'] as { share: { share: number | null; scope: { name: string } }; rank: number | null }[];
    expect(rows[0]).toEqual({
      share: {
        numerator: 3,
        denominator: 6,
        share: 0.5,
        missingReason: null,
        scope: { kind: 'REGION', code: '04', name: 'Södermanlands län' },
      },
      rank: 1,
      quartileBand: 1,
    });
    // The 20 regions the Sörmland release does not cover: unranked, not collected, by name.
    const rest = rows.slice(1);
    expect(rest.filter((x) => x.rank === null && x.share.share === null)).toHaveLength(20);
    expect(rest.slice(-3).map((x) => x.share.scope.name)).toEqual([
      'Västra Götalands län',
      'Örebro län',
      'Östergötlands län',
    ]);
    expect([r['rankedRegions'], r['median'], r['lowerQuartile'], r['upperQuartile']]).toEqual([1, 0.5, 0.5, 0.5]);
  });
});
