import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { runIngestCli } from '../../../src/jobs/ingest-command.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { readFixture, startFixtureServer } from '../../helpers/fixture-server.js';
import { writeXlsx } from '../../unit/ingest/sources/oj/oj-fixtures.js';

// The README's path for a new user, through the CLI's own entry (runIngestCli is what
// `npm run ingest -- …` calls): an unseen ÖJ workbook → `mapping` → a one-line edit →
// `mapping --check` → `file` → the comparison over GraphQL, with exact values.

let db: TestDatabase;
let api: TestApi;
let dir: string;
let workbook: string;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi(db);
  config = loadConfig({
    DATABASE_URL: db.urls.owner,
    INGEST_DATABASE_URL: db.urls.ingest,
    API_DATABASE_URL: db.urls.api,
  });
  dir = mkdtempSync(path.join(tmpdir(), 'jamfor-cli-'));
  workbook = path.join(dir, 'oj-2023-samverkan-barn.xlsx');
  // A workbook the code has never seen: a title, an empty row, a header with two areas and an
  // extra numeric column, a zero-dropped code, a stadsdel heading and a stadsdel, a län row.
  await writeXlsx(workbook, [
    { name: 'Om publiceringen', rows: [['Öppna jämförelser 2023'], ['Metod: se metodbeskrivningen']] },
    {
      name: 'Kommuner',
      rows: [
        ['Rutin för samverkan kring barn i familjer med missbruk, 2023'],
        [],
        ['Kommunkod', 'Kommun', 'Missbruk och beroende', 'Social barn- och ungdomsvård', 'Antal invånare'],
        [480, 'Nyköping', 'Nej', 'Ja', 57100],
        ['0428', 'Vingåker', 'Ja', 'Ja', 9100],
        ['0461', 'Gnesta', 'Ja', 'Ej aktuellt', 11400],
        [null, 'Stadsdelsområden i Stockholm', null, null, null],
        [null, 'Rinkeby-Kista', 'Ja', 'Nej', null],
        ['04', 'Södermanlands län', { value: 0.667, numFmt: '0.0%' }, { value: 1, numFmt: '0%' }, null],
      ],
    },
  ]);
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runIngestCli(argv, config, (line) => out.push(line));
  return { code, out };
}

const mappingFile = () => path.join(dir, 'oj-2023-samverkan-barn.mapping.json');

