import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestBundledSamples, releaseFilesIn } from '../../../src/ingest/configured-sources.js';
import { readCsv } from '../../../src/ingest/text/csv.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { useTestApi } from '../../helpers/api.js';

const { db, api } = useTestApi({
  // The first-start path of `npm start` (LOAD_SAMPLES_ON_EMPTY): every file of data/samples.
  load: async (db) => {
    const results = await ingestBundledSamples(db.ingest, { trigger: 'test' });
    for (const r of results)
      expect(r.status, `${r.releaseKey}: ${r.error ?? JSON.stringify(r.rejects[0])}`).toBe('SUCCEEDED');
  },
  timeoutMs: 180_000,
});

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const body = await api.gql(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** A bundled CSV as header-keyed rows, each with its 1-based row number in the file. */
function csvRows(file: string): { row: number; cells: Record<string, string> }[] {
  const { rows } = readCsv(readFileSync(path.join(SAMPLES_DIR, file)));
  const [header, ...body] = rows;
  return body
    .map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(header!.map((h, j) => [h, cells[j] ?? ''])) }))
    .filter((r) => Object.values(r.cells).some((c) => c !== ''));
}

const num = (text: string): number | null => (text === '' ? null : Number(text));
const orNull = (text: string): string | null => (text === '' ? null : text);

describe('every bundled fact is reachable through GraphQL with its citation', () => {
  it('finds each study, study figure and discrepancy of the publications tables, cited, at its file and row', async () => {
    const { studies } = await gql(STUDIES);
    const files = releaseFilesIn(SAMPLES_DIR)
      .map((f) => path.basename(f))
      .filter((f) => f.startsWith('publications-'));
    let checked = 0;
    for (const file of files) {
      for (const { row, cells } of csvRows(file)) {
        const study = studies.find((s: any) => s.key === cells['study']);
        expect(study, `${file} row ${row}: study ${cells['study']}`).toBeDefined();
        const citation = {
          document: cells['document'],
          section: orNull(cells['section']!),
          page: orNull(cells['page']!),
        };
        if ('kind' in cells && !('item' in cells)) {
          expect(study.citation).toEqual(citation);
          expect(study.source).toMatchObject({ file, row });
        } else if ('computed_value' in cells) {
          const d = study.discrepancies.find((x: any) => x.source.file === file && x.source.row === row);
          expect(d, `${file} row ${row}`).toMatchObject({
            item: cells['item'],
            printedValue: num(cells['printed_value']!),
            computedValue: num(cells['computed_value']),
            rule: cells['rule'],
            citation,
          });
        } else {
          const f = study.figures.find((x: any) => x.source.file === file && x.source.row === row);
          expect(f, `${file} row ${row}`).toMatchObject({
            item: cells['item'],
            group: orNull(cells['group']!),
            period: orNull(cells['period']!),
            value: num(cells['value']!),
            valueHigh: num(cells['value_high']!),
            numerator: num(cells['numerator']!),
            denominator: num(cells['denominator']!),
            printed: orNull(cells['printed']!),
            approximation: orNull(cells['approximation']!),
            isApproximate: cells['approximation'] !== '',
            verbal: orNull(cells['verbal']!),
            verbalShare: num(cells['verbal_share']!),
            origin: cells['origin'] === 'derived' ? 'COMPUTED' : 'PUBLISHED',
            rule: orNull(cells['rule']!),
            citation,
          });
          if (cells['missing_reason']) expect(f.missingReason).toBe(cells['missing_reason'].toUpperCase());
        }
        checked++;
      }
    }
    expect(checked).toBe(14 + 12 + 109 + 17 + 4 + 27 + 5);
  });

  it('finds each published agreement figure with its topic and citation at its file and row', async () => {
    const { publishedFigures } = await gql(FIGURES);
    for (const file of ['vardanalys-2016-agreement-coverage.csv', 'vardanalys-2016-agreement-content.csv']) {
      const rows = csvRows(file);
      expect(rows.length).toBeGreaterThan(0);
      for (const { row, cells } of rows) {
        const f = publishedFigures.nodes.find((n: any) => n.source.file === file && n.source.row === row);
        expect(f, `${file} row ${row}`).toMatchObject({
          percent: num(cells['published_percent']!),
          topic: 'MISSBRUK',
          citation: { document: cells['document'], section: cells['section'], page: cells['page'] },
        });
      }
    }
  });

  it('finds each row of the Stockholm follow-up through planCounts for Stockholms län, cited', async () => {
    const { planCounts } = await gql(PLAN_COUNTS, { scope: '01' });
    const file = 'stockholm-2011-individual-plan-followup.csv';
    const points = planCounts.series.flatMap((s: any) => s.points.map((p: any) => ({ ...p, series: s })));
    for (const { row, cells } of csvRows(file)) {
      const p = points.find((x: any) => x.source?.file === file && x.source.row === row);
      expect(p, `${file} row ${row}`).toMatchObject({
        value: num(cells['value']!),
        citation: { document: cells['document'], section: cells['section'], page: cells['page'] },
      });
      expect(p.series).toMatchObject({ measure: cells['measure'], scopeKey: cells['scope'], coversWholeScope: false });
    }
  });
});

