import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { ingestAll, startTestApi, type TestApi } from '../../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let db: TestDatabase;
let api: TestApi;

const QUERY = `{ question(code: "SIP_INFO.HEMLOSHET") { code text } regions { code } }`;
const DATASET = `{ dataset { version } }`;

async function post(query: string) {
  const res = await api.post(query);
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    cache: res.headers.get('x-jamfor-cache'),
    text: await res.text(),
  };
}

async function waitForVersion(expected: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await post(QUERY);
    if (r.etag?.startsWith(`"${expected}:`)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`API never saw dataset version ${expected}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ingestAll(db, [path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.csv')]);
  api = await startTestApi(db);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('responses cached per dataset version', () => {
  it('answers a repeated request from the cache without SQL', async () => {
    const first = await post(QUERY);
    expect(first.status).toBe(200);
    expect(first.cache).toBeNull();
    expect(first.etag).toMatch(/^"1:/);
    db.statements.reset();
    const second = await post(QUERY);
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(db.statements.count).toBe(0);
  });

  it('answers 304 with no body when the client already has this version', async () => {
    const { etag } = await post(QUERY);
    const res = await api.post(QUERY, undefined, { 'if-none-match': etag! });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it('never caches the ledger, which changes without a version change', async () => {
    await post(DATASET);
    const again = await post(DATASET);
    expect(again.cache).toBeNull();
    expect(again.etag).toBeNull();
  });

  it('serves fresh data under a new ETag once an ingest commits', async () => {
    const before = await post(QUERY);
    const result = await ingestFile(db.ingest, path.join(SAMPLES_DIR, 'stockholm-2011-individual-plan-followup.csv'), {
      trigger: 'test',
    });
    expect(result.datasetVersion).toBe('2');
    await waitForVersion('2');
    const after = await post(QUERY);
    expect(after.etag).not.toBe(before.etag);
    expect(after.etag).toMatch(/^"2:/);
  });

  it('answers a query an ingest changes with the new body, not the cached old one', async () => {
    const before = await post(COMPARISON);
    expect(before.status).toBe(200);
    expect(await post(COMPARISON)).toMatchObject({ cache: 'hit', text: before.text });
    expect(vingaker(before.text)).toBe('NEJ');
    expect(JSON.parse(before.text).data.routineComparison.summary).toEqual({ numerator: 3, denominator: 6 });

    // A revision of the same release: Vingåker's Hemlöshet answer Nej → Ja.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-cache-'));
    const file = path.join(dir, `${SORMLAND}.csv`);
    copyFileSync(path.join(SAMPLES_DIR, `${SORMLAND}.mapping.json`), path.join(dir, `${SORMLAND}.mapping.json`));
    writeFileSync(
      file,
      readFileSync(path.join(SAMPLES_DIR, `${SORMLAND}.csv`), 'utf8').replace(
        '0428;Vingåker;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Nej',
        '0428;Vingåker;Nej;Nej;Nej;Nej;Nej;Nej;Nej;Ja;Nej',
      ),
    );
    const result = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(result.counts.updated).toBe(1);
    await waitForVersion(result.datasetVersion);

    const after = await post(COMPARISON);
    expect(after.etag).not.toBe(before.etag);
    expect(after.text).not.toBe(before.text);
    expect(vingaker(after.text)).toBe('JA');
    expect(JSON.parse(after.text).data.routineComparison.summary).toEqual({ numerator: 4, denominator: 6 });
    // Cached from now on, under the new version: the new body.
    expect(await post(COMPARISON)).toMatchObject({ cache: 'hit', etag: after.etag, text: after.text });
  });
});

const SORMLAND = 'oj-2018-sormland-sip-information-routine';

/** An answer the revision below changes (Vingåker's Hemlöshet 2018) and a share that follows it. */
const COMPARISON = `{
  routineComparison(question: "SIP_INFO.HEMLOSHET", year: 2018, scope: { kind: REGION, code: "04" }) {
    summary { numerator denominator }
    rows(first: 20) { nodes { unit { code } answer } }
  }
}`;

function vingaker(text: string): string {
  const nodes = (JSON.parse(text) as { data: { routineComparison: { rows: { nodes: any[] } } } }).data.routineComparison
    .rows.nodes;
  return nodes.find((n) => n.unit.code === '0428').answer;
}
