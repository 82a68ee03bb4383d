import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestAll, useTestApi } from '../../helpers/api.js';
import { parseCsv } from '../../../src/export/csv.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { readMunicipalities, type FixtureMunicipality } from '../../helpers/national-fixture.js';

/**
 * Issue 10, findings 1–5: what the API says when the data is partial. First only the bundled
 * Sörmland 2018 sample is loaded — a regional publication (Södermanlands län's 9
 * municipalities) whose Nej cells are inferred from a published Ja list; then a national 2018
 * release in which Blekinge's municipalities all fail to answer, which makes riket whole.
 */

const NOW = new Date('2025-06-01T00:00:00Z');
const SORMLAND_SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
const HEM = 'SIP_INFO.HEMLOSHET';
const MISSBRUK = 'SIP_INFO.MISSBRUK';
const POLICIES = ['APPLICABLE', 'RESPONDENTS', 'ALL_UNITS'] as const;
const INFERRED_RULE =
  'not in the published Ja list (FoU i Sörmland 2019:2, section "Öppna jämförelser", printed only the municipalities answering Ja, with Ej aktuellt noted for Hemlöshet)';

/** Hemlöshet 2018 in the Sörmland sample (data/samples), by kommunkod. */
const SORMLAND_HEM: Record<string, string> = {
  '0428': 'Nej',
  '0461': 'Ej aktuellt',
  '0480': 'Ja',
  '0481': 'Ej aktuellt',
  '0482': '-',
  '0483': 'Nej',
  '0484': 'Ja',
  '0486': 'Nej',
  '0488': 'Ja',
};

/** Vingåker's Hemlöshet 2018 row: a Nej inferred from the published Ja list, with its place in the file. */
const VINGAKER_INFERRED_NEJ = {
  answer: 'NEJ',
  rawValue: 'Nej',
  provenance: {
    kind: 'INFERRED',
    rule: INFERRED_RULE,
    publication:
      'Öppna jämförelser 2018 (Socialstyrelsen), as published in FoU i Sörmland, Utvärderingsrapport 2019:2 "SIP i Sörmland"',
    file: 'oj-2018-sormland-sip-information-routine.csv',
    sheet: null,
    row: 2,
    column: 'Hemlöshet',
  },
};
/** Nyköping's: an observed Ja. */
const NYKOPING_OBSERVED_JA = {
  answer: 'JA',
  provenance: { kind: 'OBSERVED', rule: null, row: 4, column: 'Hemlöshet' },
};

let municipalities: FixtureMunicipality[];
let population: Map<string, number>;

const { db, api } = useTestApi({
  files: [SORMLAND_SAMPLE],
  ingest: { now: NOW },
  load: async (db) => {
    municipalities = readMunicipalities();
    const rows: { municipality_code: string; population: number }[] = await db.owner.query(
      'SELECT municipality_code, population FROM municipality',
    );
    population = new Map(rows.map((r) => [r.municipality_code, Number(r.population)]));
  },
});

