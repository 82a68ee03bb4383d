/**
 * SIP (samordnad individuell plan) and individual-plan counts: plan types, source systems,
 * principals and how a measure's value is read — shared by the plan-count loader and queries.
 */

export const PLAN_TYPES = ['SIP', 'INDIVIDUAL_PLAN'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];
export const SOURCE_SYSTEMS = ['OJ', 'PRATOR', 'SIPKOLLEN', 'LOCAL_FOLLOW_UP'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

/** Which principal (huvudman) reported a figure. */
export const PRINCIPALS = ['MUNICIPALITY', 'REGION', 'BOTH'] as const;
export type Principal = (typeof PRINCIPALS)[number];

export type MeasureKind = 'count' | 'percent' | 'score';

/** How a measure's value is read: `*_percent` a share, `survey_mean*` a 1–5 mean, else a count. */
export function measureKind(measure: string): MeasureKind {
  if (measure.endsWith('_percent')) return 'percent';
  if (measure.startsWith('survey_mean')) return 'score';
  return 'count';
}
