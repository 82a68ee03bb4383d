/**
 * The shapes the views read, named once: each is a part of a generated operation result
 * (src/operations/generated.ts), so they cannot drift from what the operations select.
 */
import type {
  AgreementCoverageQuery,
  Answer,
  RegionsQuery,
  RoutineTrendQuery,
  ServiceAreasQuery,
  ShareBriefFragment,
  ShareFieldsFragment,
} from '../operations/generated.js';

export type { Answer };
/** A share as either fragment selects it; the brief one has no counts, policy or published figure. */
export type Share = ShareBriefFragment & Partial<Pick<ShareFieldsFragment, 'policy' | 'counts' | 'published'>>;
export type CatalogRegion = RegionsQuery['regions'][number];
export type CatalogArea = ServiceAreasQuery['serviceAreas'][number];
export type TrendPoint = RoutineTrendQuery['routineTrend']['points'][number];
export type AgreementCoverage = AgreementCoverageQuery['agreementCoverage'];