async function data(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const body = await api.gql(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** Rinkeby-Kista's (a Stockholm district) Hemlöshet 2018 answer and missing reason, in its trend and its profile. */
async function rinkebyKista2018(): Promise<{ trend: unknown[]; profile: unknown[] }> {
  const d = await data(TREND, { question: HEM, unit: '0180-01', fromYear: 2018, toYear: 2018 });
  const [point] = d['routineTrend'].points;
  const profile = await data(PROFILE, { unit: '0180-01', year: 2018 });
  const items = profile['routineProfile'].areas
    .flatMap((a: any) => a.items)
    .filter((i: any) => i.question.code === HEM);
  expect([d['routineTrend'].points.length, point.year, items.length]).toEqual([1, 2018, 1]);
  return { trend: [point.answer, point.missingReason], profile: [items[0].answer, items[0].missingReason] };
}

describe('with only the regional Sörmland 2018 release loaded', () => {
  it('presents riket 2018 as Södermanlands län only (9 of 290), never as the national figure (finding 2)', async () => {
    for (const policy of POLICIES) {
      const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'NATION' }, denominator: policy });
      const summary = d['routineComparison'].summary;
      expect(summary.coverage).toEqual({
        unitsInFrame: 9,
        unitsInScope: 290,
        partial: true,
        label: 'Södermanlands län only (9 of 290)',
        labelSv: 'Endast Södermanlands län (9 av 290)',
      });
      // Flen is the one non-respondent; the other 281 municipalities were not collected.
      expect(summary.counts).toEqual({
        ja: 3,
        nej: 3,
        ejAktuellt: 2,
        noResponse: 1,
        notAsked: 0,
        notCollected: 281,
        inferred: 3,
        units: 290,
      });
      const [numerator, denominator] = policy === 'APPLICABLE' ? [3, 6] : policy === 'RESPONDENTS' ? [3, 8] : [3, 9];
      expect(summary).toMatchObject({ numerator, denominator, share: numerator / denominator, missingReason: null });
    }
  });

  it('marks municipalities outside the frame NOT_COLLECTED, not NO_RESPONSE', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'NATION' }, first: 500 });
    const rows = d['routineComparison'].rows.nodes;
    expect(rows).toHaveLength(290);
    const byCode = new Map<string, any>(rows.map((r: any) => [r.unit.code, r]));
    expect(byCode.get('0180')).toMatchObject({ answer: null, missingReason: 'NOT_COLLECTED', provenance: null });
    expect(byCode.get('0482')).toMatchObject({
      answer: 'NO_RESPONSE',
      rawValue: '-',
      missingReason: 'NO_RESPONSE',
      provenance: { kind: 'OBSERVED', rule: null },
    });
    expect(rows.filter((r: any) => r.missingReason === 'NOT_COLLECTED')).toHaveLength(281);
    expect(rows.filter((r: any) => r.missingReason === 'NO_RESPONSE')).toHaveLength(1);
  });

  it('ranks no region outside the frame and presents riket as partial, under every policy', async () => {
    for (const policy of POLICIES) {
      const d = await data(REGIONS, { question: HEM, year: 2018, denominator: policy });
      const rc = d['regionComparison'];
      const ranked = rc.regions.filter((r: any) => r.rank !== null);
      expect(ranked.map((r: any) => [r.share.scope.code, r.rank])).toEqual([['04', 1]]);
      expect(rc.rankedRegions).toBe(1);
      const sormland = ranked[0].share;
      expect(rc.median).toBe(sormland.share);
      for (const row of rc.regions.filter((r: any) => r.share.scope.code !== '04')) {
        expect(row, row.share.scope.code).toMatchObject({
          rank: null,
          quartileBand: null,
          share: {
            share: null,
            missingReason: 'NOT_COLLECTED',
            counts: null,
            coverage: { unitsInFrame: 0, partial: false },
          },
        });
      }
      expect(rc.nation.coverage).toMatchObject({ partial: true, label: 'Södermanlands län only (9 of 290)' });
    }
  });

  it('leaves a Stockholm district NOT_COLLECTED while Stockholm lies outside every 2018 frame', async () => {
    expect(await rinkebyKista2018()).toEqual({ trend: [null, 'NOT_COLLECTED'], profile: [null, 'NOT_COLLECTED'] });
  });

  it('gives a national trend no unflagged 2018 point', async () => {
    const d = await data(TREND, { question: HEM, unit: '00', fromYear: 2017, toYear: 2018 });
    const [p2017, p2018] = d['routineTrend'].points;
    expect(p2017.share).toMatchObject({ share: null, missingReason: 'NOT_COLLECTED' });
    expect(p2018.share).toMatchObject({ share: 0.5, coverage: { partial: true, unitsInFrame: 9 } });
    // Riket answers nothing itself: it is not a respondent.
    expect(p2018).toMatchObject({ answer: 'NOT_ASKED', missingReason: 'NOT_ASKED' });
  });

  it("answers NOT_ASKED for a region's own answer to a question asked of municipalities (finding 3)", async () => {
    const d = await data(TREND, { question: MISSBRUK, unit: '04', fromYear: 2018, toYear: 2018 });
    const t = d['routineTrend'];
    expect(t.question.askedOf).toBe('MUNICIPALITY');
    expect(t.points[0]).toMatchObject({
      answer: 'NOT_ASKED',
      missingReason: 'NOT_ASKED',
      provenance: { kind: 'DERIVED', rule: 'the question is asked of municipalities only (askedOf MUNICIPALITY)' },
      share: { numerator: 5, denominator: 8, coverage: { partial: false, label: 'Södermanlands län (9 of 9)' } },
    });
  });

  it('serves the inferred Nej cells as INFERRED with their rule and place in the file (finding 4)', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'REGION', code: '04' } });
    const c = d['routineComparison'];
    const byCode = new Map<string, any>(c.rows.nodes.map((r: any) => [r.unit.code, r]));
    expect(byCode.get('0428')).toMatchObject(VINGAKER_INFERRED_NEJ);
    expect(byCode.get('0480')).toMatchObject(NYKOPING_OBSERVED_JA);
    expect(byCode.get('0461').provenance).toMatchObject({ kind: 'OBSERVED', rule: null });
    const runId = byCode.get('0428').provenance.ingestRunId;
    const [run] = await db.owner.query('SELECT release_key FROM ingest_run WHERE id = $1', [runId]);
    expect(run.release_key).toBe('oj-2018-sormland-sip-information-routine.csv');
    for (const [code, raw] of Object.entries(SORMLAND_HEM)) {
      expect(byCode.get(code).provenance.kind, code).toBe(raw === 'Nej' ? 'INFERRED' : 'OBSERVED');
    }
    expect(c.summary).toMatchObject({ includesInferred: true, counts: { inferred: 3 } });
  });

  it("serves the inferred Nej cells as INFERRED in riket's comparison too, and nothing outside the frame", async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'NATION' }, first: 500 });
    const byCode = new Map<string, any>(d['routineComparison'].rows.nodes.map((r: any) => [r.unit.code, r]));
    expect(byCode.get('0428')).toMatchObject(VINGAKER_INFERRED_NEJ);
    expect(byCode.get('0480')).toMatchObject(NYKOPING_OBSERVED_JA);
    for (const [code, raw] of Object.entries(SORMLAND_HEM)) {
      expect(byCode.get(code).provenance.kind, code).toBe(raw === 'Nej' ? 'INFERRED' : 'OBSERVED');
    }
    const outside = [...byCode.values()].filter((r) => !(r.unit.code in SORMLAND_HEM));
    expect(outside).toHaveLength(281);
    expect(outside.every((r) => r.answer === null && r.provenance === null)).toBe(true);
  });

  it('exports coverage and provenance as CSV columns', async () => {
    const response = await fetch(
      `${api.url}/export/routine-comparison.csv?question=${HEM}&year=2018&scope=NATION&format=rfc4180`,
    );
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text(), 'rfc4180');
    const at = (row: string[], column: string) => row[header!.indexOf(column)];
    const scope = rows.find((r) => at(r, 'row_type') === 'scope')!;
    expect([at(scope, 'coverage'), at(scope, 'coverage_partial'), at(scope, 'not_collected')]).toEqual([
      'Södermanlands län only (9 of 290)',
      'true',
      '281',
    ]);
    expect([at(scope, 'inferred'), at(scope, 'includes_inferred')]).toEqual(['3', 'true']);
    const vingaker = rows.find((r) => at(r, 'code') === '0428')!;
    expect(
      ['answer', 'provenance', 'inference_rule', 'source_file', 'source_row', 'source_column'].map((c) =>
        at(vingaker, c),
      ),
    ).toEqual(['NEJ', 'INFERRED', INFERRED_RULE, 'oj-2018-sormland-sip-information-routine.csv', '2', 'Hemlöshet']);
    const stockholm = rows.find((r) => at(r, 'code') === '0180')!;
    expect([at(stockholm, 'answer'), at(stockholm, 'missing_reason'), at(stockholm, 'provenance')]).toEqual([
      '',
      'NOT_COLLECTED',
      '',
    ]);
  });

  it('gives the share of the population living in a municipality with the routine', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'REGION', code: '04' } });
    const pop = (answer: string) =>
      Object.entries(SORMLAND_HEM)
        .filter(([, raw]) => raw === answer)
        .reduce((sum, [code]) => sum + population.get(code)!, 0);
    expect(pop('Ja')).toBe(57_100 + 107_000 + 14_300);
    expect(d['routineComparison'].summary.population).toEqual({
      numerator: pop('Ja'),
      denominator: pop('Ja') + pop('Nej'),
      share: pop('Ja') / (pop('Ja') + pop('Nej')),
      populationYear: 2020,
      approximate: true,
      roundedTo: 100,
    });
    expect(d['routineComparison'].summary.share).toBe(0.5);
  });
});

