import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published figures get a topic (a service-area code; '' when the publication names none) so
 * that a figure about missbruk is never listed under äldreomsorg, and a citation (document,
 * section, page) plus the file and row it was typed into. Plan counts learn which län a named
 * scope lies in and how much of it they cover (a sample is never the län's figure), why a
 * value is missing (not reported, not published, lost in the source), the study they belong to
 * and the same citation.
 */
export class FigureTopicCitationPlanCoverage1764100000000 implements MigrationInterface {
  name = 'FigureTopicCitationPlanCoverage1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE published_figure
        ADD COLUMN topic varchar(40) NOT NULL DEFAULT '',
        ADD COLUMN document text,
        ADD COLUMN section text,
        ADD COLUMN page text,
        ADD COLUMN source_file text,
        ADD COLUMN source_row integer;
      ALTER TABLE published_figure DROP CONSTRAINT published_figure_natural_key;
      ALTER TABLE published_figure ADD CONSTRAINT published_figure_natural_key
        UNIQUE (subject, measure, scope_code, scope_label, topic, year, publication);
      CREATE INDEX published_figure_topic_idx ON published_figure (topic, year);

      ALTER TABLE plan_count
        ADD COLUMN region_code char(2) REFERENCES region,
        ADD COLUMN sample_units integer CHECK (sample_units >= 0),
        ADD COLUMN frame_units integer CHECK (frame_units >= 0),
        ADD COLUMN coverage_note text,
        ADD COLUMN missing_reason varchar(20) CHECK (missing_reason IN ('NO_RESPONSE', 'NOT_PUBLISHED', 'LOST_IN_SOURCE')),
        ADD COLUMN study_key text,
        ADD COLUMN document text,
        ADD COLUMN section text,
        ADD COLUMN page text,
        ADD COLUMN source_file text,
        ADD COLUMN source_row integer,
        ADD CONSTRAINT plan_count_missing_has_no_value CHECK (missing_reason IS NULL OR value IS NULL);
      CREATE INDEX plan_count_region_idx ON plan_count (region_code) WHERE region_code IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX plan_count_region_idx;
      ALTER TABLE plan_count
        DROP CONSTRAINT plan_count_missing_has_no_value,
        DROP COLUMN region_code, DROP COLUMN sample_units, DROP COLUMN frame_units, DROP COLUMN coverage_note,
        DROP COLUMN missing_reason, DROP COLUMN study_key, DROP COLUMN document, DROP COLUMN section,
        DROP COLUMN page, DROP COLUMN source_file, DROP COLUMN source_row;
      DROP INDEX published_figure_topic_idx;
      ALTER TABLE published_figure DROP CONSTRAINT published_figure_natural_key;
      DELETE FROM published_figure p USING published_figure o
        WHERE p.id > o.id AND (p.subject, p.measure, p.scope_code, p.scope_label, p.year, p.publication)
          = (o.subject, o.measure, o.scope_code, o.scope_label, o.year, o.publication);
      ALTER TABLE published_figure ADD CONSTRAINT published_figure_natural_key
        UNIQUE (subject, measure, scope_code, scope_label, year, publication);
      ALTER TABLE published_figure
        DROP COLUMN topic, DROP COLUMN document, DROP COLUMN section, DROP COLUMN page,
        DROP COLUMN source_file, DROP COLUMN source_row;
    `);
  }
}
