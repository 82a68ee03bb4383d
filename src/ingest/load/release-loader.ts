import type { QueryRunner } from 'typeorm';
import type { LoadCounts } from '../ledger.js';
import type { Citation, ParsedRelease, SourceLocation } from '../release.js';
import { writeFrames } from './frames.js';
import { loadStudies } from './studies-loader.js';
import { upsertRows, type UpsertCounts } from './upsert.js';

/** Citation and provenance columns shared by typed-in facts: document, section, page, file and row. */
const CITATION_SPEC = [
  { name: 'document', type: 'text' },
  { name: 'section', type: 'text' },
  { name: 'page', type: 'text' },
  { name: 'source_file', type: 'text' },
  { name: 'source_row', type: 'int' },
];
const CITATION_COMPARE = CITATION_SPEC.map((c) => c.name);

function citationValues(records: readonly { citation?: Citation | null; loc: SourceLocation }[]): unknown[][] {
  return [
    records.map((r) => r.citation?.document ?? null),
    records.map((r) => r.citation?.section ?? null),
    records.map((r) => r.citation?.page ?? null),
    records.map((r) => r.loc.file),
    records.map((r) => r.loc.row ?? null),
  ];
}

/** Called between load steps; the kill tests use it to stop a run at a known point. */
export type PhaseHook = (phase: 'staging' | 'merging' | 'committing') => void | Promise<void>;

/**
 * Writes one parsed release inside the caller's open transaction: questions, then answers
 * (with history: a revised or withdrawn value is copied to routine_answer_history before it
 * changes), agreements, plan counts and published figures. Set-based throughout.
 */