describe('after a national 2018 release is loaded as well', () => {
  let national: Map<string, string>;

  beforeAll(async () => {
    const written = writeNational2018();
    national = written.answers;
    await ingestAll(db, [written.file], { now: NOW });
  }, 120_000);

  it('makes riket whole again', async () => {
    const d = await data(COMPARISON, { question: HEM, year: 2018, scope: { kind: 'NATION' } });
    const summary = d['routineComparison'].summary;
    const count = (answer: string) => [...national.values()].filter((a) => a === answer).length;
    expect(summary.coverage).toEqual({
      unitsInFrame: 290,
      unitsInScope: 290,
      partial: false,
      label: 'Riket (290 of 290)',
      labelSv: 'Riket (290 av 290)',
    });
    expect(summary.counts).toMatchObject({
      ja: count('Ja'),
      nej: count('Nej'),
      ejAktuellt: count('Ej aktuellt'),
      noResponse: count('-'),
      notCollected: 0,
      units: 290,
    });
    expect(summary.share).toBe(count('Ja') / (count('Ja') + count('Nej')));
    // The national release prints Vingåker's Nej: observed now, and the share says so.
    expect(summary.counts.inferred).toBe(0);
    expect(summary.includesInferred).toBe(false);
  });

  it("counts a district without a row of its own as NO_RESPONSE: its municipality's national frame covers it", async () => {
    // The national file lists municipalities only; Rinkeby-Kista is in the 2018 frame through Stockholm.
    expect(await rinkebyKista2018()).toEqual({
      trend: ['NO_RESPONSE', 'NO_RESPONSE'],
      profile: ['NO_RESPONSE', 'NO_RESPONSE'],
    });
  });

  it('never gives a region without respondents a number or a rank, under every policy (finding 1)', async () => {
    for (const policy of POLICIES) {
      const d = await data(REGIONS, { question: HEM, year: 2018, denominator: policy });
      const rc = d['regionComparison'];
      const blekinge = rc.regions.find((r: any) => r.share.scope.code === '10');
      expect(blekinge, policy).toMatchObject({
        rank: null,
        quartileBand: null,
        share: {
          numerator: 0,
          share: null,
          missingReason: 'NO_RESPONSE',
          counts: { ja: 0, nej: 0, ejAktuellt: 0, noResponse: 5, notCollected: 0, units: 5 },
          population: { share: null },
        },
      });
      expect(rc.rankedRegions, policy).toBe(20);
      const shares = rc.regions
        .filter((r: any) => r.rank !== null)
        .map((r: any) => r.share.share)
        .sort((a: number, b: number) => a - b);
      expect(rc.median).toBeCloseTo((shares[9] + shares[10]) / 2, 12);
      expect(rc.regions.at(-1).share.scope.code).toBe('10');
    }
    const cmp = await data(COMPARISON, {
      question: HEM,
      year: 2018,
      scope: { kind: 'REGION', code: '10' },
      denominator: 'ALL_UNITS',
    });
    expect(cmp['routineComparison'].summary).toMatchObject({
      numerator: 0,
      denominator: 5,
      share: null,
      missingReason: 'NO_RESPONSE',
    });
  });

  it('loads a regional release after the national one without holding it for the rest of the country', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-regional-2019-'));
    const file = path.join(dir, 'oj-2019-sormland-hemloshet.csv');
    const codes = Object.keys(SORMLAND_HEM);
    writeFileSync(file, ['Kommunkod;Hemlöshet', ...codes.map((c) => `${c};Ja`)].join('\n') + '\n');
    writeFileSync(
      file.replace(/\.csv$/, '.mapping.json'),
      JSON.stringify({
        year: 2019,
        layout: 'wide',
        publication: 'Öppna jämförelser 2019 (synthetic regional test release)',
        frame: { kind: 'REGION', region: '04' },
        codeColumn: ['Kommunkod'],
        question: {
          family: 'SIP_INFO',
          text: 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?',
        },
        columns: [{ header: 'Hemlöshet', areaCode: 'HEMLOSHET' }],
      }),
    );
    await ingestAll(db, [file], { now: NOW });
    const d = await data(COMPARISON, { question: HEM, year: 2019, scope: { kind: 'NATION' } });
    expect(d['routineComparison'].summary.coverage.label).toBe('Södermanlands län only (9 of 290)');
  });

  /** A national ÖJ 2018 release for Hemlöshet: Sörmland as in the sample, Blekinge all "-", the rest Ja/Nej alternately. */
  function writeNational2018(): { answers: Map<string, string>; file: string } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-national-2018-'));
    const answers = new Map<string, string>();
    municipalities.forEach((m, i) => {
      answers.set(m.code, SORMLAND_HEM[m.code] ?? (m.regionCode === '10' ? '-' : i % 3 === 0 ? 'Nej' : 'Ja'));
    });
    const lines = ['Kommunkod;Kommun;Fråga-id;Svar;År'];
    for (const m of municipalities) lines.push([m.code, m.name, HEM, answers.get(m.code)!, '2018'].join(';'));
    const file = path.join(dir, 'oj-2018-national-hemloshet.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n', 'utf8');
    writeFileSync(
      path.join(dir, 'oj-2018-national-hemloshet.mapping.json'),
      JSON.stringify({
        year: 2018,
        layout: 'long',
        publication: 'Öppna jämförelser 2018 (synthetic national test release)',
        frame: 'ALL_MUNICIPALITIES',
        codeColumn: ['Kommunkod'],
        nameColumn: ['Kommun'],
        questionColumn: ['Fråga-id'],
        answerColumn: ['Svar'],
        yearColumn: ['År'],
        questions: [
          {
            code: HEM,
            areaCode: 'HEMLOSHET',
            text: 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?',
            family: 'SIP_INFO',
          },
        ],
      }),
    );
    return { answers, file };
  }
});

