import http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createContext, type Context } from '../schema/context.js';
import { bodyText, toHeaderMap } from './apollo.js';
import { openReadTargets, type ReadTargets } from './read-targets.js';
import { ResponseCache } from './response-cache.js';

export interface RouteContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
}

/** Extra routes beside /graphql (explorer, dashboard, CSV export); return false to pass. */
export type Route = (ctx: RouteContext) => Promise<boolean> | boolean;

export interface JamforHttpServer {
  server: http.Server;
  url: string;
  /** Stops accepting connections and waits (bounded) for requests in flight. */
  close(timeoutMs: number): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Close the connection after answering: the rest of the request is not worth reading. */
    readonly close = false,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A request-level refusal in GraphQL's error shape, so clients handle it like any other error. */
function sendError(res: http.ServerResponse, error: HttpError): void {
  // With `connection: close`, node ends the socket once the answer is flushed instead of
  // reading an oversized or late request to its end.
  const headers: Record<string, string> = error.close ? { connection: 'close' } : {};
  sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] }, headers);
}

/**
 * Reads at most `maxBytes`, refusing a larger declared length before reading anything and a
 * larger streamed (chunked) body as soon as it passes the limit. The socket stays open until
 * the 413 is sent, so the client gets an answer rather than a reset.
 */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${maxBytes} bytes`, true);
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `application/json`, with or without parameters (`; charset=utf-8`), nothing else. */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

async function handleGraphQL(
  { apollo, reads, config, cache }: GraphQLDeps,
  { req, res, url }: RouteContext,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'use GET or POST');
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (method === 'GET' && hasBody) throw new HttpError(400, 'BAD_REQUEST', 'a GET request must not have a body', true);
  let body: unknown = undefined;
  if (method === 'POST') {
    if (!isJson(req.headers['content-type'])) {
      throw new HttpError(415, 'BAD_REQUEST', 'POST requires content-type application/json', true);
    }
    const text = await readBody(req, config.limits.maxBodyBytes);
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', 'request body is not valid JSON');
    }
    if (Array.isArray(body))
      throw new HttpError(400, 'BAD_REQUEST', 'batched requests are not supported: send one operation per request');
  } else if (url.search.length > config.limits.maxBodyBytes) {
    throw new HttpError(414, 'PAYLOAD_TOO_LARGE', `query string exceeds ${config.limits.maxBodyBytes} bytes`);
  }
  // Data changes only when an ingest commits (and the version moves), so the request and the
  // version together identify the response: revalidation (ETag) and the cache follow from it.
  // The version is the one of the server this request reads from (see read-targets.ts).
  const target = reads.pick();
  const version = target.version.current();
  const cacheKey = ResponseCache.keyOf(version, method === 'POST' ? JSON.stringify(body) : url.search);
  const etag = ResponseCache.etagOf(cacheKey);
  const cached = cache.get(cacheKey);
  if (cached && req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'cache-control': CACHE_CONTROL });
    res.end();
    return;
  }
  if (cached) {
    res.writeHead(200, { ...cached.headers, 'x-jamfor-cache': 'hit', 'x-jamfor-dataset-version': version });
    res.end(cached.body);
    return;
  }
  const context = createContext(target.db.manager, config.limits);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers: toHeaderMap(req.headers), search: url.search, body },
    context: async () => context,
  });
  const text = await bodyText(response);
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(text)) };
  for (const [k, v] of response.headers) headers[k] = v;
  headers['x-jamfor-dataset-version'] = version;
  const status = response.status ?? 200;
  // A version change while the request ran means its rows may be newer than `version`: still a
  // correct answer, but not one to keep under that version's key.
  const settled = target.version.current() === version;
  if (status === 200 && settled && context.response.cacheable && !text.includes('"errors":')) {
    Object.assign(headers, { etag, 'cache-control': CACHE_CONTROL });
    cache.set(cacheKey, { etag, body: text, headers });
  }
  res.writeHead(status, headers);
  res.end(text);
}

/** Clients may keep a response but must revalidate it: a 304 costs no SQL, and new data shows at once. */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

interface GraphQLDeps {
  apollo: ApolloServer<Context>;
  reads: ReadTargets;
  config: Config;
  cache: ResponseCache;
}

export async function startHttpServer(options: {
  apollo: ApolloServer<Context>;
  /** The servers GraphQL reads from: the API pool on the primary, or one pool per standby. */
  reads: readonly DataSource[];
  config: Config;
  routes?: Route[];
  log: (message: string) => void;
}): Promise<JamforHttpServer> {
  const { apollo, config, log } = options;
  const routes = options.routes ?? [];
  const reads = await openReadTargets(options.reads, log, config.readVersionPollMs);
  const deps: GraphQLDeps = { apollo, reads, config, cache: new ResponseCache(config.responseCacheBytes) };
  // node's own timeouts are the backstop for slow clients (checked every 30 s); the timer
  // below is the deadline for slow answers.
  const requestTimeout = config.limits.requestTimeoutMs + 1000;
  const server = http.createServer({ requestTimeout, headersTimeout: Math.min(60_000, requestTimeout) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ctx = { req, res, url };
    const timer = setTimeout(() => {
      // Past the deadline the client gets a coded answer and the connection is closed; a
      // statement still running is ended by the API role's statement_timeout.
      if (res.headersSent) res.destroy();
      else
        sendError(
          res,
          new HttpError(503, 'REQUEST_TIMEOUT', `request exceeded ${config.limits.requestTimeoutMs} ms`, true),
        );
    }, config.limits.requestTimeoutMs);
    const handle = async () => {
      if (url.pathname === '/graphql') return handleGraphQL(deps, ctx);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      for (const route of routes) if (await route(ctx)) return;
      throw new HttpError(404, 'NOT_FOUND', `no such path: ${url.pathname}`);
    };
    handle()
      .catch((error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof HttpError) return sendError(res, error);
        log(`http error on ${url.pathname}: ${error instanceof Error ? error.stack : String(error)}`);
        sendError(res, new HttpError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'));
      })
      .finally(() => clearTimeout(timer));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    close: async (timeoutMs) => {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, timeoutMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await reads.close();
    },
  };
}
