import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { ComparisonOrder, DenominatorPolicy, ScopeKind } from './routine-enums.type.js';

const QUESTION = 'Question code, e.g. "SIP_INFO.HEMLOSHET" (see `questions`). NOT_FOUND if unknown.';
const POLICY =
  'Denominator of every share: APPLICABLE (Ja + Nej, the default), RESPONDENTS (Ja + Nej + Ej aktuellt) or ALL_UNITS.';
const AS_OF =
  'Answers as the warehouse held them at this instant (revisions and withdrawals after it are ignored); default now.';

@InputType({ description: 'A group of municipalities: riket, a region (län) or a kommungrupp.' })
export class RoutineScopeInput {
  @Field(() => ScopeKind, { description: 'NATION, REGION or KOMMUNGRUPP.' })
  kind!: ScopeKind;

  @Field(() => String, {
    nullable: true,
    description: 'Länskod ("04") for REGION, A1…C9 for KOMMUNGRUPP; omit (or "00") for NATION.',
  })
  code?: string | null;
}

@ArgsType()
export class RoutineTrendArgs {
  @Field(() => String, { description: QUESTION })
  question!: string;

  @Field(() => String, {
    description:
      'Kommunkod ("0482"), district code ("0180-01"), länskod ("04"), "00" for riket, or a kommungrupp code ("B3"). NOT_FOUND if unknown.',
  })
  unit!: string;

  @Field(() => Int, { description: 'First year of the series.' })
  fromYear!: number;

  @Field(() => Int, {
    description: 'Last year of the series (at most 50 years after fromYear; BAD_USER_INPUT otherwise).',
  })
  toYear!: number;

  @Field(() => DenominatorPolicy, { defaultValue: DenominatorPolicy.APPLICABLE, description: POLICY })
  denominator: DenominatorPolicy = DenominatorPolicy.APPLICABLE;

  @Field(() => GraphQLDateTime, { nullable: true, description: AS_OF })
  asOf?: Date | null;
}

@ArgsType()
export class RoutineComparisonArgs {
  @Field(() => String, { description: QUESTION })
  question!: string;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => RoutineScopeInput, { description: 'Which units to compare: riket, one region or one kommungrupp.' })
  scope!: RoutineScopeInput;

  @Field(() => DenominatorPolicy, { defaultValue: DenominatorPolicy.APPLICABLE, description: POLICY })
  denominator: DenominatorPolicy = DenominatorPolicy.APPLICABLE;

  @Field(() => ComparisonOrder, {
    defaultValue: ComparisonOrder.NAME,
    description: 'Row order; ties by name in Swedish order.',
  })
  orderBy: ComparisonOrder = ComparisonOrder.NAME;

  @Field(() => GraphQLDateTime, { nullable: true, description: AS_OF })
  asOf?: Date | null;
}

@ArgsType()
export class RegionComparisonArgs {
  @Field(() => String, { description: QUESTION })
  question!: string;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => DenominatorPolicy, { defaultValue: DenominatorPolicy.APPLICABLE, description: POLICY })
  denominator: DenominatorPolicy = DenominatorPolicy.APPLICABLE;
}

@ArgsType()
export class RoutineProfileArgs {
  @Field(() => String, {
    description:
      'Kommunkod ("0482"), district code ("0180-01"), länskod ("04") or "00" for riket. NOT_FOUND if unknown.',
  })
  unit!: string;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => DenominatorPolicy, { defaultValue: DenominatorPolicy.APPLICABLE, description: POLICY })
  denominator: DenominatorPolicy = DenominatorPolicy.APPLICABLE;

  @Field(() => GraphQLDateTime, { nullable: true, description: AS_OF })
  asOf?: Date | null;
}

@ArgsType()
export class RoutineChangesArgs {
  @Field(() => String, { description: QUESTION })
  question!: string;

  @Field(() => Int, { description: 'The earlier survey year.' })
  fromYear!: number;

  @Field(() => Int, { description: 'The later survey year (after fromYear, at most 50 years later).' })
  toYear!: number;

  @Field(() => RoutineScopeInput, { description: 'Which units: riket, one region or one kommungrupp.' })
  scope!: RoutineScopeInput;
}
