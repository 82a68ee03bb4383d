import type { ParsedRelease } from './release.js';
import type { ReferenceCatalog } from './reference-catalog.js';

/**
 * The raw bytes of one release exactly as received: a file's bytes, or every Kolada page
 * body in order. The ledger's sha256 is taken over these parts, before any parsing.
 */
export interface FetchedRelease<Meta = unknown> {
  source: string;
  /** Identity of the release, stable across runs (file name, or KPI set × years). */
  releaseKey: string;
  /** What an error message should call the input: a file name or a URL. */
  file: string;
  parts: Uint8Array[];
  /**
   * Further inputs the parsed result depends on (an ÖJ mapping, Kolada's KPI metadata with the
   * answer coding): hashed with `parts`, so changing them reloads an otherwise unchanged release.
   */
  checksumParts?: Uint8Array[];
  /**
   * Only what changed upstream since a date (a Kolada `--from-date` run): not the whole
   * release, so it is not checked for municipalities it lacks.
   */
  incremental?: boolean;
  /**
   * Source-specific facts the parser needs, typed by the adapter that fetched them (the
   * Kolada KPI list asked for, the validated ÖJ mapping): parse reads them without re-checking.
   */
  meta?: Meta;
}

export interface ParseLimits {
  /** Files larger than this are refused before parsing. */
  maxFileBytes: number;
  /** Cells (rows × columns) a workbook may expand to before it is refused. */
  maxCells: number;
}

export interface ParseContext {
  catalog: ReferenceCatalog;
  /** The clock, injected so "year in the future" is testable. */
  now: Date;
  limits: ParseLimits;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxFileBytes: 20 * 1024 * 1024, maxCells: 2_000_000 };

/**
 * One upstream: fetch does I/O only, parse is pure (bytes in, records and rejects out). Meta
 * is what fetch hands parse besides the bytes (see FetchedRelease.meta).
 */
export interface SourceAdapter<FetchOptions, Meta = unknown> {
  readonly source: string;
  fetch(options: FetchOptions): Promise<FetchedRelease<Meta>>;
  parse(fetched: FetchedRelease<Meta>, ctx: ParseContext): Promise<ParsedRelease>;
}
