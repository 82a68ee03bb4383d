import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { ingestConfiguredSources } from '../ingest/configured-sources.js';
import type { Job } from './job.js';

export function nightlyIngestJob(ds: DataSource, config: Config, log: (m: string) => void): Job {
  return {
    name: 'nightly-ingest',
    description: 'Loads new releases from every configured source (Kolada, the inbox folder) into the warehouse.',
    schedule: config.ingest.schedule,
    timezone: config.ingest.timezone,
    run: async (trigger) => {
      await ingestConfiguredSources(ds, config, { trigger, log });
    },
  };
}
