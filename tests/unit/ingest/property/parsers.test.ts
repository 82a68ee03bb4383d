import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type FetchedRelease, type ParseContext } from '../../../../src/ingest/adapter.js';
import { readReferenceCatalog } from '../../../../src/ingest/reference-catalog.js';
import type { ParsedRelease } from '../../../../src/ingest/release.js';
import { parseAgreements } from '../../../../src/ingest/sources/agreements/adapter.js';
import { koladaAdapter, type KoladaReleaseMeta } from '../../../../src/ingest/sources/kolada/adapter.js';
import { parseOjFile } from '../../../../src/ingest/sources/oj/adapter.js';
import { parseMapping, type OjMapping } from '../../../../src/ingest/sources/oj/mapping.js';
import { parsePlanCounts } from '../../../../src/ingest/sources/plan-counts/adapter.js';
import { readFixture } from '../../../helpers/fixture-server.js';
import { CORPUS_DIR, handmadeXlsx, OJ_SHEET_ROWS, writeTinyXlsx, xlsxCell } from '../../../helpers/corpus.js';

/**
 * Random bytes and random CSV-ish text into every parser: each call resolves to a
 * ParsedRelease — records, or rejects that say why — and never throws or hangs. Bounded:
 * RUNS cases per property, each case under PER_RUN_MS (fast-check fails a slower one).
 */

const RUNS = 200;
const PER_RUN_MS = 2000;
const ctx: ParseContext = {
  catalog: readReferenceCatalog(),
  now: new Date('2026-05-01T00:00:00Z'),
  limits: DEFAULT_PARSE_LIMITS,
};
const ojMapping: OjMapping = parseMapping(
  JSON.parse(readFileSync(path.join(CORPUS_DIR, 'oj-wide.mapping.json'), 'utf8')),
  'oj-wide.mapping.json',
);
const ojLongMapping: OjMapping = parseMapping(
  JSON.parse(readFileSync(path.join(CORPUS_DIR, 'oj-long.mapping.json'), 'utf8')),
  'oj-long.mapping.json',
);

/** Fails the property unless `release` is a well-formed ParsedRelease whose rejects each give a reason and a place. */
function wellFormed(release: ParsedRelease, source: string): void {
  expect(release.source).toBe(source);
  for (const list of [
    release.questions,
    release.answers,
    release.figures,
    release.agreements,
    release.planCounts,
    release.rejects,
    release.unitsCovered,
  ]) {
    expect(Array.isArray(list)).toBe(true);
  }
  expect(Number.isInteger(release.rowsRead) && release.rowsRead >= 0).toBe(true);
  for (const r of release.rejects) {
    expect(r.rule).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(typeof r.message).toBe('string');
    expect(r.message.length).toBeGreaterThan(0);
    expect(r.loc.source).toBe(source);
    expect(typeof r.loc.file).toBe('string');
    if (r.loc.row !== undefined) expect(Number.isInteger(r.loc.row) && r.loc.row >= 1).toBe(true);
  }
  // Every record came from somewhere a person can find.
  for (const rec of [...release.answers, ...release.figures, ...release.agreements, ...release.planCounts]) {
    expect(rec.loc.source).toBe(source);
  }
}

