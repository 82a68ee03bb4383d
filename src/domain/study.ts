/**
 * Studies (surveys, follow-ups, registers …) and the figures publications print about them,
 * and published aggregates: the words the publications loader stores and the API answers with
 * (study.kind, study_figure.value_kind and origin, published_figure.subject).
 */

export const STUDY_KINDS = [
  'SURVEY',
  'FOLLOW_UP',
  'REGISTER',
  'ESTIMATE',
  'PROGRAMME',
  'PLAN',
  'AUDIT',
  'REPORT',
] as const;
export type StudyKindValue = (typeof STUDY_KINDS)[number];

/** What a study figure's value counts or measures. */
export const STUDY_VALUE_KINDS = ['COUNT', 'PERCENT', 'MEAN_SCORE', 'AMOUNT_SEK', 'YEAR'] as const;
export type StudyValueKindValue = (typeof STUDY_VALUE_KINDS)[number];

/** A study figure as the publication printed it, or derived by Jämför with a stated rule. */
export const STUDY_FIGURE_ORIGINS = ['PUBLISHED', 'DERIVED'] as const;
export type StudyFigureOrigin = (typeof STUDY_FIGURE_ORIGINS)[number];

/** What a published aggregate is about. */
export const FIGURE_SUBJECTS = [
  'ROUTINE',
  'AGREEMENT_COVERAGE',
  'AGREEMENT_CONTENT',
  'PLAN_COUNT',
  'KPI_VALUE',
] as const;
export type FigureSubjectValue = (typeof FIGURE_SUBJECTS)[number];
