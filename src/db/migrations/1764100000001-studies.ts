import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Studies (surveys, follow-ups, registers, estimates, plans) as first-class data: each study,
 * the figures a publication prints about it — value as printed, numerator and denominator,
 * approximation word, verbal finding, published or derived with its rule, a missing value
 * with its reason — and the discrepancies the source itself contains. Every figure and
 * discrepancy carries its citation (document, section, page) and the file and row it was
 * typed into.
 */
export class Studies1764100000001 implements MigrationInterface {
  name = 'Studies1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE study (
        study_key text PRIMARY KEY CHECK (study_key ~ '^[a-z0-9][a-z0-9-]*$'),
        kind varchar(12) NOT NULL
          CHECK (kind IN ('SURVEY', 'FOLLOW_UP', 'REGISTER', 'ESTIMATE', 'PROGRAMME', 'PLAN', 'AUDIT', 'REPORT')),
        title text NOT NULL,
        publication text NOT NULL,
        region_code char(2) REFERENCES region,
        unit_code varchar(12) REFERENCES reporting_unit,
        scope_label text NOT NULL,
        period text,
        reference_date date,
        note text,
        document text NOT NULL,
        section text,
        page text,
        source_file text,
        source_row integer,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run
      );
      CREATE TABLE study_figure (
        id bigserial PRIMARY KEY,
        study_key text NOT NULL REFERENCES study,
        item varchar(80) NOT NULL,
        item_text text NOT NULL,
        group_label text NOT NULL DEFAULT '',
        period text NOT NULL DEFAULT '',
        year smallint,
        year_missing_reason varchar(20) CHECK (year_missing_reason IS NULL OR (year_missing_reason = 'LOST_IN_SOURCE' AND year IS NULL)),
        value_kind varchar(12) NOT NULL CHECK (value_kind IN ('COUNT', 'PERCENT', 'MEAN_SCORE', 'AMOUNT_SEK', 'YEAR')),
        value numeric,
        value_high numeric CHECK (value_high >= value),
        numerator numeric,
        denominator numeric,
        printed text NOT NULL,
        approximation text,
        verbal text,
        verbal_share numeric CHECK (verbal_share BETWEEN 0 AND 1),
        origin varchar(10) NOT NULL CHECK (origin IN ('PUBLISHED', 'DERIVED')),
        rule text CHECK (origin = 'PUBLISHED' OR rule IS NOT NULL),
        missing_reason varchar(20) CHECK (missing_reason IS NULL OR (missing_reason IN ('NOT_PUBLISHED', 'LOST_IN_SOURCE') AND value IS NULL)),
        note text,
        document text NOT NULL,
        section text,
        page text,
        source_file text,
        source_row integer,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        CONSTRAINT study_figure_natural_key UNIQUE (study_key, item, group_label, period)
      );
      CREATE TABLE study_discrepancy (
        id bigserial PRIMARY KEY,
        study_key text NOT NULL REFERENCES study,
        item varchar(80) NOT NULL,
        group_label text NOT NULL DEFAULT '',
        period text NOT NULL DEFAULT '',
        printed_value numeric NOT NULL,
        printed text NOT NULL,
        computed_value numeric NOT NULL,
        rule text NOT NULL,
        explanation text NOT NULL,
        document text NOT NULL,
        section text,
        page text,
        source_file text,
        source_row integer,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        CONSTRAINT study_discrepancy_natural_key UNIQUE (study_key, item, group_label, period, rule)
      );
      CREATE INDEX plan_count_study_idx ON plan_count (study_key) WHERE study_key IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX plan_count_study_idx;
      DROP TABLE study_discrepancy, study_figure, study;
    `);
  }
}
