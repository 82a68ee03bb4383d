import type { QueryRunner } from 'typeorm';
import type { LoadCounts } from '../ledger.js';
import type {
  AgreementRecord,
  AnswerRecord,
  Citation,
  ParsedRelease,
  PlanCountRecord,
  PublishedFigureRecord,
  QuestionRecord,
  SourceLocation,
} from '../release.js';
import { copyField, copyLines } from './copy.js';
import { writeFrames } from './frames.js';
import { clearPairs, refreshScopeCounts, touchPairs } from './scope-counts.js';
import { loadStudies } from './studies-loader.js';

/** Called between load steps; the kill tests use it to stop a run at a known point. */
export type PhaseHook = (phase: 'staging' | 'merging' | 'committing') => void | Promise<void>;

/**
 * One column of a staging table, described once: its name, its SQL type (the target table's)
 * and how a parsed row gives its value. `key` marks the natural key; every other column of a
 * fact table is compared, and only a row whose compared columns differ is written.
 */
interface StagedColumn<T> {
  column: string;
  type: string;
  value: (row: T) => unknown;
  key?: true;
}

/** A fact kind as staged and merged: its table, natural-key constraint, rows and columns. */
interface FactTable<T> {
  table: string;
  constraint: string;
  rows: (release: ParsedRelease) => readonly T[];
  columns: StagedColumn<T>[];
}

/** Citation and provenance of a typed-in fact: document, section, page, file and row. */
function citationColumns<T extends { citation?: Citation | null; loc: SourceLocation }>(): StagedColumn<T>[] {
  return [
    { column: 'document', type: 'text', value: (r) => r.citation?.document ?? null },
    { column: 'section', type: 'text', value: (r) => r.citation?.section ?? null },
    { column: 'page', type: 'text', value: (r) => r.citation?.page ?? null },
    { column: 'source_file', type: 'text', value: (r) => r.loc.file },
    { column: 'source_row', type: 'integer', value: (r) => r.loc.row ?? null },
  ];
}

const ANSWER_COLUMNS: StagedColumn<AnswerRecord>[] = [
  { column: 'question_code', type: 'varchar(80)', value: (a) => a.questionCode, key: true },
  { column: 'unit_code', type: 'varchar(12)', value: (a) => a.unit.code, key: true },
  { column: 'year', type: 'smallint', value: (a) => a.year, key: true },
  { column: 'answer', type: 'varchar(12)', value: (a) => a.answer },
  { column: 'raw_value', type: 'text', value: (a) => a.rawValue },
  { column: 'withdrawn', type: 'boolean', value: (a) => a.withdrawn === true },
  { column: 'provenance', type: 'varchar(10)', value: (a) => (a.inferenceRule ? 'INFERRED' : 'OBSERVED') },
  { column: 'inference_rule', type: 'text', value: (a) => a.inferenceRule ?? null },
  { column: 'source_file', type: 'text', value: (a) => a.loc.file },
  { column: 'source_sheet', type: 'text', value: (a) => a.loc.sheet ?? null },
  { column: 'source_row', type: 'integer', value: (a) => a.loc.row ?? null },
  { column: 'source_column', type: 'text', value: (a) => a.loc.column ?? null },
];

/** The columns of a new answer after its value and run (provenance and source location). */
const NEW_ANSWER_COLUMNS = ANSWER_COLUMNS.filter((c) =>
  ['provenance', 'inference_rule', 'source_file', 'source_sheet', 'source_row', 'source_column'].includes(c.column),
);

/** The coded flags (true or false) as JSON text; a flag not coded (null) is left out. */
function codedFlags(flags: AgreementRecord['flags']): string {
  // Copied rather than stringified with a replacer, which calls back per key: 3× slower.
  const coded: Record<string, boolean> = {};
  for (const flag in flags) {
    const value = flags[flag];
    if (value !== null && value !== undefined) coded[flag] = value;
  }
  return JSON.stringify(coded);
}

