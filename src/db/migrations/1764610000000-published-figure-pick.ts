import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The published figure a routine share is compared with (src/schema/queries/routine-sql.ts
 * sharesCte): for one (measure, year, scope) the figure without a scope label first, then the
 * latest run's, then the latest row. With the index in that order the read path takes the
 * first entry of one index range per share instead of sorting each share's candidates: a
 * profile looks up 231 shares, and each per-key sort cost more than the lookup itself.
 */
export class PublishedFigurePick1764610000000 implements MigrationInterface {
  name = 'PublishedFigurePick1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX published_figure_pick_idx
      ON published_figure (subject, measure, year, scope_code, (scope_label = '') DESC, ingest_run_id DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX published_figure_pick_idx`);
  }
}
