import type { FetchedRelease, ParseContext } from '../../adapter.js';
import { emptyRelease, type ParsedRelease, type UnitRef } from '../../release.js';
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
  detectPlanCountShape,
  mapFollowUpRow,
  mapRegisterRow,
  planCountIdentity,
  type PlanCountWithRaw,
} from './map.js';
import {
  FOLLOW_UP_COLUMNS,
  FOLLOW_UP_OPTIONAL,
  PLAN_COUNTS_SOURCE,
  REGISTER_OPTIONAL,
  REGISTER_PERIOD,
  REGISTER_REQUIRED,
  REGISTER_UNIT,
} from './records.js';

export type PlanCountsFetchOptions = LocalCsvFetchOptions;

/** SIP and individual-plan counts: a published follow-up table or a per-unit register CSV. */
export const planCountsAdapter = localCsvAdapter(PLAN_COUNTS_SOURCE, parsePlanCounts);

export function parsePlanCounts(fetched: FetchedRelease, ctx: ParseContext): ParsedRelease {
  const release = emptyRelease(PLAN_COUNTS_SOURCE, fetched.releaseKey, fetched.file);
  const csv = openCsv(fetched, ctx, release);
  if (!csv) return release;
  const records: PlanCountWithRaw[] = [];
  switch (detectPlanCountShape(csv.header)) {
    case 'follow-up': {
      const spec = { required: FOLLOW_UP_COLUMNS.filter((c) => c !== 'note'), optional: FOLLOW_UP_OPTIONAL };
      if (checkColumns(csv, release, spec))
        mapRows(csv, release, (row) => mapFollowUpRow(row, ctx), planCountIdentity, records);
      break;
    }
    case 'register': {
      // why: with date columns a row may still leave both empty and give a calendar `year` instead.
      const hasPeriod = REGISTER_PERIOD.some((c) => csv.header.has(c));
      const spec = {
        required: [...REGISTER_REQUIRED, ...(hasPeriod ? REGISTER_PERIOD : ['year'])],
        optional: [...REGISTER_OPTIONAL, 'year'],
        oneOf: [REGISTER_UNIT],
      };
      if (checkColumns(csv, release, spec))
        mapRows(csv, release, (row) => mapRegisterRow(row, ctx), planCountIdentity, records);
      release.unitsCovered = uniqueUnits(records.map((r) => r.unit).filter((u): u is UnitRef => u !== null));
      break;
    }
    case null:
      rejectUnknownShape(csv, release, 'reference_date (follow-up) or unit_code/unit_name (register)');
  }
  release.planCounts = records;
  return release;
}
