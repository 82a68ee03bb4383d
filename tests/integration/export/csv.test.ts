import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, type SavedOperation } from '../../../src/operations/saved-operations.js';
import { csvNumber, parseCsv, writeCsv, type CsvColumn, type CsvFormat } from '../../../src/export/csv.js';
import { startBundledApp, type BundledApp } from '../../e2e/bundled-app.js';

interface Sample {
  code: string;
  name: string;
  share: number | null;
  note: string;
}

const columns: CsvColumn<Sample>[] = [
  { header: 'code', value: (r) => r.code },
  { header: 'name', value: (r) => r.name },
  { header: 'share', value: (r) => r.share },
  { header: 'note', value: (r) => r.note },
];

const samples: Sample[] = [
  { code: '0488', name: 'Trosa', share: 0.5, note: '' },
  { code: '0428', name: 'Vingåker', share: 2 / 3, note: 'Ej aktuellt; "ungefär hälften"' },
  { code: '0581', name: 'Norrköping, Östergötlands län', share: null, note: 'two\r\nlines' },
];

describe('CSV writer', () => {
  it('writes Swedish Excel CSV: BOM, semicolons, decimal comma, CRLF, and reads back å ä ö', () => {
    const text = writeCsv(columns, samples, 'excel-sv');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFcode;name;share;note',
      '0488;Trosa;0,5;',
      '0428;Vingåker;0,6666666666666666;"Ej aktuellt; ""ungefär hälften"""',
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(text, 'excel-sv');
    expect(rows).toEqual([
      ['code', 'name', 'share', 'note'],
      ['0488', 'Trosa', '0,5', ''],
      ['0428', 'Vingåker', '0,6666666666666666', 'Ej aktuellt; "ungefär hälften"'],
      ['0581', 'Norrköping, Östergötlands län', '', 'two\r\nlines'],
    ]);
    expect(rows.slice(1).map((r) => csvNumber(r[2]!, 'excel-sv'))).toEqual([0.5, 2 / 3, null]);
  });

  it('writes RFC 4180: commas, decimal point, no BOM, quotes only where needed, doubled inside', () => {
    const text = writeCsv(columns, samples, 'rfc4180');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).toBe(
      'code,name,share,note\r\n' +
        '0488,Trosa,0.5,\r\n' +
        '0428,Vingåker,0.6666666666666666,"Ej aktuellt; ""ungefär hälften"""\r\n' +
        '0581,"Norrköping, Östergötlands län",,"two\r\nlines"\r\n',
    );
    expect(
      parseCsv(text, 'rfc4180')
        .slice(1)
        .map((r) => [r[1], csvNumber(r[2]!, 'rfc4180'), r[3]]),
    ).toEqual(samples.map((s) => [s.name, s.share, s.note]));
  });
});

