import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PublishedFigure } from './published-figure.type.js';
import { DenominatorPolicy, FigureOrigin, MissingReason } from './routine-enums.type.js';
import { AGREEMENT_LEVELS } from '../../domain/agreement.js';
import { enumOf } from './enum-of.js';

/** The level an agreement (överenskommelse) is made at. */
export const AgreementLevel = enumOf(AGREEMENT_LEVELS);
export type AgreementLevel = (typeof AgreementLevel)[keyof typeof AgreementLevel];

/** What an agreement coverage is grouped by. */
export enum AgreementGrouping {
  NATION = 'NATION',
  REGION = 'REGION',
}

registerEnumType(AgreementLevel, {
  name: 'AgreementLevel',
  description: 'The level an agreement (överenskommelse) between municipalities and the region is made at.',
  valuesConfig: {
    COUNTY: {
      description:
        'Länsöverenskommelse: one county-wide agreement between the region and the municipalities of the län. The units are the 21 regions.',
    },
    LOCAL: {
      description:
        'Lokal överenskommelse: one municipality with the region. The units are the municipalities and the districts (stadsdelsområden) that sign their own; a municipality with districts counts through them (see AgreementCoverage.frame).',
    },
  },
});

registerEnumType(AgreementGrouping, {
  name: 'AgreementGrouping',
  description: 'How computed agreement coverage is grouped.',
  valuesConfig: {
    NATION: { description: 'One group: riket, every unit of the level.' },
    REGION: { description: 'One group per region (län), in Swedish order of name.' },
  },
});

const POLICY =
  'RESPONDENTS (the default: units that answered, i.e. every status except NO_RESPONSE) or ALL_UNITS (every unit in the frame, non-respondents and units with no row included). APPLICABLE has no meaning for agreements (there is no "not applicable" status) and is refused with BAD_USER_INPUT.';

@ArgsType()
export class AgreementCoverageArgs {
  @Field(() => AgreementLevel, {
    description: 'County (länsöverenskommelse) or local (lokal överenskommelse) agreements.',
  })
  level!: AgreementLevel;

  @Field(() => String, {
    description:
      'Topic as a service-area code, any case, e.g. "MISSBRUK" (missbruks- och beroendevård). NOT_FOUND if unknown.',
  })
  topic!: string;

  @Field(() => Int, { description: 'Survey year (the year the data was collected, e.g. 2016 for Vårdanalys 2017:1).' })
  year!: number;

  @Field(() => AgreementGrouping, {
    defaultValue: AgreementGrouping.NATION,
    description: 'One group for riket, or one per region.',
  })
  groupBy: AgreementGrouping = AgreementGrouping.NATION;

  @Field(() => DenominatorPolicy, { defaultValue: DenominatorPolicy.RESPONDENTS, description: POLICY })
  denominator: DenominatorPolicy = DenominatorPolicy.RESPONDENTS;
}

@ObjectType({ description: 'The group of units a computed coverage is about: riket or one region (län).' })
export class AgreementScope {
  @Field(() => AgreementGrouping, { description: 'NATION or REGION.' })
  kind!: AgreementGrouping;

  @Field(() => String, { description: '"00" for riket, the länskod for a region (e.g. "04").' })
  code!: string;

  @Field(() => String, { description: '"Riket" or the name of the län, e.g. "Södermanlands län".' })
  name!: string;
}

@ObjectType({
  description:
    'How many units of a group are in each agreement status. Every unit of the frame is counted exactly once: a unit with no row for the level, topic and year counts as NO_RESPONSE, never dropped.',
})
export class AgreementStatusCounts {
  @Field(() => Int, { description: 'Units with an agreement (finns).' })
  exists!: number;

  @Field(() => Int, { description: 'Units preparing one (under framtagande).' })
  inProgress!: number;

  @Field(() => Int, { description: 'Units with none and none planned (saknas).' })
  none!: number;

