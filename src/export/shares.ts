import type { AnswerProvenanceFragment, ShareBriefFragment, ShareFieldsFragment } from '../operations/generated.js';
import type { CsvColumn } from './csv.js';

/** Answer counts of a share, as the ShareFields fragment selects them. */
export type Counts = NonNullable<ShareFieldsFragment['counts']>;

/** A share as either fragment selects it: the brief one lacks counts, policy and the published figure. */
export type ShareResult = ShareBriefFragment &
  Partial<Pick<ShareFieldsFragment, 'policy' | 'counts' | 'published' | 'population'>>;

/**
 * A share (0…1) as Swedish Excel shows and reads a percentage: "62,5 %" (decimal comma, a
 * space before %), one decimal like the dashboard. Swedish Excel turns it into the number
 * 0,625 formatted as a percentage. The unrounded share stays in its own column beside it.
 */
export function swedishPercent(share: number | null | undefined): string | null {
  if (share === null || share === undefined || !Number.isFinite(share)) return null;
  return `${String(Math.round(share * 1000) / 10).replace('.', ',')} %`;
}

/** `share_percent` ("62,5 %") after a share column, in the Swedish Excel format only. */
export function sharePercentColumn<T>(share: (row: T) => number | null | undefined): CsvColumn<T> {
  return { header: 'share_percent', value: (r) => swedishPercent(share(r)), only: 'excel-sv' };
}

/** The six count columns, blank where a row has no counts. */
export const countColumns = <T extends { counts?: Counts | null }>(): CsvColumn<T>[] => [
  { header: 'ja', value: (r) => r.counts?.ja },
  { header: 'nej', value: (r) => r.counts?.nej },
  { header: 'ej_aktuellt', value: (r) => r.counts?.ejAktuellt },
  { header: 'no_response', value: (r) => r.counts?.noResponse },
  { header: 'not_asked', value: (r) => r.counts?.notAsked },
  { header: 'units', value: (r) => r.counts?.units },
  { header: 'not_collected', value: (r) => r.counts?.notCollected },
  { header: 'inferred', value: (r) => r.counts?.inferred },
];

/** What a share row says about how much of its scope it covers, inferred answers and population. */
export interface ShareTruth {
  coverageLabel?: string | null;
  coveragePartial?: boolean | null;
  includesInferred?: boolean | null;
  populationShare?: number | null;
  populationYear?: number | null;
}

function shareTruth(s: ShareResult): ShareTruth {
  return {
    coverageLabel: s.coverage.label,
    coveragePartial: s.coverage.partial,
    includesInferred: s.includesInferred,
    populationShare: s.population?.share ?? null,
    populationYear: s.population?.populationYear ?? null,
  };
}

/**
 * Coverage (e.g. "Södermanlands län only (9 of 290)" and whether the share is partial), whether
 * it counts inferred answers, and the population-weighted share; blank on rows without a share.
 */
export const shareTruthColumns = <T extends ShareTruth>(): CsvColumn<T>[] => [
  { header: 'coverage', value: (r) => r.coverageLabel },
  { header: 'coverage_partial', value: (r) => r.coveragePartial },
  { header: 'includes_inferred', value: (r) => r.includesInferred },
  { header: 'population_share', value: (r) => r.populationShare },
  { header: 'population_year', value: (r) => r.populationYear },
];

/** Where a unit's answer comes from: observed, inferred (with the rule) or derived, and its place in the source. */
export const provenanceColumns = <T extends { provenance?: AnswerProvenanceFragment | null }>(): CsvColumn<T>[] => [
  { header: 'provenance', value: (r) => r.provenance?.kind },
  { header: 'inference_rule', value: (r) => r.provenance?.rule },
  { header: 'source_publication', value: (r) => r.provenance?.publication },
  { header: 'source_file', value: (r) => r.provenance?.file },
  { header: 'source_sheet', value: (r) => r.provenance?.sheet },
  { header: 'source_row', value: (r) => r.provenance?.row },
  { header: 'source_column', value: (r) => r.provenance?.column },
  { header: 'ingest_run_id', value: (r) => r.provenance?.ingestRunId },
];

/** A CSV row that carries a share: its scope, answer counts, numerator, denominator, share and truth columns. */
export interface ShareCsvFields extends ShareTruth {
  code: string;
  name: string;
  year: number;
  counts?: Counts | null;
  numerator?: number | null;
  denominator?: number | null;
  share?: number | null;
  missingReason?: string | null;
}

/** The fields every view's share row takes from a share, whatever else the row adds (row type, policy, rank …). */
export function shareCsvFields(s: ShareResult): ShareCsvFields {
  return {
    code: s.scope.code,
    name: s.scope.name,
    year: s.year,
    counts: s.counts ?? null,
    numerator: s.numerator,
    denominator: s.denominator,
    share: s.share,
    missingReason: s.missingReason,
    ...shareTruth(s),
  };
}

/** numerator, denominator, share and (Swedish Excel only) share_percent. */
export const shareValueColumns = <
  T extends Pick<ShareCsvFields, 'numerator' | 'denominator' | 'share'>,
>(): CsvColumn<T>[] => [
  { header: 'numerator', value: (r) => r.numerator },
  { header: 'denominator', value: (r) => r.denominator },
  { header: 'share', value: (r) => r.share },
  sharePercentColumn<T>((r) => r.share),
];
