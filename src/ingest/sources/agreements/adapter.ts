import { csvShapesParser, localCsvAdapter, mapRows, uniqueUnits, type LocalCsvFetchOptions } from '../csv-rows.js';
import {
  agreementIdentity,
  detectAgreementShape,
  figureIdentity,
  mapContentRow,
  mapCoverageRow,
  mapPerUnitRow,
} from './map.js';
import {
  AGREEMENTS_SOURCE,
  CONTENT_COLUMNS,
  COVERAGE_COLUMNS,
  PER_UNIT_OPTIONAL,
  PER_UNIT_REQUIRED,
  PER_UNIT_UNIT,
  PUBLISHED_OPTIONAL,
} from './records.js';

export type AgreementsFetchOptions = LocalCsvFetchOptions;

export const parseAgreements = csvShapesParser(
  AGREEMENTS_SOURCE,
  detectAgreementShape,
  {
    'per-unit': {
      columns: { required: PER_UNIT_REQUIRED, optional: [...PER_UNIT_UNIT, ...PER_UNIT_OPTIONAL] },
      read(csv, release, ctx) {
        mapRows(csv, release, (row) => mapPerUnitRow(row, ctx), agreementIdentity, release.agreements);
        release.unitsCovered = uniqueUnits(release.agreements.map((a) => a.unit));
      },
    },
    coverage: {
      columns: { required: COVERAGE_COLUMNS.filter((c) => c !== 'note'), optional: ['note', ...PUBLISHED_OPTIONAL] },
      read(csv, release, ctx) {
        mapRows(csv, release, (row) => mapCoverageRow(row, ctx), figureIdentity, release.figures);
      },
    },
    content: {
      columns: {
        required: CONTENT_COLUMNS.filter((c) => c !== 'qualifier'),
        optional: ['qualifier', ...PUBLISHED_OPTIONAL],
      },
      read(csv, release, ctx) {
        mapRows(csv, release, (row) => mapContentRow(row, ctx), figureIdentity, release.figures);
      },
    },
  },
  'unit_code/unit_name (per-unit), unit_kind (coverage) or content_flag (content)',
);

/**
 * Agreement coverage (överenskommelser): a per-unit CSV → AgreementRecords, or a published
 * coverage/content table → PublishedFigureRecords. The shape is read from the header.
 */
export const agreementsAdapter = localCsvAdapter(AGREEMENTS_SOURCE, parseAgreements);
