import http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createContext, type Context } from '../schema/context.js';
import { bodyText, bounded, toHeaderMap } from './apollo.js';
import { openReadTargets, type ReadTargets } from './read-targets.js';
import { CACHE_CONTROL } from './response-cache.js';

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
    super(bounded(message));
  }
}

/** The client went away before its request ended: nothing to answer, one line to log. */
class ClientDisconnected extends Error {}

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
    // node reports a client that closes mid-body as an 'aborted' ECONNRESET: not a server fault.
    req.on('error', () => reject(new ClientDisconnected('the client closed the connection before the body ended')));
  });
}

/**
 * Deepest JSON nesting accepted in a request body or in GET's `variables`/`extensions`. No
 * input type of the schema nests near this; a client sending 10 000 nested arrays gets a 400
 * instead of a recursion through them (graphql-js coercion, logging, anything else).
 */
const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects/arrays deeper than `max`; iterative, so any depth is safe to check. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function refuseDeepJson(value: unknown): void {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new HttpError(400, 'BAD_REQUEST', `request JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/** GET's `variables` and `extensions` parameters as JSON; what does not parse is left to Apollo to refuse. */
function searchJson(url: URL, name: string): unknown {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** `application/json`, with or without parameters (`; charset=utf-8`), nothing else. */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

async function handleGraphQL(
  { apollo, reads, config, log }: GraphQLDeps,
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
    refuseDeepJson(body);
  } else if (url.search.length > config.limits.maxBodyBytes) {
    throw new HttpError(414, 'PAYLOAD_TOO_LARGE', `query string exceeds ${config.limits.maxBodyBytes} bytes`);
  } else {
    refuseDeepJson([searchJson(url, 'variables'), searchJson(url, 'extensions')]);
  }
  // The version is the one of the server this request reads from (see read-targets.ts); the
  // cache plugin keys and tags the response with it.
  const target = reads.pick();
  const version = target.version.current();
  const context = createContext(target.db.manager, config.limits, {
    atStart: version,
    now: () => target.version.current(),
  });
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers: toHeaderMap(req.headers), search: url.search, body },
    context: async () => context,
  });
  const text = await bodyText(response);
  // The media type follows Accept (Apollo negotiates it), so shared caches must key on it too.
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(text)), vary: 'accept' };
  for (const [k, v] of response.headers) headers[k] = v;
  headers['x-jamfor-dataset-version'] = version;
  const status = response.status ?? 200;
  // Data changes only when an ingest commits (and the version moves), so the normalised
  // operation and the version identify a response: the cache plugin sets its ETag.
  const etag = headers['etag'];
  if (status === 200 && etag !== undefined && req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'cache-control': CACHE_CONTROL, vary: 'accept', 'x-jamfor-dataset-version': version });
    res.end();
    return;
  }
  if (status >= 400) {
    const { code, message } = firstError(text);
    logClientError(log, url.pathname, status, code, message);
  }
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * A refused request is the client's mistake: one line for the operator (status, code, the
 * bounded message), never a stack.
 */
function logClientError(log: (m: string) => void, path: string, status: number, code: string, message: string): void {
  log(`${status} ${code} on ${path}: ${bounded(message, 200)}`);
}

/** The first error of a GraphQL response body, for the log line of a refused request. */
function firstError(body: string): { code: string; message: string } {
  try {
    const { errors } = JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    return { code: errors?.[0]?.extensions?.code ?? 'ERROR', message: errors?.[0]?.message ?? '' };
  } catch {
    return { code: 'ERROR', message: '' };
  }
}

interface GraphQLDeps {
  apollo: ApolloServer<Context>;
  reads: ReadTargets;
  config: Config;
  log: (message: string) => void;
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
  const deps: GraphQLDeps = { apollo, reads, config, log };
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
        if (error instanceof ClientDisconnected) return log(`client disconnected on ${url.pathname}: ${error.message}`);
        if (res.headersSent) return;
        if (error instanceof HttpError) {
          logClientError(log, url.pathname, error.status, error.code, error.message);
          return sendError(res, error);
        }
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
