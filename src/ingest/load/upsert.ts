import type { QueryRunner } from 'typeorm';

export interface ColumnSpec {
  name: string;
  /** Postgres array element type the values are sent as, e.g. 'text', 'int', 'numeric', 'jsonb'. */
  type: string;
}

export interface UpsertSpec {
  table: string;
  constraint: string;
  /** Every column written, key columns included. */
  columns: ColumnSpec[];
  /** Columns whose change makes a row "updated"; unchanged rows are not touched at all. */
  compare: string[];
  /** Extra SET clauses applied on insert and on a real change, e.g. the run id. */
  extra: Record<string, string>;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/**
 * Set-based upsert: all rows in one INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE
 * … WHERE IS DISTINCT FROM, so a row is written only if it is new or differs, and loading
 * the same release twice writes nothing. Returns how many rows were inserted and updated.
 */
export async function upsertRows(q: QueryRunner, spec: UpsertSpec, columnValues: unknown[][]): Promise<UpsertCounts> {
  if (columnValues[0]?.length === 0) return { inserted: 0, updated: 0 };
  const names = spec.columns.map((c) => c.name);
  const extraNames = Object.keys(spec.extra);
  const unnest = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const set = [...names.map((n) => `${n} = EXCLUDED.${n}`), ...extraNames.map((n) => `${n} = EXCLUDED.${n}`)].join(
    ', ',
  );
  const current = spec.compare.map((c) => `${spec.table}.${c}`).join(', ');
  const incoming = spec.compare.map((c) => `EXCLUDED.${c}`).join(', ');
  const sql = `
    WITH written AS (
      INSERT INTO ${spec.table} (${[...names, ...extraNames].join(', ')})
      SELECT ${['u.*', ...extraNames.map((n) => spec.extra[n])].join(', ')}
        FROM unnest(${unnest}) AS u(${names.join(', ')})
      ON CONFLICT ON CONSTRAINT ${spec.constraint} DO UPDATE SET ${set}
      WHERE (${current}) IS DISTINCT FROM (${incoming})
      RETURNING (xmax = 0) AS is_insert
    )
    SELECT count(*) FILTER (WHERE is_insert)::int AS inserted, count(*) FILTER (WHERE NOT is_insert)::int AS updated FROM written`;
  const rows = (await q.query(sql, columnValues)) as UpsertCounts[];
  return rows[0]!;
}
