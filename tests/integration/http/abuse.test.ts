import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createDataSource } from '../../../src/db/data-source.js';
import { API_ROLE } from '../../../src/db/roles.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;

  json: any;
}

interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the body with chunked transfer encoding, without a content-length. */
  chunked?: boolean;
}

/**
 * One HTTP request with node:http (fetch refuses a GET with a body). Resolves with the
 * answer even when the server closes the connection while the body is still being sent.
 */
function send(server: ApiServer, request: RawRequest): Promise<Reply> {
  const { method = 'POST', path = '/graphql', headers = {}, body, chunked = false } = request;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      `${server.url}${path}`,
      {
        method,
        headers:
          body !== undefined && !chunked ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON; the test looks at `text`
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (body !== undefined && chunked) {
      for (let i = 0; i < body.length; i += 16_384) req.write(body.slice(i, i + 16_384));
    } else if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

function post(server: ApiServer, query: string, variables?: Record<string, unknown>): Promise<Reply> {
  return send(server, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
}

let db: TestDatabase;
const logs: string[] = [];
const log = (message: string) => logs.push(message);
/** Introspection on (the default). */
let api: ApiServer;
/** GRAPHQL_INTROSPECTION=false. */
let closed: ApiServer;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startApi(loadConfig({ PORT: '0' }), db.api, log);
  closed = await startApi(loadConfig({ PORT: '0', GRAPHQL_INTROSPECTION: 'false' }), db.api, log);
});
afterAll(async () => {
  await Promise.allSettled([api?.stop(1000), closed?.stop(1000)]);
  await db?.close();
});

describe('a normal query', () => {
  it('answers from the database, so the statement counter sees it', async () => {
    db.statements.reset();
    const reply = await post(api, NORMAL);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      data: {
        municipalities: {
          totalCount: 49,
          nodes: [
            { code: '1440', name: 'Ale', region: { code: '14' } },
            { code: '1489', name: 'Alingsås', region: { code: '14' } },
          ],
        },
      },
    });
    expect(db.statements.count).toBeGreaterThan(0);
  });

  it.each([
    ['depth exactly 8', AT_DEPTH_LIMIT],
    ['exactly 15 aliases', AT_ALIAS_LIMIT],
    ['exactly 50 root fields', AT_ROOT_FIELD_LIMIT],
    ['first: 500', `{ municipalities(first: 500) { totalCount } }`],
  ])('accepts a query at the limit: %s', async (_name, query) => {
    const reply = await post(api, query);
    expect(reply.status).toBe(200);
    expect(reply.json.errors).toBeUndefined();
  });
});

interface Abuse {
  name: string;
  server?: () => ApiServer;
  request: RawRequest;
  status: number;
  code: string;
  /** `extensions.limit` of a QUERY_TOO_COMPLEX error. */
  limit?: string;
}

const json = (query: string, variables?: Record<string, unknown>): RawRequest => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

