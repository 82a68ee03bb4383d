import type { QueryRunner } from 'typeorm';
import type { LoadCounts } from '../ledger.js';
import type { Citation, ParsedRelease, SourceLocation } from '../release.js';
import { copyRows } from './copy.js';
import { writeFrames } from './frames.js';
import { loadStudies } from './studies-loader.js';

/** Called between load steps; the kill tests use it to stop a run at a known point. */
export type PhaseHook = (phase: 'staging' | 'merging' | 'committing') => void | Promise<void>;

/**
 * Writes one parsed release inside the caller's open transaction. See loadPublication.
 */
export async function loadRelease(
  q: QueryRunner,
  runId: string,
  release: ParsedRelease,
  onPhase?: PhaseHook,
): Promise<LoadCounts & { framesChanged: number }> {
  const { files, framesChanged } = await loadPublication(q, runId, [release], onPhase);
  return { ...files[0]!, framesChanged };
}

/** A fact table merged from a staging table: its natural key, written columns and what counts as a change. */
interface FactTable {
  table: string;
  constraint: string;
  key: string[];
  /** Every written column, key columns first, in staging order. */
  columns: string[];
  /** Columns whose change makes a row "updated"; unchanged rows are not touched at all. */
  compare: string[];
}

const AGREEMENT: FactTable = {
  table: 'agreement',
  constraint: 'agreement_natural_key',
  key: ['unit_code', 'year', 'level', 'topic'],
  columns: ['unit_code', 'year', 'level', 'topic', 'status', 'joint_goals', 'flags', 'raw_status'],
  compare: ['status', 'joint_goals', 'flags', 'raw_status'],
};

const PLAN_COUNT: FactTable = {
  table: 'plan_count',
  constraint: 'plan_count_natural_key',
  key: ['scope_key', 'period_start', 'period_end', 'plan_type', 'measure', 'principal', 'source_system'],
  columns: [
    'scope_key',
    'period_start',
    'period_end',
    'plan_type',
    'measure',
    'principal',
    'source_system',
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
    'document',
    'section',
    'page',
    'source_file',
    'source_row',
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
    'document',
    'section',
    'page',
    'source_file',
    'source_row',
  ],
};

const PUBLISHED_FIGURE: FactTable = {
  table: 'published_figure',
  constraint: 'published_figure_natural_key',
  key: ['subject', 'measure', 'scope_code', 'scope_label', 'topic', 'year', 'publication'],
  columns: [
    'subject',
    'measure',
    'scope_code',
    'scope_label',
    'topic',
    'year',
    'publication',
    'numerator',
    'denominator',
    'denominator_kind',
    'percent',
    'qualifier',
    'note',
    'document',
    'section',
    'page',
    'source_file',
    'source_row',
  ],
  compare: [
    'numerator',
    'denominator',
    'denominator_kind',
    'percent',
    'qualifier',
    'note',
    'document',
    'section',
    'page',
    'source_file',
    'source_row',
  ],
};

/** Staged rows: the file they came from (its index in the publication) and the column values. */
type Staged = [fileOrd: number, ...values: unknown[]];

/**
 * Rows keyed by natural key, the last file's row winning: a publication names each fact once,
 * and ON CONFLICT may not touch one row twice in a statement.
 */
function lastByKey<T>(
  files: readonly ParsedRelease[],
  pick: (r: ParsedRelease) => readonly T[],
  key: (x: T) => string,
) {
  const rows = new Map<string, [number, T]>();
  files.forEach((release, ord) => {
    for (const row of pick(release)) rows.set(key(row), [ord, row]);
  });
  return rows;
}

/**
 * Writes the files of one publication (one file is a publication of one) inside the caller's
 * open transaction, set-based throughout: every fact kind is COPY'd into a temporary staging
 * table once and merged by one statement — answers with history (a revised or withdrawn value
 * is copied to routine_answer_history before it changes), then agreements, plan counts and
 * published figures. Rows that equal the stored ones are not written. Returns the counts per
 * file, in the order given, so the ledger can name each file's share of the run.
 */
