import type { FetchedRelease, ParseContext } from '../../adapter.js';
import { emptyRelease, type ParsedRelease } from '../../release.js';
import {
  checkColumns,
  localCsvAdapter,
  mapRows,
  openCsv,
  rejectUnknownShape,
  uniqueUnits,
  type LocalCsvFetchOptions,
} from '../csv-rows.js';
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

/**
 * Agreement coverage (överenskommelser): a per-unit CSV → AgreementRecords, or a published
 * coverage/content table → PublishedFigureRecords. The shape is read from the header.
 */
export const agreementsAdapter = localCsvAdapter(AGREEMENTS_SOURCE, parseAgreements);

export function parseAgreements(fetched: FetchedRelease, ctx: ParseContext): ParsedRelease {
  const release = emptyRelease(AGREEMENTS_SOURCE, fetched.releaseKey, fetched.file);
  const csv = openCsv(fetched, ctx, release);
  if (!csv) return release;
  switch (detectAgreementShape(csv.header)) {
    case 'per-unit':
      if (
        checkColumns(csv, release, { required: PER_UNIT_REQUIRED, optional: [...PER_UNIT_UNIT, ...PER_UNIT_OPTIONAL] })
      ) {
        mapRows(csv, release, (row) => mapPerUnitRow(row, ctx), agreementIdentity, release.agreements);
        release.unitsCovered = uniqueUnits(release.agreements.map((a) => a.unit));
      }
      break;
    case 'coverage':
      if (
        checkColumns(csv, release, {
          required: COVERAGE_COLUMNS.filter((c) => c !== 'note'),
          optional: ['note', ...PUBLISHED_OPTIONAL],
        })
      ) {
        mapRows(csv, release, (row) => mapCoverageRow(row, ctx), figureIdentity, release.figures);
      }
      break;
    case 'content':
      if (
        checkColumns(csv, release, {
          required: CONTENT_COLUMNS.filter((c) => c !== 'qualifier'),
          optional: ['qualifier', ...PUBLISHED_OPTIONAL],
        })
      ) {
        mapRows(csv, release, (row) => mapContentRow(row, ctx), figureIdentity, release.figures);
      }
      break;
    case null:
      rejectUnknownShape(
        csv,
        release,
        'unit_code/unit_name (per-unit), unit_kind (coverage) or content_flag (content)',
      );
  }
  return release;
}
