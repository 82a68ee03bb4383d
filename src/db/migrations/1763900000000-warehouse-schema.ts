import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warehouse schema. Names use the ICU collation "sv-SE-x-icu" so that ORDER BY name is
 * Swedish order (… Z, Å, Ä, Ö) everywhere without each query having to ask for it.
 */
export class WarehouseSchema1763900000000 implements MigrationInterface {
  name = 'WarehouseSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        region_code char(2) PRIMARY KEY CHECK (region_code ~ '^[0-9]{2}$'),
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        region_name text COLLATE "sv-SE-x-icu" NOT NULL,
        kolada_id char(4) NOT NULL UNIQUE
      );
      CREATE TABLE kommungrupp (
        kommungrupp_code varchar(2) PRIMARY KEY,
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        classification text NOT NULL
      );
      CREATE TABLE municipality (
        municipality_code char(4) PRIMARY KEY CHECK (municipality_code ~ '^[0-9]{4}$'),
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        region_code char(2) NOT NULL REFERENCES region,
        kommungrupp_code varchar(2) NOT NULL REFERENCES kommungrupp,
        population integer NOT NULL,
        population_year smallint NOT NULL,
        population_rounded_to integer NOT NULL,
        is_population_approximate boolean NOT NULL
      );
      CREATE INDEX municipality_region_idx ON municipality (region_code);
      CREATE INDEX municipality_kommungrupp_idx ON municipality (kommungrupp_code);
      CREATE TABLE district (
        district_code varchar(12) PRIMARY KEY,
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        municipality_code char(4) NOT NULL REFERENCES municipality,
        valid_from_year smallint NOT NULL
      );
      CREATE INDEX district_municipality_idx ON district (municipality_code);
      CREATE TABLE service_area (
        area_code varchar(40) PRIMARY KEY,
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        sort_order smallint NOT NULL
      );
      CREATE TABLE question (
        question_code varchar(80) PRIMARY KEY,
        area_code varchar(40) REFERENCES service_area,
        text text NOT NULL,
        family varchar(80),
        answer_scale jsonb,
        asked_of varchar(12) NOT NULL CHECK (asked_of IN ('MUNICIPALITY', 'REGION', 'BOTH')),
        kolada_kpi_id varchar(10)
      );
      CREATE INDEX question_area_idx ON question (area_code);
      CREATE INDEX question_family_idx ON question (family);
      CREATE TABLE reporting_unit (
        unit_code varchar(12) PRIMARY KEY,
        unit_kind varchar(12) NOT NULL CHECK (unit_kind IN ('MUNICIPALITY', 'DISTRICT', 'REGION', 'NATION')),
        name text COLLATE "sv-SE-x-icu" NOT NULL,
        municipality_code char(4) REFERENCES municipality,
        region_code char(2) REFERENCES region,
        kommungrupp_code varchar(2) REFERENCES kommungrupp
      );
      CREATE INDEX reporting_unit_region_idx ON reporting_unit (region_code, unit_kind);
      CREATE INDEX reporting_unit_kommungrupp_idx ON reporting_unit (kommungrupp_code, unit_kind);
      CREATE TABLE ingest_run (
        id bigserial PRIMARY KEY,
        source varchar(40) NOT NULL,
        release_key text NOT NULL,
        file text NOT NULL,
        sha256 char(64),
        parser_version varchar(20) NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED_UNCHANGED', 'SKIPPED_LOCKED', 'HELD')),
        trigger varchar(20) NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        rows_read integer NOT NULL DEFAULT 0,
        rows_inserted integer NOT NULL DEFAULT 0,
        rows_updated integer NOT NULL DEFAULT 0,
        rows_unchanged integer NOT NULL DEFAULT 0,
        rows_withdrawn integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        rejects jsonb NOT NULL DEFAULT '[]'::jsonb,
        repairs jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text,
        options jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX ingest_run_release_idx ON ingest_run (source, release_key, started_at);
      CREATE INDEX ingest_run_status_idx ON ingest_run (status, finished_at);
      CREATE TABLE routine_answer (
        id bigserial PRIMARY KEY,
        question_code varchar(80) NOT NULL REFERENCES question,
        unit_code varchar(12) NOT NULL REFERENCES reporting_unit,
        year smallint NOT NULL CHECK (year BETWEEN 1990 AND 2100),
        answer varchar(12) NOT NULL CHECK (answer IN ('JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED')),
        raw_value text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        valid_from timestamptz NOT NULL,
        CONSTRAINT routine_answer_natural_key UNIQUE (question_code, unit_code, year)
      );
      CREATE INDEX routine_answer_question_year_idx ON routine_answer (question_code, year) INCLUDE (unit_code, answer);
      CREATE INDEX routine_answer_unit_year_idx ON routine_answer (unit_code, year);
      CREATE TABLE routine_answer_history (
        id bigserial PRIMARY KEY,
        question_code varchar(80) NOT NULL,
        unit_code varchar(12) NOT NULL,
        year smallint NOT NULL,
        answer varchar(12) NOT NULL,
        raw_value text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        superseded_by_run_id bigint NOT NULL REFERENCES ingest_run,
        change_kind varchar(10) NOT NULL CHECK (change_kind IN ('REVISED', 'WITHDRAWN'))
      );
      CREATE INDEX routine_answer_history_key_idx ON routine_answer_history (question_code, year, unit_code, valid_from);
      CREATE TABLE agreement (
        id bigserial PRIMARY KEY,
        unit_code varchar(12) NOT NULL REFERENCES reporting_unit,
        year smallint NOT NULL,
        level varchar(8) NOT NULL CHECK (level IN ('COUNTY', 'LOCAL')),
        topic varchar(40) NOT NULL,
        status varchar(12) NOT NULL CHECK (status IN ('EXISTS', 'IN_PROGRESS', 'NONE', 'NO_RESPONSE')),
        joint_goals varchar(8) CHECK (joint_goals IN ('CLEAR', 'UNCLEAR', 'NONE')),
        flags jsonb NOT NULL DEFAULT '{}'::jsonb,
        raw_status text NOT NULL,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        CONSTRAINT agreement_natural_key UNIQUE (unit_code, year, level, topic)
      );
      CREATE INDEX agreement_topic_idx ON agreement (topic, level, year);
      CREATE TABLE plan_count (
        id bigserial PRIMARY KEY,
        scope_key text NOT NULL,
        unit_code varchar(12) REFERENCES reporting_unit,
        scope_label text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        year smallint NOT NULL,
        plan_type varchar(30) NOT NULL,
        measure varchar(80) NOT NULL,
        principal varchar(12) NOT NULL CHECK (principal IN ('MUNICIPALITY', 'REGION', 'BOTH')),
        source_system varchar(30) NOT NULL,
        value numeric,
        n integer,
        counting_note text,
        raw_value text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        CONSTRAINT plan_count_natural_key UNIQUE (scope_key, period_start, period_end, plan_type, measure, principal, source_system)
      );
      CREATE INDEX plan_count_series_idx ON plan_count (plan_type, measure, year);
      CREATE TABLE published_figure (
        id bigserial PRIMARY KEY,
        subject varchar(24) NOT NULL CHECK (subject IN ('ROUTINE', 'AGREEMENT_COVERAGE', 'AGREEMENT_CONTENT', 'PLAN_COUNT', 'KPI_VALUE')),
        measure varchar(120) NOT NULL,
        scope_code varchar(12) NOT NULL REFERENCES reporting_unit,
        scope_label text NOT NULL DEFAULT '',
        year smallint NOT NULL,
        numerator numeric,
        denominator numeric,
        denominator_kind text,
        percent numeric CHECK (percent BETWEEN 0 AND 100),
        qualifier text,
        publication text NOT NULL,
        note text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_run,
        CONSTRAINT published_figure_natural_key UNIQUE (subject, measure, scope_code, scope_label, year, publication)
      );
      CREATE INDEX published_figure_measure_idx ON published_figure (measure, year);
      CREATE TABLE dataset_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL,
        changed_at timestamptz NOT NULL
      );
      INSERT INTO dataset_state (id, version, changed_at) VALUES (1, 0, now());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE dataset_state, published_figure, plan_count, agreement, routine_answer_history,
        routine_answer, ingest_run, reporting_unit, question, service_area, district, municipality,
        kommungrupp, region;
    `);
  }
}
