import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { DEFAULT_PARSE_LIMITS } from './adapter.js';
import { runIngest, type IngestOptions, type IngestResult } from './pipeline.js';
import { runPublication, type IngestItem, type PublicationResult } from './publication.js';
import { decodeText } from './text/decode.js';
import { agreementsAdapter } from './sources/agreements/adapter.js';
import { findMappingFor, mappingCandidates } from './sources/oj/mapping.js';
import { ojAdapter } from './sources/oj/adapter.js';
import { planCountsAdapter } from './sources/plan-counts/adapter.js';
import { publicationsAdapter } from './sources/publications/adapter.js';

export type FileSource = 'oj' | 'agreements' | 'plan-counts' | 'publications';

export class UnknownFileSourceError extends Error {}

/**
 * Which adapter reads a file: an ÖJ file has a mapping beside it (or is a workbook, which
 * then needs one); a CSV is recognised by its header columns. Reads only the first 8 kB.
 */
export function detectFileSource(filePath: string, explicit?: FileSource): FileSource {
  if (explicit) return explicit;
  if (findMappingFor(filePath)) return 'oj';
  if (/\.xlsx$/i.test(filePath)) return 'oj';
  const fd = openSync(filePath, 'r');
  const head = Buffer.alloc(8192);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const firstLine = (decodeText(head.subarray(0, n)).text.split(/\r?\n/)[0] ?? '').toLowerCase();
  const columns = new Set(firstLine.split(/[;,\t]/).map((c) => c.trim().replace(/^"|"$/g, '')));
  // why: a plan-count follow-up may name its study too, so a publications table is told by study with kind, item or computed_value.
  if (columns.has('study') && ['kind', 'item', 'computed_value'].some((c) => columns.has(c))) return 'publications';
  if (columns.has('plan_type') || columns.has('reference_date')) return 'plan-counts';
  if (columns.has('level') || columns.has('content_flag') || columns.has('unit_kind')) return 'agreements';
  throw new UnknownFileSourceError(
    `${path.basename(filePath)}: cannot tell which source this file is: no ${mappingCandidates(filePath)
      .map((c) => path.basename(c))
      .join(' or ')} beside it (ÖJ; draft one with: npm run ingest -- mapping ${filePath}), ` +
      `and its header has neither plan_type/reference_date (plan counts), level/content_flag/unit_kind (agreements) ` +
      `nor study with kind/item/computed_value (publications)`,
  );
}

/** The adapter that reads a local file and what it fetches. */
export function fileItem(
  filePath: string,
  options: Pick<IngestOptions, 'limits'> & { source?: FileSource; mappingPath?: string },
): IngestItem {
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_PARSE_LIMITS.maxFileBytes;
  switch (detectFileSource(filePath, options.source)) {
    case 'oj':
      return { adapter: ojAdapter, fetchOptions: { path: filePath, mappingPath: options.mappingPath, maxFileBytes } };
    case 'agreements':
      return { adapter: agreementsAdapter, fetchOptions: { path: filePath, maxFileBytes } };
    case 'plan-counts':
      return { adapter: planCountsAdapter, fetchOptions: { path: filePath, maxFileBytes } };
    case 'publications':
      return { adapter: publicationsAdapter, fetchOptions: { path: filePath, maxFileBytes } };
  }
}

/** Ingests one local file through the adapter that reads it. */
export function ingestFile(
  ds: DataSource,
  filePath: string,
  options: IngestOptions & { source?: FileSource; mappingPath?: string },
): Promise<IngestResult> {
  const { adapter, fetchOptions } = fileItem(filePath, options);
  return runIngest(ds, adapter, fetchOptions, options);
}

/**
 * Ingests local files as one publication (`name`, e.g. "ÖJ 2024"): one run, one transaction,
 * all or nothing. See runPublication.
 */
export function ingestFiles(
  ds: DataSource,
  filePaths: readonly string[],
  options: IngestOptions & { name: string },
): Promise<PublicationResult> {
  return runPublication(
    ds,
    filePaths.map((f) => fileItem(f, options)),
    options,
  );
}
