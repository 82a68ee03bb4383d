import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Citation, FigureSource } from './citation.type.js';
import { Connection } from './connection.type.js';
import { PageArgs } from './page.args.js';
import { MissingReason } from './routine-enums.type.js';
import { ReportingUnitRef } from './share-common.type.js';
import { StudyDiscrepancy } from './study.type.js';
import { PLAN_TYPES, PRINCIPALS, SOURCE_SYSTEMS } from '../../domain/plan-count.js';
import { enumOf } from './enum-of.js';

export const PlanType = enumOf(PLAN_TYPES);
export type PlanType = (typeof PlanType)[keyof typeof PlanType];

export const Principal = enumOf(PRINCIPALS);
export type Principal = (typeof Principal)[keyof typeof Principal];

export const PlanSourceSystem = enumOf(SOURCE_SYSTEMS);
export type PlanSourceSystem = (typeof PlanSourceSystem)[keyof typeof PlanSourceSystem];

export enum PlanValueKind {
  COUNT = 'COUNT',
  PERCENT = 'PERCENT',
  MEAN_SCORE = 'MEAN_SCORE',
}

registerEnumType(PlanType, {
  name: 'PlanType',
  description: 'Which kind of plan is counted.',
  valuesConfig: {
    SIP: {
      description: 'Samordnad individuell plan: a plan made jointly by the municipality and the region for one person.',
    },
    INDIVIDUAL_PLAN: {
      description: "Individuell plan: a plan for one person's care and support, e.g. in missbruks- och beroendevården.",
    },
  },
});

registerEnumType(Principal, {
  name: 'Principal',
  description:
    'The principal (huvudman) that reported a count. Counts are per reporting organisation: the same person may be counted by both.',
  valuesConfig: {
    MUNICIPALITY: { description: 'The municipality (kommun) reported it.' },
    REGION: { description: 'The region (formerly landsting) reported it.' },
    BOTH: { description: 'Reported jointly, or a figure across both principals.' },
  },
});

registerEnumType(PlanSourceSystem, {
  name: 'PlanSourceSystem',
  description: 'Where a plan count comes from.',
  valuesConfig: {
    OJ: { description: 'Öppna jämförelser (Socialstyrelsen).' },
    PRATOR: { description: 'Prator, a regional IT tool where SIPs are registered (e.g. in Sörmland).' },
    SIPKOLLEN: { description: 'SIPkollen, the national user survey on SIPs (answers and mean scores on 1–5 scales).' },
    LOCAL_FOLLOW_UP: { description: 'A local follow-up counting on a reference day, e.g. Stockholms län 2011.' },
  },
});

registerEnumType(PlanValueKind, {
  name: 'PlanValueKind',
  description: 'What a plan-count value is, read from its measure name.',
  valuesConfig: {
    COUNT: { description: 'A count (non-negative integer): plans, clients, units, answers.' },
    PERCENT: { description: 'A share 0…100 as published (measure ending in "_percent").' },
    MEAN_SCORE: { description: 'A mean score on a 1–5 scale (measure starting with "survey_mean").' },
  },
});

const PER_ORGANISATION =
  'Counts are per reporting organisation, not unique persons: the same person may be counted by both the municipality and the region.';

@ObjectType({
  description: 'What a plan-count series is about: a reporting unit, or a named scope from a publication.',
})
export class PlanCountScope {
  @Field(() => String, {
    description:
      'The unit code, or the scope as the publication names it (e.g. "10 beroendemottagningar in Stockholms län").',
  })
  key!: string;

  @Field(() => String, { description: 'Name of the unit, or the named scope.' })
  label!: string;

  @Field(() => ReportingUnitRef, {
    nullable: true,
    description: 'The reporting unit; null for a named scope that is not one unit.',
  })
  unit!: ReportingUnitRef | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Population (folkmängd) used for per-10 000 rates: municipalities only, rounded (see populationRoundedTo); null otherwise.',
  })
  population!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Year the population refers to; the same figure is used for every year of the series.',
  })
  populationYear!: number | null;

  @Field(() => Int, { nullable: true, description: 'The population is rounded to this many inhabitants.' })
  populationRoundedTo!: number | null;
}

