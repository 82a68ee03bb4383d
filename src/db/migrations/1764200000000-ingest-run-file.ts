import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-file detail of the run ledger. One ingest run may hold several files (a whole
 * publication, or an inbox night), so each file gets its own row with its counts, repairs,
 * skipped non-data rows, rejects and — for a run with --allow-partial — the cells that kept
 * an earlier value. ingest_run keeps the run's totals.
 */
export class IngestRunFile1764200000000 implements MigrationInterface {
  name = 'IngestRunFile1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ingest_run ADD COLUMN rows_skipped integer NOT NULL DEFAULT 0;
      CREATE TABLE ingest_run_file (
        id bigserial PRIMARY KEY,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run ON DELETE CASCADE,
        ordinal smallint NOT NULL CHECK (ordinal >= 1),
        source varchar(40) NOT NULL,
        release_key text NOT NULL,
        file text NOT NULL,
        sha256 char(64),
        status varchar(20) NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED_UNCHANGED', 'SKIPPED_LOCKED', 'HELD')),
        rows_read integer NOT NULL DEFAULT 0,
        rows_skipped integer NOT NULL DEFAULT 0,
        rows_inserted integer NOT NULL DEFAULT 0,
        rows_updated integer NOT NULL DEFAULT 0,
        rows_unchanged integer NOT NULL DEFAULT 0,
        rows_withdrawn integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        repairs jsonb NOT NULL DEFAULT '{}'::jsonb,
        skipped_rows jsonb NOT NULL DEFAULT '[]'::jsonb,
        rejects jsonb NOT NULL DEFAULT '[]'::jsonb,
        kept_values jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT ingest_run_file_ordinal_key UNIQUE (ingest_run_id, ordinal)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingest_run_file; ALTER TABLE ingest_run DROP COLUMN rows_skipped;`);
  }
}
