import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../config.js';
import { openDatabases } from '../db/database.js';
import { loadBundledReference } from '../ingest/load/reference.js';
import { configuredIngest, ingestBundledSamples, ingestConfiguredSources } from '../ingest/configured-sources.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { runIngest, type IngestOptions, type IngestResult } from '../ingest/pipeline.js';
import { koladaAdapter, type KoladaFetchOptions } from '../ingest/sources/kolada/adapter.js';
import type { KoladaClient } from '../ingest/sources/kolada/client.js';
import { describeResult } from './ingest-report.js';
import { runMappingCommand } from './mapping-command.js';
import { UsageError, type Print } from './cli-output.js';

const HELP = `Run one ingest now and print a summary.

Usage: npm run ingest -- <source> [file] [options]

Commands:
  mapping <path>       draft an ÖJ mapping for a workbook or CSV: finds the header row, lists the headers and
  (or init)            units, writes <file minus extension>.mapping.json with guessed areas and question (TODO
                       where it cannot guess); --check validates an existing mapping against the file instead
  file <path>          any local file; the adapter is chosen from the file (ÖJ needs a mapping beside it:
                       x.csv → x.mapping.json; x.cp1252.csv → x.cp1252.mapping.json, else x.mapping.json)
  oj <path>            an ÖJ workbook (.xlsx) or CSV export, with its mapping (see --mapping)
  agreements <path>    agreement CSV: per unit, or published coverage/content figures
  plan-counts <path>   plan-count CSV: per-unit register or a published follow-up
  publications <path>  figures typed in from reports: studies, study figures or discrepancies (cited)
  kolada               the Kolada API v3 (KPIs from data/sources/kolada-kpis.csv unless --kpis)
  nightly              every configured source, as the nightly job runs them
  samples              the bundled datasets in data/samples

Options:
  --mapping <path>     ÖJ mapping file (default: <file minus extension>.mapping.json, else <file minus all extensions>.mapping.json)
  --check              mapping: validate the mapping against the file and print what each column maps to
  --overwrite          mapping: replace an existing mapping file with a new draft
  --years <list>       Kolada years, e.g. 2022,2023 or 2015-2024 (default: KOLADA_YEARS)
  --kpis <list>        Kolada KPI ids, comma-separated
  --from-date <date>   Kolada: only values changed since YYYY-MM-DD (an incremental release)
  --base-url <url>     Kolada base URL (default: KOLADA_BASE_URL)
  --force              load even if the same bytes were loaded before (writes only rows that differ)
  --allow-partial      load the valid rows of a release with rejects instead of holding it
  --help               this text

Exit code: 0 SUCCEEDED or SKIPPED_* (mapping: written / valid), 2 HELD, 1 FAILED, invalid or bad usage.
Database: DATABASE_URL (or INGEST_DATABASE_URL), else the embedded server of npm start.`;

/**
 * One CLI call: `mapping` drafts or checks an ÖJ mapping (no database); every other command
 * runs ingests and prints each result. Returns the exit code.
 */
export async function runIngestCli(argv: string[], config: Config, print: Print = console.log): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'mapping' || command === 'init') return runMappingCommand(rest, config, print);
  const results = await runIngests(argv, config, print);
  for (const r of results) for (const line of describeResult(r)) print(line);
  return results.some((r) => r.status === 'FAILED') ? 1 : results.some((r) => r.status === 'HELD') ? 2 : 0;
}

/** The options every ingest command takes (see HELP). */
const INGEST_ARGS = {
  mapping: { type: 'string' },
  years: { type: 'string' },
  kpis: { type: 'string' },
  'from-date': { type: 'string' },
  'base-url': { type: 'string' },
  force: { type: 'boolean' },
  'allow-partial': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type IngestArgs = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof INGEST_ARGS }>
>['values'];

/** Parse the arguments → turn them and the config into ingest options → open the pools → run the command. */
async function runIngests(argv: string[], config: Config, print: Print): Promise<IngestResult[]> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: INGEST_ARGS });
  const [source, target] = positionals;
  if (values.help || !source) {
    print(HELP);
    return [];
  }
  const tty = process.stdout.isTTY;
  const configured = configuredIngest(config, { koladaBaseUrl: values['base-url'] });
  const options: IngestOptions = {
    trigger: 'cli',
    force: values.force,
    allowPartial: values['allow-partial'],
    ...configured.options,
    onPhase: tty ? (phase) => void process.stdout.write(`  … ${phase}\n`) : undefined,
    log: (m) => print(`  ${m}`),
  };
  const log = (m: string) => print(`[jamfor] ${m}`);
  const dbs = await openDatabases(config, log, { serving: false });
  try {
    await loadBundledReference(dbs.owner.manager, log);
    return await runCommand(
      dbs.ingest,
      { source, target, values, config, koladaClient: configured.koladaClient },
      options,
    );
  } finally {
    await dbs.close();
  }
}

/** One ingest command on open pools: a file, the Kolada API, every configured source, or the bundled samples. */
async function runCommand(
  ds: DataSource,
  command: { source: string; target?: string; values: IngestArgs; config: Config; koladaClient: KoladaClient },
  options: IngestOptions,
): Promise<IngestResult[]> {
  const { source, target, values, config } = command;
  switch (source) {
    case 'file':
    case 'oj':
    case 'agreements':
    case 'plan-counts':
    case 'publications': {
      if (!target) throw new UsageError(`${source} needs a file path`);
      const explicit = source === 'file' ? undefined : source;
      return [await ingestFile(ds, target, { ...options, source: explicit, mappingPath: values.mapping })];
    }
    case 'kolada':
      return [await runIngest(ds, koladaAdapter, koladaRequest(values, config, command.koladaClient), options)];
    case 'nightly':
      return await ingestConfiguredSources(ds, config, options);
    case 'samples':
      return await ingestBundledSamples(ds, options);
    default:
      throw new UsageError(`unknown source "${source}" (see --help)`);
  }
}

/** What `kolada` fetches: --years (else KOLADA_YEARS), --kpis, --from-date, with progress on a terminal. */
function koladaRequest(values: IngestArgs, config: Config, client: KoladaClient): KoladaFetchOptions {
  const years = values.years
    ? loadConfig({ KOLADA_YEARS: values.years }).ingest.koladaYears
    : config.ingest.koladaYears;
  return {
    years,
    kpiIds: values.kpis?.split(',').map((s) => s.trim()),
    fromDate: values['from-date'] ?? null,
    client,
    onProgress: process.stdout.isTTY
      ? (pages: number, rows: number) => void process.stdout.write(`  … ${pages} pages, ${rows} rows\n`)
      : undefined,
  };
}
