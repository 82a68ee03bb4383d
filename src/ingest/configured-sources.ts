import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { fileItem, ingestFile } from './ingest-file.js';
import { runIngest, type IngestOptions, type IngestResult } from './pipeline.js';
import { runPublication, type IngestItem } from './publication.js';
import { createKoladaClient, DEFAULT_KOLADA_CLIENT_OPTIONS, type KoladaClient } from './sources/kolada/client.js';
import { koladaAdapter } from './sources/kolada/adapter.js';
import { SAMPLES_DIR } from '../paths.js';

/** Data files in a folder that an adapter reads (mappings and READMEs are not releases). */
export function releaseFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(csv|xlsx|txt)$/i.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** What the config decides about an ingest, for the nightly job and the CLI alike. */
export interface ConfiguredIngest {
  /** The coverage hold threshold and the parse limits (the caller adds trigger, log, force …). */
  options: Pick<IngestOptions, 'coverageHoldThreshold' | 'limits'>;
  /** A Kolada client with the configured base URL, timeout and retries. */
  koladaClient: KoladaClient;
}

/** The config turned into ingest options and a Kolada client; `koladaBaseUrl` overrides the config's (CLI --base-url). */
export function configuredIngest(config: Config, overrides: { koladaBaseUrl?: string } = {}): ConfiguredIngest {
  return {
    options: {
      coverageHoldThreshold: config.ingest.coverageHoldThreshold,
      limits: { maxFileBytes: config.ingest.maxFileBytes, maxCells: config.ingest.maxCells },
    },
    koladaClient: createKoladaClient({
      ...DEFAULT_KOLADA_CLIENT_OPTIONS,
      baseUrl: overrides.koladaBaseUrl ?? config.ingest.koladaBaseUrl,
      timeoutMs: config.ingest.koladaTimeoutMs,
      maxRetries: config.ingest.koladaMaxRetries,
    }),
  };
}

/**
 * Every configured source, one release after another: the Kolada KPI list for the configured
 * years, then the inbox folder, one publication per source. One failing source does not stop
 * the others; each leaves its own ledger row.
 */
export async function ingestConfiguredSources(
  ds: DataSource,
  config: Config,
  options: Pick<IngestOptions, 'trigger' | 'log' | 'force'>,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const configured = configuredIngest(config);
  const common: IngestOptions = { ...options, ...configured.options };
  if (config.ingest.koladaEnabled) {
    const client = configured.koladaClient;
    results.push(await runIngest(ds, koladaAdapter, { years: config.ingest.koladaYears, client }, common));
  }
  // The inbox night loads as one publication per source (one run, one transaction each): the
  // ÖJ files of a night land together or not at all, and a broken agreement file does not hold
  // them. A file no adapter recognises is logged and left out.
  const bySource = new Map<string, IngestItem[]>();
  for (const file of releaseFilesIn(config.ingest.inboxDir)) {
    let item: IngestItem;
    try {
      item = fileItem(file, common);
    } catch (error) {
      options.log?.(`${path.basename(file)}: skipped: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    bySource.set(item.adapter.source, [...(bySource.get(item.adapter.source) ?? []), item]);
  }
  for (const [source, items] of bySource) {
    if (items.length === 1) results.push(await runIngest(ds, items[0]!.adapter, items[0]!.fetchOptions, common));
    else results.push(await runPublication(ds, items, { ...common, name: `inbox ${source} (${items.length} files)` }));
  }
  return results;
}

/** The bundled real datasets (data/samples), through the same adapters a user would use. */
export async function ingestBundledSamples(
  ds: DataSource,
  options: Pick<IngestOptions, 'trigger' | 'log'>,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  // A bundled file that no adapter reads is a bug in the project: let it stop start-up loudly.
  for (const file of releaseFilesIn(SAMPLES_DIR)) results.push(await ingestFile(ds, file, options));
  return results;
}