describe('abusive requests', () => {
  // Inside the suite: its factory runs after the module, when the operations below exist.
  const ABUSES: Abuse[] = [
    {
      name: 'deep nesting through fragments (depth 9)',
      request: json(DEEP),
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
    },
    {
      name: 'an alias bomb (100 aliases)',
      request: json(ALIAS_BOMB),
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
    },
    {
      name: '1 000 root fields',
      request: json(ROOT_FIELDS_1000),
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
      limit: 'rootFields',
    },
    {
      name: 'a page of 500 fanning out twice (cost)',
      request: json(COSTLY),
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    },
    {
      name: 'a 6 000-token document',
      request: json(TOKENS_6000),
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
      limit: 'tokens',
    },
    { name: 'municipalities(first: 100000)', request: json(HUGE_PAGE), status: 400, code: 'BAD_USER_INPUT' },
    {
      name: 'first: 100000 as a variable',
      request: json(PAGE_BY_VARIABLE, { n: 100_000 }),
      status: 400,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'first: 0',
      request: json(`{ municipalities(first: 0) { totalCount } }`),
      status: 400,
      code: 'BAD_USER_INPUT',
    },
    {
      name: '301 codes',
      request: json(BY_CODES, { codes: Array.from({ length: 301 }, (_, i) => String(i).padStart(4, '0')) }),
      status: 400,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a batched HTTP array',
      request: {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ query: '{ regions { code } }' }, { query: '{ regions { name } }' }]),
      },
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'GET with a body',
      request: {
        method: 'GET',
        path: '/graphql?query=%7Bregions%7Bcode%7D%7D',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': '1' },
        body: '{}',
      },
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'a 200 kB body',
      request: json(`{ regions { code } } #${'x'.repeat(200_000)}`),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a 200 kB chunked body (no content-length)',
      request: { ...json(`{ regions { code } } #${'x'.repeat(200_000)}`), chunked: true },
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a malformed JSON body',
      request: { headers: { 'content-type': 'application/json' }, body: '{"query": "{ regions { code } }"' },
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'a text/plain body',
      request: { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ regions { code } }' }) },
      status: 415,
      code: 'BAD_REQUEST',
    },
    {
      name: 'an operationName that matches nothing',
      request: {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ regions { code } }', operationName: 'Nope' }),
      },
      status: 400,
      code: 'OPERATION_RESOLUTION_FAILURE',
    },
    { name: 'an unknown path', request: { method: 'GET', path: '/graphql/../admin' }, status: 404, code: 'NOT_FOUND' },
    {
      name: 'PUT',
      request: { method: 'PUT', ...json('{ regions { code } }') },
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
    },
    {
      name: 'introspection when switched off',
      server: () => closed,
      request: json(`{ __schema { queryType { name } } }`),
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
    },
    {
      name: 'field-suggestion probing when introspection is off',
      server: () => closed,
      request: json(`{ regionz { code } }`),
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
    },
  ];

  it.each(ABUSES)('refuses $name with $status $code and no SQL', async ({ server, request, status, code, limit }) => {
    db.statements.reset();
    const reply = await send(server?.() ?? api, request);
    expect(reply.status).toBe(status);
    expect(reply.json.errors[0].extensions.code).toBe(code);
    if (limit) expect(reply.json.errors[0].extensions.limit).toBe(limit);
    expect(reply.text).not.toMatch(/stacktrace|\bat \S+ \(/);
    expect(db.statements.count).toBe(0);
  });

  it('tells which limit and by how much', async () => {
    const reply = await post(api, DEEP);
    expect(reply.json.errors).toEqual([
      {
        message: 'Query exceeds the depth limit of 8 (got 9)',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 8, actual: 9 },
      },
    ]);
  });

  it('suggests field names when introspection is on, and never when it is off', async () => {
    const open = await post(api, `{ regionz { code } municipalities(frist: 5) { totalCount } }`);
    expect(open.json.errors.map((e: { message: string }) => e.message)).toEqual([
      'Cannot query field "regionz" on type "Query". Did you mean "region" or "regions"?',
      'Unknown argument "frist" on field "Query.municipalities". Did you mean "first"?',
    ]);
    const off = await send(closed, json(`{ regionz { code } municipalities(frist: 5) { totalCount } }`));
    expect(off.json.errors.map((e: { message: string }) => e.message)).toEqual([
      'Cannot query field "regionz" on type "Query".',
      'Unknown argument "frist" on field "Query.municipalities".',
    ]);
    expect(off.text).not.toMatch(/Did you mean/);
  });

  it('allows the standard introspection query by default, without SQL', async () => {
    db.statements.reset();
    const reply = await post(api, INTROSPECTION);
    expect(reply.status).toBe(200);
    expect(reply.json.errors).toBeUndefined();
    expect(reply.json.data.__schema.types.map((t: { name: string }) => t.name)).toContain('Municipality');
    expect(db.statements.count).toBe(0);
  });
});