const SHARE = `scope { kind code name } numerator denominator share missingReason
  counts { ja nej ejAktuellt noResponse notAsked notCollected inferred units }
  coverage { unitsInFrame unitsInScope partial label labelSv } includesInferred
  population { numerator denominator share populationYear approximate roundedTo }`;

const PROVENANCE = 'provenance { kind rule publication file sheet row column ingestRunId }';

const COMPARISON = `query Comparison($question: String!, $year: Int!, $scope: RoutineScopeInput!, $denominator: DenominatorPolicy, $first: Int = 100) {
  routineComparison(question: $question, year: $year, scope: $scope, denominator: $denominator) {
    summary { ${SHARE} }
    rows(first: $first) { nodes { unit { code } answer rawValue missingReason ${PROVENANCE} } }
  }
}`;

const REGIONS = `query Regions($question: String!, $year: Int!, $denominator: DenominatorPolicy) {
  regionComparison(question: $question, year: $year, denominator: $denominator) {
    regions { rank quartileBand share { ${SHARE} } }
    nation { ${SHARE} }
    rankedRegions median
  }
}`;

const TREND = `query Trend($question: String!, $unit: String!, $fromYear: Int!, $toYear: Int!) {
  routineTrend(question: $question, unit: $unit, fromYear: $fromYear, toYear: $toYear) {
    question { code askedOf }
    points { year answer missingReason ${PROVENANCE} share { ${SHARE} } }
  }
}`;

const PROFILE = `query Profile($unit: String!, $year: Int!) {
  routineProfile(unit: $unit, year: $year) {
    areas { items { question { code } answer missingReason } }
  }
}`;