export async function loadPublication(
  q: QueryRunner,
  runId: string,
  files: readonly ParsedRelease[],
  onPhase?: PhaseHook,
): Promise<{ files: LoadCounts[]; framesChanged: number }> {
  const counts: LoadCounts[] = files.map((r) => ({
    rowsRead: r.rowsRead,
    skipped: r.skipped.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    withdrawn: 0,
    rejected: r.rejects.length,
  }));
  const staged = files.map(() => 0);
  const tally = (rows: { file_ord: number; inserted?: number; updated?: number; withdrawn?: number }[]) => {
    for (const r of rows) {
      const c = counts[r.file_ord]!;
      c.inserted += r.inserted ?? 0;
      c.updated += r.updated ?? 0;
      c.withdrawn += r.withdrawn ?? 0;
    }
  };

  await onPhase?.('staging');
  await mergeQuestions(q, files);

  const answers = lastByKey(
    files,
    (r) => r.answers,
    (a) => `${a.questionCode}\u0000${a.unit.code}\u0000${a.year}`,
  );
  for (const [ord] of answers.values()) staged[ord]!++;
  if (answers.size) {
    await q.query(`CREATE TEMP TABLE stage_answer (
        file_ord int, question_code varchar(80), unit_code varchar(12), year smallint, answer varchar(12),
        raw_value text, withdrawn boolean, provenance varchar(10), inference_rule text, source_file text,
        source_sheet text, source_row integer, source_column text
      ) ON COMMIT DROP`);
    await copyRows(
      q,
      'stage_answer',
      [
        'file_ord',
        'question_code',
        'unit_code',
        'year',
        'answer',
        'raw_value',
        'withdrawn',
        'provenance',
        'inference_rule',
        'source_file',
        'source_sheet',
        'source_row',
        'source_column',
      ],
      (function* () {
        for (const [ord, a] of answers.values())
          yield [
            ord,
            a.questionCode,
            a.unit.code,
            a.year,
            a.answer,
            a.rawValue,
            a.withdrawn === true,
            a.inferenceRule ? 'INFERRED' : 'OBSERVED',
            a.inferenceRule ?? null,
            a.loc.file,
            a.loc.sheet ?? null,
            a.loc.row ?? null,
            a.loc.column ?? null,
          ];
      })(),
    );
    // A temp table has no statistics until analysed; without them the planner guesses a few
    // rows and picks nested loops over routine_answer for the joins below.
    await q.query('ANALYZE stage_answer');
  }
  const stagedFacts: [FactTable, Map<string, [number, unknown[]]>][] = [
    [AGREEMENT, agreementRows(files)],
    [PLAN_COUNT, planCountRows(files)],
    [PUBLISHED_FIGURE, figureRows(files)],
  ];
  for (const [spec, rows] of stagedFacts) {
    if (!rows.size) continue;
    for (const [ord] of rows.values()) staged[ord]!++;
    await q.query(
      `CREATE TEMP TABLE stage_${spec.table} ON COMMIT DROP AS
         SELECT 0::int AS file_ord, ${spec.columns.join(', ')} FROM ${spec.table} WITH NO DATA`,
    );
    await copyRows(
      q,
      `stage_${spec.table}`,
      ['file_ord', ...spec.columns],
      (function* () {
        for (const [ord, values] of rows.values()) yield [ord, ...values] as Staged;
      })(),
    );
  }

  await onPhase?.('merging');
  if (answers.size) {
    tally(await mergeAnswers(q, runId, files.length > 1));
  }
  for (const [spec, rows] of stagedFacts) if (rows.size) tally(await mergeFacts(q, runId, spec, files.length > 1));

  // Studies, their figures and discrepancies (the publications source), file by file.
  const extra = { ingest_run_id: `${Number(runId)}::bigint` };
  for (const [ord, release] of files.entries()) {
    const c = await loadStudies(q, release, extra);
    counts[ord]!.inserted += c.inserted;
    counts[ord]!.updated += c.updated;
    staged[ord]! += release.studies.length + release.studyFigures.length + release.studyDiscrepancies.length;
  }

  // Each file's frames (the units it covers), after its answers: a frame always holds its respondents.
  let framesChanged = 0;
  for (const release of files) framesChanged += await writeFrames(q, runId, release);

  counts.forEach((c, i) => (c.unchanged = staged[i]! - c.inserted - c.updated - c.withdrawn));
  return { files: counts, framesChanged };
}

/** Questions are metadata: merged (new or changed wording), never counted as changed fact rows. */
async function mergeQuestions(q: QueryRunner, files: readonly ParsedRelease[]): Promise<void> {
  const qs = [
    ...lastByKey(
      files,
      (r) => r.questions,
      (x) => x.code,
    ).values(),
  ].map(([, x]) => x);
  if (!qs.length) return;
  await q.query(
    `INSERT INTO question (question_code, area_code, text, family, answer_scale, asked_of, kolada_kpi_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[])
     ON CONFLICT ON CONSTRAINT question_pkey DO UPDATE SET
       area_code = EXCLUDED.area_code, text = EXCLUDED.text, family = EXCLUDED.family,
       answer_scale = EXCLUDED.answer_scale, asked_of = EXCLUDED.asked_of, kolada_kpi_id = EXCLUDED.kolada_kpi_id
     WHERE (question.area_code, question.text, question.family, question.answer_scale::text, question.asked_of, question.kolada_kpi_id)
       IS DISTINCT FROM (EXCLUDED.area_code, EXCLUDED.text, EXCLUDED.family, EXCLUDED.answer_scale::text, EXCLUDED.asked_of, EXCLUDED.kolada_kpi_id)`,
    [
      qs.map((x) => x.code),
      qs.map((x) => x.areaCode),
      qs.map((x) => x.text),
      qs.map((x) => x.family),
      qs.map((x) => (x.answerScale ? JSON.stringify(x.answerScale) : null)),
      qs.map((x) => x.askedOf),
      qs.map((x) => x.koladaKpiId),
    ],
  );
}

