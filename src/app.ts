import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { createApollo } from './http/apollo.js';
import { startHttpServer, type JamforHttpServer, type Route } from './http/server.js';
import { buildJamforSchema } from './schema/build-schema.js';

export interface ApiServer {
  http: JamforHttpServer;
  url: string;
  stop(timeoutMs: number): Promise<void>;
}

/** The GraphQL API on its read-only pool: schema → Apollo → HTTP. Used by main and by tests. */
export async function startApi(config: Config, api: DataSource, log: (m: string) => void, routes: Route[] = []): Promise<ApiServer> {
  const schema = await buildJamforSchema();
  const apollo = createApollo(schema, config, [], log);
  await apollo.start();
  const http = await startHttpServer({ apollo, api, config, routes, log });
  return {
    http,
    url: http.url,
    async stop(timeoutMs) {
      await http.close(timeoutMs);
      await apollo.stop();
    },
  };
}
