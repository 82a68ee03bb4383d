/**
 * Why a value is absent — the words for "missing is not zero". The API answers with all of
 * them; a stored row carries the few a source itself states (plan_count.missing_reason,
 * study_figure.missing_reason and year_missing_reason).
 */

/** Every reason a value may be absent, in the order the API lists them. */
export const MISSING_REASONS = [
  'NO_RESPONSE',
  'NOT_ASKED',
  'NOT_APPLICABLE',
  'NOT_COLLECTED',
  'SUPPRESSED',
  'NOT_YET_PUBLISHED',
  'NOT_PUBLISHED',
  'LOST_IN_SOURCE',
] as const;
export type MissingReasonValue = (typeof MISSING_REASONS)[number];

/** The reasons a plan count may store for a null value (the plan_count CHECK constraint). */
export type PlanMissingReason = Extract<MissingReasonValue, 'NO_RESPONSE' | 'NOT_PUBLISHED' | 'LOST_IN_SOURCE'>;

/** The reasons a study figure may store for a null value or year (the study_figure CHECK constraints). */
export type StudyMissingReason = Extract<MissingReasonValue, 'NOT_PUBLISHED' | 'LOST_IN_SOURCE'>;
