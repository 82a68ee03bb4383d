import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { useTestApi } from '../../helpers/api.js';

const { db, api } = useTestApi({
  files: [path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.csv')],
  responseCache: true,
});

const QUERY = `{ question(code: "SIP_INFO.HEMLOSHET") { code text } regions { code } }`;
const DATASET = `{ dataset { version } }`;

async function post(query: string) {
  const res = await api.post(query);
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    headers: headersOf(res),
    text: await res.text(),
  };
}

/** Every response header but `date`, which moves with the clock. */
function headersOf(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([k]) => k !== 'date'));
}

async function waitForVersion(expected: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await post(QUERY);
    if (r.etag?.startsWith(`"${expected}:`)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`API never saw dataset version ${expected}`);
}

describe('responses cached per dataset version', () => {
  it('answers a repeated request from the cache without SQL', async () => {
    const first = await post(QUERY);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"1:/);
    db.statements.reset();
    const second = await post(QUERY);
    // A hit is indistinguishable from the miss that filled it (issue 11): status, headers, body.
    expect(second).toEqual(first);
    expect(second.headers['vary']).toBe('accept');
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
    db.statements.reset();
    const again = await post(DATASET);
    expect(db.statements.count).toBeGreaterThan(0);
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
    expect(await post(COMPARISON)).toMatchObject({ etag: before.etag, text: before.text });
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
    // Under the new version from now on: the new body.
    expect(await post(COMPARISON)).toMatchObject({ etag: after.etag, text: after.text });
  });
});

/*
 * Issue 11 (2): the cache answers only after Apollo's HTTP rules (CSRF prevention, content
 * negotiation), and it keys on the normalised operation, so equivalent requests hit.
 */
describe('the cache obeys the HTTP rules', () => {
  const GET_QUERY = '{ regions { code } }';
  const get = (headers: Record<string, string>, query = GET_QUERY) =>
    fetch(`${api.url}/graphql?${new URLSearchParams({ query })}`, { headers });

  it('refuses a GET without the CSRF preflight header even after another GET filled the cache', async () => {
    const allowed = await get({ 'apollo-require-preflight': '1' });
    expect(allowed.status).toBe(200);
    const again = await get({ 'apollo-require-preflight': '1' });
    expect(again.status).toBe(200);
    const simple = await get({});
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/apollo-require-preflight/);
  });

  it('answers each client in the media type it accepts, with Vary: Accept, hit or miss', async () => {
    const plain = await api.post(QUERY);
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const accept = 'application/graphql-response+json';
    const first = await api.post(QUERY, undefined, { accept });
    const second = await api.post(QUERY, undefined, { accept });
    for (const res of [plain, first, second]) expect(res.headers.get('vary')).toBe('accept');
    expect(first.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(await second.text()).toBe(await first.text());
    const refused = await api.post(QUERY, undefined, { accept: 'text/csv' });
    expect(refused.status).toBe(406);
  });

  it('hits for the same operation written with other whitespace, comments and variable order', async () => {
    const query =
      'query Q($code: String!, $m: String!) { question(code: $code) { code text } municipality(code: $m) { name } }';
    const first = await api.post(query, { code: 'SIP_INFO.HEMLOSHET', m: '0480' });
    expect(first.status).toBe(200);
    const text = await first.text();
    db.statements.reset();
    const reformatted = `# the same operation
      query Q( $code : String! , $m : String! )
      {
        question ( code : $code ) { code    text }
        municipality(code:$m){name}
      }`;
    const res = await api.post(reformatted, { m: '0480', code: 'SIP_INFO.HEMLOSHET', unused: [1, 2] });
    expect(await res.text()).toBe(text);
    expect(res.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(db.statements.count).toBe(0);
  });

  it('does not share an entry between different variable values or operations', async () => {
    const query = 'query ($code: String!) { question(code: $code) { code } }';
    const a = await (await api.post(query, { code: 'SIP_INFO.HEMLOSHET' })).json();
    const b = await (await api.post(query, { code: 'SIP_INFO.NO_SUCH' })).json();
    expect(a).toEqual({ data: { question: { code: 'SIP_INFO.HEMLOSHET' } } });
    expect((b as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_FOUND');
  });
});

describe('behind a reverse proxy', () => {
  it('ignores X-Forwarded-* headers: same status, headers and body, from the same cache entry', async () => {
    const plain = await post(QUERY);
    db.statements.reset();
    const res = await api.post(QUERY, undefined, {
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'http',
    });
    expect({
      status: res.status,
      etag: res.headers.get('etag'),
      headers: headersOf(res),
      text: await res.text(),
    }).toEqual(plain);
    expect(db.statements.count).toBe(0);
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