const AGREEMENT: FactTable<AgreementRecord> = {
  table: 'agreement',
  constraint: 'agreement_natural_key',
  rows: (r) => r.agreements,
  columns: [
    { column: 'unit_code', type: 'varchar(12)', value: (a) => a.unit.code, key: true },
    { column: 'year', type: 'smallint', value: (a) => a.year, key: true },
    { column: 'level', type: 'varchar(8)', value: (a) => a.level, key: true },
    { column: 'topic', type: 'varchar(40)', value: (a) => a.topic, key: true },
    { column: 'status', type: 'varchar(12)', value: (a) => a.status },
    { column: 'joint_goals', type: 'varchar(8)', value: (a) => a.jointGoals },
    // jsonb compared as text (its canonical form): equality without comparing parsed structures.
    // A flag not coded is left out rather than stored as null: `flags ->> flag` reads NULL
    // either way, and a row is a fifth of the text to send, parse and write (migration
    // 1764800000001).
    { column: 'flags', type: 'jsonb', value: (a) => codedFlags(a.flags) },
    { column: 'raw_status', type: 'text', value: (a) => a.rawStatus },
  ],
};

/** A plan count of one unit is keyed by its code, one of a wider scope by its label. */
const planScopeKey = (p: PlanCountRecord) => (p.unit ? p.unit.code : `scope:${p.scopeLabel}`);

const PLAN_COUNT: FactTable<PlanCountRecord> = {
  table: 'plan_count',
  constraint: 'plan_count_natural_key',
  rows: (r) => r.planCounts,
  columns: [
    { column: 'scope_key', type: 'text', value: planScopeKey, key: true },
    { column: 'period_start', type: 'date', value: (p) => p.periodStart, key: true },
    { column: 'period_end', type: 'date', value: (p) => p.periodEnd, key: true },
    { column: 'plan_type', type: 'varchar(30)', value: (p) => p.planType, key: true },
    { column: 'measure', type: 'varchar(80)', value: (p) => p.measure, key: true },
    { column: 'principal', type: 'varchar(12)', value: (p) => p.principal, key: true },
    { column: 'source_system', type: 'varchar(30)', value: (p) => p.sourceSystem, key: true },
    { column: 'unit_code', type: 'varchar(12)', value: (p) => p.unit?.code ?? null },
    { column: 'scope_label', type: 'text', value: (p) => p.scopeLabel },
    { column: 'year', type: 'smallint', value: (p) => p.year },
    { column: 'value', type: 'numeric', value: (p) => p.value },
    { column: 'n', type: 'integer', value: (p) => p.n },
    { column: 'counting_note', type: 'text', value: (p) => p.countingNote },
    { column: 'raw_value', type: 'text', value: (p) => p.rawValue },
    {
      column: 'missing_reason',
      type: 'varchar(20)',
      value: (p) => p.missingReason ?? (p.value === null ? 'NO_RESPONSE' : null),
    },
    { column: 'region_code', type: 'char(2)', value: (p) => p.regionCode ?? null },
    { column: 'sample_units', type: 'integer', value: (p) => p.coverage?.sampleUnits ?? null },
    { column: 'frame_units', type: 'integer', value: (p) => p.coverage?.frameUnits ?? null },
    { column: 'coverage_note', type: 'text', value: (p) => p.coverage?.note ?? null },
    { column: 'study_key', type: 'text', value: (p) => p.studyKey ?? null },
    ...citationColumns<PlanCountRecord>(),
  ],
};

const PUBLISHED_FIGURE: FactTable<PublishedFigureRecord> = {
  table: 'published_figure',
  constraint: 'published_figure_natural_key',
  rows: (r) => r.figures,
  columns: [
    { column: 'subject', type: 'varchar(24)', value: (f) => f.subject, key: true },
    { column: 'measure', type: 'varchar(120)', value: (f) => f.measure, key: true },
    { column: 'scope_code', type: 'varchar(12)', value: (f) => f.scope.code, key: true },
    { column: 'scope_label', type: 'text', value: (f) => f.scopeLabel ?? '', key: true },
    { column: 'topic', type: 'varchar(40)', value: (f) => f.topic ?? '', key: true },
    { column: 'year', type: 'smallint', value: (f) => f.year, key: true },
    { column: 'publication', type: 'text', value: (f) => f.publication, key: true },
    { column: 'numerator', type: 'numeric', value: (f) => f.numerator },
    { column: 'denominator', type: 'numeric', value: (f) => f.denominator },
    { column: 'denominator_kind', type: 'text', value: (f) => f.denominatorKind },
    { column: 'percent', type: 'numeric', value: (f) => f.percent },
    { column: 'qualifier', type: 'text', value: (f) => f.qualifier },
    { column: 'note', type: 'text', value: (f) => f.note },
    ...citationColumns<PublishedFigureRecord>(),
  ],
};

