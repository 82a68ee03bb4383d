import './lib/with-resolvers.js';
import 'reflect-metadata';
import http from 'node:http';
import pg from 'pg';
import { startApi } from '../src/app.js';
import { ResponseCache } from '../src/http/response-cache.js';
import { loadConfig } from '../src/config.js';
import { createApiDataSource } from '../src/db/database.js';
import { floorData, QUERY_NAMES, type Params, type QueryName } from './queries.js';

/*
 * One HTTP contestant per process, so the load generator (the parent) never shares an event
 * loop with the server it measures. Every contestant gets the same pool size on the same
 * database as the same read-only role.
 *   jamfor        startApi as shipped, production configuration (defaults of src/config.ts)
 *   floor         node:http + pg + the hand-written SQL of queries.ts, same JSON
 *   postgraphile  PostGraphile 5 (amber preset) over schema bench_pg
 */

export type ServerKind = 'jamfor' | 'floor' | 'postgraphile';

const [kind, portText, apiUrl, poolText] = process.argv.slice(2) as [ServerKind, string, string, string];
const port = Number(portText);
const poolSize = Number(poolText);
const ready = (url: string) => process.send?.({ kind: 'ready', url });

/**
 * The response cache sends no hit/miss header, so the load test asks this process how many of
 * its cache lookups found an entry (a `cache-stats` message), counted at the cache itself.
 */
function countCacheLookups(): void {
  const stats = { kind: 'cache-stats', hits: 0, lookups: 0 };
  const get = Object.getOwnPropertyDescriptor(ResponseCache.prototype, 'get')!.value as ResponseCache['get'];
  ResponseCache.prototype.get = function (this: ResponseCache, key: string) {
    const found = get.call(this, key);
    stats.lookups++;
    if (found) stats.hits++;
    return found;
  };
  process.on('message', (m: unknown) => {
    if ((m as { kind?: string } | null)?.kind === 'cache-stats') process.send?.(stats);
  });
}

async function startJamfor(): Promise<void> {
  countCacheLookups();
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DB_POOL_SIZE: String(poolSize),
    SCHEDULER_ENABLED: 'false',
  });
  // The API pool as openDatabases builds it.
  const api = createApiDataSource(apiUrl, config);
  await api.initialize();
  const server = await startApi(config, api, (m) => console.error(`[jamfor] ${m}`));
  ready(`${server.url}/graphql`);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function startFloor(): Promise<void> {
  const pool = new pg.Pool({ connectionString: apiUrl, max: poolSize, application_name: 'jamfor-bench-floor' });
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '').slice('/q/'.length) as QueryName;
    readBody(req)
      .then(async (body) => {
        if (!QUERY_NAMES.includes(name)) throw new Error(`no query ${name}`);
        const data = await floorData(pool, name, JSON.parse(body) as Params);
        const text = JSON.stringify({ data });
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      })
      .catch((e: unknown) => {
        const text = JSON.stringify({ errors: [{ message: String(e) }] });
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  ready(`http://127.0.0.1:${port}/q/`);
}

async function startPostgraphile(): Promise<void> {
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const pool = new pg.Pool({ connectionString: apiUrl, max: poolSize, application_name: 'jamfor-bench-postgraphile' });
  const preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: ['bench_pg'] })],
    grafserv: { port, host: '127.0.0.1', graphqlPath: '/graphql', graphiql: false, websockets: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  server.keepAliveTimeout = 60_000;
  await serv.addTo(server);
  await pgl.getSchema();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  ready(`http://127.0.0.1:${port}/graphql`);
}

const start = kind === 'jamfor' ? startJamfor : kind === 'floor' ? startFloor : startPostgraphile;
start().catch((e: unknown) => {
  process.send?.({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
