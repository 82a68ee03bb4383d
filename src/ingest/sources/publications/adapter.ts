import { csvShapesParser, localCsvAdapter, mapRows, type LocalCsvFetchOptions } from '../csv-rows.js';
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

export const parsePublications = csvShapesParser(
  PUBLICATIONS_SOURCE,
  detectPublicationShape,
  {
    studies: {
      columns: { required: STUDY_COLUMNS, optional: STUDY_OPTIONAL },
      read(csv, release, ctx) {
        mapRows(csv, release, (row) => mapStudyRow(row, ctx), studyIdentity, release.studies);
      },
    },
    figures: {
      columns: { required: FIGURE_COLUMNS, optional: FIGURE_OPTIONAL },
      read(csv, release, ctx) {
        mapRows(csv, release, (row) => mapFigureRow(row, ctx), studyFigureIdentity, release.studyFigures);
      },
    },
    discrepancies: {
      columns: { required: DISCREPANCY_COLUMNS, optional: DISCREPANCY_OPTIONAL },
      read(csv, release) {
        mapRows(csv, release, (row) => mapDiscrepancyRow(row), studyDiscrepancyIdentity, release.studyDiscrepancies);
      },
    },
  },
  'study with kind (studies), item (figures) or computed_value (discrepancies)',
);

/**
 * Figures typed in from published reports (surveys, follow-ups, registers, estimates, plans),
 * each with its citation: a studies table, a figures table or a discrepancies table, told
 * apart by the header. Parse is pure; every bad cell is a reject naming file, row and column.
 */
export const publicationsAdapter = localCsvAdapter(PUBLICATIONS_SOURCE, parsePublications);
