import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseContext } from '../../../../../src/ingest/adapter.js';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import type { AgreementRecord, ParsedRelease } from '../../../../../src/ingest/release.js';
import { agreementsAdapter } from '../../../../../src/ingest/sources/agreements/adapter.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../../../../../src/paths.js';

const ctx: ParseContext = {
  catalog: readReferenceCatalog(),
  now: new Date('2025-06-01T00:00:00Z'),
  limits: DEFAULT_PARSE_LIMITS,
};
const FIXTURES = path.join(PROJECT_ROOT, 'tests/fixtures/agreements');

async function load(filePath: string): Promise<ParsedRelease> {
  return agreementsAdapter.parse(await agreementsAdapter.fetch({ path: filePath }), ctx);
}

function parseText(text: string, file = 'inline.csv'): Promise<ParsedRelease> {
  const fetched: FetchedRelease = { source: 'agreements', releaseKey: file, file, parts: [Buffer.from(text, 'utf8')] };
  return agreementsAdapter.parse(fetched, ctx);
}

const PER_UNIT_HEADER = 'unit_code;unit_name;year;level;topic;status;joint_goals;partner_polisen';

describe('agreements adapter: published coverage (Vårdanalys 2017:1)', () => {
  const coverage = () => load(path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-coverage.csv'));

  it('reads all 12 figures without rejects', async () => {
    const release = await coverage();
    expect(release.rejects).toEqual([]);
    expect(release.rowsRead).toBe(12);
    expect(release.figures).toHaveLength(12);
    expect(release.agreements).toEqual([]);
    expect(release.releaseKey).toBe('vardanalys-2016-agreement-coverage.csv');
  });

  it('keeps the county figure 19 of 21 at 90 percent as published', async () => {
    const release = await coverage();
    expect(release.figures[0]).toEqual({
      subject: 'AGREEMENT_COVERAGE',
      measure: 'exists',
      scope: { kind: 'NATION', code: '00' },
      scopeLabel: 'county:län',
      year: 2016,
      numerator: 19,
      denominator: 21,
      denominatorKind: 'all units',
      percent: 90,
      qualifier: null,
      publication: 'Vårdanalys rapport 2017:1',
      note: 'county agreements (länsöverenskommelse) on missbruk och beroende; all 21 län answered',
      topic: 'MISSBRUK',
      citation: {
        document: '004_90bac4ef581c80de.txt',
        section: 'Sammanfattning: Hur många överenskommelser har tagits fram?',
        page: '9',
      },
      loc: { source: 'agreements', file: 'vardanalys-2016-agreement-coverage.csv', row: 2 },
    });
  });

  it('leaves an unpublished percent null instead of 0', async () => {
    const none = (await coverage()).figures.find((f) => f.scopeLabel === 'county:län' && f.measure === 'none');
    expect(none).toMatchObject({ numerator: 0, denominator: 21, percent: null });
  });

  it('labels each figure with level and unit kind', async () => {
    const figures = (await coverage()).figures;
    expect(figures.map((f) => `${f.scopeLabel} ${f.measure} ${f.numerator}/${f.denominator} ${f.percent}`)).toEqual([
      'county:län exists 19/21 90',
      'county:län in_progress 2/21 10',
      'county:län none 0/21 null',
      'county:län no_response 0/21 0',
      'local:kommun exists 153/246 62',
      'local:kommun no_response 43/289 15',
      'local:stadsdel exists 12/13 92',
      'local:stadsdel no_response 1/14 7',
      'local:kommun+stadsdel exists 165/259 64',
      'local:kommun+stadsdel in_progress 47/259 18',
      'local:kommun+stadsdel none 47/259 18',
      'local:kommun+stadsdel exists_or_in_progress 212/259 82',
    ]);
  });

  it('rejects a percent outside 0…100 with row and column', async () => {
    const release = await parseText(
      'level,unit_kind,status,units,denominator,denominator_kind,published_percent,survey_year,publication,note\n' +
        'county,län,exists,19,21,all units,120,2016,Vårdanalys rapport 2017:1,\n',
    );
    expect(release.figures).toEqual([]);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'agreements', file: 'inline.csv', row: 2, column: 'published_percent' },
        rawValue: '120',
        rule: 'percent-out-of-range',
        message: '120 is outside 0…100',
        isKeyField: false,
      },
    ]);
  });

  it('rejects a numerator larger than its denominator', async () => {
    const release = await parseText(
      'level,unit_kind,status,units,denominator,denominator_kind,published_percent,survey_year,publication,note\n' +
        'county,län,exists,22,21,all units,,2016,Vårdanalys rapport 2017:1,\n',
    );
    expect(release.rejects.map((r) => [r.rule, r.loc.column])).toEqual([['numerator-exceeds-denominator', 'units']]);
  });

  it('collapses an identical duplicate row and counts the repair', async () => {
    const row = 'county,län,exists,19,21,all units,90,2016,Vårdanalys rapport 2017:1,\n';
    const release = await parseText(
      'level,unit_kind,status,units,denominator,denominator_kind,published_percent,survey_year,publication,note\n' +
        row +
        row,
    );
    expect(release.figures).toHaveLength(1);
    expect(release.rejects).toEqual([]);
    expect(release.repairs).toEqual({ 'duplicate-row-collapsed': 1 });
  });

  it('rejects a conflicting duplicate as a key-field reject', async () => {
    const release = await parseText(
      'level,unit_kind,status,units,denominator,denominator_kind,published_percent,survey_year,publication,note\n' +
        'county,län,exists,19,21,all units,90,2016,Vårdanalys rapport 2017:1,\n' +
        'county,län,exists,18,21,all units,86,2016,Vårdanalys rapport 2017:1,\n',
    );
    expect(release.figures).toHaveLength(1);
    expect(release.rejects).toMatchObject([
      { rule: 'duplicate-conflict', isKeyField: true, loc: { row: 3 }, message: expect.stringContaining('row 2') },
    ]);
  });
});

