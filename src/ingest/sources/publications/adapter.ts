import type { FetchedRelease, ParseContext } from '../../adapter.js';
import { emptyRelease, type ParsedRelease } from '../../release.js';
import {
  checkColumns,
  localCsvAdapter,
  mapRows,
  openCsv,
  rejectUnknownShape,
  type LocalCsvFetchOptions,
} from '../csv-rows.js';
import {
  detectPublicationShape,
  mapDiscrepancyRow,
  mapFigureRow,
  mapStudyRow,
  studyDiscrepancyIdentity,
  studyFigureIdentity,
  studyIdentity,
} from './map.js';
import {
  DISCREPANCY_COLUMNS,
  DISCREPANCY_OPTIONAL,
  FIGURE_COLUMNS,
  FIGURE_OPTIONAL,
  PUBLICATIONS_SOURCE,
  STUDY_COLUMNS,
  STUDY_OPTIONAL,
} from './records.js';

export type PublicationsFetchOptions = LocalCsvFetchOptions;

/**
 * Figures typed in from published reports (surveys, follow-ups, registers, estimates, plans),
 * each with its citation: a studies table, a figures table or a discrepancies table, told
 * apart by the header. Parse is pure; every bad cell is a reject naming file, row and column.
 */
export const publicationsAdapter = localCsvAdapter(PUBLICATIONS_SOURCE, parsePublications);

export function parsePublications(fetched: FetchedRelease, ctx: ParseContext): ParsedRelease {
  const release = emptyRelease(PUBLICATIONS_SOURCE, fetched.releaseKey, fetched.file);
  const csv = openCsv(fetched, ctx, release);
  if (!csv) return release;
  switch (detectPublicationShape(csv.header)) {
    case 'studies':
      if (checkColumns(csv, release, { required: STUDY_COLUMNS, optional: STUDY_OPTIONAL }))
        mapRows(csv, release, (row) => mapStudyRow(row, ctx), studyIdentity, release.studies);
      break;
    case 'figures':
      if (checkColumns(csv, release, { required: FIGURE_COLUMNS, optional: FIGURE_OPTIONAL }))
        mapRows(csv, release, (row) => mapFigureRow(row, ctx), studyFigureIdentity, release.studyFigures);
      break;
    case 'discrepancies':
      if (checkColumns(csv, release, { required: DISCREPANCY_COLUMNS, optional: DISCREPANCY_OPTIONAL }))
        mapRows(csv, release, (row) => mapDiscrepancyRow(row), studyDiscrepancyIdentity, release.studyDiscrepancies);
      break;
    case null:
      rejectUnknownShape(csv, release, 'study with kind (studies), item (figures) or computed_value (discrepancies)');
  }
  return release;
}