/** The rows of one fact kind, one per natural key, with the file (its index in the run) each came from. */
interface Keyed<T> {
  rows: T[];
  ords: number[];
}

/**
 * Rows keyed by natural key (the values of the columns marked `key`), the last file's row
 * winning: a publication names each fact once, and ON CONFLICT may not touch one row twice in
 * a statement. In the order each key was first seen.
 */
function lastByKey<T>(
  files: readonly ParsedRelease[],
  pick: (r: ParsedRelease) => readonly T[],
  columns: readonly StagedColumn<T>[],
): Keyed<T> {
  const keyValues = columns.filter((c) => c.key).map((c) => c.value);
  const last = keyValues.length - 1;
  // One map level per key column, keyed by the value itself (undefined read as NULL): no key
  // string is built per row, and the values (question and unit codes, years) are mostly the
  // same few objects, whose hashes V8 keeps. Rows and files are parallel arrays rather than a
  // pair per row. A full load keys 400 k rows: a concatenated string key per row cost three
  // times as much, most of it in the garbage collector.
  const index = new Map<unknown, unknown>();
  const keyed: Keyed<T> = { rows: [], ords: [] };
  files.forEach((release, ord) => {
    for (const row of pick(release)) {
      let level = index;
      for (let i = 0; i < last; i++) {
        const v = keyValues[i]!(row) ?? null;
        let next = level.get(v) as Map<unknown, unknown> | undefined;
        if (next === undefined) level.set(v, (next = new Map()));
        level = next;
      }
      const v = keyValues[last]!(row) ?? null;
      const at = level.get(v) as number | undefined;
      if (at === undefined) {
        level.set(v, keyed.rows.length);
        keyed.rows.push(row);
        keyed.ords.push(ord);
      } else {
        keyed.rows[at] = row;
        keyed.ords[at] = ord;
      }
    }
  });
  return keyed;
}

/**
 * Empties staging table `stage_<name>` (STAGING_TABLES) and COPYs the rows into it. TRUNCATE
 * locks the table until the run commits or rolls back, so a second run waits rather than mixes
 * its rows in; what a committed run left behind is emptied by the next.
 */
async function stage<T>(
  q: QueryRunner,
  name: string,
  columns: readonly StagedColumn<T>[],
  keyed: Keyed<T>,
): Promise<void> {
  await q.query(`TRUNCATE stage_${name}`);
  const values = columns.map((c) => c.value);
  await copyLines(
    q,
    `stage_${name}`,
    ['file_ord', ...columns.map((c) => c.column)],
    (function* () {
      // One COPY line per row, written straight from the row: no array of values per row.
      const { rows, ords } = keyed;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        let line = `${ords[i]!}`;
        for (const value of values) line += `\t${copyField(value(row))}`;
        yield `${line}\n`;
      }
    })(),
  );
}

/**
 * The staging tables (migration 1764700000000) and the columns each is COPY'd with, after
 * `file_ord`. They are permanent UNLOGGED tables, emptied by TRUNCATE when a run stages into
 * them, not temporary ones: the first temporary table a new database session creates makes
 * PostgreSQL drop the cached plans of every other session, so each nightly ingest (a new
 * session) made every API connection re-plan its statements on the next requests.
 * tests/integration/staging-tables.test.ts checks the tables against these columns.
 */
