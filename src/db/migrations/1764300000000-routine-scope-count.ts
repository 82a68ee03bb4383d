import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answer counts per (question, year, scope), maintained by ingest in the same transaction as
 * the answers they count (src/ingest/load/scope-counts.ts), so the read path looks shares up
 * by primary key instead of aggregating answers per request. Every share policy is a ratio of
 * these counts, so one row serves all three. Coverage and provenance columns are nullable so
 * that counts computed before release frames existed stay valid rows.
 */
export class RoutineScopeCount1764300000000 implements MigrationInterface {
  name = 'RoutineScopeCount1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE routine_scope_count (
        question_code varchar(80) NOT NULL REFERENCES question,
        year smallint NOT NULL,
        scope_kind varchar(12) NOT NULL CHECK (scope_kind IN ('NATION', 'REGION', 'KOMMUNGRUPP')),
        scope_code varchar(12) NOT NULL,
        units integer NOT NULL,
        units_in_frame integer,
        ja integer NOT NULL,
        nej integer NOT NULL,
        ej_aktuellt integer NOT NULL,
        not_asked integer NOT NULL,
        no_response integer NOT NULL,
        inferred integer,
        is_collected boolean NOT NULL,
        refreshed_by_run_id bigint REFERENCES ingest_run,
        CONSTRAINT routine_scope_count_pkey PRIMARY KEY (question_code, year, scope_kind, scope_code)
      );
      -- Which counting rule the stored rows follow; start-up recomputes them all when it differs.
      ALTER TABLE dataset_state ADD COLUMN scope_count_rule text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE routine_scope_count; ALTER TABLE dataset_state DROP COLUMN scope_count_rule;`);
  }
}
