import { GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_LEVELS } from '../../../src/domain/agreement.js';
import { ANSWER_PROVENANCES, ANSWER_VALUES, UNIT_KINDS } from '../../../src/domain/answer.js';
import { INGEST_STATUSES } from '../../../src/domain/ingest-run.js';
import { MISSING_REASONS } from '../../../src/domain/missing.js';
import { PLAN_TYPES, PRINCIPALS, SOURCE_SYSTEMS } from '../../../src/domain/plan-count.js';
import { FIGURE_SUBJECTS, STUDY_KINDS, STUDY_VALUE_KINDS } from '../../../src/domain/study.js';
import { buildJamforSchema } from '../../../src/schema/build-schema.js';

/**
 * The API's enums are the domain's vocabulary (src/domain), in the same order — plus, for a
 * few, values only the API speaks (KOMMUNGRUPP as a row kind, DERIVED and PUBLISHED as a
 * provenance). Each list is also spelled out, so that a word changed in src/domain shows
 * up here as a change of the API.
 */
const ENUMS: [graphqlName: string, domain: readonly string[], spelled: string[]][] = [
  ['Answer', ANSWER_VALUES, ['JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED']],
  [
    'MissingReason',
    MISSING_REASONS,
    [
      'NO_RESPONSE',
      'NOT_ASKED',
      'NOT_APPLICABLE',
      'NOT_COLLECTED',
      'SUPPRESSED',
      'NOT_YET_PUBLISHED',
      'NOT_PUBLISHED',
      'LOST_IN_SOURCE',
    ],
  ],
  ['ReportingUnitKind', UNIT_KINDS, ['MUNICIPALITY', 'DISTRICT', 'REGION', 'NATION']],
  ['RoutineUnitKind', [...UNIT_KINDS, 'KOMMUNGRUPP'], ['MUNICIPALITY', 'DISTRICT', 'REGION', 'NATION', 'KOMMUNGRUPP']],
  ['ProvenanceKind', [...ANSWER_PROVENANCES, 'DERIVED', 'PUBLISHED'], ['OBSERVED', 'INFERRED', 'DERIVED', 'PUBLISHED']],
  ['AgreementLevel', AGREEMENT_LEVELS, ['COUNTY', 'LOCAL']],
  ['PlanType', PLAN_TYPES, ['SIP', 'INDIVIDUAL_PLAN']],
  ['Principal', PRINCIPALS, ['MUNICIPALITY', 'REGION', 'BOTH']],
  ['PlanSourceSystem', SOURCE_SYSTEMS, ['OJ', 'PRATOR', 'SIPKOLLEN', 'LOCAL_FOLLOW_UP']],
  ['StudyKind', STUDY_KINDS, ['SURVEY', 'FOLLOW_UP', 'REGISTER', 'ESTIMATE', 'PROGRAMME', 'PLAN', 'AUDIT', 'REPORT']],
  ['StudyValueKind', STUDY_VALUE_KINDS, ['COUNT', 'PERCENT', 'MEAN_SCORE', 'AMOUNT_SEK', 'YEAR']],
  ['FigureSubject', FIGURE_SUBJECTS, ['ROUTINE', 'AGREEMENT_COVERAGE', 'AGREEMENT_CONTENT', 'PLAN_COUNT', 'KPI_VALUE']],
  ['IngestStatus', INGEST_STATUSES, ['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED_UNCHANGED', 'SKIPPED_LOCKED', 'HELD']],
];

describe('one vocabulary: GraphQL enums and src/domain', () => {
  it.each(ENUMS)(
    '%s lists exactly the domain words, in order, each named as its value',
    async (name, domain, spelled) => {
      const type = (await buildJamforSchema()).getType(name);
      expect(type).toBeInstanceOf(GraphQLEnumType);
      const values = (type as GraphQLEnumType).getValues();
      expect(values.map((v) => v.name)).toEqual([...domain]);
      expect(values.map((v) => v.value as string)).toEqual([...domain]);
      expect([...domain]).toEqual(spelled);
    },
  );
});
