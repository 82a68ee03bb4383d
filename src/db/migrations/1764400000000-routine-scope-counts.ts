import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The aggregates routine shares are read from (issue 12, "reads at the floor").
 *
 * - routine_scope: one row per scope (riket, each region, each kommungrupp) with its name, its
 *   municipalities and the population figures they carry. Derived from the reference data.
 * - routine_scope_count: one row per (question, year, scope) that has an answer or a release
 *   frame, holding every count a share is computed from under the frame-aware rule
 *   (src/ingest/load/scope-counts.ts): units in a frame, Ja / Nej / Ej aktuellt, not asked, no
 *   response, not collected, inferred, the population sums of the population-weighted shares,
 *   and the labels of the frames that cover part of the scope. Ingest rewrites the touched
 *   (question, year) pairs in the same transaction as the answers and frames it writes, so the
 *   counts are never out of step with them. A key without a row was not collected.
 *
 * Both are filled at start-up (dataset_state.scope_count_rule is NULL until then), and
 * recomputed whenever the counting rule or the reference data they depend on changes.
 */
export class RoutineScopeCounts1764400000000 implements MigrationInterface {
  name = 'RoutineScopeCounts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE routine_scope (
        scope_kind varchar(12) NOT NULL CHECK (scope_kind IN ('NATION', 'REGION', 'KOMMUNGRUPP')),
        scope_code varchar(12) NOT NULL,
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        units integer NOT NULL,
        population_year integer,
        is_population_approximate boolean,
        population_rounded_to integer,
        CONSTRAINT routine_scope_pkey PRIMARY KEY (scope_kind, scope_code)
      );
      CREATE TABLE routine_scope_count (
        question_code varchar(80) NOT NULL REFERENCES question,
        year smallint NOT NULL,
        scope_kind varchar(12) NOT NULL,
        scope_code varchar(12) NOT NULL,
        units_in_frame integer NOT NULL,
        ja integer NOT NULL,
        nej integer NOT NULL,
        ej_aktuellt integer NOT NULL,
        not_asked integer NOT NULL,
        no_response integer NOT NULL,
        not_collected integer NOT NULL,
        inferred integer NOT NULL,
        -- Population sums (a whole country's fits an integer); read as float8 for the shares.
        pop_ja integer NOT NULL,
        pop_nej integer NOT NULL,
        pop_ej integer NOT NULL,
        pop_frame integer NOT NULL,
        frame_labels text,
        frame_labels_sv text,
        refreshed_by_run_id bigint REFERENCES ingest_run,
        CONSTRAINT routine_scope_count_pkey PRIMARY KEY (question_code, year, scope_kind, scope_code)
      );
      -- The counting rule and reference data the stored rows follow; start-up recomputes them when it differs.
      ALTER TABLE dataset_state ADD COLUMN scope_count_rule text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE routine_scope_count, routine_scope;
      ALTER TABLE dataset_state DROP COLUMN scope_count_rule;
    `);
  }
}
