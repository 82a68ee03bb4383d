import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { createApollo } from './http/apollo.js';
import { csvExportRoute } from './http/csv-export.route.js';
import { dashboardRoute } from './http/dashboard.route.js';
import { explorerRoute } from './http/explorer.route.js';
import { limitRules, requestLimitsPlugin, yieldingPlugin } from './http/limits.js';
import { ResponseCache, responseCachePlugin } from './http/response-cache.js';
import { watchDatasetVersion } from './http/dataset-version.js';
import { startHttpServer, type JamforHttpServer, type Route } from './http/server.js';
import { buildJamforSchema } from './schema/build-schema.js';

function connectionStringOf(ds: DataSource): string {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error('the API data source has no connection URL');
  return url;
}

export interface ApiServer {
  http: JamforHttpServer;
  url: string;
  stop(timeoutMs: number): Promise<void>;
}

/** The GraphQL API on its read-only pool: schema → Apollo → HTTP. Used by main and by tests. */
export async function startApi(
  config: Config,
  api: DataSource,
  log: (m: string) => void,
  routes: Route[] = [],
): Promise<ApiServer> {
  const schema = await buildJamforSchema();
  const version = await watchDatasetVersion(connectionStringOf(api), log);
  const cache = new ResponseCache(config.responseCacheBytes);
  const guards = {
    validationRules: limitRules(config.limits),
    // The cache answers only after the limits have passed the request (see response-cache.ts).
    plugins: [yieldingPlugin(), requestLimitsPlugin(config.limits), responseCachePlugin(cache, version.current)],
  };
  const apollo = createApollo(schema, config, guards, log);
  await apollo.start();
  // The pages beside /graphql: dashboard at /, explorer, CSV export (after the caller's routes).
  const pages = [dashboardRoute(), explorerRoute(), csvExportRoute({ schema, api, config })];
  const http = await startHttpServer({ apollo, api, config, routes: [...routes, ...pages], log });
  return {
    http,
    url: http.url,
    async stop(timeoutMs) {
      await http.close(timeoutMs);
      await apollo.stop();
      await version.close();
    },
  };
}