  @Field(() => Int, {
    description: 'Units that did not answer (ej svarat): an explicit no-response row, or no row at all.',
  })
  noResponse!: number;

  @Field(() => Int, { description: 'Of noResponse, the units that have no row at all (not even a no-response row).' })
  withoutRow!: number;

  @Field(() => Int, { description: 'Units that answered: exists + inProgress + none (the RESPONDENTS denominator).' })
  respondents!: number;

  @Field(() => Int, { description: 'All units of the group in the frame (the ALL_UNITS denominator).' })
  units!: number;
}

@ObjectType({
  description:
    'A computed share of units in one status (or union of statuses), with its numerator, denominator and the policy that produced it. When the denominator is 0 the share is null and missingReason says why — never 0.',
})
export class AgreementShare {
  @Field(() => String, {
    description:
      'Which statuses the numerator counts, in the vocabulary of published figures: "exists", "in_progress", "none", "exists_or_in_progress", or "no_response" (the non-response rate, always over ALL_UNITS).',
  })
  measure!: string;

  @Field(() => DenominatorPolicy, { description: 'The denominator policy this share was computed under.' })
  policy!: DenominatorPolicy;

  @Field(() => Int, { description: 'Units in the measured status(es).' })
  numerator!: number;

  @Field(() => Int, { description: 'Units counted under the policy.' })
  denominator!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'numerator / denominator as a fraction 0…1 (not percent, not rounded); null when the denominator is 0.',
  })
  share!: number | null;

  @Field(() => MissingReason, {
    nullable: true,
    description: 'NO_RESPONSE when no unit of the group answered (denominator 0); null when there is a share.',
  })
  missingReason!: MissingReason | null;
}

@ObjectType({
  description:
    'One content flag over the agreements of a group that exist (status EXISTS). A flag left empty in the coding is "not coded" — counted apart, never as false, and left out of the share.',
})
export class AgreementContentFlag {
  @Field(() => String, {
    description:
      'Flag name, as in published content figures: "joint_goals_clear", "joint_goals_unclear", "joint_goals_none" (from the coded gemensamma mål), or a flag such as "partner_polisen", "target_group_lvu", "user_organisations_gave_views".',
  })
  flag!: string;

  @Field(() => Int, { description: 'Existing agreements coded as holding the flag.' })
  trueCount!: number;

  @Field(() => Int, { description: 'Existing agreements coded as not holding it.' })
  falseCount!: number;

  @Field(() => Int, { description: 'Existing agreements for which the flag was not coded (empty cell). Not false.' })
  notCoded!: number;

  @Field(() => Int, { description: 'trueCount + falseCount: the denominator of `share`.' })
  coded!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'trueCount / coded as a fraction 0…1; null when no existing agreement was coded for the flag.',
  })
  share!: number | null;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'NOT_COLLECTED when no existing agreement of the group was coded for the flag (or none exists); null when there is a share.',
  })
  missingReason!: MissingReason | null;
}

@ObjectType({ description: 'Agreement coverage computed by Jämför from the unit rows of one group.' })
export class AgreementCoverageGroup {
  @Field(() => AgreementScope, { description: 'Riket or the region this group covers.' })
  scope!: AgreementScope;

  @Field(() => FigureOrigin, {
    description:
      'Always COMPUTED: counted from the stored unit rows (see AgreementCoverage.published for printed figures).',
  })
  origin!: FigureOrigin;

  @Field(() => AgreementStatusCounts, {
    description: 'Units in each status, over every unit of the frame in the group.',
  })
  counts!: AgreementStatusCounts;

  @Field(() => AgreementShare, {
    description: 'The headline share: units with an agreement (EXISTS) under the requested policy.',
  })
  share!: AgreementShare;

  @Field(() => [AgreementShare], {
    description:
      'Shares of "exists", "in_progress", "none" and "exists_or_in_progress" under the requested policy, then "no_response" over ALL_UNITS.',
  })
  statusShares!: AgreementShare[];

