import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../../../../src/ingest/adapter.js';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import {
  koladaAdapter,
  koladaReleaseKey,
  type KoladaReleaseMeta,
} from '../../../../../src/ingest/sources/kolada/adapter.js';
import { createKoladaClient } from '../../../../../src/ingest/sources/kolada/client.js';
import { readKoladaKpiConfig } from '../../../../../src/ingest/sources/kolada/kpi-config.js';
import type { FetchedRelease } from '../../../../../src/ingest/adapter.js';
import type { ParsedRelease } from '../../../../../src/ingest/release.js';
import { readFixture, startFixtureServer, type FixtureServer } from '../../../../helpers/fixture-server.js';

const KPIS = ['U28490', 'U30426', 'U21341', 'U35548'];
const DATA_PATH = `/v3/data/kpi/${KPIS.join(',')}/year/2023`;

let server: FixtureServer;
let fetched: FetchedRelease<KoladaReleaseMeta>;
let parsed: ParsedRelease;

beforeAll(async () => {
  server = await startFixtureServer({
    [`/v3/kpi/${KPIS.join(',')}`]: { body: readFixture('kolada', 'kpi-U28490-U30426-U21341-U35548.json') },
    [`${DATA_PATH}?per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-1.json') },
    [`${DATA_PATH}?page=2&per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-2.json') },
    [`${DATA_PATH}?page=3&per_page=5000`]: { body: readFixture('kolada', 'data-2023-page-3.json') },
  });
  const client = createKoladaClient({
    baseUrl: `${server.origin}/v3`,
    timeoutMs: 2000,
    maxRetries: 0,
    baseDelayMs: 10,
    maxDelayMs: 10,
    perPage: 5000,
  });
  const config = readKoladaKpiConfig().filter((c) => KPIS.includes(c.kpiId));
  fetched = await koladaAdapter.fetch({ years: [2023], kpiIds: KPIS, client, config });
  parsed = await koladaAdapter.parse(fetched, {
    catalog: readReferenceCatalog(),
    now: new Date('2026-05-01T00:00:00Z'),
    limits: DEFAULT_PARSE_LIMITS,
  });
});
afterAll(async () => {
  await server.close();
});

describe('koladaAdapter', () => {
  it('fetches KPI metadata first, then every data page in order', () => {
    expect(server.urls()).toEqual([
      `/v3/kpi/${KPIS.join(',')}?per_page=5000`,
      `${DATA_PATH}?per_page=5000`,
      `${DATA_PATH}?page=2&per_page=5000`,
      `${DATA_PATH}?page=3&per_page=5000`,
    ]);
  });

  it('keeps the raw page bodies as the parts the ledger hashes', () => {
    const served = [1, 2, 3].map((n) =>
      readFixture('kolada', `data-2023-page-${n}.json`).split('{{origin}}').join(server.origin),
    );
    const sha = (parts: readonly (string | Uint8Array)[]) => {
      const hash = createHash('sha256');
      for (const part of parts) hash.update(part);
      return hash.digest('hex');
    };
    expect(fetched.parts).toHaveLength(3);
    expect(sha(fetched.parts)).toBe(sha(served));
    expect(fetched.meta?.['kpiIds']).toEqual(KPIS);
    expect(fetched.meta?.['years']).toEqual([2023]);
    expect((fetched.meta?.['kpis'] as Uint8Array[]).length).toBe(1);
  });

  it('names the release by its KPI set and years, whatever the id order', () => {
    expect(fetched.source).toBe('kolada');
    expect(fetched.releaseKey).toBe('kolada:U21341,U28490,U30426,U35548:2023');
    expect(koladaReleaseKey([...KPIS].reverse(), [2023, 2023], null)).toBe(fetched.releaseKey);
    expect(koladaReleaseKey(KPIS, [2023], '2026-01-15')).toBe(
      'kolada:U21341,U28490,U30426,U35548:2023:from=2026-01-15',
    );
  });

  it('hashes long KPI lists in the release key', () => {
    const ids = readKoladaKpiConfig().map((c) => c.kpiId);
    expect(koladaReleaseKey(ids, [2024, 2023], null)).toMatch(/^kolada:106kpis-[0-9a-f]{12}:2023,2024$/);
  });

  it('parses the fetched release into questions, answers, figures and rejects', () => {
    expect({
      source: parsed.source,
      releaseKey: parsed.releaseKey,
      rowsRead: parsed.rowsRead,
      questions: parsed.questions.length,
      answers: parsed.answers.length,
      withdrawn: parsed.answers.filter((a) => a.withdrawn).map((a) => a.unit.code),
      figures: parsed.figures.length,
      rejects: parsed.rejects.map((r) => r.rule),
      units: parsed.unitsCovered.map((u) => `${u.kind[0]}${u.code}`),
    }).toEqual({
      source: 'kolada',
      releaseKey: 'kolada:U21341,U28490,U30426,U35548:2023',
      rowsRead: 16,
      questions: 4,
      answers: 6,
      withdrawn: ['0181'],
      figures: 7,
      rejects: ['value-outside-scale', 'unknown-municipality-code'],
      units: ['M0180', 'M1280', 'M1480', 'M0114', 'M0115', 'R01', 'N00', 'M0181', 'R03'],
    });
    expect(parsed.answers[0]!.loc.file).toBe(`${server.origin}${DATA_PATH}?per_page=5000`);
  });
});