@ObjectType({
  description:
    'One value of a plan-count series for one period. A year without any row is listed with missingReason NOT_COLLECTED; a reported-as-missing cell ("..", "-", empty) keeps value null with NO_RESPONSE — never 0.',
})
export class PlanCountPoint {
  @Field(() => Int, { description: 'Year of the period end.' })
  year!: number;

  @Field(() => String, {
    nullable: true,
    description: 'First day of the period (YYYY-MM-DD); the reference day for a day count. Null when not collected.',
  })
  periodStart!: string | null;

  @Field(() => String, { nullable: true, description: 'Last day of the period (YYYY-MM-DD). Null when not collected.' })
  periodEnd!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The value as published (count, percent 0…100 or mean score); null when missing.',
  })
  value!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The value as an Int when it is a count; null for percents, scores and missing values.',
  })
  count!: number | null;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'NO_RESPONSE: the cell was not reported; NOT_PUBLISHED: the publication does not print the value; LOST_IN_SOURCE: printed, but lost in the copy held; NOT_COLLECTED: no row for the year. Null when there is a value.',
  })
  missingReason!: MissingReason | null;

  @Field(() => String, {
    nullable: true,
    description: 'The value cell as received, verbatim (e.g. "..", "-", "41,5").',
  })
  rawValue!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Reporting units behind a count, or answers behind a survey mean; null when not stated.',
  })
  n!: number | null;

  @Field(() => String, { nullable: true, description: 'How the figure was counted, as published (caveats included).' })
  countingNote!: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Count per 10 000 inhabitants: counts of a municipality only (null for percents, scores, regions, districts and named scopes).',
  })
  perTenThousand!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True when perTenThousand rests on an approximate, rounded population (always so today); null when there is no rate.',
  })
  perTenThousandIsApproximate!: boolean | null;

  @Field(() => Citation, {
    nullable: true,
    description:
      'Where the value is printed (document, section, page), for a figure typed in from a report; null otherwise.',
  })
  citation!: Citation | null;

  @Field(() => FigureSource, {
    nullable: true,
    description: 'The file, row and ingest run the value was loaded from; null when not collected.',
  })
  source!: FigureSource | null;
}

@ObjectType({
  description:
    'How much of the asked scope a series covers, when it covers only part of it: e.g. a follow-up that sampled 10 of the 30 local integrated receptions of Stockholms län.',
})
export class PlanCountCoverage {
  @Field(() => Int, {
    nullable: true,
    description: 'Units in the sample (the scope of the series); null when not stated.',
  })
  sampleUnits!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Units in the frame the sample was drawn from; null when the publication gives no frame.',
  })
  frameUnits!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The coverage in words, as the publication describes its sample.',
  })
  note!: string | null;
}

@ObjectType({
  description: 'One series: one plan type, measure, principal and source system for one scope, dense over the years.',
})
export class PlanCountSeries {
  @Field(() => String, {
    description:
      'The scope the values belong to: the asked scope, or — for a region — a named scope inside it (e.g. "10 beroendemottagningar in Stockholms län"); pass it to planCounts(scope:).',
  })
  scopeKey!: string;

  @Field(() => String, { description: 'Name of that scope.' })
  scopeLabel!: string;

  @Field(() => Boolean, {
    description:
      "True when the values are the asked scope's own; false for a named scope inside a region (a sample): then the values describe only that part and are never the region's figure — see coverage.",
  })
  coversWholeScope!: boolean;

  @Field(() => PlanCountCoverage, {
    nullable: true,
    description: 'How much of the asked scope the series covers; null when it covers the whole (coversWholeScope).',
  })
  coverage!: PlanCountCoverage | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The study (see the study query) the counts come from, e.g. "stockholm-2011-individual-plans"; null when none is named.',
  })
  studyKey!: string | null;

  @Field(() => PlanType, { description: 'SIP or individual plan.' })
  planType!: PlanType;

  @Field(() => String, {
    description: 'What is counted, snake_case, e.g. "sips_created", "current_clients_total", "survey_mean_score".',
  })
  measure!: string;

  @Field(() => Principal, { description: 'Which principal (huvudman) reported it.' })
  principal!: Principal;

  @Field(() => PlanSourceSystem, { description: 'Where the figures come from.' })
  sourceSystem!: PlanSourceSystem;

  @Field(() => PlanValueKind, {
    description: 'Whether values are counts, percents or mean scores (the unit of the value).',
  })
  valueKind!: PlanValueKind;

  @Field(() => [PlanCountPoint], {
    description: 'One point per year of the range (more when a year has several periods), in order.',
  })
  points!: PlanCountPoint[];
}

