import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Release frames and answer provenance.
 *
 * A frame is the set of units a release covers for a year (all municipalities, one region's
 * municipalities, or a named sample) and the questions it covers. A municipality in no frame
 * for a (question, year) was not collected there — NOT_COLLECTED, never NO_RESPONSE — and a
 * scope share says how many of its municipalities the frames cover.
 *
 * Provenance says whether a stored answer was observed in the source or inferred from it
 * (with the rule), and where it stands in the source file (sheet, row, column).
 *
 * Existing answers (a database upgraded from the first schema) get one frame per release and
 * year holding exactly the units that have a stored answer: the conservative reading, since
 * the first schema did not record what a release covered.
 */
export class ReleaseFramesAndProvenance1764000000000 implements MigrationInterface {
  name = 'ReleaseFramesAndProvenance1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE release_frame (
        id bigserial PRIMARY KEY,
        source varchar(40) NOT NULL,
        release_key text NOT NULL,
        year smallint NOT NULL CHECK (year BETWEEN 1990 AND 2100),
        frame_kind varchar(20) NOT NULL CHECK (frame_kind IN ('ALL_MUNICIPALITIES', 'REGION', 'SAMPLE')),
        region_code char(2) REFERENCES region,
        label text COLLATE "sv-SE-x-icu" NOT NULL,
        label_sv text COLLATE "sv-SE-x-icu" NOT NULL,
        publication text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT release_frame_natural_key UNIQUE (source, release_key, year),
        CONSTRAINT release_frame_region_check CHECK ((frame_kind = 'REGION') = (region_code IS NOT NULL))
      );
      CREATE TABLE release_frame_question (
        frame_id bigint NOT NULL REFERENCES release_frame ON DELETE CASCADE,
        question_code varchar(80) NOT NULL REFERENCES question,
        PRIMARY KEY (frame_id, question_code)
      );
      CREATE INDEX release_frame_question_question_idx ON release_frame_question (question_code, frame_id);
      CREATE TABLE release_frame_unit (
        frame_id bigint NOT NULL REFERENCES release_frame ON DELETE CASCADE,
        unit_code varchar(12) NOT NULL REFERENCES reporting_unit,
        PRIMARY KEY (frame_id, unit_code)
      );

      ALTER TABLE routine_answer
        ADD COLUMN provenance varchar(10) NOT NULL DEFAULT 'OBSERVED' CHECK (provenance IN ('OBSERVED', 'INFERRED')),
        ADD COLUMN inference_rule text,
        ADD COLUMN source_file text,
        ADD COLUMN source_sheet text,
        ADD COLUMN source_row integer,
        ADD COLUMN source_column text,
        ADD CONSTRAINT routine_answer_inference_rule_check CHECK ((provenance = 'INFERRED') = (inference_rule IS NOT NULL));
      ALTER TABLE routine_answer_history
        ADD COLUMN provenance varchar(10) NOT NULL DEFAULT 'OBSERVED' CHECK (provenance IN ('OBSERVED', 'INFERRED')),
        ADD COLUMN inference_rule text,
        ADD COLUMN source_file text,
        ADD COLUMN source_sheet text,
        ADD COLUMN source_row integer,
        ADD COLUMN source_column text;

      WITH groups AS (
        SELECT DISTINCT r.source, r.release_key, a.year FROM routine_answer a JOIN ingest_run r ON r.id = a.ingest_run_id
      ),
      frames AS (
        INSERT INTO release_frame (source, release_key, year, frame_kind, label, label_sv, ingest_run_id, recorded_at)
        SELECT g.source, g.release_key, g.year, 'SAMPLE',
          'units with an answer in ' || g.release_key, 'enheter med svar i ' || g.release_key,
          (SELECT max(r.id) FROM ingest_run r WHERE r.source = g.source AND r.release_key = g.release_key AND r.status = 'SUCCEEDED'),
          -- As of the release's first load, so as-of queries before the upgrade still see what was collected.
          (SELECT min(r.started_at) FROM ingest_run r WHERE r.source = g.source AND r.release_key = g.release_key AND r.status = 'SUCCEEDED')
        FROM groups g
        RETURNING id, source, release_key, year
      ),
      questions AS (
        INSERT INTO release_frame_question (frame_id, question_code)
        SELECT DISTINCT f.id, a.question_code
        FROM frames f JOIN ingest_run r ON r.source = f.source AND r.release_key = f.release_key
        JOIN routine_answer a ON a.ingest_run_id = r.id AND a.year = f.year
        RETURNING 1
      )
      INSERT INTO release_frame_unit (frame_id, unit_code)
      SELECT DISTINCT f.id, a.unit_code
      FROM frames f JOIN ingest_run r ON r.source = f.source AND r.release_key = f.release_key
      JOIN routine_answer a ON a.ingest_run_id = r.id AND a.year = f.year;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE routine_answer_history DROP COLUMN provenance, DROP COLUMN inference_rule, DROP COLUMN source_file,
        DROP COLUMN source_sheet, DROP COLUMN source_row, DROP COLUMN source_column;
      ALTER TABLE routine_answer DROP CONSTRAINT routine_answer_inference_rule_check, DROP COLUMN provenance,
        DROP COLUMN inference_rule, DROP COLUMN source_file, DROP COLUMN source_sheet, DROP COLUMN source_row,
        DROP COLUMN source_column;
      DROP TABLE release_frame_unit, release_frame_question, release_frame;
    `);
  }
}