type FileTally = { file_ord: number; inserted?: number; updated?: number; withdrawn?: number };

/**
 * Answers: history first (the current value is kept, with when and by which run it was
 * superseded), then withdrawals, then one upsert that writes only new or different values.
 */
async function mergeAnswers(q: QueryRunner, runId: string, perFile: boolean): Promise<FileTally[]> {
  // A plain join on the natural key: with the staging table analysed, the planner probes the
  // key index for a small release and hashes for a large one.
  await q.query(
    `INSERT INTO routine_answer_history
       (question_code, unit_code, year, answer, raw_value, ingest_run_id, valid_from, valid_to, superseded_by_run_id, change_kind,
        provenance, inference_rule, source_file, source_sheet, source_row, source_column)
     SELECT c.question_code, c.unit_code, c.year, c.answer, c.raw_value, c.ingest_run_id, c.valid_from, now(), $1,
            CASE WHEN s.withdrawn THEN 'WITHDRAWN' ELSE 'REVISED' END,
            c.provenance, c.inference_rule, c.source_file, c.source_sheet, c.source_row, c.source_column
       FROM stage_answer s
       JOIN routine_answer c ON c.question_code = s.question_code AND c.unit_code = s.unit_code AND c.year = s.year
      WHERE s.withdrawn OR (c.answer, c.raw_value, c.provenance, c.inference_rule)
        IS DISTINCT FROM (s.answer, s.raw_value, s.provenance, s.inference_rule)`,
    [runId],
  );
  const out = (await q.query(
    `WITH gone AS (
       DELETE FROM routine_answer c USING stage_answer s
        WHERE s.withdrawn AND s.question_code = c.question_code AND s.unit_code = c.unit_code AND s.year = c.year
        RETURNING s.file_ord)
     SELECT file_ord, count(*)::int AS withdrawn FROM gone GROUP BY file_ord`,
  )) as FileTally[];
  // An answer is revised when its value or its provenance changes (a Nej found to be inferred is a
  // different fact); a value that only moved within the file keeps the location it was read from.
  const written = `INSERT INTO routine_answer (question_code, unit_code, year, answer, raw_value, ingest_run_id, valid_from,
         provenance, inference_rule, source_file, source_sheet, source_row, source_column)
       SELECT question_code, unit_code, year, answer, raw_value, $1, now(),
         provenance, inference_rule, source_file, source_sheet, source_row, source_column
       FROM stage_answer WHERE NOT withdrawn
       ON CONFLICT ON CONSTRAINT routine_answer_natural_key DO UPDATE
         SET answer = EXCLUDED.answer, raw_value = EXCLUDED.raw_value, ingest_run_id = EXCLUDED.ingest_run_id, valid_from = EXCLUDED.valid_from,
           provenance = EXCLUDED.provenance, inference_rule = EXCLUDED.inference_rule, source_file = EXCLUDED.source_file,
           source_sheet = EXCLUDED.source_sheet, source_row = EXCLUDED.source_row, source_column = EXCLUDED.source_column
       WHERE (routine_answer.answer, routine_answer.raw_value, routine_answer.provenance, routine_answer.inference_rule)
         IS DISTINCT FROM (EXCLUDED.answer, EXCLUDED.raw_value, EXCLUDED.provenance, EXCLUDED.inference_rule)
       RETURNING question_code, unit_code, year, (xmax = 0) AS is_insert`;
  out.push(
    ...((await q.query(
      perFile
        ? `WITH written AS (${written})
           SELECT s.file_ord, count(*) FILTER (WHERE w.is_insert)::int AS inserted, count(*) FILTER (WHERE NOT w.is_insert)::int AS updated
             FROM written w JOIN stage_answer s ON s.question_code = w.question_code AND s.unit_code = w.unit_code AND s.year = w.year
            GROUP BY s.file_ord`
        : `WITH written AS (${written})
           SELECT 0 AS file_ord, count(*) FILTER (WHERE is_insert)::int AS inserted, count(*) FILTER (WHERE NOT is_insert)::int AS updated FROM written`,
      [runId],
    )) as FileTally[]),
  );
  return out;
}

/**
 * One upsert from the staging table; a row is written only if it is new or differs. jsonb
 * columns are compared as text (their canonical form), which is equality for jsonb and avoids
 * comparing the parsed structures row by row.
 */
