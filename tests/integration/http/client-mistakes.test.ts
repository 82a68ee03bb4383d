import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/*
 * Issue 11 (4): mistakes a client makes are the client's — HTTP 400 with a GraphQL error code,
 * a bounded message, one log line without a stack — never INTERNAL_SERVER_ERROR or HTTP 500.
 */

let db: TestDatabase;
let api: ApiServer;
const logs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startApi(loadConfig({ PORT: '0' }), db.api, (m) => logs.push(m));
});

afterAll(async () => {
  await api?.stop(2000);
  await db?.close();
});

beforeEach(() => {
  logs.length = 0;
});

interface Body {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(body: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Body };
}

const query = (q: string, variables?: Record<string, unknown>) => post(JSON.stringify({ query: q, variables }));

/** The one line a refused request leaves in the log: no stack frames, no second line. */
function expectOneLogLine(pattern: RegExp): void {
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatch(pattern);
  expect(logs[0]).not.toMatch(/\n\s+at /);
}

// base64url of "o:9999999999999999999999": an offset past bigint
const FORGED_CURSOR = 'bzo5OTk5OTk5OTk5OTk5OTk5OTk5OQ';

describe('client mistakes are 400s with a code', () => {
  it('refuses a NUL byte in a string literal argument', async () => {
    const { status, body } = await query('{ municipality(code: "01\\u0000") { name } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toBe('Query.municipality(code) must not contain a NUL character');
    expectOneLogLine(/^400 BAD_USER_INPUT on \/graphql: /);
  });

  it('refuses a NUL byte in a variable, inside a list argument too', async () => {
    const { status, body } = await query('query ($s: String) { publishedFigures(scope: $s) { totalCount } }', {
      s: 'Riket\u0000',
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const list = await query('query ($c: [String!]!) { municipalities(codes: $c) { totalCount } }', {
      c: ['0180', '0\u0000'],
    });
    expect(list.status).toBe(400);
    expect(list.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a NUL byte in a CSV export parameter with 400', async () => {
    const res = await fetch(
      `${api.url}/export/routine-comparison.csv?question=X%00&year=2018&scope=NATION&format=rfc4180`,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { message: 'parameter "question" must not contain a NUL character', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
  });

  it.each([
    ['ingestRuns', `{ ingestRuns(after: "${FORGED_CURSOR}") { totalCount } }`],
    ['publishedFigures', `{ publishedFigures(after: "${FORGED_CURSOR}") { totalCount } }`],
    ['planCountSeries', `{ planCountSeries(after: "${FORGED_CURSOR}") { totalCount } }`],
  ])('refuses a forged cursor on %s as BAD_USER_INPUT, not a bigint overflow', async (_field, document) => {
    const { status, body } = await query(document);
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toBe(`"${FORGED_CURSOR}" is not a cursor returned by this API`);
    expect(logs.join('\n')).not.toMatch(/bigint|out of range|\n\s+at /);
  });

  it.each([
    ['variables', (deep: unknown) => ({ query: '{ regions { code } }', variables: { a: deep } })],
    ['extensions', (deep: unknown) => ({ query: '{ regions { code } }', extensions: { a: deep } })],
  ])('refuses 10 000 nested arrays in %s with 400 BAD_REQUEST', async (_where, build) => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const body = JSON.stringify(build('DEEP')).replace('"DEEP"', deep);
    const { status, body: answer } = await post(body);
    expect(status).toBe(400);
    expect(answer).toEqual({
      errors: [{ message: 'request JSON nests deeper than 64 levels', extensions: { code: 'BAD_REQUEST' } }],
    });
    expectOneLogLine(/^400 BAD_REQUEST on \/graphql: request JSON nests deeper than 64 levels$/);
  });

  it('refuses deep nesting in a GET request’s variables too', async () => {
    const deep = '['.repeat(1_000) + ']'.repeat(1_000);
    const search = new URLSearchParams({ query: '{ regions { code } }', variables: `{"a":${deep}}` });
    const res = await fetch(`${api.url}/graphql?${search}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(res.status).toBe(400);
  });

  it.each(['mutation { x }', 'subscription { x }'])('refuses %s as GRAPHQL_VALIDATION_FAILED', async (document) => {
    const { status, body } = await query(document);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/^This API has no (mutation|subscription) operations/);
    expectOneLogLine(/^400 GRAPHQL_VALIDATION_FAILED on \/graphql: /);
  });

  it('never echoes a 90 kB argument whole', async () => {
    const code = 'A'.repeat(90_000);
    const res = await query(`{ municipality(code: "${code}") { name } }`);
    const text = JSON.stringify(res.body);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.body.errors?.[0]?.message.length).toBeLessThanOrEqual(500);
    expect(text.length).toBeLessThan(1_500);
  });

  it('logs a client that disconnects mid-body as one line without a stack', async () => {
    const { port } = new URL(api.url);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    await expect.poll(() => logs.length).toBe(1);
    expectOneLogLine(/^client disconnected on \/graphql: /);
  });
});
