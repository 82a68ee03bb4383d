import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseContext } from '../../../../../src/ingest/adapter.js';
import { releaseFilesIn } from '../../../../../src/ingest/configured-sources.js';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import type { ParsedRelease } from '../../../../../src/ingest/release.js';
import { publicationsAdapter } from '../../../../../src/ingest/sources/publications/adapter.js';
import { SAMPLES_DIR } from '../../../../../src/paths.js';

const ctx: ParseContext = {
  catalog: readReferenceCatalog(),
  now: new Date('2025-06-01T00:00:00Z'),
  limits: DEFAULT_PARSE_LIMITS,
};

const SAMPLE_FILES = releaseFilesIn(SAMPLES_DIR).filter((f) => path.basename(f).startsWith('publications-'));

async function load(file: string): Promise<ParsedRelease> {
  return publicationsAdapter.parse(await publicationsAdapter.fetch({ path: path.join(SAMPLES_DIR, file) }), ctx);
}

function parseText(text: string, file = 'inline.csv'): Promise<ParsedRelease> {
  const fetched: FetchedRelease = {
    source: 'publications',
    releaseKey: file,
    file,
    parts: [Buffer.from(text, 'utf8')],
  };
  return publicationsAdapter.parse(fetched, ctx);
}

const FIGURE_HEADER =
  'study,item,item_text,group,period,year,value_kind,value,value_high,numerator,denominator,printed,approximation,verbal,verbal_share,origin,rule,missing_reason,document,section,page';

describe('publications adapter on the bundled typed-in tables', () => {
  it('reads every bundled publications file without a reject', async () => {
    expect(SAMPLE_FILES.map((f) => path.basename(f))).toEqual([
      'publications-0-studies.csv',
      'publications-1-000-stockholm-2011.csv',
      'publications-1-001-sip-i-sormland-2019.csv',
      'publications-1-002-vastra-gotaland-2018.csv',
      'publications-1-003-ekero-2013.csv',
      'publications-1-004-vardanalys-2017.csv',
      'publications-2-discrepancies.csv',
    ]);
    for (const file of SAMPLE_FILES) {
      const release = await load(path.basename(file));
      expect(release.rejects, path.basename(file)).toEqual([]);
      expect(release.rowsRead).toBe(
        release.studies.length + release.studyFigures.length + release.studyDiscrepancies.length,
      );
    }
  });

  it('keeps the Sörmland follow-up survey reach exactly as printed', async () => {
    const figures = (await load('publications-1-001-sip-i-sormland-2019.csv')).studyFigures.filter(
      (f) => f.studyKey === 'sormland-sip-course-followup-2018',
    );
    const reach = ['population', 'sent', 'bounced', 'away', 'reached', 'responses', 'response_rate'].map((item) => {
      const f = figures.find((x) => x.item === item)!;
      return [item, f.value, f.numerator, f.denominator, f.origin];
    });
    expect(reach).toEqual([
      ['population', 950, null, null, 'PUBLISHED'],
      ['sent', 950, null, null, 'DERIVED'],
      ['bounced', 148, null, null, 'PUBLISHED'],
      ['away', 23, null, null, 'PUBLISHED'],
      ['reached', 779, null, null, 'PUBLISHED'],
      ['responses', 250, 250, 779, 'PUBLISHED'],
      ['response_rate', 32, 250, 779, 'PUBLISHED'],
    ]);
  });

  it('keeps an approximation word with its number and a printed range as a range', async () => {
    const ekero = (await load('publications-1-003-ekero-2013.csv')).studyFigures;
    expect(ekero.find((f) => f.item === 'persons_needing_sip')).toMatchObject({
      value: 30,
      approximation: 'ett trettiotal',
      origin: 'PUBLISHED',
    });
    expect(ekero.find((f) => f.item === 'persons_current')).toMatchObject({ value: 80, approximation: 'cirka' });
    const prator = (await load('publications-1-001-sip-i-sormland-2019.csv')).studyFigures.find(
      (f) => f.item === 'sips_over_65_share',
    );
    expect(prator).toMatchObject({ value: 80, valueHigh: 85, approximation: 'Ungefär', valueKind: 'PERCENT' });
  });

  it('keeps each lost Prator value as LOST_IN_SOURCE, with its lost year, never 0', async () => {
    const sips = (await load('publications-1-001-sip-i-sormland-2019.csv')).studyFigures.filter(
      (f) => f.item === 'sips_created',
    );
    expect(sips.map((f) => [f.period, f.value, f.missingReason, f.year, f.yearMissingReason])).toEqual([
      ['value 1 of 4', null, 'LOST_IN_SOURCE', null, 'LOST_IN_SOURCE'],
      ['value 2 of 4', null, 'LOST_IN_SOURCE', null, 'LOST_IN_SOURCE'],
      ['value 3 of 4', null, 'LOST_IN_SOURCE', null, 'LOST_IN_SOURCE'],
      ['value 4 of 4 (t o m, date lost)', null, 'LOST_IN_SOURCE', null, 'LOST_IN_SOURCE'],
    ]);
  });
});

describe('publications adapter rejects', () => {
  it('names file, row and column for a derived figure without its rule and an empty value without a reason', async () => {
    const release = await parseText(
      `${FIGURE_HEADER}\n` +
        's1,x_count,x,,,2018,count,10,,,,,,,,derived,,,doc.txt,,\n' +
        's1,y_count,y,,,2018,count,,,,,printed,,,,published,,,doc.txt,,\n',
    );
    expect(release.rejects).toMatchObject([
      { rule: 'derived-without-rule', loc: { file: 'inline.csv', row: 2, column: 'rule' } },
      { rule: 'missing-without-reason', loc: { file: 'inline.csv', row: 3, column: 'value' } },
    ]);
    expect(release.studyFigures).toEqual([]);
  });

  it('rejects a percent over 100, a numerator over its denominator, a share without words and a missing citation', async () => {
    const release = await parseText(
      `${FIGURE_HEADER}\n` +
        's1,a,a,,,,percent,130,,,,p,,,,published,,,doc.txt,,\n' +
        's1,b,b,,,,count,5,,9,3,p,,,,published,,,doc.txt,,\n' +
        's1,c,c,,,,percent,50,,,,p,,,0.5,published,,,doc.txt,,\n' +
        's1,d,d,,,,count,5,,,,p,,,,published,,,,,\n',
    );
    expect(release.rejects.map((r) => [r.rule, r.loc.row, r.loc.column])).toEqual([
      ['value-out-of-kind', 2, 'value'],
      ['numerator-exceeds-denominator', 3, 'numerator'],
      ['share-without-words', 4, 'verbal_share'],
      ['missing-citation', 5, 'document'],
    ]);
  });

  it('rejects a study of an unknown kind and an unknown länskod as key fields', async () => {
    const release = await parseText(
      'study,kind,title,publication,scope_label,region_code,document\ns1,poll,t,p,s,99,doc.txt\n',
    );
    expect(release.rejects.map((r) => [r.rule, r.loc.column, r.isKeyField])).toEqual([
      ['kind-not-in-scale', 'kind', true],
      ['unknown-region', 'region_code', true],
    ]);
  });
});
