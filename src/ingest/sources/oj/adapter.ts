import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PARSE_LIMITS, type ParseContext, type SourceAdapter } from '../../adapter.js';
import { emptyRelease, type ParsedRelease } from '../../release.js';
import { addOjFrame, markInferredAnswers } from './frame.js';
import {
  findMappingFor,
  mappingCandidates,
  OjMappingError,
  parseMapping,
  readMappingJson,
  type OjMapping,
} from './mapping.js';
import { OJ_SOURCE, parseOjSheets } from './parse.js';
import { readTableFile, WorkbookFormatError, WorkbookLimitError } from './workbook.js';

export interface OjFetchOptions {
  /** The ÖJ workbook (.xlsx) or CSV export. */
  path: string;
  /** Mapping file; default `<file minus extension>.mapping.json` beside it. */
  mappingPath?: string;
  /** Files larger than this are refused before they are read; default DEFAULT_PARSE_LIMITS. */
  maxFileBytes?: number;
}

/** What an ÖJ FetchedRelease carries besides the file's bytes: its mapping, validated by fetch. */
export interface OjReleaseMeta {
  mapping: OjMapping;
  /** Where the mapping was read from, for error messages. */
  mappingPath: string;
}

/** Mappings fetch validated: parse takes them as they are instead of validating them again. */
const validatedMappings = new WeakSet<object>();

/** meta.mapping as fetch left it; anything else (a release built by hand) is validated now. */
function validatedMapping(meta: OjReleaseMeta | undefined): OjMapping {
  const value: unknown = meta?.mapping;
  if (typeof value === 'object' && value !== null && validatedMappings.has(value)) return value as OjMapping;
  return parseMapping(value, meta?.mappingPath ?? 'meta.mapping');
}

/**
 * Öppna jämförelser result files (Socialstyrelsen), one file per service area and year.
 * fetch reads the file and its mapping JSON (into meta.mapping); parse never touches the disk.
 */
export const ojAdapter: SourceAdapter<OjFetchOptions, OjReleaseMeta> = {
  source: OJ_SOURCE,

  async fetch(options) {
    const file = path.basename(options.path);
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_PARSE_LIMITS.maxFileBytes;
    // why: stat first, so an over-size file is refused without reading it into memory.
    const { size } = await stat(options.path);
    if (size > maxFileBytes) {
      throw new WorkbookLimitError(
        'file-too-large',
        `${OJ_SOURCE}: ${file} is ${size} bytes; the limit is ${maxFileBytes}`,
      );
    }
    const mappingPath = findMappingFor(options.path, options.mappingPath);
    if (!mappingPath) {
      const candidates = options.mappingPath ? [options.mappingPath] : mappingCandidates(options.path);
      throw new OjMappingError(candidates[0]!, [
        `mapping file not found (looked for ${candidates.map((c) => path.basename(c)).join(', ')} beside the file); ` +
          `draft one with: npm run ingest -- mapping ${options.path}`,
      ]);
    }
    // Validated here, once per ingest, so a bad mapping fails before the data file is read;
    // the checksum is over the JSON as written.
    const json = readMappingJson(mappingPath);
    const mapping = parseMapping(json, mappingPath);
    validatedMappings.add(mapping);
    return {
      source: OJ_SOURCE,
      releaseKey: file,
      file,
      parts: [await readAtMost(options.path, maxFileBytes)],
      checksumParts: [Buffer.from(JSON.stringify(json))],
      meta: { mapping, mappingPath },
    };
  },

  async parse(fetched, ctx) {
    let mapping: OjMapping;
    try {
      mapping = validatedMapping(fetched.meta);
    } catch (err) {
      const release = emptyRelease(OJ_SOURCE, fetched.releaseKey, fetched.file);
      const message = err instanceof Error ? err.message : String(err);
      release.rejects.push({
        loc: { source: OJ_SOURCE, file: fetched.file },
        rawValue: null,
        rule: 'invalid-mapping',
        message,
        isKeyField: true,
      });
      return release;
    }
    const bytes = fetched.parts.length === 1 ? fetched.parts[0]! : Buffer.concat(fetched.parts);
    const release = await parseOjFile(bytes, fetched.file, mapping, ctx);
    release.releaseKey = fetched.releaseKey;
    return release;
  },
};

/**
 * Bytes of one ÖJ file → ParsedRelease. Limits are checked before parsing; a file over a
 * limit, or one that is not a readable workbook/CSV, is a single key-field Reject.
 */
export async function parseOjFile(
  bytes: Uint8Array,
  file: string,
  mapping: OjMapping,
  ctx: ParseContext,
): Promise<ParsedRelease> {
  try {
    const table = await readTableFile(bytes, file, ctx.limits);
    const release = parseOjSheets(table.sheets, mapping, file, ctx);
    markInferredAnswers(release, mapping);
    addOjFrame(release, mapping, ctx.catalog);
    return release;
  } catch (err) {
    if (!(err instanceof WorkbookLimitError) && !(err instanceof WorkbookFormatError)) throw err;
    const release = emptyRelease(OJ_SOURCE, file, file);
    const row = err instanceof WorkbookFormatError && err.row !== undefined ? { row: err.row } : {};
    release.rejects.push({
      loc: { source: OJ_SOURCE, file, ...row },
      rawValue: null,
      rule: err.rule,
      message: err.message,
      isKeyField: true,
    });
    return release;
  }
}

/** Reads a file, refusing it if it grew past maxBytes since it was stat'ed. */
async function readAtMost(filePath: string, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readFile(filePath);
  if (bytes.byteLength > maxBytes) {
    throw new WorkbookLimitError(
      'file-too-large',
      `${OJ_SOURCE}: ${path.basename(filePath)} is over the limit of ${maxBytes} bytes`,
    );
  }
  return bytes;
}