export const STAGING_TABLES = {
  stage_answer: ANSWER_COLUMNS,
  stage_agreement: AGREEMENT.columns,
  stage_plan_count: PLAN_COUNT.columns,
  stage_published_figure: PUBLISHED_FIGURE.columns,
} as const;

/**
 * Writes the files of one publication (one file is a publication of one) inside the caller's
 * open transaction, set-based throughout: every fact kind is COPY'd into its staging table
 * (STAGING_TABLES) once and merged by one statement — answers with history (a revised or withdrawn value
 * is copied to routine_answer_history before it changes), then agreements, plan counts and
 * published figures. Rows that equal the stored ones are not written. Returns the counts per
 * file, in the order given, so the ledger can name each file's share of the run, how many
 * frames changed and how many answers were written (for the statistics, pipeline.ts).
 */
export async function loadPublication(
  q: QueryRunner,
  runId: string,
  files: readonly ParsedRelease[],
  onPhase?: PhaseHook,
): Promise<{ files: LoadCounts[]; framesChanged: number; answersWritten: number }> {
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
  // Pairs whose stored share counts must be recomputed before commit (scope-counts.ts).
  await clearPairs(q);
  let countsTouched = await mergeQuestions(q, files);

  const answers = lastByKey(files, (r) => r.answers, ANSWER_COLUMNS);
  for (const ord of answers.ords) staged[ord]!++;
  // A first load of every (question, year) it holds (a new survey year) has nothing to compare
  // with and no history to keep: its answers are COPY'd straight into routine_answer.
  const firstLoad = answers.rows.length > 0 && (await answersAreFirstLoad(q, answers.rows));
  if (answers.rows.length && !firstLoad) {
    await stage(q, 'answer', ANSWER_COLUMNS, answers);
  }
  // The merge of each fact kind that staged rows, run after the answers'.
  const factMerges: (() => Promise<FileTally[]>)[] = [];
  const stageFacts = async <T>(spec: FactTable<T>) => {
    const rows = lastByKey(files, spec.rows, spec.columns);
    if (!rows.rows.length) return;
    for (const ord of rows.ords) staged[ord]!++;
    await stage(q, spec.table, spec.columns, rows);
    factMerges.push(() => mergeFacts(q, runId, spec, files.length > 1));
  };
  await stageFacts(AGREEMENT);
  await stageFacts(PLAN_COUNT);
  await stageFacts(PUBLISHED_FIGURE);

  await onPhase?.('merging');
  let answersWritten = 0;
  if (answers.rows.length) {
    const answerTally = firstLoad ? await copyFirstLoad(q, runId, answers) : await mergeAnswers(q, runId);
    tally(answerTally);
    answersWritten = answerTally.reduce((n, t) => n + (t.inserted ?? 0) + (t.updated ?? 0) + (t.withdrawn ?? 0), 0);
    if (answersWritten > 0) countsTouched = true;
  }
  for (const merge of factMerges) tally(await merge());

  // Studies, their figures and discrepancies (the publications source), file by file.
  const extra = { ingest_run_id: `${Number(runId)}::bigint` };
  for (const [ord, release] of files.entries()) {
    const c = await loadStudies(q, release, extra);
    counts[ord]!.inserted += c.inserted;
    counts[ord]!.updated += c.updated;
    staged[ord]! += release.studies.length + release.studyFigures.length + release.studyDiscrepancies.length;
  }

  // The files' frames (the units each covers), after the answers: a frame always holds its respondents.
  const framesChanged = await writeFrames(q, runId, files);
  // The stored share counts of every pair whose answers, frames or question changed, in this
  // transaction: a reader never sees counts out of step with the answers.
  if (countsTouched || framesChanged > 0) await refreshScopeCounts(q, runId);

  counts.forEach((c, i) => (c.unchanged = staged[i]! - c.inserted - c.updated - c.withdrawn));
  return { files: counts, framesChanged, answersWritten };
}

const QUESTION_KEY: StagedColumn<QuestionRecord>[] = [
  { column: 'question_code', type: 'varchar(80)', value: (x) => x.code, key: true },
];