describe('database failures', () => {
  /** Text that must never reach a client: SQL, table and role names, driver messages, stacks. */
  const LEAKS = [
    /SELECT/i,
    /\bFROM\b/i,
    /"municipality"|\bmunicipality\b/i,
    /\bregion"/i,
    /relation/i,
    /permission/i,
    /jamfor_/i,
    /timeout/i,
    /QueryFailedError/,
    /\bat \S+/,
    /\.ts:\d+/,
  ];

  it('masks a database error as INTERNAL_SERVER_ERROR with status 200 and logs the original', async () => {
    await db.owner.query(`REVOKE SELECT ON municipality FROM ${API_ROLE}`);
    try {
      logs.length = 0;
      const reply = await post(api, `{ municipalities(first: 2) { nodes { code } } }`);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        data: null,
        errors: [
          { message: 'Internal server error', path: ['municipalities'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
      for (const leak of LEAKS) expect(reply.text).not.toMatch(leak);
      expect(logs.join('\n')).toMatch(/permission denied for table municipality/);
    } finally {
      await db.owner.query(`GRANT SELECT ON municipality TO ${API_ROLE}`);
    }
  });

  it('ends a statement past statement_timeout and masks it the same way', async () => {
    const slowDb = createDataSource({
      url: db.urls.api,
      poolSize: 1,
      statementTimeoutMs: 200,
      applicationName: 'jamfor-test-api-200ms',
    });
    await slowDb.initialize();
    const server = await startApi(loadConfig({ PORT: '0' }), slowDb, log);
    const lock = db.owner.createQueryRunner();
    try {
      await lock.startTransaction();
      await lock.query('LOCK TABLE region IN ACCESS EXCLUSIVE MODE');
      logs.length = 0;
      const started = Date.now();
      const reply = await post(server, `{ regions { code } }`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        data: null,
        errors: [
          { message: 'Internal server error', path: ['regions'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
      for (const leak of LEAKS) expect(reply.text).not.toMatch(leak);
      expect(logs.join('\n')).toMatch(/canceling statement due to statement timeout/);
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
      await server.stop(1000);
      await slowDb.destroy();
    }
  });

  it('answers 503 REQUEST_TIMEOUT when a request passes the deadline', async () => {
    const server = await startApi(loadConfig({ PORT: '0', REQUEST_TIMEOUT_MS: '300' }), db.api, log);
    const lock = db.owner.createQueryRunner();
    try {
      await lock.startTransaction();
      await lock.query('LOCK TABLE region IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const reply = await post(server, `{ regions { code } }`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(reply.status).toBe(503);
      expect(reply.headers.connection).toBe('close');
      expect(reply.json).toEqual({
        errors: [{ message: 'request exceeded 300 ms', extensions: { code: 'REQUEST_TIMEOUT' } }],
      });
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
      await server.stop(1000);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Operations

const NORMAL = `{ municipalities(first: 2, regionCode: "14") { totalCount nodes { code name region { code } } } }`;

/** regions → municipalities → region → … → code: nine levels, through a named and an inline fragment. */
const DEEP = `
  query Deep { regions { ...RegionDown } }
  fragment RegionDown on Region { municipalities { ...MunicipalityUp } }
  fragment MunicipalityUp on Municipality {
    region { municipalities { ... on Municipality { region { municipalities { region { municipalities { code } } } } } } }
  }`;

const AT_DEPTH_LIMIT = `{ municipality(code: "0180") { region { municipalities { region { municipalities { region { municipalities { code } } } } } } } }`;

const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: name`).join(' ');
const ALIAS_BOMB = `{ region(code: "01") { ${aliases(100)} } }`;
const AT_ALIAS_LIMIT = `{ region(code: "01") { ${aliases(15)} } }`;

const ROOT_FIELDS_1000 = `{ ${'regions { code } '.repeat(1000)}}`;
const AT_ROOT_FIELD_LIMIT = `{ ${'regions { code } '.repeat(50)}}`;

/** 500 × (1 + 1 + (1 + 14 × (1 + 1 + 14 × 2))) = 211 000, at depth 7. */
const COSTLY = `{ municipalities(first: 500) { nodes { region { municipalities { region { municipalities { code } } } } } } }`;

/** 667 × 9 + 2 = 6 005 tokens, 19 kB. */
const TOKENS_6000 = `{ ${'region(code: "01") { code } '.repeat(667)}}`;

const HUGE_PAGE = `{ municipalities(first: 100000) { totalCount nodes { code } } }`;
const PAGE_BY_VARIABLE = `query Page($n: Int!) { municipalities(first: $n) { totalCount } }`;
const BY_CODES = `query ByCodes($codes: [String!]) { municipalities(codes: $codes) { totalCount } }`;

const INTROSPECTION = `
  query IntrospectionQuery {
    __schema {
      queryType { name }
      types { ...FullType }
      directives { name locations args { ...InputValue } }
    }
  }
  fragment FullType on __Type {
    kind name
    fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
    inputFields { ...InputValue }
    interfaces { ...TypeRef }
    enumValues(includeDeprecated: true) { name isDeprecated deprecationReason }
    possibleTypes { ...TypeRef }
  }
  fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
  fragment TypeRef on __Type {
    kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
  }`;
