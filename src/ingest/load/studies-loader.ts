import type { QueryRunner } from 'typeorm';
import { describeLocation, type ParsedRelease, type SourceLocation } from '../release.js';
import { upsertRows, type UpsertCounts } from './upsert.js';

/** Citation and provenance columns of every typed-in study row. */
const CITATION = [
  { name: 'document', type: 'text' },
  { name: 'section', type: 'text' },
  { name: 'page', type: 'text' },
  { name: 'source_file', type: 'text' },
  { name: 'source_row', type: 'int' },
];
const CITATION_NAMES = CITATION.map((c) => c.name);

function citationValues(
  records: readonly {
    citation: { document: string; section: string | null; page: string | null };
    loc: SourceLocation;
  }[],
): unknown[][] {
  return [
    records.map((r) => r.citation.document),
    records.map((r) => r.citation.section),
    records.map((r) => r.citation.page),
    records.map((r) => r.loc.file),
    records.map((r) => r.loc.row ?? null),
  ];
}

/**
 * A figure or discrepancy names its study by key; the study comes from another file (the
 * studies table), so the reference is checked here, inside the release's transaction, and
 * refused with the file and row of the first row naming an unknown study — before the foreign
 * key would refuse it without saying where.
 */
async function checkStudiesKnown(q: QueryRunner, release: ParsedRelease): Promise<void> {
  const rows = [...release.studyFigures, ...release.studyDiscrepancies];
  if (rows.length === 0) return;
  const keys = [...new Set(rows.map((r) => r.studyKey))];
  const known = (await q.query(
    `SELECT study_key FROM study WHERE study_key = ANY($1::text[])
     UNION SELECT k FROM unnest($2::text[]) k`,
    [keys, release.studies.map((s) => s.key)],
  )) as { study_key: string }[];
  const knownKeys = new Set(known.map((k) => k.study_key));
  const first = rows.find((r) => !knownKeys.has(r.studyKey));
  if (first) {
    throw new Error(
      `${describeLocation({ ...first.loc, column: 'study' })}: unknown study "${first.studyKey}" (load its studies table first)`,
    );
  }
}

/** Writes a release's studies, study figures and discrepancies (set-based upserts on their natural keys). */
export async function loadStudies(
  q: QueryRunner,
  release: ParsedRelease,
  extra: Record<string, string>,
): Promise<UpsertCounts> {
  const totals: UpsertCounts = { inserted: 0, updated: 0 };
  const add = (c: UpsertCounts) => {
    totals.inserted += c.inserted;
    totals.updated += c.updated;
  };
  const st = release.studies;
  add(
    await upsertRows(
      q,
      {
        table: 'study',
        constraint: 'study_pkey',
        columns: [
          { name: 'study_key', type: 'text' },
          { name: 'kind', type: 'text' },
          { name: 'title', type: 'text' },
          { name: 'publication', type: 'text' },
          { name: 'region_code', type: 'text' },
          { name: 'unit_code', type: 'text' },
          { name: 'scope_label', type: 'text' },
          { name: 'period', type: 'text' },
          { name: 'reference_date', type: 'date' },
          { name: 'note', type: 'text' },
          ...CITATION,
        ],
        compare: [
          'kind',
          'title',
          'publication',
          'region_code',
          'unit_code',
          'scope_label',
          'period',
          'reference_date',
          'note',
          ...CITATION_NAMES,
        ],
        extra,
      },
      [
        st.map((s) => s.key),
        st.map((s) => s.kind),
        st.map((s) => s.title),
        st.map((s) => s.publication),
        st.map((s) => s.regionCode),
        st.map((s) => s.unitCode),
        st.map((s) => s.scopeLabel),
        st.map((s) => s.period),
        st.map((s) => s.referenceDate),
        st.map((s) => s.note),
        ...citationValues(st),
      ],
    ),
  );
  await checkStudiesKnown(q, release);
  const fg = release.studyFigures;
  add(
    await upsertRows(
      q,
      {
        table: 'study_figure',
        constraint: 'study_figure_natural_key',
        columns: [
          { name: 'study_key', type: 'text' },
          { name: 'item', type: 'text' },
          { name: 'item_text', type: 'text' },
          { name: 'group_label', type: 'text' },
          { name: 'period', type: 'text' },
          { name: 'year', type: 'int' },
          { name: 'year_missing_reason', type: 'text' },
          { name: 'value_kind', type: 'text' },
          { name: 'value', type: 'numeric' },
          { name: 'value_high', type: 'numeric' },
          { name: 'numerator', type: 'numeric' },
          { name: 'denominator', type: 'numeric' },
          { name: 'printed', type: 'text' },
          { name: 'approximation', type: 'text' },
          { name: 'verbal', type: 'text' },
          { name: 'verbal_share', type: 'numeric' },
          { name: 'origin', type: 'text' },
          { name: 'rule', type: 'text' },
          { name: 'missing_reason', type: 'text' },
          { name: 'note', type: 'text' },
          ...CITATION,
        ],
        compare: [
          'item_text',
          'year',
          'year_missing_reason',
          'value_kind',
          'value',
          'value_high',
          'numerator',
          'denominator',
          'printed',
          'approximation',
          'verbal',
          'verbal_share',
          'origin',
          'rule',
          'missing_reason',
          'note',
          ...CITATION_NAMES,
        ],
        extra,
      },
      [
        fg.map((f) => f.studyKey),
        fg.map((f) => f.item),
        fg.map((f) => f.itemText),
        fg.map((f) => f.group),
        fg.map((f) => f.period),
        fg.map((f) => f.year),
        fg.map((f) => f.yearMissingReason),
        fg.map((f) => f.valueKind),
        fg.map((f) => f.value),
        fg.map((f) => f.valueHigh),
        fg.map((f) => f.numerator),
        fg.map((f) => f.denominator),
        fg.map((f) => f.printed),
        fg.map((f) => f.approximation),
        fg.map((f) => f.verbal),
        fg.map((f) => f.verbalShare),
        fg.map((f) => f.origin),
        fg.map((f) => f.rule),
        fg.map((f) => f.missingReason),
        fg.map((f) => f.note),
        ...citationValues(fg),
      ],
    ),
  );
  const ds = release.studyDiscrepancies;
  add(
    await upsertRows(
      q,
      {
        table: 'study_discrepancy',
        constraint: 'study_discrepancy_natural_key',
        columns: [
          { name: 'study_key', type: 'text' },
          { name: 'item', type: 'text' },
          { name: 'group_label', type: 'text' },
          { name: 'period', type: 'text' },
          { name: 'rule', type: 'text' },
          { name: 'printed_value', type: 'numeric' },
          { name: 'printed', type: 'text' },
          { name: 'computed_value', type: 'numeric' },
          { name: 'explanation', type: 'text' },
          ...CITATION,
        ],
        compare: ['printed_value', 'printed', 'computed_value', 'explanation', ...CITATION_NAMES],
        extra,
      },
      [
        ds.map((d) => d.studyKey),
        ds.map((d) => d.item),
        ds.map((d) => d.group),
        ds.map((d) => d.period),
        ds.map((d) => d.rule),
        ds.map((d) => d.printedValue),
        ds.map((d) => d.printed),
        ds.map((d) => d.computedValue),
        ds.map((d) => d.explanation),
        ...citationValues(ds),
      ],
    ),
  );
  return totals;
}
