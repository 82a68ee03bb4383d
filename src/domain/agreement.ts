/**
 * Agreements (överenskommelser) between municipalities and regions: levels, statuses and the
 * content flags coded per agreement, shared by the agreements loader and the agreement queries.
 */

/** COUNTY (länsöverenskommelse) or LOCAL (lokal överenskommelse). */
export const AGREEMENT_LEVELS = ['COUNTY', 'LOCAL'] as const;
export type AgreementLevel = (typeof AGREEMENT_LEVELS)[number];
export const AGREEMENT_STATUSES = ['EXISTS', 'IN_PROGRESS', 'NONE', 'NO_RESPONSE'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
/** Joint goals (gemensamma mål) as coded; null in a record means not coded. */
export const JOINT_GOALS = ['CLEAR', 'UNCLEAR', 'NONE'] as const;
export type JointGoals = (typeof JOINT_GOALS)[number];

/** Content flags coded per agreement, as in Vårdanalys 2017:1 (stored as keys of agreement.flags). */
export const AGREEMENT_FLAGS = [
  'describes_collaboration_between_principals',
  'describes_collaboration_within_region',
  'describes_collaboration_within_municipality',
  'responsibility_split_between_principals',
  'responsibility_split_within_region',
  'responsibility_split_within_municipality',
  'target_group_under_18',
  'target_group_lvu',
  'target_group_children_in_families_with_addiction',
  'partner_polisen',
  'partner_kriminalvarden',
  'user_organisations_gave_views',
] as const;
export type AgreementFlag = (typeof AGREEMENT_FLAGS)[number];
