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
});