const fetched = (source: string, file: string, bytes: Uint8Array): FetchedRelease => ({
  source,
  releaseKey: file,
  file,
  parts: [bytes],
});
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Cells as Swedish sources write them, good and bad, so random rows often get past the header. */
const cell = fc.oneof(
  fc.constantFrom(
    '',
    'Ja',
    'Nej',
    'Ej aktuellt',
    '-',
    '..',
    'Delvis',
    '1',
    '0',
    'x',
    '0180',
    '180',
    '9999',
    '04',
    '00',
    'Riket',
    'Rinkeby-Kista',
  ),
  fc.constantFrom(
    '2018',
    '2099',
    '1899',
    '2018-02-30',
    '2018-12-31',
    '130',
    '-5',
    '41,5',
    'VingÃ¥ker',
    'Vingåker',
    '"',
    '""',
    'a"b',
  ),
  fc.constantFrom(
    'county',
    'local',
    'missbruk',
    'finns',
    'exists',
    'SIP',
    'Prator',
    'both',
    'sips_created',
    'x_percent',
    'survey_mean',
  ),
  fc.string({ maxLength: 12 }),
);
const delimiter = fc.constantFrom(';', ',', '\t');
/** Values each column holds in a good file: random rows mostly use these, so they reach the mappers. */
const GOOD: Record<string, string[]> = {
  Kommunkod: ['0180', '0428', '0461', '180', '04', '00', ''],
  Kommun: ['Stockholm', 'Vingåker', 'Riket', 'Rinkeby-Kista', 'Södermanlands län', ''],
  Äldreomsorg: ['Ja', 'Nej', 'Ej aktuellt', '-', '45', '100'],
  Hemlöshet: ['Ja', 'Nej', 'Ej aktuellt', '-', '45', '100'],
  'Ekonomiskt bistånd': ['Ja', 'Nej', 'Ej aktuellt', '-', '45', '100'],
  'Fråga-id': ['SIP_INFO.HEMLOSHET'],
  Svar: ['Ja', 'Nej', 'Ej aktuellt', '-'],
  År: ['2018'],
  unit_code: ['0480', '04', '180', '0180', ''],
  unit_name: ['', 'Rinkeby-Kista', 'Nyköping'],
  year: ['2016', '2018', ''],
  level: ['local', 'county', 'lokal'],
  topic: ['missbruk', 'MISSBRUK'],
  status: ['finns', 'exists', 'saknas', 'in_progress'],
  joint_goals: ['clear', '', 'tydliga'],
  partner_polisen: ['ja', '', '0', 'x'],
  unit_kind: ['municipality', 'region'],
  units: ['200', '3', ''],
  denominator: ['290', '21'],
  published_percent: ['50', '41,5', ''],
  survey_year: ['2016'],
  publication: ['Vårdanalys 2016'],
  period_start: ['2018-01-01', ''],
  period_end: ['2018-12-31', ''],
  plan_type: ['SIP', 'individual_plan'],
  measure: ['sips_created', 'sips_created_over_65_percent', 'survey_mean_score'],
  principal: ['region', 'both', 'kommun'],
  source_system: ['Prator', 'ÖJ', 'SIPkollen'],
  value: ['212', '..', '-', '41,5', '4,2'],
  n: ['', '37'],
  reference_date: ['2011-12-05'],
  scope: ['Stockholm stad'],
  note: [''],
};
const column = (name: string) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...(GOOD[name] ?? [''])) }, { weight: 1, arbitrary: cell });
/** A row in the header's shape, sometimes a cell short or long. */
const rowFor = (header: string[]) =>
  fc
    .tuple(fc.tuple(...header.map(column)), fc.integer({ min: -1, max: 1 }), cell)
    .map(([cells, skew, extra]) => (skew < 0 ? cells.slice(0, -1) : skew > 0 ? [...cells, extra] : cells));
const csvText = (header: string[]) =>
  fc
    .tuple(
      delimiter,
      fc.array(
        fc.oneof(
          { weight: 4, arbitrary: rowFor(header) },
          { weight: 1, arbitrary: fc.array(cell, { maxLength: header.length + 2 }) },
        ),
        { maxLength: 8 },
      ),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.nat(9),
    )
    .map(([d, rows, eol, variant]) => {
      // Mostly the header itself; sometimes a title line above it, or no header at all.
      const head =
        variant === 0 ? [] : variant === 1 ? ['Rutin för information om SIP', header.join(d)] : [header.join(d)];
      return [...head, ...rows.map((r) => r.join(d))].join(eol);
    });

/** Random bytes, random text, and text in the shape of each format, encoded every way a file may come. */
const encoded = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.constantFrom('utf8', 'utf8-bom', 'utf16le', 'latin1')).map(([t, enc]) => {
    if (enc === 'utf8') return utf8(t);
    if (enc === 'utf8-bom') return new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(t)]);
    if (enc === 'utf16le') return new Uint8Array([0xff, 0xfe, ...Buffer.from(t, 'utf16le')]);
    return new Uint8Array(Buffer.from(t, 'latin1'));
  });
const bytesFor = (header: string[]) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
    { weight: 1, arbitrary: encoded(fc.string({ maxLength: 300, unit: 'binary' })) },
    { weight: 4, arbitrary: encoded(csvText(header)) },
  );

const OJ_HEADER = ['Kommunkod', 'Kommun', 'Äldreomsorg', 'Hemlöshet', 'Ekonomiskt bistånd'];
const OJ_LONG_HEADER = ['Kommunkod', 'Kommun', 'Fråga-id', 'Svar', 'År'];
const AGREEMENT_HEADER = [
  'unit_code',
  'unit_name',
  'year',
  'level',
  'topic',
  'status',
  'joint_goals',
  'partner_polisen',
];
const COVERAGE_HEADER = [
  'level',
  'unit_kind',
  'status',
  'units',
  'denominator',
  'published_percent',
  'survey_year',
  'publication',
];
const REGISTER_HEADER = [
  'unit_code',
  'unit_name',
  'period_start',
  'period_end',
  'year',
  'plan_type',
  'measure',
  'principal',
  'source_system',
  'value',
  'n',
];
const FOLLOW_UP_HEADER = ['reference_date', 'scope', 'principal', 'measure', 'value', 'units', 'note'];

