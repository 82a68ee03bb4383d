import type { DataSource } from 'typeorm';
import { parserVersionOf, runPlan, type IngestItem, type IngestOptions, type PublicationResult } from './pipeline.js';

export type { FileResult, IngestItem, PublicationResult } from './pipeline.js';

/**
 * A publication — every file of one source and year, or a whole inbox night — as one run in
 * one transaction: lock → fetch, checksum, parse and validate each file → stage all (COPY),
 * merge once with history → ledger SUCCEEDED → dataset version → commit. It lands entirely or
 * not at all: one file that fails or is held holds the publication, and the run says which
 * file and why (every reject names its file). A publication whose files are byte for byte
 * the ones last loaded (same parsers) is skipped without parsing. The same run as runIngest
 * (runPlan), named by the publication instead of by one file.
 */
export function runPublication(
  ds: DataSource,
  items: readonly IngestItem[],
  options: IngestOptions & { name: string },
): Promise<PublicationResult> {
  const sources = [...new Set(items.map((i) => i.adapter.source))].sort();
  return runPlan(
    ds,
    {
      items,
      start: {
        source: sources.length === 1 ? sources[0]! : 'publication',
        releaseKey: options.name,
        file: `${items.length} file${items.length === 1 ? '' : 's'}`,
        parserVersion: parserVersionOf(sources),
        trigger: options.trigger,
        options: { force: !!options.force, allowPartial: !!options.allowPartial, publication: true },
      },
      label: options.name,
      single: false,
    },
    options,
  );
}
