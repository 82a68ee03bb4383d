import { registerEnumType } from 'type-graphql';
import { ANSWER_VALUES, UNIT_KINDS } from '../../domain/answer.js';
import { MISSING_REASONS } from '../../domain/missing.js';
import { enumOf } from './enum-of.js';

/** One unit's answer to one ÖJ routine question in one survey year (the five stored states). */
export const Answer = enumOf(ANSWER_VALUES);
export type Answer = (typeof Answer)[keyof typeof Answer];

/** Which units a share is divided by. */
export enum DenominatorPolicy {
  RESPONDENTS = 'RESPONDENTS',
  APPLICABLE = 'APPLICABLE',
  ALL_UNITS = 'ALL_UNITS',
}

/** Why a value does not exist. A missing value is never reported as 0. */
export const MissingReason = enumOf(MISSING_REASONS);
export type MissingReason = (typeof MissingReason)[keyof typeof MissingReason];

/** The kinds of group a share is computed over. */
export enum ScopeKind {
  NATION = 'NATION',
  REGION = 'REGION',
  KOMMUNGRUPP = 'KOMMUNGRUPP',
}

/** Where a figure comes from. */
export enum FigureOrigin {
  COMPUTED = 'COMPUTED',
  PUBLISHED = 'PUBLISHED',
}

/** What kind of unit a routine row or series is about. */
export const RoutineUnitKind = enumOf([...UNIT_KINDS, 'KOMMUNGRUPP']);
export type RoutineUnitKind = (typeof RoutineUnitKind)[keyof typeof RoutineUnitKind];

/** Row order of a routine comparison. */
export enum ComparisonOrder {
  NAME = 'NAME',
  ANSWER = 'ANSWER',
  REGION = 'REGION',
}

registerEnumType(Answer, {
  name: 'Answer',
  description: "A unit's answer to an ÖJ (Öppna jämförelser) routine question in one survey year.",
  valuesConfig: {
    JA: { description: 'Ja: the unit has the routine.' },
    NEJ: { description: 'Nej: the unit does not have the routine.' },
    EJ_AKTUELLT: {
      description: 'Ej aktuellt: the routine does not apply to the unit (e.g. no such activity). Not the same as Nej.',
    },
    NO_RESPONSE: {
      description:
        'The unit did not answer (a blank or "-" in the file, or no row at all in a year the question was collected).',
    },
    NOT_ASKED: { description: 'The question was not put to this unit in this year.' },
  },
});

registerEnumType(DenominatorPolicy, {
  name: 'DenominatorPolicy',
  description: 'Which units a share is divided by. The numerator is always the number of units answering Ja.',
  valuesConfig: {
    RESPONDENTS: { description: 'Units that answered: Ja + Nej + Ej aktuellt.' },
    APPLICABLE: {
      description:
        'Respondents the routine applies to: Ja + Nej (Ej aktuellt left out). The default for routine questions.',
    },
    ALL_UNITS: { description: 'Every municipality in the scope, non-respondents and units not asked included.' },
  },
});

registerEnumType(MissingReason, {
  name: 'MissingReason',
  description: 'Why a value is absent. Jämför never turns a missing value into 0 and never drops it from a series.',
  valuesConfig: {
    NO_RESPONSE: { description: 'The unit (or every unit of the scope) did not answer.' },
    NOT_ASKED: { description: 'The question was not put to the unit (or to any unit of the scope) that year.' },
    NOT_APPLICABLE: {
      description:
        'Every respondent answered Ej aktuellt, so the APPLICABLE denominator is empty (0 units): the share is undefined, not 0.',
    },
    NOT_COLLECTED: { description: 'No survey that year: no unit has any row for the question in that year.' },
    SUPPRESSED: {
      description: 'The publisher withheld the value (e.g. too few units). Reserved for published figures.',
    },
    NOT_YET_PUBLISHED: {
      description:
        "The year is after the latest survey year loaded for the question's service area (verksamhetsområde): results may still come.",
    },
    NOT_PUBLISHED: {
      description:
        'The publication does not print this value (e.g. a follow-up that gives only its highest size class); it exists in the source only as a gap.',
    },
    LOST_IN_SOURCE: {
      description:
        'The publication printed the value, but it is lost in the copy of the document the warehouse holds (e.g. a table that did not survive text extraction).',
    },
  },
});

registerEnumType(ScopeKind, {
  name: 'ScopeKind',
  description: 'A group of municipalities a share is computed over.',
  valuesConfig: {
    NATION: { description: 'Riket: all 290 municipalities (code "00").' },
    REGION: { description: 'A region (län) by its 2-digit länskod, e.g. "04" Södermanlands län.' },
    KOMMUNGRUPP: { description: 'An SKR kommungrupp (peer group of similar municipalities), A1…C9.' },
  },
});

registerEnumType(FigureOrigin, {
  name: 'FigureOrigin',
  description: 'Whether a figure was computed by Jämför from unit rows or is printed by a publisher.',
  valuesConfig: {
    COMPUTED: { description: 'Computed by Jämför from the stored unit answers.' },
    PUBLISHED: { description: 'As printed by the publisher (e.g. Socialstyrelsen); never recomputed.' },
  },
});

registerEnumType(RoutineUnitKind, {
  name: 'RoutineUnitKind',
  description: 'What a routine row or series is about.',
  valuesConfig: {
    MUNICIPALITY: { description: 'A municipality (kommun), 4-digit kommunkod.' },
    DISTRICT: { description: 'A district (stadsdelsområde) answering on its own, e.g. "0180-01" Rinkeby-Kista.' },
    REGION: { description: 'A region (län), 2-digit länskod.' },
    NATION: { description: 'Riket, the whole country ("00").' },
    KOMMUNGRUPP: { description: 'An SKR kommungrupp (A1…C9).' },
  },
});

registerEnumType(ComparisonOrder, {
  name: 'ComparisonOrder',
  description:
    'Row order of a routine comparison; ties are always broken by unit name in Swedish order (… Z, Å, Ä, Ö).',
  valuesConfig: {
    NAME: { description: 'By unit name, Swedish order.' },
    ANSWER: { description: 'Ja, Nej, Ej aktuellt, no response, not asked, not collected; then by name.' },
    REGION: { description: 'By region name, then unit name.' },
  },
});
