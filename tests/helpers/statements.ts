import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { vi } from 'vitest';

/**
 * Counts, from now until the spies are restored (vi.restoreAllMocks), the statements sent
 * through a TypeORM query runner whose SQL contains `sql`: how many statements a load issues.
 */
export function statementsLike(sql: string): () => number {
  const query = vi.spyOn(PostgresQueryRunner.prototype, 'query');
  return () => query.mock.calls.filter(([text]) => text.includes(sql)).length;
}
