import 'reflect-metadata';
import { startApi } from './app.js';
import { loadConfig } from './config.js';
import { openDatabases } from './db/database.js';
import { warmUp } from './http/warm-up.js';
import { ingestBundledSamples } from './ingest/configured-sources.js';
import { hasSucceededRun } from './ingest/ledger.js';
import { loadBundledReference } from './ingest/load/reference.js';
import { nightlyIngestJob } from './jobs/nightly-ingest.job.js';
import { missedScheduledRun, startScheduler, type Scheduler } from './jobs/scheduler.js';

const log = (message: string) => console.log(`[jamfor] ${message}`);

/** Composition root: config → database → reference and bundled data → API → scheduler; clean shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dbs = await openDatabases(config, log);

  await loadBundledReference(dbs.owner.manager, log);

  if (config.loadSamplesOnEmpty && !(await hasSucceededRun(dbs.ingest))) {
    log('empty database: loading the bundled datasets (data/samples) through the ingest adapters');
    const results = await ingestBundledSamples(dbs.ingest, { trigger: 'startup', log });
    log(`bundled datasets: ${results.map((r) => `${r.releaseKey} ${r.status}`).join('; ')}`);
  }

  const api = await startApi(config, dbs.reads, log);
  await warmUp(api.url, log);
  log(`GraphQL API ready at ${api.url}/graphql (explorer: ${api.url}/explorer, dashboard: ${api.url}/)`);

  let scheduler: Scheduler | null = null;
  if (config.ingest.schedulerEnabled) {
    const nightly = nightlyIngestJob(dbs.ingest, config, log);
    scheduler = startScheduler([nightly], log);
    log(`scheduler: ${nightly.name} at "${nightly.schedule}" (${nightly.timezone})`);
    if (await missedScheduledRun(dbs.ingest, nightly)) {
      log(`${nightly.name}: a scheduled run was missed while the process was down; catching up once now`);
      void scheduler.runNow(nightly);
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining requests and jobs (at most ${config.shutdownTimeoutMs} ms each)`);
    await Promise.all([api.stop(config.shutdownTimeoutMs), scheduler?.stop(config.shutdownTimeoutMs)]);
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