export async function loadRelease(
  q: QueryRunner,
  runId: string,
  release: ParsedRelease,
  onPhase?: PhaseHook,
): Promise<LoadCounts & { framesChanged: number }> {
  const extra = { ingest_run_id: `${Number(runId)}::bigint` };
  const totals: UpsertCounts & { withdrawn: number } = { inserted: 0, updated: 0, withdrawn: 0 };
  const add = (c: UpsertCounts) => {
    totals.inserted += c.inserted;
    totals.updated += c.updated;
  };

  await onPhase?.('staging');
  const qs = release.questions;
  add(
    await upsertRows(
      q,
      {
        table: 'question',
        constraint: 'question_pkey',
        columns: [
          { name: 'question_code', type: 'text' },
          { name: 'area_code', type: 'text' },
          { name: 'text', type: 'text' },
          { name: 'family', type: 'text' },
          { name: 'answer_scale', type: 'jsonb' },
          { name: 'asked_of', type: 'text' },
          { name: 'kolada_kpi_id', type: 'text' },
        ],
        compare: ['area_code', 'text', 'family', 'answer_scale', 'asked_of', 'kolada_kpi_id'],
        extra: {},
      },
      [
        qs.map((x) => x.code),
        qs.map((x) => x.areaCode),
        qs.map((x) => x.text),
        qs.map((x) => x.family),
        qs.map((x) => (x.answerScale ? JSON.stringify(x.answerScale) : null)),
        qs.map((x) => x.askedOf),
        qs.map((x) => x.koladaKpiId),
      ],
    ),
  );
  // Questions are metadata: they do not count as changed fact rows.
  totals.inserted = 0;
  totals.updated = 0;

  const answers = release.answers;
  if (answers.length) {
    await q.query(`CREATE TEMP TABLE stage_answer (
        question_code varchar(80), unit_code varchar(12), year smallint, answer varchar(12), raw_value text, withdrawn boolean,
        provenance varchar(10), inference_rule text, source_file text, source_sheet text, source_row integer, source_column text
      ) ON COMMIT DROP`);
    await q.query(
      `INSERT INTO stage_answer SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bool[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[])`,
      [
        answers.map((a) => a.questionCode),
        answers.map((a) => a.unit.code),
        answers.map((a) => a.year),
        answers.map((a) => a.answer),
        answers.map((a) => a.rawValue),
        answers.map((a) => a.withdrawn === true),
        answers.map((a) => (a.inferenceRule ? 'INFERRED' : 'OBSERVED')),
        answers.map((a) => a.inferenceRule ?? null),
        answers.map((a) => a.loc.file),
        answers.map((a) => a.loc.sheet ?? null),
        answers.map((a) => a.loc.row ?? null),
        answers.map((a) => a.loc.column ?? null),
      ],
    );
    // A temp table has no statistics until analysed; without them the planner guesses a few
    // rows and picks nested loops over routine_answer for the joins below.
    await q.query('ANALYZE stage_answer');
    await onPhase?.('merging');
    // History first: the current value is kept, with when and by which run it was superseded.
    // LATERAL … LIMIT 1 keeps this an index probe per staged row: a release touches a few
    // thousand of the warehouse's hundreds of thousands of answers, and a hash join would scan them all.
    await q.query(
      `INSERT INTO routine_answer_history
         (question_code, unit_code, year, answer, raw_value, ingest_run_id, valid_from, valid_to, superseded_by_run_id, change_kind,
          provenance, inference_rule, source_file, source_sheet, source_row, source_column)
       SELECT c.question_code, c.unit_code, c.year, c.answer, c.raw_value, c.ingest_run_id, c.valid_from, now(), $1,
              CASE WHEN s.withdrawn THEN 'WITHDRAWN' ELSE 'REVISED' END,
              c.provenance, c.inference_rule, c.source_file, c.source_sheet, c.source_row, c.source_column
         FROM stage_answer s
         CROSS JOIN LATERAL (
           SELECT * FROM routine_answer r
            WHERE r.question_code = s.question_code AND r.unit_code = s.unit_code AND r.year = s.year LIMIT 1) c
        WHERE s.withdrawn OR (c.answer, c.raw_value, c.provenance, c.inference_rule)
          IS DISTINCT FROM (s.answer, s.raw_value, s.provenance, s.inference_rule)`,
      [runId],
    );
    if (answers.some((a) => a.withdrawn)) {
      // A CTE count: TypeORM returns [rows, rowCount] for a bare DELETE, rows for a SELECT.
      const [withdrawn] = await q.query(
        `WITH gone AS (
           DELETE FROM routine_answer c USING stage_answer s
            WHERE s.withdrawn AND s.question_code = c.question_code AND s.unit_code = c.unit_code AND s.year = c.year
            RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
      );
      totals.withdrawn += (withdrawn as { n: number }).n;
    }
    const [written] = await q.query(
      `WITH written AS (
         INSERT INTO routine_answer (question_code, unit_code, year, answer, raw_value, ingest_run_id, valid_from,
           provenance, inference_rule, source_file, source_sheet, source_row, source_column)
         SELECT question_code, unit_code, year, answer, raw_value, $1, now(),
           provenance, inference_rule, source_file, source_sheet, source_row, source_column
         FROM stage_answer WHERE NOT withdrawn
         ON CONFLICT ON CONSTRAINT routine_answer_natural_key DO UPDATE
           SET answer = EXCLUDED.answer, raw_value = EXCLUDED.raw_value, ingest_run_id = EXCLUDED.ingest_run_id, valid_from = EXCLUDED.valid_from,
             provenance = EXCLUDED.provenance, inference_rule = EXCLUDED.inference_rule, source_file = EXCLUDED.source_file,
             source_sheet = EXCLUDED.source_sheet, source_row = EXCLUDED.source_row, source_column = EXCLUDED.source_column
         -- An answer is revised when its value or its provenance changes (a Nej found to be inferred is a
         -- different fact); a value that only moved within the file keeps the location it was read from.
         WHERE (routine_answer.answer, routine_answer.raw_value, routine_answer.provenance, routine_answer.inference_rule)
           IS DISTINCT FROM (EXCLUDED.answer, EXCLUDED.raw_value, EXCLUDED.provenance, EXCLUDED.inference_rule)
         RETURNING (xmax = 0) AS is_insert)
       SELECT count(*) FILTER (WHERE is_insert)::int AS inserted, count(*) FILTER (WHERE NOT is_insert)::int AS updated FROM written`,
      [runId],
    );
    add(written as UpsertCounts);
  } else {
    await onPhase?.('merging');
  }

  const framesChanged = await writeFrames(q, runId, release);

  const ag = release.agreements;
  add(
    await upsertRows(
      q,
      {
        table: 'agreement',
        constraint: 'agreement_natural_key',
        columns: [
          { name: 'unit_code', type: 'text' },
          { name: 'year', type: 'int' },
          { name: 'level', type: 'text' },
          { name: 'topic', type: 'text' },
          { name: 'status', type: 'text' },
          { name: 'joint_goals', type: 'text' },
          { name: 'flags', type: 'jsonb' },
          { name: 'raw_status', type: 'text' },
        ],
        compare: ['status', 'joint_goals', 'flags', 'raw_status'],
        extra,
      },
      [
        ag.map((a) => a.unit.code),
        ag.map((a) => a.year),
        ag.map((a) => a.level),
        ag.map((a) => a.topic),
        ag.map((a) => a.status),
        ag.map((a) => a.jointGoals),
        ag.map((a) => JSON.stringify(a.flags)),
        ag.map((a) => a.rawStatus),
      ],
    ),
  );

  const pc = release.planCounts;
  add(
    await upsertRows(
      q,
      {
        table: 'plan_count',
        constraint: 'plan_count_natural_key',
        columns: [
          { name: 'scope_key', type: 'text' },
          { name: 'unit_code', type: 'text' },
          { name: 'scope_label', type: 'text' },
          { name: 'period_start', type: 'date' },
          { name: 'period_end', type: 'date' },
          { name: 'year', type: 'int' },
          { name: 'plan_type', type: 'text' },
          { name: 'measure', type: 'text' },
          { name: 'principal', type: 'text' },
          { name: 'source_system', type: 'text' },
          { name: 'value', type: 'numeric' },
          { name: 'n', type: 'int' },
          { name: 'counting_note', type: 'text' },
          { name: 'raw_value', type: 'text' },
          { name: 'missing_reason', type: 'text' },
          { name: 'region_code', type: 'text' },
          { name: 'sample_units', type: 'int' },
          { name: 'frame_units', type: 'int' },
          { name: 'coverage_note', type: 'text' },
          { name: 'study_key', type: 'text' },
          ...CITATION_SPEC,
        ],
        compare: [
          'unit_code',
          'scope_label',
          'year',
          'value',
          'n',
          'counting_note',
          'raw_value',
          'missing_reason',
          'region_code',
          'sample_units',
          'frame_units',
          'coverage_note',
          'study_key',
          ...CITATION_COMPARE,
        ],
        extra,
      },
      [
        pc.map((p) => (p.unit ? p.unit.code : `scope:${p.scopeLabel}`)),
        pc.map((p) => p.unit?.code ?? null),
        pc.map((p) => p.scopeLabel),
        pc.map((p) => p.periodStart),
        pc.map((p) => p.periodEnd),
        pc.map((p) => p.year),
        pc.map((p) => p.planType),
        pc.map((p) => p.measure),
        pc.map((p) => p.principal),
        pc.map((p) => p.sourceSystem),
        pc.map((p) => p.value),
        pc.map((p) => p.n),
        pc.map((p) => p.countingNote),
        pc.map((p) => p.rawValue),
        pc.map((p) => p.missingReason ?? (p.value === null ? 'NO_RESPONSE' : null)),
        pc.map((p) => p.regionCode ?? null),
        pc.map((p) => p.coverage?.sampleUnits ?? null),
        pc.map((p) => p.coverage?.frameUnits ?? null),
        pc.map((p) => p.coverage?.note ?? null),
        pc.map((p) => p.studyKey ?? null),
        ...citationValues(pc),
      ],
    ),
  );

  const fg = release.figures;
  add(
    await upsertRows(
      q,
      {
        table: 'published_figure',
        constraint: 'published_figure_natural_key',
        columns: [
          { name: 'subject', type: 'text' },
          { name: 'measure', type: 'text' },
          { name: 'scope_code', type: 'text' },
          { name: 'scope_label', type: 'text' },
          { name: 'year', type: 'int' },
          { name: 'numerator', type: 'numeric' },
          { name: 'denominator', type: 'numeric' },
          { name: 'denominator_kind', type: 'text' },
          { name: 'percent', type: 'numeric' },
          { name: 'qualifier', type: 'text' },
          { name: 'publication', type: 'text' },
          { name: 'note', type: 'text' },
          { name: 'topic', type: 'text' },
          ...CITATION_SPEC,
        ],
        compare: ['numerator', 'denominator', 'denominator_kind', 'percent', 'qualifier', 'note', ...CITATION_COMPARE],
        extra,
      },
      [
        fg.map((f) => f.subject),
        fg.map((f) => f.measure),
        fg.map((f) => f.scope.code),
        fg.map((f) => f.scopeLabel ?? ''),
        fg.map((f) => f.year),
        fg.map((f) => f.numerator),
        fg.map((f) => f.denominator),
        fg.map((f) => f.denominatorKind),
        fg.map((f) => f.percent),
        fg.map((f) => f.qualifier),
        fg.map((f) => f.publication),
        fg.map((f) => f.note),
        fg.map((f) => f.topic ?? ''),
        ...citationValues(fg),
      ],
    ),
  );

  add(await loadStudies(q, release, extra));

  const staged =
    answers.length +
    ag.length +
    pc.length +
    fg.length +
    release.studies.length +
    release.studyFigures.length +
    release.studyDiscrepancies.length;
  return {
    rowsRead: release.rowsRead,
    skipped: release.skipped.length,
    inserted: totals.inserted,
    updated: totals.updated,
    withdrawn: totals.withdrawn,
    unchanged: staged - totals.inserted - totals.updated - totals.withdrawn,
    rejected: release.rejects.length,
    framesChanged,
  };
}
