import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A local HTTP server that serves canned responses, so ingest tests run the real client code
 * against recorded fixtures without touching the network (binds 127.0.0.1, port 0).
 *
 *   const server = await startFixtureServer({
 *     '/v3/kpi/U28490?per_page=5000': { body: readFixture('kolada', 'kpis.json') },
 *     '/v3/data/kpi/U28490/year/2023': [{ status: 503 }, { body: { count: 0, values: [] } }],
 *   });
 *   …
 *   expect(server.urls()).toEqual([...]);
 *   await server.close();
 */

export interface CannedResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /**
   * A string or bytes are sent as they are; anything else is sent as JSON. In strings and
   * JSON, `{{origin}}` is replaced by the server's origin (`http://127.0.0.1:<port>`), so
   * recorded `next_url` links can point back at this server.
   */
  body?: unknown;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/v3/kpi/U28490?per_page=5000`. */
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * One response served every time; a sequence served one per request (the last one repeats
 * once the sequence is used up); or a function of the request.
 */
export type FixtureRoute = CannedResponse | readonly CannedResponse[] | ((request: RecordedRequest) => CannedResponse);

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request in arrival order, matched or not. */
  readonly requests: RecordedRequest[];
  /** The `url` of every request, in arrival order. */
  urls(): string[];
  /**
   * Adds or replaces a route. The key is `path?query` (matched exactly) or a bare `path`
   * (any query); an exact key wins. Prefix with a method (`POST /x`) to match only that method.
   * Unmatched requests get 404 with a JSON body naming the request.
   */
  route(key: string, route: FixtureRoute): void;
  close(): Promise<void>;
}

const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');

/** The text of tests/fixtures/<segments…>. */
export function readFixture(...segments: string[]): string {
  return readFileSync(path.join(FIXTURES_DIR, ...segments), 'utf8');
}

function encode(body: unknown, origin: string): { bytes: Buffer; json: boolean } {
  if (body === undefined) return { bytes: Buffer.alloc(0), json: false };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body), json: false };
  if (typeof body === 'string') {
    return { bytes: Buffer.from(body.split('{{origin}}').join(origin), 'utf8'), json: /^\s*[[{]/.test(body) };
  }
  return { bytes: Buffer.from(JSON.stringify(body).split('{{origin}}').join(origin), 'utf8'), json: true };
}

export async function startFixtureServer(routes: Record<string, FixtureRoute> = {}): Promise<FixtureServer> {
  const table = new Map<string, FixtureRoute>(Object.entries(routes));
  const served = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const pick = (key: string, route: FixtureRoute, request: RecordedRequest): CannedResponse => {
    if (typeof route === 'function') return route(request);
    if (!Array.isArray(route)) return route as CannedResponse;
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    return route[Math.min(n, route.length - 1)] ?? { status: 500, body: { error: `empty sequence for ${key}` } };
  };

  const server: Server = createServer((req, res) => {
    const request: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    requests.push(request);
    const bare = request.url.split('?')[0]!;
    const key = [`${request.method} ${request.url}`, request.url, `${request.method} ${bare}`, bare].find((k) =>
      table.has(k),
    );
    const canned: CannedResponse = key
      ? pick(key, table.get(key)!, request)
      : { status: 404, body: { error: `no fixture route for ${request.method} ${request.url}` } };
    const { bytes, json } = encode(canned.body, origin);
    const send = () => {
      if (res.destroyed) return;
      const headers: Record<string, string> = { 'content-length': String(bytes.length), ...canned.headers };
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
      }
      res.writeHead(canned.status ?? 200, headers);
      res.end(bytes);
    };
    if (canned.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, canned.delayMs);
      timers.add(timer);
    } else send();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    urls: () => requests.map((r) => r.url),
    route(key, route) {
      table.set(key, route);
      served.delete(key);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
