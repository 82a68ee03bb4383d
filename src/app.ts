import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { createApollo } from './http/apollo.js';
import { csvExportRoute } from './http/csv-export.route.js';
import { dashboardRoute } from './http/dashboard.route.js';
import { explorerRoute } from './http/explorer.route.js';
import { limitRules, requestLimitsPlugin, yieldingPlugin } from './http/limits.js';
import { ResponseCache, responseCachePlugin } from './http/response-cache.js';
import { startHttpServer, type JamforHttpServer, type Route } from './http/server.js';
import { buildJamforSchema } from './schema/build-schema.js';

export interface ApiServer {
  http: JamforHttpServer;
  url: string;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * The GraphQL API on its read-only pool(s): schema → Apollo → HTTP. Used by main and by tests.
 * Several pools (DATABASE_READ_URL's standbys) are read from in turn.
 */
export async function startApi(
  config: Config,
  reads: DataSource | readonly DataSource[],
  log: (m: string) => void,
  routes: Route[] = [],
): Promise<ApiServer> {
  const schema = await buildJamforSchema();
  const cache = new ResponseCache(config.responseCacheBytes);
  const guards = {
    validationRules: limitRules(config.limits),
    // The cache answers only after the limits have passed the request (see response-cache.ts).
    plugins: [yieldingPlugin(), requestLimitsPlugin(config.limits), responseCachePlugin(cache)],
  };
  const apollo = createApollo(schema, config, guards, log);
  await apollo.start();
  // The pages beside /graphql: dashboard at /, explorer, CSV export (after the caller's routes).
  const pools = Array.isArray(reads) ? (reads as readonly DataSource[]) : [reads as DataSource];
  const pages = [dashboardRoute(), explorerRoute(), csvExportRoute({ schema, api: pools[0]!, config })];
  const http = await startHttpServer({ apollo, reads: pools, config, routes: [...routes, ...pages], log });
  return {
    http,
    url: http.url,
    async stop(timeoutMs) {
      await http.close(timeoutMs);
      await apollo.stop();
    },
  };
}