/**
 * Questions are metadata: merged (new or changed wording), never counted as changed fact rows.
 * A changed question (its askedOf decides NOT_ASKED) marks its stored share counts for
 * refresh; returns whether it did.
 */
async function mergeQuestions(q: QueryRunner, files: readonly ParsedRelease[]): Promise<boolean> {
  const qs = lastByKey(files, (r) => r.questions, QUESTION_KEY).rows;
  if (!qs.length) return false;
  const changed = (await q.query(
    `INSERT INTO question (question_code, area_code, text, family, answer_scale, asked_of, kolada_kpi_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[])
     ON CONFLICT ON CONSTRAINT question_pkey DO UPDATE SET
       area_code = EXCLUDED.area_code, text = EXCLUDED.text, family = EXCLUDED.family,
       answer_scale = EXCLUDED.answer_scale, asked_of = EXCLUDED.asked_of, kolada_kpi_id = EXCLUDED.kolada_kpi_id
     WHERE (question.area_code, question.text, question.family, question.answer_scale::text, question.asked_of, question.kolada_kpi_id)
       IS DISTINCT FROM (EXCLUDED.area_code, EXCLUDED.text, EXCLUDED.family, EXCLUDED.answer_scale::text, EXCLUDED.asked_of, EXCLUDED.kolada_kpi_id)
     RETURNING question_code`,
    [
      qs.map((x) => x.code),
      qs.map((x) => x.areaCode),
      qs.map((x) => x.text),
      qs.map((x) => x.family),
      qs.map((x) => (x.answerScale ? JSON.stringify(x.answerScale) : null)),
      qs.map((x) => x.askedOf),
      qs.map((x) => x.koladaKpiId),
    ],
  )) as { question_code: string }[];
  if (!changed.length) return false;
  await touchPairs(q, 'SELECT question_code, year FROM routine_scope_count WHERE question_code = ANY($1::text[])', [
    changed.map((c) => c.question_code),
  ]);
  return true;
}

type FileTally = { file_ord: number; inserted?: number; updated?: number; withdrawn?: number };

/** The distinct (question, year) pairs of keyed answers, as two parallel arrays. */
function answerPairs(answers: Iterable<AnswerRecord>): { questions: string[]; years: number[] } {
  // Years by question: no key string per answer.
  const yearsOf = new Map<string, Set<number>>();
  for (const a of answers) {
    let years = yearsOf.get(a.questionCode);
    if (years === undefined) yearsOf.set(a.questionCode, (years = new Set()));
    years.add(a.year);
  }
  const questions: string[] = [];
  const years: number[] = [];
  for (const [question, ys] of yearsOf)
    for (const year of ys) {
      questions.push(question);
      years.push(year);
    }
  return { questions, years };
}

/**
 * Whether no (question, year) pair of the answers has a stored answer: one index probe per
 * pair. (A pair cannot gain rows before the load writes: ingest holds its advisory lock.)
 */
async function answersAreFirstLoad(q: QueryRunner, answers: readonly AnswerRecord[]): Promise<boolean> {
  const { questions, years } = answerPairs(answers);
  const [{ stored }] = (await q.query(
    `SELECT EXISTS (SELECT 1 FROM unnest($1::text[], $2::smallint[]) p(question_code, year)
       WHERE EXISTS (SELECT 1 FROM routine_answer r WHERE r.question_code = p.question_code AND r.year = p.year)) AS stored`,
    [questions, years],
  )) as [{ stored: boolean }];
  return !stored;
}

/**
 * The first load of (question, year) pairs without a stored answer: every answer that is not
 * withdrawn is new, so the rows are COPY'd straight into routine_answer — no staging table,
 * nothing to compare, no history (withdrawing an answer never stored changes nothing) — with
 * the same values the merge would insert (valid_from is the transaction's now()). The pairs
 * are marked for the stored share counts' refresh. Returns the rows written per file.
 */