describe('npm run ingest -- mapping, an edit, and file: an unseen ÖJ workbook to a comparison', () => {
  it('drafts a mapping: header row, headers, units, guessed areas and year, the question left TODO', async () => {
    const { code, out } = await cli('mapping', workbook);
    expect(code).toBe(0);
    expect(out).toEqual([
      'oj-2023-samverkan-barn.xlsx: sheet "Kommuner", header row 3',
      '  columns:',
      '    A  "Kommunkod"                        unit code',
      '    B  "Kommun"                           unit name',
      '    C  "Missbruk och beroende"            answers → MISSBRUK (Missbruks- och beroendevård)',
      '    D  "Social barn- och ungdomsvård"     answers → BARN_OCH_UNGA (Social barn- och ungdomsvård)',
      '    E  "Antal invånare"                   its cells are not Ja / Nej / Ej aktuellt; left out',
      '  units: municipalities 3, stadsdelar 1, län 1, riket 0; other rows 1 (row 7 "Stadsdelsområden i Stockholm") — headings are skipped, unknown units rejected',
      '  layout: wide',
      '  year: 2023 (from the file name)',
      '  question: TODO — "Rutin för samverkan kring barn i familjer med missbruk, 2023" (from the title "Rutin för samverkan kring barn i familjer med missbruk, 2023")',
      `wrote ${mappingFile()}`,
      '  to fill in (each is "TODO" in the file):',
      '    - "question.family": name the question in UPPER_SNAKE, e.g. SIP_INFO (known: SIP_INFO)',
      `next: npm run ingest -- mapping --check ${workbook}   then: npm run ingest -- file ${workbook}`,
    ]);
    expect(JSON.parse(readFileSync(mappingFile(), 'utf8'))).toEqual({
      note: 'Drafted by npm run ingest -- mapping from oj-2023-samverkan-barn.xlsx; check every guess.',
      year: 2023,
      layout: 'wide',
      publication: 'Öppna jämförelser 2023 (Socialstyrelsen)',
      sheet: 'Kommuner',
      codeColumn: ['Kommunkod'],
      nameColumn: ['Kommun'],
      question: { family: 'TODO', text: 'Rutin för samverkan kring barn i familjer med missbruk, 2023' },
      columns: [
        { header: 'Missbruk och beroende', areaCode: 'MISSBRUK' },
        { header: 'Social barn- och ungdomsvård', areaCode: 'BARN_OCH_UNGA' },
      ],
    });
  });

  it('does not overwrite a mapping, and --check refuses the TODO the draft left', async () => {
    expect((await cli('init', workbook)).code).toBe(1);
    const check = await cli('mapping', '--check', workbook);
    expect(check.code).toBe(1);
    expect(check.out[0]).toBe(
      `oj mapping ${mappingFile()} is invalid:\n  - question.family: still "TODO" from the drafted mapping: fill it in`,
    );
    expect(await cli('file', workbook)).toMatchObject({ code: 1 });
  });

  it('after a one-line edit, --check prints what each column maps to and what an ingest would read', async () => {
    const before = readFileSync(mappingFile(), 'utf8');
    const after = before.replace('"family": "TODO"', '"family": "SAMVERKAN_BARN"');
    const changed = before.split('\n').filter((line, i) => line !== after.split('\n')[i]);
    expect(changed).toEqual(['    "family": "TODO",']);
    writeFileSync(mappingFile(), after);

    const { code, out } = await cli('mapping', '--check', workbook);
    expect(out).toEqual([
      `oj-2023-samverkan-barn.xlsx with ${mappingFile()}:`,
      '  sheet "Kommuner", header row 3',
      '    A  "Kommunkod"                        unit code',
      '    B  "Kommun"                           unit name',
      '    C  "Missbruk och beroende"            answers to SAMVERKAN_BARN.MISSBRUK (Missbruks- och beroendevård)',
      '    D  "Social barn- och ungdomsvård"     answers to SAMVERKAN_BARN.BARN_OCH_UNGA (Social barn- och ungdomsvård)',
      '    E  "Antal invånare"                   not mapped (ignored)',
      '  would read 6 rows (1 skipped): 8 answers (NEJ 2, JA 5, EJ_AKTUELLT 1), 2 published percentages, 0 rejected',
      '  skipped oj: oj-2023-samverkan-barn.xlsx, sheet "Kommuner", row 7, column "Kommun": "Stadsdelsområden i Stockholm" — heading or note: no unit code and no answers',
      `ok: npm run ingest -- file ${workbook}`,
    ]);
    expect(code).toBe(0);
  });

  it('ingests the workbook, printing counts that agree, and the comparison is exact over GraphQL', async () => {
    const { code, out } = await cli('file', workbook);
    expect(code).toBe(0);
    const summary = out.filter((line) => !line.startsWith('[jamfor]') && !line.startsWith('  …'));
    expect(summary[0]).toBe(
      '  oj oj-2023-samverkan-barn.xlsx: SUCCEEDED — 10 inserted, 0 updated, 0 unchanged, 0 withdrawn, 0 rejected',
    );
    expect(summary[1]).toMatch(/^oj oj-2023-samverkan-barn\.xlsx: SUCCEEDED in \d+ ms \(run \d+, dataset version 1\)$/);
    expect(summary.slice(2)).toEqual([
      '  read 6 rows (1 skipped) · loaded 10 values (inserted 10, updated 0, unchanged 0) · withdrawn 0 · rejected 0 · repaired 1',
      '  repaired: zero-padded-code 1',
      '  skipped oj: oj-2023-samverkan-barn.xlsx, sheet "Kommuner", row 7, column "Kommun": "Stadsdelsområden i Stockholm" — heading or note: no unit code and no answers',
    ]);

    const body = await api.gql(COMPARISON, {
      question: 'SAMVERKAN_BARN.MISSBRUK',
      year: 2023,
      scope: { kind: 'REGION', code: '04' },
    });
    expect(body.errors).toBeUndefined();
    const c = body.data!['routineComparison'];
    // The mapping names no frame, so the release covers the units the workbook lists (issue 10):
    // the other six Sörmland municipalities were not collected, not non-respondents.
    expect(c.summary).toEqual({
      numerator: 2,
      denominator: 3,
      share: 2 / 3,
      counts: { ja: 2, nej: 1, ejAktuellt: 0, noResponse: 0, notCollected: 6 },
      coverage: { partial: true, label: 'units listed in oj-2023-samverkan-barn.xlsx only (3 of 9)' },
    });
    expect(c.rows.nodes.filter((r: any) => r.answer === null)).toHaveLength(6);
    expect(
      c.rows.nodes.filter((r: any) => r.answer !== null).map((r: any) => [r.unit.name, r.answer, r.rawValue]),
    ).toEqual([
      ['Gnesta', 'JA', 'Ja'],
      ['Nyköping', 'NEJ', 'Nej'],
      ['Vingåker', 'JA', 'Ja'],
    ]);
    const figures = await api.gql(FIGURES);
    expect(figures.data!['publishedFigures'].nodes).toEqual([
      { measure: 'SAMVERKAN_BARN.BARN_OCH_UNGA', percent: 100, scope: { code: '04' } },
      { measure: 'SAMVERKAN_BARN.MISSBRUK', percent: 66.7, scope: { code: '04' } },
    ]);
    expect(existsSync(mappingFile())).toBe(true);
  });
});