  @Field(() => [AgreementContentFlag], {
    description: 'Content flags over the existing agreements of the group: joint goals first, then the coded flags.',
  })
  contentFlags!: AgreementContentFlag[];
}

@ObjectType({
  description:
    'A published agreement figure (coverage or content) side by side with what Jämför computes for the same thing from unit rows, and whether they agree.',
})
export class ComparedAgreementFigure {
  @Field(() => PublishedFigure, { description: 'The figure exactly as printed (origin PUBLISHED).' })
  published!: PublishedFigure;

  @Field(() => DenominatorPolicy, {
    nullable: true,
    description:
      'The policy the computed side uses: RESPONDENTS for "respondents", ALL_UNITS for "all units"; for content figures the coded existing agreements (reported as RESPONDENTS). Null when the published denominator is of another kind.',
  })
  comparedPolicy!: DenominatorPolicy | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Which units the computed side covers, from the scope label: "kommun" (municipalities), "stadsdel" (districts), "kommun+stadsdel" or "län" (the whole frame); "existing agreements" for a content figure. Null when the label names no units Jämför can match.',
  })
  comparedUnits!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Computed numerator; null when nothing is computed (see computedMissingReason).',
  })
  computedNumerator!: number | null;

  @Field(() => Int, { nullable: true, description: 'Computed denominator; null when nothing is computed.' })
  computedDenominator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Computed share 0…1; null when nothing is computed or the denominator is 0.',
  })
  computedShare!: number | null;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'Why there is no computed share: NOT_COLLECTED when no unit row exists for the level, topic and year (e.g. the bundled Vårdanalys data is national totals only) or the measure is not one Jämför codes per unit; NO_RESPONSE when the denominator is 0.',
  })
  computedMissingReason!: MissingReason | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether both sides agree: |computedShare × 100 − percent| ≤ 0.5 (percent is printed whole), or, when no percent was printed, equal numerator and denominator. Null when either side is missing.',
  })
  agreesWithComputed!: boolean | null;
}

@ObjectType({
  description:
    'Agreement (överenskommelse) coverage at one level, on one topic, in one survey year: computed from unit rows (COMPUTED) and the published figures for the same level and year (PUBLISHED), side by side.',
})
export class AgreementCoverage {
  @Field(() => AgreementLevel, { description: 'County or local agreements.' })
  level!: AgreementLevel;

  @Field(() => String, { description: 'Topic service-area code, e.g. "MISSBRUK".' })
  topic!: string;

  @Field(() => String, { description: 'Topic name, e.g. "Missbruks- och beroendevård".' })
  topicName!: string;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => DenominatorPolicy, { description: 'The denominator policy of the computed shares.' })
  policy!: DenominatorPolicy;

  @Field(() => String, { description: 'Which units the computed side counts (the frame), in words.' })
  frame!: string;

  @Field(() => Int, {
    description:
      'Rows stored for the level, topic and year whose unit is outside the frame (e.g. a local row for Stockholm 0180 itself when its districts sign their own): reported here, not counted.',
  })
  rowsOutsideFrame!: number;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'NOT_COLLECTED when no unit of the frame has a row for the level, topic and year: then `groups` is null rather than a fabricated 0 %.',
  })
  missingReason!: MissingReason | null;

  @Field(() => [AgreementCoverageGroup], {
    nullable: true,
    description: 'Computed coverage per group (riket, or each region); null when not collected.',
  })
  groups!: AgreementCoverageGroup[] | null;

  @Field(() => [ComparedAgreementFigure], {
    description:
      'Published coverage and content figures for the same level, topic and year (scope label starting with the level), each beside the computed value. Only figures whose topic is the topic asked are listed: a figure about another service area, or one whose publication names no topic, is never shown here (the bundled Vårdanalys figures are about MISSBRUK).',
  })
  published!: ComparedAgreementFigure[];
}
