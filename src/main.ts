import 'reflect-metadata';
import { startApi } from './app.js';
import { loadConfig } from './config.js';
import { openDatabases } from './db/database.js';

const log = (message: string) => console.log(`[jamfor] ${message}`);

/** Composition root: config → database → API → scheduler; a clean shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dbs = await openDatabases(config, log);
  const api = await startApi(config, dbs.api, log);
  log(`GraphQL API ready at ${api.url}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining requests (at most ${config.shutdownTimeoutMs} ms)`);
    await api.stop(config.shutdownTimeoutMs);
    log('requests drained; stopping the database');
    await dbs.close();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[jamfor] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