describe('npm run ingest -- kolada', () => {
  it('fetches the KPIs asked for, from --base-url, for --years, and loads them', async () => {
    const kpi = 'U28490';
    const all = JSON.parse(readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json'));
    const row = (municipality: string, value: number) => ({
      kpi,
      municipality,
      period: 2023,
      values: [{ count: 1, gender: 'T', status: '', value, isdeleted: false }],
    });
    const server = await startFixtureServer({
      [`/v3/kpi/${kpi}`]: {
        body: { ...all, count: 1, values: all.values.filter((k: { id: string }) => k.id === kpi), next_url: null },
      },
      [`/v3/data/kpi/${kpi}/year/2023?per_page=5000`]: {
        body: { count: 2, values: [row('0180', 1), row('1280', 0)], next_url: null, previous_url: null },
      },
    });
    try {
      // --base-url overrides KOLADA_BASE_URL (configuredIngest); the configured one is a closed local port, so a
      // CLI that ignored --base-url fails here instead of reaching out.
      const local = loadConfig({
        DATABASE_URL: db.urls.owner,
        INGEST_DATABASE_URL: db.urls.ingest,
        API_DATABASE_URL: db.urls.api,
        KOLADA_BASE_URL: 'http://127.0.0.1:9/v3',
        KOLADA_MAX_RETRIES: '0',
      });
      const out: string[] = [];
      const argv = ['kolada', '--base-url', `${server.origin}/v3`, '--years', '2023', '--kpis', kpi];
      const code = await runIngestCli(argv, local, (line) => out.push(line));
      expect(code, out.join('\n')).toBe(0);
      expect(out.find((l) => l.includes('SUCCEEDED'))).toContain(`kolada:${kpi}:2023`);
      const answers = await db.owner.query(
        `SELECT unit_code, answer, raw_value FROM routine_answer WHERE question_code = $1 ORDER BY unit_code`,
        [kpi],
      );
      expect(answers).toEqual([
        { unit_code: '0180', answer: 'JA', raw_value: '1' },
        { unit_code: '1280', answer: 'NEJ', raw_value: '0' },
      ]);
    } finally {
      await server.close();
    }
  });
});

const COMPARISON = `query Comparison($question: String!, $year: Int!, $scope: RoutineScopeInput!) {
  routineComparison(question: $question, year: $year, scope: $scope) {
    summary { numerator denominator share counts { ja nej ejAktuellt noResponse notCollected } coverage { partial label } }
    rows(first: 100) { nodes { unit { code name } answer rawValue } }
  }
}`;

const FIGURES = `{ publishedFigures(subject: ROUTINE, first: 10) { nodes { measure percent scope { code } } } }`;