describe('CSV export endpoints on the bundled data', () => {
  let app: BundledApp;
  beforeAll(async () => {
    app = await startBundledApp();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  async function graphql<T>(operation: SavedOperation, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${app.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: operation.query, variables }),
    });
    const body = (await response.json()) as { data: Record<string, T>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data[operation.field]!;
  }

  async function csv(path: string, format: CsvFormat = 'excel-sv') {
    const response = await fetch(`${app.api.url}${path}&format=${format}`);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const raw = Buffer.from(await (await fetch(`${app.api.url}${path}&format=${format}`)).arrayBuffer());
    const [header, ...rows] = parseCsv(text, format);
    const records = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
    return { response, raw, records, num: (v: string | undefined) => csvNumber(v ?? '', format) };
  }

  it('serves the routine comparison with the same numbers as routineComparison, in both formats', async () => {
    const variables = {
      question: 'SIP_INFO.HEMLOSHET',
      year: 2018,
      scope: { kind: 'REGION', code: '04' },
      denominator: 'RESPONDENTS',
    };
    type Comparison = {
      summary: { numerator: number; denominator: number; share: number; counts: Record<string, number> };
      references: { scope: { code: string }; numerator: number; denominator: number; share: number }[];
      rows: { nodes: { unit: { code: string; name: string }; answer: string; missingReason: string | null }[] };
    };
    const api = await graphql<Comparison>(OPERATIONS.routineComparison, variables);
    for (const format of ['excel-sv', 'rfc4180'] as const) {
      const { response, raw, records, num } = await csv(
        '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=REGION:04&denominator=RESPONDENTS',
        format,
      );
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers.get('content-disposition')).toContain(
        'attachment; filename="routine-comparison_SIP_INFO.HEMLOSHET_2018_REGION_04',
      );
      expect(raw.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(format === 'excel-sv');
      const scope = records.find((r) => r['row_type'] === 'scope')!;
      // the README's example: RESPONDENTS 3 of 8
      expect([num(scope['numerator']), num(scope['denominator']), num(scope['share'])]).toEqual([
        api.summary.numerator,
        api.summary.denominator,
        api.summary.share,
      ]);
      expect([num(scope['numerator']), num(scope['denominator'])]).toEqual([3, 8]);
      expect(scope['share']).toBe(format === 'excel-sv' ? '0,375' : '0.375');
      // a Swedish percentage beside the unrounded share, in the Excel format only (RFC 4180 stays plain)
      expect(scope['share_percent']).toBe(format === 'excel-sv' ? '37,5 %' : undefined);
      expect(scope['name']).toBe('Södermanlands län');
      expect(['ja', 'nej', 'ej_aktuellt', 'no_response', 'not_asked', 'units'].map((k) => num(scope[k]))).toEqual([
        api.summary.counts['ja'],
        api.summary.counts['nej'],
        api.summary.counts['ejAktuellt'],
        api.summary.counts['noResponse'],
        api.summary.counts['notAsked'],
        api.summary.counts['units'],
      ]);
      const refs = records.filter((r) => r['row_type'] === 'reference');
      expect(refs.map((r) => [r['code'], num(r['numerator']), num(r['denominator']), num(r['share'])])).toEqual(
        api.references.map((r) => [r.scope.code, r.numerator, r.denominator, r.share]),
      );
      const units = records.filter((r) => r['row_type'] === 'unit');
      expect(units.map((r) => [r['code'], r['name'], r['answer'], r['missing_reason'] || null])).toEqual(
        api.rows.nodes.map((n) => [n.unit.code, n.unit.name, n.answer, n.missingReason]),
      );
      expect(units.map((r) => r['name'])).toContain('Vingåker');
    }
  });

  it('pages through riket: every municipality and district row, as the API has them', async () => {
    const { records } = await csv('/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=NATION');
    const api = await graphql<{ rows: { totalCount: number } }>(OPERATIONS.routineComparison, {
      question: 'SIP_INFO.HEMLOSHET',
      year: 2018,
      scope: { kind: 'NATION' },
      first: 1,
    });
    expect(records.filter((r) => r['row_type'] === 'unit')).toHaveLength(api.rows.totalCount);
    expect(api.rows.totalCount).toBeGreaterThanOrEqual(290);
  });

  it('serves the cross-county view with ranks, riket and the median as regionComparison has them', async () => {
    type Regions = {
      median: number;
      nation: { numerator: number; denominator: number; share: number };
      regions: {
        rank: number | null;
        share: { scope: { code: string }; share: number | null; missingReason: string | null };
      }[];
    };
    const api = await graphql<Regions>(OPERATIONS.regionComparison, { question: 'SIP_INFO.HEMLOSHET', year: 2018 });
    const { records, num } = await csv('/export/region-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018');
    const regions = records.filter((r) => r['row_type'] === 'region');
    expect(regions.map((r) => [r['code'], num(r['rank']), num(r['share']), r['missing_reason'] || null])).toEqual(
      api.regions.map((r) => [r.share.scope.code, r.rank, r.share.share, r.share.missingReason]),
    );
    expect(regions[0]).toMatchObject({
      code: '04',
      name: 'Södermanlands län',
      rank: '1',
      numerator: '3',
      denominator: '6',
      share: '0,5',
    });
    const nation = records.find((r) => r['row_type'] === 'nation')!;
    expect([num(nation['numerator']), num(nation['denominator']), num(nation['share'])]).toEqual([
      api.nation.numerator,
      api.nation.denominator,
      api.nation.share,
    ]);
    expect(num(records.find((r) => r['code'] === 'median')!['share'])).toBe(api.median);
  });

  it('serves a trend as one row per year and series, gaps with their reason and no number', async () => {
    const { records } = await csv(
      '/export/routine-trend.csv?question=SIP_INFO.HEMLOSHET&unit=0488&fromYear=2017&toYear=2019',
    );
    const trosa = records.filter((r) => r['series'] === 'unit');
    expect(trosa.map((r) => [r['year'], r['name'], r['answer'], r['missing_reason'], r['share']])).toEqual([
      ['2017', 'Trosa', '', 'NOT_COLLECTED', ''],
      ['2018', 'Trosa', 'JA', '', ''],
      ['2019', 'Trosa', '', 'NOT_YET_PUBLISHED', ''],
    ]);
    expect(
      records
        .filter((r) => r['year'] === '2018')
        .map((r) => [r['series'], r['code'], r['numerator'], r['denominator'], r['share']]),
    ).toEqual([
      ['unit', '0488', '', '', ''],
      ['region', '04', '3', '6', '0,5'],
      ['kommungrupp', 'B4', '1', '2', '0,5'],
      ['nation', '00', '3', '6', '0,5'],
    ]);
  });

  it('serves agreement coverage: published figures as printed, the computed side with its reason', async () => {
    const { records } = await csv('/export/agreement-coverage.csv?level=COUNTY&topic=MISSBRUK&year=2016');
    // the bundled Vårdanalys data holds national totals only: nothing to compute, and no 0
    expect(records[0]).toMatchObject({
      origin: 'COMPUTED',
      level: 'COUNTY',
      missing_reason: 'NOT_COLLECTED',
      numerator: '',
      computed_share: '',
    });
    const exists = records.find((r) => r['origin'] === 'PUBLISHED' && r['measure'] === 'exists')!;
    expect(exists).toMatchObject({
      scope: 'county:län',
      numerator: '19',
      denominator: '21',
      published_percent: '90',
      denominator_kind: 'all units',
      publication: 'Vårdanalys rapport 2017:1',
    });
  });

  it('serves plan counts per series and year', async () => {
    const { records } = await csv(
      '/export/plan-counts.csv?scope=10 beroendemottagningar in Stockholms län&measure=current_patients_total',
    );
    expect(records.map((r) => [r['measure'], r['year'], r['value'], r['n']])).toEqual([
      ['current_patients_total', '2011', '1120', '10'],
    ]);
  });

  it("labels a region's plan-count rows that come from a sample inside it as covering only part of it", async () => {
    const { records } = await csv('/export/plan-counts.csv?scope=01&measure=current_patients_total', 'rfc4180');
    expect(records.map((r) => [r['scope'], r['series_scope'], r['covers_whole_scope'], r['value']])).toEqual([
      ['01', '10 beroendemottagningar in Stockholms län', 'no (part only)', '1120'],
    ]);
    expect(records[0]!['coverage']).toMatch(/^10 of 30 units: a sample: 10 of the 30 local integrated receptions/);
  });

  it.each([
    ['/export/routine-comparison.csv?year=2018&scope=NATION', 'missing parameter "question"'],
    [
      '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=twenty&scope=NATION',
      'parameter "year" must be an integer, got "twenty"',
    ],
    [
      '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=LAN:04',
      'parameter "scope" must be NATION, REGION:<länskod> or KOMMUNGRUPP:<code>',
    ],
    [
      '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=NATION&colour=red',
      'unknown parameter "colour"',
    ],
    [
      '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=NATION&format=xlsx',
      'parameter "format" must be one of excel-sv, rfc4180',
    ],
    [
      '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=NATION&denominator=SOME',
      '"SOME" does not exist in "DenominatorPolicy"',
    ],
    ['/export/routine-comparison.csv?question=NO.SUCH&year=2018&scope=NATION', 'not found'],
    ['/export/routine-trend.csv?question=SIP_INFO.HEMLOSHET&unit=0488&fromYear=2019&toYear=2015', ''],
  ])('refuses %s with 400 and a clear message', async (path, message) => {
    const response = await fetch(`${app.api.url}${path}`);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(response.status).toBe(400);
    expect(body.errors[0]!.message).toContain(message);
    expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(body.errors[0]!.extensions.code);
  });

  it('answers 404 for an export that does not exist', async () => {
    const response = await fetch(`${app.api.url}/export/nothing.csv`);
    expect(response.status).toBe(404);
  });
});
