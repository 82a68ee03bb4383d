import { endpoint, type ExportEndpoint } from './export-view.js';
import { agreementCoverageExport } from './views/agreement-coverage.js';
import { planCountsExport } from './views/plan-counts.js';
import { regionComparisonExport } from './views/region-comparison.js';
import { routineComparisonExport } from './views/routine-comparison.js';
import { routineTrendExport } from './views/routine-trend.js';

/** The views by path segment: `/export/<name>.csv`. */
export const EXPORT_ENDPOINTS: ReadonlyMap<string, ExportEndpoint> = new Map(
  [
    endpoint(routineComparisonExport),
    endpoint(regionComparisonExport),
    endpoint(routineTrendExport),
    endpoint(agreementCoverageExport),
    endpoint(planCountsExport),
  ].map((e) => [e.name, e] as const),
);
