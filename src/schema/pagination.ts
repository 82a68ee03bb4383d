import { BadUserInputError } from './errors.js';
import type { ConnectionShape } from './types/connection.type.js';

/** Cursors are opaque to clients; inside they are the offset of the last item, base64url. */
export function decodeCursor(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  // At most 15 digits: every offset this API hands out, and still a safe integer for OFFSET
  // (a forged "o:9999999999999999999999" would otherwise reach PostgreSQL as a bigint overflow).
  const match = /^o:(\d{1,15})$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError(`"${after}" is not a cursor returned by this API`, 'after');
  return Number(match[1]);
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function checkPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError(`first must be between 1 and ${max}, got ${first}`, 'first');
  }
}

/** Pages an already ordered list; used where the whole list is small and computed in SQL. */
export function pageOf<T>(
  all: T[],
  first: number,
  after: string | null | undefined,
  maxPageSize: number,
): ConnectionShape<T> {
  checkPageSize(first, maxPageSize);
  const offset = decodeCursor(after);
  const nodes = all.slice(offset, offset + first);
  const end = offset + nodes.length;
  return {
    totalCount: all.length,
    nodes,
    pageInfo: { endCursor: nodes.length ? encodeCursor(end) : null, hasNextPage: end < all.length },
  };
}

/**
 * A row of a paged statement: the head columns (total_count, and what else the statement
 * reports once) beside the page's columns, which are all null when the page is empty (the
 * page is LEFT JOIN LATERAL'ed to one row, so that the total arrives even then).
 */
export type PagedRow<Head extends { total_count: number }, Node> = Head & (Node | { [K in keyof Node]: null });

/** The connection of a paged statement's rows: nodes are the rows whose `key` column is not null. */
export function connectionOf<Head extends { total_count: number }, Node, T>(
  rows: PagedRow<Head, Node>[],
  key: keyof Node,
  offset: number,
  toNode: (row: Head & Node) => T,
): ConnectionShape<T> {
  const nodes = rows.filter((r): r is Head & Node => (r as Record<keyof Node, unknown>)[key] !== null).map(toNode);
  const total = rows[0]!.total_count;
  const end = offset + nodes.length;
  return {
    totalCount: total,
    nodes,
    pageInfo: { endCursor: nodes.length ? encodeCursor(end) : null, hasNextPage: end < total },
  };
}