async function copyFirstLoad(q: QueryRunner, runId: string, answers: Keyed<AnswerRecord>): Promise<FileTally[]> {
  // now() as text in this session's own format reads back as the same instant.
  const [{ now }] = (await q.query('SELECT now()::text AS now')) as [{ now: string }];
  const run = `${Number(runId)}`;
  const validFrom = copyField(now);
  const inserted = new Map<number, number>();
  const written: AnswerRecord[] = [];
  await copyLines(
    q,
    'routine_answer',
    [
      'question_code',
      'unit_code',
      'year',
      'answer',
      'raw_value',
      'ingest_run_id',
      'valid_from',
      ...NEW_ANSWER_COLUMNS.map((c) => c.column),
    ],
    (function* () {
      const { rows, ords } = answers;
      for (let i = 0; i < rows.length; i++) {
        const a = rows[i]!;
        const ord = ords[i]!;
        if (a.withdrawn === true) continue;
        written.push(a);
        inserted.set(ord, (inserted.get(ord) ?? 0) + 1);
        let line = `${copyField(a.questionCode)}\t${copyField(a.unit.code)}\t${a.year}\t${copyField(a.answer)}\t${copyField(a.rawValue)}\t${run}\t${validFrom}`;
        for (const c of NEW_ANSWER_COLUMNS) line += `\t${copyField(c.value(a))}`;
        yield `${line}\n`;
      }
    })(),
  );
  if (written.length) {
    const { questions, years } = answerPairs(written);
    await q.query(
      'INSERT INTO scope_count_pair (question_code, year) SELECT * FROM unnest($1::text[], $2::smallint[])',
      [questions, years],
    );
  }
  return [...inserted].map(([file_ord, n]) => ({ file_ord, inserted: n }));
}

/**
 * Answers, in one statement: the staged rows are compared with the current ones of their
 * (question, year) pairs, and only what differs is written — a new key inserted, a revised or
 * withdrawn value copied to routine_answer_history (with when and by which run it was
 * superseded) and then updated or deleted. An answer is revised when its value or its
 * provenance changes (a Nej found to be inferred is a different fact); a value that only moved
 * within the file keeps the location it was read from. The (question, year) pairs of the
 * rows written are marked for the stored share counts' refresh (scope-counts.ts). Returns the
 * rows written per file.
 */