@ObjectType({ description: `Plan counts (SIP and individual plans) for one scope. ${PER_ORGANISATION}` })
export class PlanCounts {
  @Field(() => PlanCountScope, { description: 'The unit or named scope.' })
  scope!: PlanCountScope;

  @Field(() => Int, {
    nullable: true,
    description: 'First year of the series: fromYear, or the first year with data; null when the scope has no counts.',
  })
  fromYear!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Last year of the series: toYear, or the last year with data; null when the scope has no counts.',
  })
  toYear!: number | null;

  @Field(() => String, { description: 'How to read the counts.' })
  note!: string;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'NOT_COLLECTED when the scope is a named scope the warehouse holds no counts for (series is empty); null otherwise.',
  })
  missingReason!: MissingReason | null;

  @Field(() => [PlanCountSeries], {
    description:
      "Series in order: the scope's own first, then named scopes inside it; each by plan type, measure, principal and source system. Empty when the scope has no counts.",
  })
  series!: PlanCountSeries[];

  @Field(() => [StudyDiscrepancy], {
    description:
      'Discrepancies the studies behind these series contain (e.g. a printed mean of 156 where 2206 / 14 = 157.6), as data; empty when none.',
  })
  discrepancies!: StudyDiscrepancy[];
}

@ArgsType()
export class PlanCountsArgs {
  @Field(() => String, {
    description:
      'A unit code (kommunkod "0480", länskod "04", district "0180-01", "00" riket) or a named scope exactly as listed by planCountSeries (e.g. "10 beroendemottagningar in Stockholms län"). A region also lists the named scopes that lie in it, marked as covering only part of it. A code that names no unit is NOT_FOUND; any other name the warehouse does not hold answers with missingReason NOT_COLLECTED and no series.',
  })
  scope!: string;

  @Field(() => PlanType, { nullable: true, description: 'Only this plan type.' })
  planType?: PlanType | null;

  @Field(() => String, { nullable: true, description: 'Only this measure, e.g. "sips_created".' })
  measure?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'First year of the dense series; default the first year with data.',
  })
  fromYear?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Last year; default the last year with data. At most 50 years after fromYear (BAD_USER_INPUT otherwise).',
  })
  toYear?: number | null;
}

@ObjectType({ description: `A plan-count series available in the warehouse. ${PER_ORGANISATION}` })
export class PlanCountSeriesInfo {
  @Field(() => PlanCountScope, { description: 'The unit or named scope; pass its key as planCounts(scope:).' })
  scope!: PlanCountScope;

  @Field(() => PlanType, { description: 'SIP or individual plan.' })
  planType!: PlanType;

  @Field(() => String, { description: 'What is counted.' })
  measure!: string;

  @Field(() => Principal, { description: 'Which principal (huvudman) reported it.' })
  principal!: Principal;

  @Field(() => PlanSourceSystem, { description: 'Where the figures come from.' })
  sourceSystem!: PlanSourceSystem;

  @Field(() => PlanValueKind, { description: 'Counts, percents or mean scores.' })
  valueKind!: PlanValueKind;

  @Field(() => Int, { description: 'First year with a row.' })
  firstYear!: number;

  @Field(() => Int, { description: 'Last year with a row.' })
  lastYear!: number;

  @Field(() => Int, { description: 'Periods stored (rows).' })
  periods!: number;

  @Field(() => Int, { description: 'Periods with a reported value (the others are NO_RESPONSE).' })
  reported!: number;
}

@ObjectType({ description: 'A page of available plan-count series.' })
export class PlanCountSeriesConnection extends Connection(PlanCountSeriesInfo) {}

@ArgsType()
export class PlanCountSeriesArgs extends PageArgs {
  @Field(() => PlanType, { nullable: true, description: 'Only this plan type.' })
  planType?: PlanType | null;

  @Field(() => String, { nullable: true, description: 'Only this measure.' })
  measure?: string | null;

  @Field(() => PlanSourceSystem, { nullable: true, description: 'Only this source system.' })
  sourceSystem?: PlanSourceSystem | null;
}