describe('studies as first-class data (issue 10, finding 8)', () => {
  it("gives the Sörmland course follow-up survey's reach: 950 participants, 148 bounced, 23 away, 779 reached, 250 answers, 32 %", async () => {
    const { study } = await gql(STUDY, { key: 'sormland-sip-course-followup-2018' });
    const reach = Object.fromEntries(
      Object.entries(study.reach).map(([k, f]: [string, any]) => [
        k,
        f && [f.value, f.numerator, f.denominator, f.origin],
      ]),
    );
    expect(reach).toEqual({
      population: [950, null, null, 'PUBLISHED'],
      sent: [950, null, null, 'COMPUTED'],
      bounced: [148, null, null, 'PUBLISHED'],
      away: [23, null, null, 'PUBLISHED'],
      reached: [779, null, null, 'PUBLISHED'],
      responses: [250, 250, 779, 'PUBLISHED'],
      responseRate: [32, 250, 779, 'PUBLISHED'],
    });
    expect(study.reach.sent.rule).toBe('sent to every participant ("till alla som deltagit") = population = 950');
    expect(study).toMatchObject({ kind: 'SURVEY', region: { code: '04', name: 'Södermanlands län' } });
    expect(study.citation).toEqual({
      document: '001_b1a2ed5b495d977e.txt',
      section: 'Uppföljningsenkät 2018',
      page: '11–12',
    });
  });

  it("keeps the baskurs participants' unawareness of the guidelines per year: 29,2 % in 2015, 36,3 % in 2017", async () => {
    const { study } = await gql(STUDY, { key: 'sormland-sip-baseline', item: 'guidelines_unknown' });
    expect(study.figures.map((f: any) => [f.group, f.year, f.value, f.printed])).toEqual([
      ['baskurs', 2015, 29.2, '2015 svarade 29,2 % att de inte kände till riktlinjerna'],
      ['baskurs', 2017, 36.3, '2017 var den siffran 36,3 %'],
      [
        'baskurs',
        null,
        36.6,
        'Av dem som anmält sig till baskursen svarar 36,6 % att de inte känner till de riktlinjer om SIP som är framtagna i Sörmland.',
      ],
      [
        'chefskurs',
        null,
        16.6,
        'Av dem som anmält sig till chefskursen svarar 16,6 % att de inte känner till riktlinjerna om SIP som är framtagna i Sörmland.',
      ],
    ]);
  });

  it('keeps "SIP is a support" for two training years whose years are lost, as LOST_IN_SOURCE years', async () => {
    const { study } = await gql(STUDY, { key: 'sormland-sip-baseline', item: 'sip_is_support_often_always' });
    expect(study.figures.map((f: any) => [f.group, f.period, f.year, f.yearMissingReason, f.value])).toEqual([
      ['baskurs', null, null, null, 35.8],
      ['baskurs', 'the earlier of two training years compared (year lost in the copy)', null, 'LOST_IN_SOURCE', 42.6],
      ['baskurs', 'the later of two training years compared (year lost in the copy)', null, 'LOST_IN_SOURCE', 36.6],
      ['chefskurs', null, null, null, 38.9],
    ]);
  });

  it('returns each of the four Prator registration counts as LOST_IN_SOURCE, not an empty list and never 0', async () => {
    const { study } = await gql(STUDY, { key: 'sormland-prator-sip-registrations', item: 'sips_created' });
    expect(study.figures.map((f: any) => [f.period, f.value, f.missingReason, f.yearMissingReason])).toEqual([
      ['value 1 of 4', null, 'LOST_IN_SOURCE', 'LOST_IN_SOURCE'],
      ['value 2 of 4', null, 'LOST_IN_SOURCE', 'LOST_IN_SOURCE'],
      ['value 3 of 4', null, 'LOST_IN_SOURCE', 'LOST_IN_SOURCE'],
      ['value 4 of 4 (t o m, date lost)', null, 'LOST_IN_SOURCE', 'LOST_IN_SOURCE'],
    ]);
  });

  it('keeps the Ekerö 2013 estimate as approximate: "ett trettiotal" of "cirka 80", and the derived share as approximate', async () => {
    const { study } = await gql(STUDY, { key: 'ekero-2013-socialpsykiatri' });
    const byItem = (item: string) => study.figures.find((f: any) => f.item === item);
    expect(study.unit).toEqual({ code: '0125', kind: 'MUNICIPALITY', name: 'Ekerö' });
    expect(byItem('persons_current')).toMatchObject({ value: 80, isApproximate: true, approximation: 'cirka' });
    expect(byItem('persons_needing_sip')).toMatchObject({
      value: 30,
      isApproximate: true,
      approximation: 'ett trettiotal',
      origin: 'PUBLISHED',
    });
    expect(byItem('persons_needing_sip_share')).toMatchObject({
      value: 37.5,
      isApproximate: true,
      origin: 'COMPUTED',
      rule: 'persons_needing_sip / persons_current = 30 / 80 (both approximate)',
      printed: null,
    });
  });

  it("keeps the Stockholm follow-up's sample coverage: 10 of 30 receptions, 8 kommuner, 6 stadsdelar, 19 of 23 interviewees", async () => {
    const { study } = await gql(STUDY, { key: 'stockholm-2011-individual-plans' });
    const value = (item: string) => {
      const f = study.figures.find((x: any) => x.item === item);
      return [f.value, f.numerator, f.denominator];
    };
    expect(value('receptions_in_county')).toEqual([30, null, null]);
    expect(value('receptions_sampled')).toEqual([10, 10, 30]);
    expect(value('municipalities_interviewed')).toEqual([8, null, null]);
    expect(value('districts_interviewed')).toEqual([6, null, null]);
    expect(value('coordinator_question_responses')).toEqual([19, 19, 23]);
    expect(study).toMatchObject({ region: { code: '01' }, referenceDate: '2011-12-05', kind: 'FOLLOW_UP' });
  });

  it("keeps Vårdanalys' verbal findings with their wording, and a share only where the words give one", async () => {
    const { study } = await gql(STUDY, { key: 'vardanalys-2016-agreements' });
    const verbal = study.figures
      .filter((f: any) => f.verbal !== null)
      .map((f: any) => [f.item, f.verbal, f.verbalShare, f.value]);
    expect(verbal).toEqual([
      ['checklist_used', 'används inte', null, null],
      ['dispute_handling_missing', 'hälften', 0.5, null],
      ['follow_up_described', 'hälften', 0.5, null],
      ['joint_goals_clear', 'var fjärde', 0.25, 25],
      ['joint_goals_relatively_clear', 'Ungefär hälften', 0.5, 48],
      ['partner_police_or_prison_service', 'var tredje', 0.333, null],
      ['response_rate', 'samtliga', 1, 100],
      ['user_organisations_gave_views', 'varannan', 0.5, null],
    ]);
    const rates = study.figures
      .filter((f: any) => f.item === 'response_rate')
      .map((f: any) => [f.group, f.value, f.numerator, f.denominator]);
    expect(rates).toEqual([
      ['kommun', 85, 246, 289],
      ['län', 100, 21, 21],
      ['stadsdel', 93, 13, 14],
    ]);
  });

  it('keeps the discrepancies the sources contain as data: printed, computed, rule', async () => {
    const { planCounts } = await gql(PLAN_COUNTS, { scope: '01' });
    expect(planCounts.discrepancies.map((d: any) => [d.item, d.printedValue, d.computedValue, d.rule])).toEqual([
      ['mean_clients_per_unit', 156, 2206 / 14, 'current_clients_total / units = 2206 / 14'],
      [
        'units_small_17_70',
        17,
        30,
        'smallest unit printed = min(30 patients per mottagning, 44 clients per kommun/stadsdel)',
      ],
    ]);
    const { studies } = await gql(STUDIES);
    const all = studies.flatMap((s: any) =>
      s.discrepancies.map((d: any) => [s.key, d.item, d.printedValue, d.computedValue]),
    );
    expect(all).toHaveLength(5);
    expect(all).toContainEqual(['vardanalys-2016-agreements', 'responses', 246, 247]);
    expect(all).toContainEqual(['sormland-sip-baseline', 'from_municipality', 99, 100]);
  });

  it('lists studies by document and region in one statement, and is NOT_FOUND for an unknown key', async () => {
    db.statements.reset();
    const { studies } = await gql(`{ studies(document: "001_b1a2ed5b495d977e.txt") { key figures { id } } }`);
    expect(db.statements.count).toBe(1);
    expect(studies.map((s: any) => s.key).sort()).toEqual([
      'sormland-phone-interviews-2018',
      'sormland-prator-sip-registrations',
      'sormland-sip-baseline',
      'sormland-sip-course-followup-2018',
      'sormland-sip-courses',
      'sormland-sipkollen-2015-2018',
      'sormland-user-organisation-meetings-2016',
    ]);
    const missing = await api.gql(STUDY, { key: 'no-such-study' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

const CITED = 'citation { document section page } source { file row ingestRunId }';
const FIGURE = `id item itemText group period year yearMissingReason valueKind value valueHigh numerator denominator printed
  isApproximate approximation verbal verbalShare origin rule missingReason note ${CITED}`;
const DISCREPANCY = `item group period printedValue printed computedValue rule explanation ${CITED}`;
const STUDY_FIELDS = `key kind title publication region { code kind name } unit { code kind name } scopeLabel period referenceDate
  note ${CITED}
  reach { population { ${FIGURE} } sent { ${FIGURE} } bounced { ${FIGURE} } away { ${FIGURE} } reached { ${FIGURE} }
    responses { ${FIGURE} } responseRate { ${FIGURE} } }
  figures { ${FIGURE} } discrepancies { ${DISCREPANCY} }`;
const STUDIES = `{ studies { ${STUDY_FIELDS} } }`;
const STUDY = `query Study($key: String!, $item: String) { study(key: $key, item: $item) { ${STUDY_FIELDS} } }`;
const FIGURES = `{ publishedFigures(first: 100) { totalCount nodes { measure percent topic ${CITED} } } }`;
const PLAN_COUNTS = `query PlanCounts($scope: String!) {
  planCounts(scope: $scope) {
    series { scopeKey measure coversWholeScope studyKey points { year value missingReason ${CITED} } }
    discrepancies { ${DISCREPANCY} }
  }
}`;
