import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** A value as one field of COPY's text format: NULL is \N; backslash, tab, newline and CR are escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  // Numbers and booleans never need escaping; only text is tested.
  if (typeof value === 'number') return `${value}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = `${value as string}`;
  return NEEDS_ESCAPE.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** Lines of COPY text joined into chunks of about 64 kB (one write per chunk, not per row). */
function* chunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * `COPY table (columns) FROM STDIN` of lines already in COPY's text format (each ending in a
 * newline, fields escaped with copyField), on the query runner's own connection, so the rows
 * land inside its open transaction. The bulk path into staging tables: one statement and one
 * stream instead of parameter arrays the server has to parse element by element.
 */
export async function copyLines(
  q: QueryRunner,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<void> {
  const client = (await q.connect()) as pg.PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(lines)), stream);
}
