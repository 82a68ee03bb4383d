import type { UnitRef } from '../../release.js';
import { csvShapesParser, localCsvAdapter, mapRows, uniqueUnits, type LocalCsvFetchOptions } from '../csv-rows.js';
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

export const parsePlanCounts = csvShapesParser(
  PLAN_COUNTS_SOURCE,
  detectPlanCountShape,
  {
    'follow-up': {
      columns: { required: FOLLOW_UP_COLUMNS.filter((c) => c !== 'note'), optional: FOLLOW_UP_OPTIONAL },
      read(csv, release, ctx) {
        const records: PlanCountWithRaw[] = [];
        mapRows(csv, release, (row) => mapFollowUpRow(row, ctx), planCountIdentity, records);
        release.planCounts = records;
      },
    },
    register: {
      // why: with date columns a row may still leave both empty and give a calendar `year` instead.
      columns: (header) => ({
        required: [...REGISTER_REQUIRED, ...(REGISTER_PERIOD.some((c) => header.has(c)) ? REGISTER_PERIOD : ['year'])],
        optional: [...REGISTER_OPTIONAL, 'year'],
        oneOf: [REGISTER_UNIT],
      }),
      read(csv, release, ctx) {
        const records: PlanCountWithRaw[] = [];
        mapRows(csv, release, (row) => mapRegisterRow(row, ctx), planCountIdentity, records);
        release.planCounts = records;
        release.unitsCovered = uniqueUnits(records.map((r) => r.unit).filter((u): u is UnitRef => u !== null));
      },
    },
  },
  'reference_date (follow-up) or unit_code/unit_name (register)',
);

/** SIP and individual-plan counts: a published follow-up table or a per-unit register CSV. */
export const planCountsAdapter = localCsvAdapter(PLAN_COUNTS_SOURCE, parsePlanCounts);