const params = { numRuns: RUNS, timeout: PER_RUN_MS };

describe('every parser, given random input, returns a release or reasons — never a throw or a hang', () => {
  it('ÖJ CSV (wide and long mappings)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          bytesFor(OJ_HEADER).map((b) => [b, ojMapping] as const),
          bytesFor(OJ_LONG_HEADER).map((b) => [b, ojLongMapping] as const),
        ),
        async ([bytes, mapping]) => {
          wellFormed(await parseOjFile(bytes, 'oj-random.csv', mapping, ctx), 'oj');
        },
      ),
      params,
    );
  });

  describe('ÖJ xlsx', () => {
    let xlsx: Uint8Array;
    beforeAll(async () => {
      xlsx = await writeTinyXlsx([
        OJ_HEADER,
        ['0428', 'Vingåker', 'Nej', 'Ja', 'Nej'],
        ['0461', 'Gnesta', 'Ja', 'Ej aktuellt', 'Ja'],
      ]);
    });

    it('reads a real workbook with bytes flipped, cut short or spliced', async () => {
      const mutated = fc.oneof(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
          const copy = new Uint8Array(xlsx);
          for (const [at, xor] of flips) copy[at % copy.length]! ^= xor;
          return copy;
        }),
        fc.nat().map((n) => xlsx.slice(0, n % xlsx.length)),
        fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([at, junk]) => {
          const cut = at % xlsx.length;
          return new Uint8Array([...xlsx.slice(0, cut), ...junk, ...xlsx.slice(cut)]);
        }),
      );
      await fc.assert(
        fc.asyncProperty(mutated, async (bytes) => {
          wellFormed(await parseOjFile(bytes, 'oj-random.xlsx', ojMapping, ctx), 'oj');
        }),
        { ...params, numRuns: 100 },
      );
    });

    it('reads a valid package whose sheet and workbook XML are random', async () => {
      // Fragments the reader acts on, including ranges that expand cell by cell (merges) and broken markup.
      const fragment = fc.oneof(
        fc.constantFrom(
          OJ_SHEET_ROWS,
          '<row r="3">',
          '</row>',
          '<row r="1048577">',
          xlsxCell('A3', '0461'),
          xlsxCell('XFD1048576', 'Ja'),
          '<c r="C3" t="s"><v>99</v></c>',
          '<c r="C3" t="d"><v>inte ett datum</v></c>',
          '<c r="C3"><f>1/0</f><v>#DIV/0!</v></c>',
          '<c r="C3" t="b"><v>2</v></c>',
          '<c r="ZZZZ3"><v>1e308</v></c>',
          '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
          '<mergeCells><mergeCell ref="A3:B4"/></mergeCells>',
          '<dataValidations><dataValidation sqref="A1:XFD1048576 B2"/></dataValidations>',
          '<cols><col min="1" max="99999999"/></cols>',
          '<cols><col min="3" max="16384" width="9"/></cols>',
          '<hyperlinks><hyperlink ref="A1:XFD1048576" r:id="rId9"/></hyperlinks>',
          '<![CDATA[<row>]]>',
          '&bogus;',
          '<',
          '"',
          '</sheetData>',
          '<sheetData>',
        ),
        fc.string({ maxLength: 20 }),
      );
      const xml = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
      const workbookXml = fc.oneof(
        fc.constant(''),
        fc.constantFrom(
          '<definedNames><definedName name="alla">Resultat!$A$1:$XFD$1048576</definedName></definedNames>',
          '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Resultat!$A$1:$E$2</definedName></definedNames>',
          '<definedNames><definedName name="x">Saknas!$A$1</definedName></definedNames>',
        ),
        fc.string({ maxLength: 40 }),
      );
      await fc.assert(
        fc.asyncProperty(xml, workbookXml, async (sheet, workbook) => {
          wellFormed(
            await parseOjFile(
              handmadeXlsx(`<sheetData>${sheet}</sheetData>`, workbook),
              'oj-random.xlsx',
              ojMapping,
              ctx,
            ),
            'oj',
          );
        }),
        params,
      );
    });

    it('reads random bytes behind a zip signature', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 1024 }), async (tail) => {
          const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...tail]);
          wellFormed(await parseOjFile(bytes, 'oj-random.xlsx', ojMapping, ctx), 'oj');
        }),
        params,
      );
    });
  });

  it('agreements (per-unit, coverage and unknown shapes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(bytesFor(AGREEMENT_HEADER), bytesFor(COVERAGE_HEADER)), async (bytes) => {
        wellFormed(parseAgreements(fetched('agreements', 'agreements-random.csv', bytes), ctx), 'agreements');
      }),
      params,
    );
  });

  it('plan counts (register, follow-up and unknown shapes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(bytesFor(REGISTER_HEADER), bytesFor(FOLLOW_UP_HEADER)), async (bytes) => {
        wellFormed(parsePlanCounts(fetched('plan-counts', 'plan-counts-random.csv', bytes), ctx), 'plan-counts');
      }),
      params,
    );
  });

  describe('Kolada pages', () => {
    const kpiBody = utf8(readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json'));
    const dataUrl = 'http://127.0.0.1/v3/data/kpi/U28490,U30426,U21341,U35548/year/2023?per_page=5000';
    const release = (kpis: Uint8Array, pages: Uint8Array[]): FetchedRelease<KoladaReleaseMeta> => {
      const meta: KoladaReleaseMeta = {
        kpiIds: ['U28490', 'U30426', 'U21341', 'U35548'],
        years: [2023],
        fromDate: null,
        pageUrls: pages.map((_, i) => `${dataUrl}&page=${i + 1}`),
        kpis: [kpis],
        kpiUrls: ['http://127.0.0.1/v3/kpi/U28490,U30426,U21341,U35548?per_page=5000'],
        config: [],
      };
      return {
        source: 'kolada',
        releaseKey: 'kolada:random',
        file: 'kolada:random',
        parts: pages,
        meta,
      };
    };
    /** JSON in the shape of a data row, with any field replaced by anything. */
    const row = fc.record(
      {
        kpi: fc.oneof(fc.constantFrom('U28490', 'U30426', 'U99999'), fc.jsonValue()),
        municipality: fc.oneof(
          fc.constantFrom('0180', '180', '0001', '0000', '9999', 'G12345', ' 0180'),
          fc.jsonValue(),
        ),
        period: fc.oneof(fc.constantFrom(2023, 2099, 1899, '2023'), fc.jsonValue()),
        values: fc.oneof(
          fc.array(
            fc.record(
              {
                gender: fc.oneof(fc.constantFrom('T', 'K', 'M'), fc.jsonValue()),
                value: fc.oneof(fc.constantFrom(0, 1, 2, 3, null, 55.5, -1), fc.jsonValue()),
                status: fc.oneof(fc.constantFrom('', '-', 'x'), fc.jsonValue()),
                isdeleted: fc.oneof(fc.boolean(), fc.jsonValue()),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    const envelope = fc.record({
      count: fc.nat(),
      values: fc.array(fc.oneof(row, fc.jsonValue()), { maxLength: 6 }),
      next_url: fc.constant(null),
    });
    const page = fc.oneof(
      envelope.map((e) => utf8(JSON.stringify(e))),
      fc.jsonValue().map((v) => utf8(JSON.stringify(v))),
      envelope.chain((e) => fc.nat().map((n) => utf8(JSON.stringify(e).slice(0, n % 200)))),
      fc.uint8Array({ maxLength: 512 }),
    );

    it('maps random and damaged data pages', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(page, { maxLength: 3 }), async (pages) => {
          wellFormed(await koladaAdapter.parse(release(kpiBody, pages), ctx), 'kolada');
        }),
        params,
      );
    });

    it('maps random and damaged KPI metadata', async () => {
      const kpi = fc.record(
        {
          id: fc.oneof(fc.constantFrom('U28490', 'U30426'), fc.jsonValue()),
          title: fc.oneof(
            fc.constantFrom('Rutin (Ja=1, Nej=0)', 'Andel (%)', 'Skala 1-3 (1=låg, 3=hög)', ''),
            fc.string(),
            fc.jsonValue(),
          ),
          municipality_type: fc.oneof(fc.constantFrom('K', 'L', 'A', 'X'), fc.jsonValue()),
        },
        { requiredKeys: [] },
      );
      const kpiPage = fc.oneof(
        fc
          .array(fc.oneof(kpi, fc.jsonValue()), { maxLength: 5 })
          .map((values) => utf8(JSON.stringify({ count: values.length, values }))),
        fc.uint8Array({ maxLength: 256 }),
      );
      const dataPage = utf8(readFixture('kolada', 'data-2023-page-3.json'));
      await fc.assert(
        fc.asyncProperty(kpiPage, async (kpis) => {
          wellFormed(await koladaAdapter.parse(release(kpis, [dataPage]), ctx), 'kolada');
        }),
        params,
      );
    });
  });
});
