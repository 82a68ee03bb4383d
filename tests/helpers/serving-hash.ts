import type { DataSource } from 'typeorm';

/**
 * Content hash of every serving table and the dataset version, byte for byte (every column,
 * ids and timestamps included): equal hashes mean the API serves exactly the same data.
 */
export async function servingHash(ds: DataSource): Promise<string> {
  const [row] = await ds.query(`SELECT md5(
      (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.question_code, t.unit_code, t.year), '') FROM routine_answer t) ||
      (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.id), '') FROM routine_answer_history t) ||
      (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.id), '') FROM published_figure t) ||
      (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.id), '') FROM agreement t) ||
      (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.id), '') FROM plan_count t) ||
      (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.question_code), '') FROM question t) ||
      (SELECT version::text FROM dataset_state)) AS h`);
  return (row as { h: string }).h;
}

/**
 * The serving data as sorted lines of natural key and values, without surrogate ids, run ids
 * or timestamps: what two loads of the same releases agree on, even when run at other times
 * or with other sequence values. History rows are a multiset (one line per row).
 */
export interface ServingContent {
  answers: string[];
  history: string[];
  figures: string[];
  agreements: string[];
  planCounts: string[];
  questions: string[];
  version: number;
}

export async function servingContent(ds: DataSource): Promise<ServingContent> {
  const lines = async (sql: string): Promise<string[]> => (await ds.query<{ l: string }[]>(sql)).map((r) => r.l).sort();
  const [state] = await ds.query<{ v: number }[]>(`SELECT version::int AS v FROM dataset_state`);
  return {
    answers: await lines(
      `SELECT concat_ws('|', question_code, unit_code, year, answer, coalesce(raw_value, '∅')) AS l FROM routine_answer`,
    ),
    history: await lines(
      `SELECT concat_ws('|', question_code, unit_code, year, answer, coalesce(raw_value, '∅'), change_kind) AS l FROM routine_answer_history`,
    ),
    figures: await lines(
      `SELECT concat_ws('|', subject, measure, scope_code, scope_label, year, publication, coalesce(trim_scale(numerator)::text, '∅'),
         coalesce(trim_scale(denominator)::text, '∅'), coalesce(denominator_kind, '∅'), coalesce(trim_scale(percent)::text, '∅'),
         coalesce(qualifier, '∅'), coalesce(note, '∅')) AS l FROM published_figure`,
    ),
    agreements: await lines(
      `SELECT concat_ws('|', unit_code, year, level, topic, status, coalesce(joint_goals, '∅'), flags::text, raw_status) AS l FROM agreement`,
    ),
    planCounts: await lines(
      `SELECT concat_ws('|', scope_key, period_start, period_end, plan_type, measure, principal, source_system,
         coalesce(trim_scale(value)::text, '∅'), coalesce(n::text, '∅'), coalesce(raw_value, '∅')) AS l FROM plan_count`,
    ),
    questions: await lines(
      `SELECT concat_ws('|', question_code, coalesce(area_code, '∅'), text, coalesce(answer_scale::text, '∅')) AS l FROM question`,
    ),
    version: state!.v,
  };
}
