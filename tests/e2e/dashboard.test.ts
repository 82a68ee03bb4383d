import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/export/csv.js';
import { OPERATIONS } from '../../src/operations/saved-operations.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startBundledApp, type BundledApp } from './bundled-app.js';

// Debian's Chromium (installed by .ci/run); never a downloaded browser build.
const CHROMIUM = '/usr/bin/chromium';
const AXE = readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core with the WCAG 2.0/2.1 A and AA rules, run inside the page (evaluated over the
 * DevTools protocol, so the page's CSP stays as served): the serious and critical violations.
 */
async function axeViolations(): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ×${v.nodes.length}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}

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
    expect(await page.getByLabel('Urval', { exact: true }).count()).toBe(1);
  });

  it('shows Södermanlands län / Hemlöshet / 2018 in Swedish: Gnesta and Oxelösund Ej aktuellt, Flen Uppgift saknas, 3 av 6', async () => {
    await page.getByLabel('Urval', { exact: true }).selectOption({ label: 'Södermanlands län' });
    await page.getByLabel('Verksamhetsområde', { exact: true }).selectOption({ label: 'Hemlöshet' });
    await page.getByLabel('År', { exact: true }).selectOption({ label: '2018' });
    await heading('Södermanlands län · Hemlöshet · 2018');

    expect(await rowText('Gnesta')).toContain('Ej aktuellt');
    expect(await rowText('Oxelösund')).toContain('Ej aktuellt');
    expect(await rowText('Flen')).toContain('Uppgift saknas');
    expect(await rowText('Trosa')).toContain('Ja');
    expect(await page.locator('#view tbody tr').count()).toBe(9);
    const share = (await page.getByTestId('scope-share').innerText()).replace(/\s+/g, ' ');
    expect(share).toContain('3 av 6');
    expect(share).toMatch(/50 %/);
    expect(await page.locator('.policy').innerText()).toContain('berörda, Ja ÷ (Ja + Nej)');
    // the choice lives in the URL
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      lang: 'sv',
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
    const text = readFileSync(await download.path(), 'utf8');
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
    // Swedish Excel reads "50 %" as the number 0,5 shown as a percentage; the unrounded share stays beside it
    expect(scope[col('share_percent')]).toBe('50 %');
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
        expect(text).toBe('2018 ✓ Ja 50 % (3 av 6) 50 % (1 av 2) 50 % (3 av 6)');
      } else if (Number(year) < 2018) {
        expect(text).toContain('Ej insamlat (ingen enkät det året)');
      } else {
        expect(text).toContain('Ännu ej publicerat');
      }
      expect(text).not.toMatch(/\b0 %/); // a gap is never drawn as zero
    }
    await shot('trend');
  });

  it('ranks the regions in the cross-county view with riket and the median', async () => {
    await page.getByRole('tab', { name: 'Länsjämförelse' }).click();
    await heading('Länen jämförda · Hemlöshet · 2018');
    const rows = (await page.locator('#view tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    expect(rows).toHaveLength(21);
    expect(rows[0]).toBe('Södermanlands län 1 50 % 3 6 2 1 9 1 —');
    // Issue 10: the other regions are outside the regional release's frame — not collected, not non-respondents.
    expect(rows.slice(1).every((r) => r.includes('ej rangordnad') && r.includes('Ej insamlat'))).toBe(true);
    expect((await page.locator('.sub').innerText()).replace(/\s+/g, ' ')).toContain(
      'Riket: 50 % (3 av 6). Median för de 1 rangordnade länen: 50 %',
    );
    await shot('regions');
  });

  it('shows agreement coverage with published figures marked PUBLISHED, and the plan counts', async () => {
    // Issue 10, finding 7: Vårdanalys' figures are about missbruk och beroende and are listed under that topic only.
    await page.getByRole('tab', { name: 'Överenskommelser och planer' }).click();
    await heading('Överenskommelser och planer');
    expect(await page.locator('#view').innerText()).not.toContain('PUBLICERAD');
    await page.goto(`${app.api.url}/?view=agreements&area=MISSBRUK`);
    await heading('Överenskommelser och planer');
    await page.waitForFunction(() => document.querySelector('#view')?.textContent?.includes('PUBLICERAD'), undefined, {
      timeout: 10_000,
    });
    const text = (await page.locator('#view').innerText()).replace(/[ \u00a0\u202f]+/g, ' ');
    expect(text).toContain('Länsöverenskommelser');
    expect(text).toContain('PUBLICERAD');
    // the status code "exists" and the scope code "county:län" are shown by their words
    expect(text).toMatch(/Överenskommelse finns\s+PUBLICERAD\s+Län\s+19\s+21 \(all units\)\s+90 %/);
    expect(text).toContain('current patients total');
    expect(text).toContain('2011: 1 120');
    await shot('agreements');
  });

  it('is Swedish by default and English one click away, the language in the URL and on the document', async () => {
    await page.goto(`${app.api.url}/?scope=REGION:04&area=HEMLOSHET&question=SIP_INFO.HEMLOSHET&year=2018`);
    await heading('Södermanlands län · Hemlöshet · 2018');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('Jämförelse');
    expect(await rowText('Flen')).toContain('Uppgift saknas');

    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.waitForFunction(
      () => document.documentElement.lang === 'en' && document.body.dataset['ready'] === 'comparison',
    );
    await heading('Södermanlands län · Hemlöshet · 2018');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('Comparison');
    expect(await page.getByLabel('Scope', { exact: true }).count()).toBe(1);
    expect(await rowText('Flen')).toContain('No response');
    const share = (await page.getByTestId('scope-share').innerText()).replace(/\s+/g, ' ');
    expect(share).toBe('50% 3 of 6 with a routine');

    // the URL alone reopens the English page; the switch back is one click too
    await page.reload();
    await page.waitForFunction(() => document.body.dataset['ready'] === 'comparison');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Svenska', exact: true }).click();
    await page.waitForFunction(
      () => document.documentElement.lang === 'sv' && document.body.dataset['ready'] === 'comparison',
    );
    expect((await page.getByTestId('scope-share').innerText()).replace(/\s+/g, ' ')).toBe('50 % 3 av 6 har rutinen');
  });

  it('prints Swedish number formats: "50 %" with a no-break space, thousands with a thin space', async () => {
    const headline = await page.getByTestId('scope-share').evaluate((el) => el.firstChild?.textContent);
    expect(headline).toBe('50\u00a0%');
    await page.getByRole('tab', { name: 'Överenskommelser och planer' }).click();
    await heading('Överenskommelser och planer');
    const text = await page.locator('#view').innerText();
    // 1120 current patients in 2011: "1 120" with U+202F, never "1120" or "1,120"
    expect(text).toContain('2011: 1\u202f120');
  });

  it('colours the map of Södermanlands län by the API’s answers, missing states hatched and named in the legend', async () => {
    await page.goto(`${app.api.url}/?scope=REGION:04&area=HEMLOSHET&question=SIP_INFO.HEMLOSHET&year=2018`);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'comparison');
    const response = await fetch(`${app.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: OPERATIONS.routineComparison.query,
        variables: { question: 'SIP_INFO.HEMLOSHET', year: 2018, scope: { kind: 'REGION', code: '04' } },
      }),
    });
    const comparison = (
      (await response.json()) as {
        data: {
          routineComparison: {
            summary: { counts: { ja: number; nej: number; ejAktuellt: number; noResponse: number; notAsked: number } };
            rows: { nodes: { unit: { code: string; kind: string }; answer: string | null }[] };
          };
        };
      }
    ).data.routineComparison;
    const drawn: Record<string, [string | null, string | null]> = await page
      .locator('svg.map path[data-code]')
      .evaluateAll((paths) =>
        Object.fromEntries(
          paths.map((p) => [p.getAttribute('data-code'), [p.getAttribute('data-state'), p.getAttribute('fill')]]),
        ),
      );
    const expected = Object.fromEntries(
      comparison.rows.nodes
        .filter((r) => r.unit.kind === 'MUNICIPALITY')
        .map((r) => [r.unit.code, r.answer ?? 'MISSING']),
    );
    expect(Object.fromEntries(Object.entries(drawn).map(([code, [state]]) => [code, state]))).toEqual(expected);
    expect(Object.keys(drawn)).toHaveLength(9);
    // Flen did not answer: hatched, never the colour of Nej
    expect(drawn['0482']).toEqual(['NO_RESPONSE', 'url(#map-hatch)']);
    expect(drawn['0483']).toEqual(['NEJ', '#b3401a']);
    expect(drawn['0461']![1]).not.toBe(drawn['0482']![1]);

    const legend = await page
      .locator('.map-legend li')
      .evaluateAll((items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    const c = comparison.summary.counts;
    expect(legend).toEqual([
      `Ja ${c.ja}`,
      `Nej ${c.nej}`,
      `Ej aktuellt ${c.ejAktuellt}`,
      `Uppgift saknas ${c.noResponse}`,
      `Ej tillfrågad ${c.notAsked}`,
      'Inget värde 0',
    ]);
    expect(legend.slice(0, 4)).toEqual(['Ja 3', 'Nej 3', 'Ej aktuellt 2', 'Uppgift saknas 1']);
    // 8 of the 9 answered: the share is about part of the scope, and the page says so
    expect((await page.getByTestId('coverage').innerText()).replace(/\s+/g, ' ')).toContain(
      'Täckning: 8 av 9 kommuner i urvalet har svarat (88,9 %)',
    );
    await page.locator('.map-section').screenshot({ path: path.join(SCREENSHOTS, 'map.png') });
  });

  it('reaches every region of the map by keyboard: one tab stop, arrow keys, Enter opens the trend', async () => {
    await page.locator('#map-mode').focus();
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | SVGElement | null;
        const tip = document.querySelector<HTMLElement>('.map-tip');
        return [el?.getAttribute('data-name'), tip && !tip.hidden ? tip.innerText.replace(/\s+/g, ' ') : null];
      });
    expect(await focused()).toEqual(['Eskilstuna', 'Eskilstuna Ja']);
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toEqual(['Flen', 'Flen Uppgift saknas']);
    expect(await page.locator('svg.map path[tabindex="0"]').count()).toBe(1);
    const names: string[] = [];
    for (let i = 0; i < 9; i++) {
      names.push(String((await focused())[0]));
      await page.keyboard.press('ArrowRight');
    }
    expect(names).toEqual([
      'Flen',
      'Gnesta',
      'Katrineholm',
      'Nyköping',
      'Oxelösund',
      'Strängnäs',
      'Trosa',
      'Vingåker',
      'Eskilstuna',
    ]);
    // round the nine and back on Flen
    expect((await focused())[0]).toBe('Flen');
    await page.keyboard.press('Enter');
    await heading('Trend · Flen (0482)');
    expect(new URL(page.url()).searchParams.get('unit')).toBe('0482');
  });

  it('maps the 21 län in the cross-county view: Södermanland 40–60 %, the other 20 hatched as without a share', async () => {
    await page.goto(
      `${app.api.url}/?view=regions&scope=REGION:04&area=HEMLOSHET&question=SIP_INFO.HEMLOSHET&year=2018`,
    );
    await page.waitForFunction(() => document.body.dataset['ready'] === 'regions');
    const states = await page
      .locator('svg.map path[data-code]')
      .evaluateAll((paths) => paths.map((p) => [p.getAttribute('data-code'), p.getAttribute('data-state')]));
    expect(states).toHaveLength(21);
    expect(states.filter(([, s]) => s === 'NO_SHARE')).toHaveLength(20);
    expect(states.find(([code]) => code === '04')).toEqual(['04', 'S2']);
    expect(await page.locator('svg.map path[data-code="04"]').getAttribute('aria-label')).toBe(
      'Södermanland: 50\u00a0% (3 av 6)',
    );
    const legend = await page
      .locator('.map-legend li')
      .evaluateAll((items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(legend).toEqual(['0–20 % 0', '20–40 % 0', '40–60 % 1', '60–80 % 0', '80–100 % 0', 'Ingen andel 20']);
  });

  it('has no serious or critical WCAG 2.1 AA violations (axe-core) on any view, the map and the explorer', async () => {
    const found: Record<string, string[]> = {};
    const base = `${app.api.url}/?scope=REGION:04&area=HEMLOSHET&question=SIP_INFO.HEMLOSHET&year=2018`;
    for (const [view, extra] of [
      ['comparison', ''],
      ['comparison', '&map=region'],
      ['regions', ''],
      ['trend', '&unit=0488'],
      ['agreements', ''],
      ['comparison', '&lang=en'],
    ] as const) {
      await page.goto(`${base}&view=${view}${extra}`);
      await page.waitForFunction((v) => document.body.dataset['ready'] === v, view);
      found[`${view}${extra}`] = await axeViolations();
    }
    await page.goto(`${app.api.url}/explorer`);
    await page.locator('#saved button[data-name="RoutineComparison"]').click();
    found['explorer'] = await axeViolations();
    expect(found).toEqual({
      comparison: [],
      'comparison&map=region': [],
      regions: [],
      'trend&unit=0488': [],
      agreements: [],
      'comparison&lang=en': [],
      explorer: [],
    });
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