async function mergeFacts(q: QueryRunner, runId: string, spec: FactTable, perFile: boolean): Promise<FileTally[]> {
  const cols = spec.columns.join(', ');
  const set = [...spec.columns, 'ingest_run_id'].map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const cmp = (t: string) => spec.compare.map((c) => (c === 'flags' ? `${t}.${c}::text` : `${t}.${c}`)).join(', ');
  const written = `INSERT INTO ${spec.table} (${cols}, ingest_run_id)
      SELECT ${cols}, $1::bigint FROM stage_${spec.table}
      ON CONFLICT ON CONSTRAINT ${spec.constraint} DO UPDATE SET ${set}
      WHERE (${cmp(spec.table)}) IS DISTINCT FROM (${cmp('EXCLUDED')})
      RETURNING ${spec.key.join(', ')}, (xmax = 0) AS is_insert`;
  // Key columns may be NULL, but `IS NOT DISTINCT FROM` cannot be hashed and made this join a nested loop
  // (seconds for a few thousand agreements). A record's text form keeps NULL and '' apart, so
  // comparing it is the same test as a hashable equality.
  const keyText = (t: string) => `ROW(${spec.key.map((k) => `${t}.${k}`).join(', ')})::text`;
  const joinOn = `${keyText('s')} = ${keyText('w')}`;
  return (await q.query(
    perFile
      ? `WITH written AS (${written})
         SELECT s.file_ord, count(*) FILTER (WHERE w.is_insert)::int AS inserted, count(*) FILTER (WHERE NOT w.is_insert)::int AS updated
           FROM written w JOIN stage_${spec.table} s ON ${joinOn} GROUP BY s.file_ord`
      : `WITH written AS (${written})
         SELECT 0 AS file_ord, count(*) FILTER (WHERE is_insert)::int AS inserted, count(*) FILTER (WHERE NOT is_insert)::int AS updated FROM written`,
    [runId],
  )) as FileTally[];
}

function agreementRows(files: readonly ParsedRelease[]): Map<string, [number, unknown[]]> {
  const rows = lastByKey(
    files,
    (r) => r.agreements,
    (a) => [a.unit.code, a.year, a.level, a.topic].join('\u0000'),
  );
  return new Map(
    [...rows].map(([k, [ord, a]]) => [
      k,
      [ord, [a.unit.code, a.year, a.level, a.topic, a.status, a.jointGoals, JSON.stringify(a.flags), a.rawStatus]],
    ]),
  );
}

function planCountRows(files: readonly ParsedRelease[]): Map<string, [number, unknown[]]> {
  const scopeKey = (p: ParsedRelease['planCounts'][number]) => (p.unit ? p.unit.code : `scope:${p.scopeLabel}`);
  const rows = lastByKey(
    files,
    (r) => r.planCounts,
    (p) => [scopeKey(p), p.periodStart, p.periodEnd, p.planType, p.measure, p.principal, p.sourceSystem].join('\u0000'),
  );
  return new Map(
    [...rows].map(([k, [ord, p]]) => [
      k,
      [
        ord,
        [
          scopeKey(p),
          p.periodStart,
          p.periodEnd,
          p.planType,
          p.measure,
          p.principal,
          p.sourceSystem,
          p.unit?.code ?? null,
          p.scopeLabel,
          p.year,
          p.value,
          p.n,
          p.countingNote,
          p.rawValue,
          p.missingReason ?? (p.value === null ? 'NO_RESPONSE' : null),
          p.regionCode ?? null,
          p.coverage?.sampleUnits ?? null,
          p.coverage?.frameUnits ?? null,
          p.coverage?.note ?? null,
          p.studyKey ?? null,
          ...citationValues(p),
        ],
      ],
    ]),
  );
}

function figureRows(files: readonly ParsedRelease[]): Map<string, [number, unknown[]]> {
  const rows = lastByKey(
    files,
    (r) => r.figures,
    (f) =>
      [f.subject, f.measure, f.scope.code, f.scopeLabel ?? '', f.topic ?? '', f.year, f.publication].join('\u0000'),
  );
  return new Map(
    [...rows].map(([k, [ord, f]]) => [
      k,
      [
        ord,
        [
          f.subject,
          f.measure,
          f.scope.code,
          f.scopeLabel ?? '',
          f.topic ?? '',
          f.year,
          f.publication,
          f.numerator,
          f.denominator,
          f.denominatorKind,
          f.percent,
          f.qualifier,
          f.note,
          ...citationValues(f),
        ],
      ],
    ]),
  );
}

/** Citation and provenance of a typed-in fact: document, section, page, file and row. */
function citationValues(r: { citation?: Citation | null; loc: SourceLocation }): unknown[] {
  return [
    r.citation?.document ?? null,
    r.citation?.section ?? null,
    r.citation?.page ?? null,
    r.loc.file,
    r.loc.row ?? null,
  ];
}
