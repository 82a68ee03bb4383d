/**
 * Agreements (överenskommelser) between municipalities and regions: levels, statuses and the
 * content flags coded per agreement, shared by the agreements loader and the agreement queries.
 */

export type AgreementLevel = 'COUNTY' | 'LOCAL';
export type AgreementStatus = 'EXISTS' | 'IN_PROGRESS' | 'NONE' | 'NO_RESPONSE';
/** Joint goals (gemensamma mål) as coded; null in a record means not coded. */
export type JointGoals = 'CLEAR' | 'UNCLEAR' | 'NONE';

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
