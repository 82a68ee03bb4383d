import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/export/csv.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startBundledApp, type BundledApp } from './bundled-app.js';

// Debian's Chromium (installed by .ci/run); never a downloaded browser build.
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');

let app: BundledApp;
let browser: Browser;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  // The page as `npm run build` makes it, so the test sees what `npm start` serves.
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'src', 'dashboard', 'build.mjs')], { stdio: 'pipe' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  app = await startBundledApp();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Waits until the view's heading reads `text` (every render ends by replacing the view). */
async function heading(text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('#view h2')?.textContent?.includes(t) ?? false, text, {
    timeout: 10_000,
  });
}

async function rowText(name: string): Promise<string> {
  const row = page.locator('#view tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
  return (await row.innerText()).replace(/\s+/g, ' ');
}

async function shot(name: string, fullPage = true): Promise<void> {
  // the view is done when its charts are drawn (ECharts is loaded on demand)
  if (name !== 'explorer')
    await page.waitForFunction((view) => document.body.dataset['ready'] === view, name, { timeout: 10_000 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

describe('dashboard in headless Chromium on the bundled data', () => {
  it('loads the page and its catalog, then another view by URL', async () => {
    const started = Date.now();
    await page.goto(`${app.api.url}/`);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'comparison', undefined, { timeout: 10_000 });
    const cold = await page.evaluate(() => performance.now());
    // Again, as a visitor after the first: from navigation start to the view drawn, in the
    // page's own clock (the first request to a fresh server also pays its warm-up).
    await page.goto(
      `${app.api.url}/?view=regions&scope=REGION:04&area=HEMLOSHET&question=SIP_INFO.HEMLOSHET&year=2018`,
    );
    await page.waitForFunction(() => document.body.dataset['ready'] === 'regions', undefined, { timeout: 10_000 });
    const warm = await page.evaluate(() => performance.now());
    console.log(
      `dashboard: first view after ${Math.round(cold)} ms on a fresh server, ${Math.round(warm)} ms after (wall clock ${Date.now() - started} ms)`,
    );
    await page.goto(`${app.api.url}/`);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'comparison', undefined, { timeout: 10_000 });
    expect(await page.getByLabel('Scope', { exact: true }).count()).toBe(1);
  });

  it('shows Södermanlands län / Hemlöshet / 2018: Gnesta and Oxelösund Ej aktuellt, Flen no response, 3 of 6', async () => {
    await page.getByLabel('Scope', { exact: true }).selectOption({ label: 'Södermanlands län' });
    await page.getByLabel('Service area', { exact: true }).selectOption({ label: 'Hemlöshet' });
    await page.getByLabel('Year', { exact: true }).selectOption({ label: '2018' });
    await heading('Södermanlands län · Hemlöshet · 2018');

    expect(await rowText('Gnesta')).toContain('Ej aktuellt');
    expect(await rowText('Oxelösund')).toContain('Ej aktuellt');
    expect(await rowText('Flen')).toContain('No response');
    expect(await rowText('Trosa')).toContain('Ja');
    expect(await page.locator('#view tbody tr').count()).toBe(9);
    const share = (await page.getByTestId('scope-share').innerText()).replace(/\s+/g, ' ');
    expect(share).toContain('3 of 6');
    expect(share).toMatch(/50 %/);
    expect(await page.locator('.policy').innerText()).toContain('APPLICABLE');
    // the choice lives in the URL
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      view: 'comparison',
      scope: 'REGION:04',
      area: 'HEMLOSHET',
      question: 'SIP_INFO.HEMLOSHET',
      year: '2018',
    });
    await shot('comparison');
  });

  it('downloads the comparison as CSV from the page link, with the same rows', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[data-csv="excel-sv"]').first().click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(download.suggestedFilename()).toBe('routine-comparison_SIP_INFO.HEMLOSHET_2018_REGION_04.excel-sv.csv');
    const [header, ...rows] = parseCsv(text, 'excel-sv');
    const col = (name: string) => header!.indexOf(name);
    const scope = rows.find((r) => r[col('row_type')] === 'scope')!;
    expect([
      scope[col('name')],
      scope[col('numerator')],
      scope[col('denominator')],
      scope[col('share')],
      scope[col('policy')],
    ]).toEqual(['Södermanlands län', '3', '6', '0,5', 'APPLICABLE']);
    const units = rows
      .filter((r) => r[col('row_type')] === 'unit')
      .map((r) => [r[col('code')], r[col('name')], r[col('answer')], r[col('missing_reason')]]);
    expect(units).toEqual([
      ['0484', 'Eskilstuna', 'JA', ''],
      ['0482', 'Flen', 'NO_RESPONSE', 'NO_RESPONSE'],
      ['0461', 'Gnesta', 'EJ_AKTUELLT', ''],
      ['0483', 'Katrineholm', 'NEJ', ''],
      ['0480', 'Nyköping', 'JA', ''],
      ['0481', 'Oxelösund', 'EJ_AKTUELLT', ''],
      ['0486', 'Strängnäs', 'NEJ', ''],
      ['0488', 'Trosa', 'JA', ''],
      ['0428', 'Vingåker', 'NEJ', ''],
    ]);
  });

  it('shows Trosa’s trend when Trosa is clicked: 2018 Ja, the other years labelled with their reason', async () => {
    await page.getByRole('button', { name: 'Trosa', exact: true }).click();
    await heading('Trosa (0488)');
    expect(new URL(page.url()).searchParams.get('unit')).toBe('0488');
    const years = await page
      .locator('#view tbody tr[data-year]')
      .evaluateAll((rows) =>
        rows.map(
          (r) => [r.getAttribute('data-year'), (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()] as const,
        ),
      );
    expect(years.map(([y]) => y)).toEqual(['2015', '2016', '2017', '2018', '2019', '2020']);
    for (const [year, text] of years) {
      if (year === '2018') {
        // Trosa Ja; Södermanlands län, kommungrupp B4 and riket beside it
        expect(text).toBe('2018 ✓ Ja 50 % (3 of 6) 50 % (1 of 2) 50 % (3 of 6)');
      } else if (Number(year) < 2018) {
        expect(text).toContain('Not collected (no survey that year)');
      } else {
        expect(text).toContain('Not yet published');
      }
      expect(text).not.toMatch(/\b0 %/); // a gap is never drawn as zero
    }
    await shot('trend');
  });

  it('ranks the regions in the cross-county view with riket and the median', async () => {
    await page.getByRole('tab', { name: 'Cross-county' }).click();
    await heading('Regions compared · Hemlöshet · 2018');
    const rows = (await page.locator('#view tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    expect(rows).toHaveLength(21);
    expect(rows[0]).toBe('Södermanlands län 1 50 % 3 6 2 1 9 1 —');
    // Issue 10: the other regions are outside the regional release's frame — not collected, not non-respondents.
    expect(rows.slice(1).every((r) => r.includes('unranked') && r.includes('Not collected'))).toBe(true);
    expect((await page.locator('.sub').innerText()).replace(/\s+/g, ' ')).toContain(
      'Riket: 50 % (3 of 6). Median of the 1 ranked regions: 50 %',
    );
    await shot('regions');
  });

  it('shows agreement coverage with published figures marked PUBLISHED, and the plan counts', async () => {
    // Issue 10, finding 7: Vårdanalys' figures are about missbruk och beroende and are listed under that topic only.
    await page.getByRole('tab', { name: 'Agreements and plans' }).click();
    await heading('Agreements and plans · Hemlöshet');
    expect(await page.locator('#view').innerText()).not.toContain('PUBLISHED');
    await page.goto(`${app.api.url}/?view=agreements&area=MISSBRUK`);
    await heading('Agreements and plans · Missbruks- och beroendevård');
    const text = (await page.locator('#view').innerText()).replace(/[ \u00a0]+/g, ' ');
    expect(text).toContain('County agreements (länsöverenskommelse)');
    expect(text).toContain('PUBLISHED');
    expect(text).toMatch(/exists\s+PUBLISHED\s+county:län\s+19\s+21 \(all units\)\s+90 %/);
    expect(text).toContain('current_patients_total');
    expect(text).toContain('2011: 1120');
    await shot('agreements');
  });

  it('keeps the explorer reachable, offline, with a saved operation per query', async () => {
    await page.goto(`${app.api.url}/explorer`);
    const saved = await page
      .locator('#saved button')
      .evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset['name']));
    expect(saved).toEqual(
      expect.arrayContaining([
        'Regions',
        'Municipalities',
        'RoutineTrend',
        'RoutineComparison',
        'RegionComparison',
        'RoutineProfile',
        'RoutineChanges',
        'AgreementCoverage',
        'PlanCounts',
        'PublishedFigures',
        'Dataset',
      ]),
    );
    await page.locator('#saved button[data-name="RoutineComparison"]').click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('"numerator": 3'));
    await shot('explorer', false);
  });

  it('made no request outside the server’s origin', () => {
    const origin = new URL(app.api.url).origin;
    const outside = requested.filter(
      (u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(requested.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
  });
});
