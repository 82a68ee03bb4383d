import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { UsageError } from './cli-output.js';
import { runIngestCli } from './ingest-command.js';

// `npm run ingest -- …` (scripts/ingest.mjs starts this from dist/): see runIngestCli and --help.
runIngestCli(process.argv.slice(2), loadConfig())
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`ingest: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error('see: npm run ingest -- --help');
    process.exit(1);
  });