describe('agreements adapter: published content (Vårdanalys 2017:1)', () => {
  const content = () => load(path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-content.csv'));

  it('reads all 22 figures without rejects', async () => {
    const release = await content();
    expect(release.rejects).toEqual([]);
    expect(release.figures).toHaveLength(22);
  });

  it('keeps the qualifier and leaves the unpublished numerator null', async () => {
    const figures = (await content()).figures;
    expect(figures.find((f) => f.measure === 'joint_goals_relatively_clear')).toEqual({
      subject: 'AGREEMENT_CONTENT',
      measure: 'joint_goals_relatively_clear',
      scope: { kind: 'NATION', code: '00' },
      scopeLabel: 'county',
      year: 2016,
      numerator: null,
      denominator: 21,
      denominatorKind: 'agreements coded',
      percent: 48,
      qualifier: 'ungefär hälften',
      publication: 'Vårdanalys rapport 2017:1',
      note: null,
      topic: 'MISSBRUK',
      citation: {
        document: '004_90bac4ef581c80de.txt',
        section: 'Sammanfattning: Vad innehåller överenskommelserna?',
        page: '12',
      },
      loc: { source: 'agreements', file: 'vardanalys-2016-agreement-content.csv', row: 4 },
    });
    expect(figures.every((f) => f.numerator === null)).toBe(true);
    expect(figures.filter((f) => f.scopeLabel === 'local').every((f) => f.denominator === 165)).toBe(true);
  });
});

describe('agreements adapter: per-unit file', () => {
  const perUnit = () => load(path.join(FIXTURES, 'per-unit.csv'));
  const byUnit = (agreements: AgreementRecord[], code: string) => agreements.find((a) => a.unit.code === code);

  it('maps every status, in English and Swedish', async () => {
    const release = await perUnit();
    expect(release.rejects).toEqual([]);
    expect(release.agreements.map((a) => [a.unit.code, a.rawStatus, a.status])).toEqual([
      ['04', 'exists', 'EXISTS'],
      ['01', 'under framtagande', 'IN_PROGRESS'],
      ['0480', 'finns', 'EXISTS'],
      ['0461', 'in_progress', 'IN_PROGRESS'],
      ['0428', 'saknas', 'NONE'],
      ['0483', 'none', 'NONE'],
      ['0482', 'ej svarat', 'NO_RESPONSE'],
      ['0484', 'no_response', 'NO_RESPONSE'],
      ['0180-01', 'exists', 'EXISTS'],
      ['0180-03', 'Finns', 'EXISTS'],
    ]);
  });

  it('reads levels, topics and the zero-padded code', async () => {
    const release = await perUnit();
    expect(release.agreements.map((a) => a.level)).toEqual([
      'COUNTY',
      'COUNTY',
      'LOCAL',
      'LOCAL',
      'LOCAL',
      'LOCAL',
      'LOCAL',
      'LOCAL',
      'LOCAL',
      'LOCAL',
    ]);
    expect(new Set(release.agreements.map((a) => a.topic))).toEqual(new Set(['MISSBRUK']));
    expect(release.repairs).toEqual({ 'zero-padded-code': 1 });
    expect(release.unitsCovered).toHaveLength(10);
  });

  it('reads flags as true, false or null and never turns an empty cell into false', async () => {
    const agreements = (await perUnit()).agreements;
    expect(byUnit(agreements, '04')).toMatchObject({
      jointGoals: 'CLEAR',
      flags: {
        describes_collaboration_between_principals: true,
        responsibility_split_between_principals: true,
        target_group_under_18: false,
        target_group_lvu: null,
        partner_polisen: true,
        partner_kriminalvarden: false,
        user_organisations_gave_views: true,
        describes_collaboration_within_region: null,
      },
    });
    expect(byUnit(agreements, '0480')).toMatchObject({
      jointGoals: 'UNCLEAR',
      flags: {
        describes_collaboration_between_principals: true,
        target_group_lvu: false,
        user_organisations_gave_views: false,
      },
    });
    const notCoded = byUnit(agreements, '0428')!;
    expect(notCoded.jointGoals).toBeNull();
    expect(Object.values(notCoded.flags).every((v) => v === null)).toBe(true);
    expect(Object.keys(notCoded.flags)).toHaveLength(12);
  });

  it('matches a stadsdel by name to its district code', async () => {
    const rinkeby = (await perUnit()).agreements.find((a) => a.loc.row === 10);
    expect(rinkeby).toMatchObject({
      unit: { kind: 'DISTRICT', code: '0180-01' },
      jointGoals: 'NONE',
      flags: { describes_collaboration_between_principals: true, responsibility_split_between_principals: false },
    });
  });

  it('parses a Windows-1252 file the same as its UTF-8 twin', async () => {
    const utf8 = await perUnit();
    const cp1252 = await load(path.join(FIXTURES, 'per-unit-windows-1252.csv'));
    const withoutLoc = (r: ParsedRelease) => r.agreements.map(({ loc: _loc, ...rest }) => rest);
    expect(cp1252.rejects).toEqual([]);
    expect(withoutLoc(cp1252)).toEqual(withoutLoc(utf8));
    expect(cp1252.agreements.find((a) => a.unit.code === '0180-03')?.loc).toEqual({
      source: 'agreements',
      file: 'per-unit-windows-1252.csv',
      row: 11,
    });
  });

  it('rejects an unknown municipality code 9999 as a key field', async () => {
    const release = await parseText(`${PER_UNIT_HEADER}\n9999;Okänd;2016;local;missbruk;exists;;\n`);
    expect(release.agreements).toEqual([]);
    expect(release.rejects).toMatchObject([
      {
        loc: { source: 'agreements', file: 'inline.csv', row: 2, column: 'unit_code' },
        rawValue: '9999',
        rule: 'unknown-municipality-code',
        isKeyField: true,
      },
    ]);
  });

  it("rejects the status 'kanske' naming row, column and raw value", async () => {
    const release = await parseText(
      `${PER_UNIT_HEADER}\n0480;Nyköping;2016;local;missbruk;finns;;\n0461;Gnesta;2016;local;missbruk;kanske;;\n`,
      'statuses.csv',
    );
    expect(release.agreements).toHaveLength(1);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'agreements', file: 'statuses.csv', row: 3, column: 'status' },
        rawValue: 'kanske',
        rule: 'status-not-in-scale',
        message: '"kanske" is not exists, in_progress, none or no_response',
        isKeyField: false,
      },
    ]);
  });

  it('rejects an unknown flag value and drops the row', async () => {
    const release = await parseText(`${PER_UNIT_HEADER}\n0480;Nyköping;2016;local;missbruk;finns;;kanske\n`);
    expect(release.agreements).toEqual([]);
    expect(release.rejects).toMatchObject([
      { rule: 'flag-not-in-scale', rawValue: 'kanske', loc: { row: 2, column: 'partner_polisen' } },
    ]);
  });

  it('rejects a joint-goals value outside clear, unclear and none', async () => {
    const release = await parseText(`${PER_UNIT_HEADER}\n0480;Nyköping;2016;local;missbruk;finns;ibland;\n`);
    expect(release.rejects).toMatchObject([{ rule: 'joint-goals-not-in-scale', loc: { column: 'joint_goals' } }]);
  });

  it('rejects a county agreement that names a municipality', async () => {
    const release = await parseText(`${PER_UNIT_HEADER}\n0480;Nyköping;2016;county;missbruk;finns;;\n`);
    expect(release.rejects).toMatchObject([
      { rule: 'level-unit-mismatch', isKeyField: true, loc: { column: 'level' } },
    ]);
  });

  it('rejects an unknown topic and a year in the future', async () => {
    const release = await parseText(`${PER_UNIT_HEADER}\n0480;Nyköping;2026;local;skola;finns;;\n`);
    expect(release.rejects.map((r) => [r.rule, r.loc.column, r.rawValue])).toEqual([
      ['invalid-year', 'year', '2026'],
      ['unknown-topic', 'topic', 'skola'],
    ]);
  });

  it('finds columns by name in any order and case, tab-separated', async () => {
    const release = await parseText('STATUS\tTopic\tLevel\tYear\tUnit_Code\nsaknas\tmissbruk\tlocal\t2016\t0488\n');
    expect(release.rejects).toEqual([]);
    expect(release.agreements).toMatchObject([
      { unit: { kind: 'MUNICIPALITY', code: '0488' }, status: 'NONE', year: 2016 },
    ]);
  });

  it('rejects a missing required column once, naming file and column', async () => {
    const release = await parseText('unit_code;year;level;status\n0480;2016;local;finns\n', 'no-topic.csv');
    expect(release.rowsRead).toBe(0);
    expect(release.rejects).toEqual([
      {
        loc: { source: 'agreements', file: 'no-topic.csv', row: 1, column: 'topic' },
        rawValue: null,
        rule: 'missing-column',
        message: 'required column "topic" is missing',
        isKeyField: true,
      },
    ]);
  });

  it('collapses identical rows and rejects conflicting ones', async () => {
    const release = await parseText(
      `${PER_UNIT_HEADER}\n0480;;2016;local;missbruk;finns;;\n0480;;2016;local;missbruk;exists;;\n0480;;2016;local;missbruk;saknas;;\n`,
    );
    expect(release.agreements).toHaveLength(1);
    expect(release.repairs).toEqual({ 'duplicate-row-collapsed': 1 });
    expect(release.rejects).toMatchObject([{ rule: 'duplicate-conflict', isKeyField: true, loc: { row: 4 } }]);
  });

  it('reports a header of no known shape', async () => {
    const release = await parseText('kommun;svar\nNyköping;Ja\n');
    expect(release.rejects).toMatchObject([{ rule: 'unknown-shape', isKeyField: true, loc: { row: 1 } }]);
  });
});

describe('agreements adapter: file limits', () => {
  it('refuses a file over maxFileBytes before reading it', async () => {
    await expect(
      agreementsAdapter.fetch({ path: path.join(FIXTURES, 'per-unit.csv'), maxFileBytes: 100 }),
    ).rejects.toThrow(/per-unit\.csv is \d+ bytes, over the limit of 100/);
  });

  it('rejects bytes over the parse limit as a key-field reject', async () => {
    const fetched = await agreementsAdapter.fetch({ path: path.join(FIXTURES, 'per-unit.csv') });
    const release = await agreementsAdapter.parse(fetched, { ...ctx, limits: { ...ctx.limits, maxFileBytes: 100 } });
    expect(release.agreements).toEqual([]);
    expect(release.rejects).toMatchObject([{ rule: 'file-too-large', isKeyField: true }]);
  });
});
