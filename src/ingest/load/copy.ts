import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';

/** A value as one field of COPY's text format: NULL is \N; backslash, tab, newline and CR are escaped. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** Rows as COPY text, in chunks of about 64 kB (one write per chunk, not per row). */
function* copyText(rows: Iterable<readonly unknown[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row.map(field).join('\t') + '\n';
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * `COPY table (columns) FROM STDIN` on the query runner's own connection, so the rows land
 * inside its open transaction. The bulk path into staging tables: one statement and one
 * stream instead of parameter arrays the server has to parse element by element.
 */
export async function copyRows(
  q: QueryRunner,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<void> {
  const client = (await q.connect()) as pg.PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyText(rows)), stream);
}
