import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The natural keys of the fact tables a survey year grows, with the year ahead of the unit or
 * scope. Keyed unit first, a new year's rows land one per unit (or per measure and scope) —
 * places spread over the whole index, most of them a page split and, after a checkpoint, a full
 * page image in the WAL; keyed year first (or question, year), they land as a few runs.
 * Measured on the benchmark's yearly release onto the 14 years before it (prewarmed, after a
 * checkpoint, medians of 3–4):
 * - routine_answer (question, year, unit), carrying the answer: the COPY of 21 888 answers
 *   495 → 320 ms, its WAL 31 → 14 MB. It covers the (question, year) INCLUDE (unit, answer)
 *   index, which goes. A unit's answers over years (the trend) are read with the years as an
 *   array, one descent per year (src/schema/queries/routine-trend.ts);
 * - published_figure (subject, measure, year, scope, …): the merge of 1 577 figures 73 → 66 ms,
 *   full page images 600 → 294;
 * - agreement (year, level, topic, unit): the key now serves the coverage query (one year,
 *   level and topic), so the (topic, level, year) index goes too.
 */
export class NaturalKeysInLoadOrder1764800000000 implements MigrationInterface {
  name = 'NaturalKeysInLoadOrder1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE routine_answer DROP CONSTRAINT routine_answer_natural_key,
        ADD CONSTRAINT routine_answer_natural_key UNIQUE (question_code, year, unit_code) INCLUDE (answer);
      DROP INDEX routine_answer_question_year_idx;
      ALTER TABLE published_figure DROP CONSTRAINT published_figure_natural_key,
        ADD CONSTRAINT published_figure_natural_key UNIQUE (subject, measure, year, scope_code, scope_label, topic, publication);
      ALTER TABLE agreement DROP CONSTRAINT agreement_natural_key,
        ADD CONSTRAINT agreement_natural_key UNIQUE (year, level, topic, unit_code);
      DROP INDEX agreement_topic_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX agreement_topic_idx ON agreement (topic, level, year);
      ALTER TABLE agreement DROP CONSTRAINT agreement_natural_key,
        ADD CONSTRAINT agreement_natural_key UNIQUE (unit_code, year, level, topic);
      ALTER TABLE published_figure DROP CONSTRAINT published_figure_natural_key,
        ADD CONSTRAINT published_figure_natural_key UNIQUE (subject, measure, scope_code, scope_label, topic, year, publication);
      CREATE INDEX routine_answer_question_year_idx ON routine_answer (question_code, year) INCLUDE (unit_code, answer);
      ALTER TABLE routine_answer DROP CONSTRAINT routine_answer_natural_key,
        ADD CONSTRAINT routine_answer_natural_key UNIQUE (question_code, unit_code, year);
    `);
  }
}