async function mergeAnswers(q: QueryRunner, runId: string): Promise<FileTally[]> {
  // Why this shape (measured on a yearly release of 23 k rows into 322 k):
  // - the current rows are read one index range per staged (question, year) pair; a join on
  //   the natural key hashed the whole table (400 ms even when the year was new);
  // - revised and withdrawn rows are found by id with a key array (an index probe each),
  //   which a join against the CTE could turn into a scan of the table;
  // - new keys are a plain INSERT, without ON CONFLICT's speculative insertion: a key absent
  //   from the current rows cannot appear meanwhile, because ingest holds its advisory lock
  //   (and a unique violation would only fail the run).
  return (await q.query(
    `WITH pairs AS (SELECT DISTINCT question_code, year FROM stage_answer),
     stored AS MATERIALIZED (
       SELECT r.* FROM pairs p
       CROSS JOIN LATERAL (SELECT * FROM routine_answer r WHERE r.question_code = p.question_code AND r.year = p.year OFFSET 0) r),
     diff AS MATERIALIZED (
       SELECT s.*, c.id AS stored_id, c.answer AS stored_answer, c.raw_value AS stored_raw_value,
         c.ingest_run_id AS stored_run_id, c.valid_from AS stored_valid_from, c.provenance AS stored_provenance,
         c.inference_rule AS stored_inference_rule, c.source_file AS stored_source_file, c.source_sheet AS stored_source_sheet,
         c.source_row AS stored_source_row, c.source_column AS stored_source_column
       FROM stage_answer s
       LEFT JOIN stored c ON c.question_code = s.question_code AND c.unit_code = s.unit_code AND c.year = s.year
       WHERE CASE WHEN c.id IS NULL THEN NOT s.withdrawn
         ELSE s.withdrawn OR (c.answer, c.raw_value, c.provenance, c.inference_rule)
           IS DISTINCT FROM (s.answer, s.raw_value, s.provenance, s.inference_rule) END),
     replaced AS (SELECT * FROM diff WHERE stored_id IS NOT NULL),
     history AS (
       INSERT INTO routine_answer_history (question_code, unit_code, year, answer, raw_value, ingest_run_id, valid_from,
         valid_to, superseded_by_run_id, change_kind, provenance, inference_rule, source_file, source_sheet, source_row, source_column)
       SELECT question_code, unit_code, year, stored_answer, stored_raw_value, stored_run_id, stored_valid_from,
         now(), $1, CASE WHEN withdrawn THEN 'WITHDRAWN' ELSE 'REVISED' END, stored_provenance, stored_inference_rule,
         stored_source_file, stored_source_sheet, stored_source_row, stored_source_column
       FROM replaced),
     gone AS (DELETE FROM routine_answer r WHERE r.id = ANY (ARRAY(SELECT stored_id FROM replaced WHERE withdrawn))),
     revised AS (
       UPDATE routine_answer r SET answer = d.answer, raw_value = d.raw_value, ingest_run_id = $1, valid_from = now(),
         provenance = d.provenance, inference_rule = d.inference_rule, source_file = d.source_file,
         source_sheet = d.source_sheet, source_row = d.source_row, source_column = d.source_column
       FROM replaced d
       WHERE r.id = ANY (ARRAY(SELECT stored_id FROM replaced WHERE NOT withdrawn)) AND r.id = d.stored_id AND NOT d.withdrawn),
     added AS (
       INSERT INTO routine_answer (question_code, unit_code, year, answer, raw_value, ingest_run_id, valid_from,
         provenance, inference_rule, source_file, source_sheet, source_row, source_column)
       SELECT question_code, unit_code, year, answer, raw_value, $1, now(),
         provenance, inference_rule, source_file, source_sheet, source_row, source_column
       FROM diff WHERE stored_id IS NULL),
     touched AS (INSERT INTO scope_count_pair (question_code, year) SELECT DISTINCT question_code, year FROM diff)
     SELECT file_ord, count(*) FILTER (WHERE stored_id IS NULL)::int AS inserted,
       count(*) FILTER (WHERE stored_id IS NOT NULL AND NOT withdrawn)::int AS updated,
       count(*) FILTER (WHERE withdrawn)::int AS withdrawn
     FROM diff GROUP BY file_ord`,
    [runId],
  )) as FileTally[];
}

/**
 * One upsert from the staging table; a row is written only if it is new or differs. jsonb
 * columns are compared as text (their canonical form), which is equality for jsonb and avoids
 * comparing the parsed structures row by row.
 */
async function mergeFacts<T>(
  q: QueryRunner,
  runId: string,
  spec: FactTable<T>,
  perFile: boolean,
): Promise<FileTally[]> {
  const columns = spec.columns.map((c) => c.column);
  const key = spec.columns.filter((c) => c.key).map((c) => c.column);
  const compare = spec.columns.filter((c) => !c.key);
  const cols = columns.join(', ');
  const set = [...columns, 'ingest_run_id'].map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const cmp = (t: string) =>
    compare.map((c) => (c.type === 'jsonb' ? `${t}.${c.column}::text` : `${t}.${c.column}`)).join(', ');
  const written = `INSERT INTO ${spec.table} (${cols}, ingest_run_id)
      SELECT ${cols}, $1::bigint FROM stage_${spec.table}
      ON CONFLICT ON CONSTRAINT ${spec.constraint} DO UPDATE SET ${set}
      WHERE (${cmp(spec.table)}) IS DISTINCT FROM (${cmp('EXCLUDED')})
      RETURNING ${key.join(', ')}, (xmax = 0) AS is_insert`;
  // Key columns may be NULL, but `IS NOT DISTINCT FROM` cannot be hashed and made this join a nested loop
  // (seconds for a few thousand agreements). A record's text form keeps NULL and '' apart, so
  // comparing it is the same test as a hashable equality.
  const keyText = (t: string) => `ROW(${key.map((k) => `${t}.${k}`).join(', ')})::text`;
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
