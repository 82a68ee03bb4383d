import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingest's staging tables, permanent and UNLOGGED (their rows live for one run; after a crash
 * they are empty, which is what a run expects). They used to be temporary tables created per
 * run, and the first temporary table of a database session makes PostgreSQL reset the cached
 * plans of every session: each ingest, opened on a new session as the nightly job and the CLI
 * do, made every API connection re-plan its prepared statements (5–13 ms each) on the first
 * requests after it. Columns as src/ingest/load/release-loader.ts STAGING_TABLES (checked by
 * tests/integration/staging-tables.test.ts) and scope-counts.ts's pair table.
 */
export class StagingTables1764700000000 implements MigrationInterface {
  name = 'StagingTables1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNLOGGED TABLE stage_answer (file_ord int, question_code varchar(80), unit_code varchar(12),
      year smallint, answer varchar(12), raw_value text, withdrawn boolean, provenance varchar(10), inference_rule text,
      source_file text, source_sheet text, source_row integer, source_column text)`);
    await q.query(`CREATE UNLOGGED TABLE stage_agreement (file_ord int, unit_code varchar(12), year smallint,
      level varchar(8), topic varchar(40), status varchar(12), joint_goals varchar(8), flags jsonb, raw_status text)`);
    await q.query(`CREATE UNLOGGED TABLE stage_plan_count (file_ord int, scope_key text, period_start date,
      period_end date, plan_type varchar(30), measure varchar(80), principal varchar(12), source_system varchar(30),
      unit_code varchar(12), scope_label text, year smallint, value numeric, n integer, counting_note text,
      raw_value text, missing_reason varchar(20), region_code char(2), sample_units integer, frame_units integer,
      coverage_note text, study_key text, document text, section text, page text, source_file text, source_row integer)`);
    await q.query(`CREATE UNLOGGED TABLE stage_published_figure (file_ord int, subject varchar(24),
      measure varchar(120), scope_code varchar(12), scope_label text, topic varchar(40), year smallint,
      publication text, numerator numeric, denominator numeric, denominator_kind text, percent numeric,
      qualifier text, note text, document text, section text, page text, source_file text, source_row integer)`);
    await q.query(`CREATE UNLOGGED TABLE scope_count_pair (question_code varchar(80), year smallint)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'scope_count_pair',
      'stage_published_figure',
      'stage_plan_count',
      'stage_agreement',
      'stage_answer',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
