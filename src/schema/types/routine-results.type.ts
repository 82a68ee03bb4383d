import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Question, ServiceArea } from '../../entities/index.js';
import { Connection } from './connection.type.js';
import { ValueProvenance } from './provenance.type.js';
import { Answer, DenominatorPolicy, MissingReason } from './routine-enums.type.js';
import { RoutineScope, RoutineUnit, Share } from './routine-share.type.js';

@ObjectType({
  description:
    'One year of a routine trend. Every year of the requested range appears, with values or a missing reason.',
})
export class RoutineTrendPoint {
  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => Answer, {
    nullable: true,
    description:
      "The unit's own answer. A municipality or district: NO_RESPONSE when it has no row in a release that covers it, null (NOT_COLLECTED) when no release covers it that year. A region: NOT_ASKED for a question asked of municipalities only (askedOf). Riket: NOT_ASKED (no survey asks riket). A kommungrupp: null (a group, not a respondent).",
  })
  answer!: Answer | null;

  @Field(() => String, {
    nullable: true,
    description: 'The answer cell as received, verbatim (e.g. "Ej aktuellt", "-"); null when there was no row.',
  })
  rawValue!: string | null;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'Why the unit has no Ja/Nej/Ej aktuellt answer this year; null when it has one (and for a kommungrupp).',
  })
  missingReason!: MissingReason | null;

  @Field(() => ValueProvenance, {
    nullable: true,
    description:
      "Where the unit's own answer comes from (observed, inferred with the rule, or derived); null without an answer.",
  })
  provenance!: ValueProvenance | null;

  @Field(() => Share, {
    nullable: true,
    description:
      'The share of the unit itself when it is a region, kommungrupp or riket; null for a municipality or district.',
  })
  share!: Share | null;

  @Field(() => Share, {
    nullable: true,
    description: "The share of the unit's region (län); null for riket and kommungrupper.",
  })
  region!: Share | null;

  @Field(() => Share, {
    nullable: true,
    description: "The share of the unit's kommungrupp (peer group); null for regions and riket.",
  })
  kommungrupp!: Share | null;

  @Field(() => Share, { description: 'The share of riket (all 290 municipalities).' })
  nation!: Share;
}

@ObjectType({
  description:
    'How one unit answered one routine question over a range of years, beside its region, kommungrupp and riket.',
})
export class RoutineTrend {
  @Field(() => Question, { description: 'The question.' })
  question!: Question;

  @Field(() => RoutineUnit, { description: 'The unit the trend is about.' })
  unit!: RoutineUnit;

  @Field(() => DenominatorPolicy, { description: 'Denominator policy of every share in the series.' })
  policy!: DenominatorPolicy;

  @Field(() => [RoutineTrendPoint], {
    description: 'One point per year from fromYear to toYear, in year order (dense: no gaps).',
  })
  points!: RoutineTrendPoint[];
}

@ObjectType({ description: 'One unit in a routine comparison: its answer this year and last survey year.' })
export class RoutineComparisonRow {
  @Field(() => RoutineUnit, { description: 'The municipality or district.' })
  unit!: RoutineUnit;

  @Field(() => Answer, {
    nullable: true,
    description: 'The answer; NO_RESPONSE when the municipality has no row; null when the year was not collected.',
  })
  answer!: Answer | null;

  @Field(() => String, { nullable: true, description: 'The answer cell as received; null when there was no row.' })
  rawValue!: string | null;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      "Why there is no Ja/Nej/Ej aktuellt answer; null when there is one. NOT_COLLECTED for a unit outside every release's frame that year.",
  })
  missingReason!: MissingReason | null;

  @Field(() => ValueProvenance, {
    nullable: true,
    description:
      'Where the answer comes from: observed or inferred (with the rule), publication, file, sheet, row, column and ingest run; derived for a no response without a row; null when there is no answer.',
  })
  provenance!: ValueProvenance | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The latest earlier year in which the question was collected; null when there is none.',
  })
  previousYear!: number | null;

  @Field(() => Answer, {
    nullable: true,
    description:
      "The answer in previousYear (NO_RESPONSE when the unit had no row then); null when the unit was outside that year's frames.",
  })
  previousAnswer!: Answer | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether answer differs from previousAnswer (e.g. NEJ → JA); null without a previous year or a current answer.',
  })
  changed!: boolean | null;
}

@ObjectType({ description: 'A page of routine comparison rows.' })
export class RoutineComparisonRowConnection extends Connection(RoutineComparisonRow) {}

@ObjectType({
  description:
    'Every unit of a scope answering one routine question in one year, with the scope summary and reference shares.',
})
export class RoutineComparison {
  @Field(() => Question, { description: 'The question.' })
  question!: Question;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => RoutineScope, { description: 'The scope compared.' })
  scope!: RoutineScope;

  @Field(() => Share, { description: 'The share of the scope (its municipalities; districts are not counted).' })
  summary!: Share;

  @Field(() => [Share], {
    description:
      'Shares to compare with: for a region, the kommungrupper of its municipalities (by code) and riket; for a kommungrupp, the regions of its members (by länskod) and riket; for riket, none.',
  })
  references!: Share[];

  /** Every row in order; the `rows` field pages them (RoutineComparisonResolver). */
  allRows!: RoutineComparisonRow[];
}

@ObjectType({ description: 'One region (län) in the cross-county view.' })
export class RegionComparisonRow {
  @Field(() => Share, {
    description: "The region's share over its municipalities, with counts and the published figure.",
  })
  share!: Share;

  @Field(() => Int, {
    nullable: true,
    description:
      'Rank by share, 1 = highest; tied shares share a rank and the next rank is skipped (1, 2, 2, 4). Null (unranked, not last) when the region has no share.',
  })
  rank!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Quartile band among the ranked regions: 1 when share ≥ upper quartile, 2 when ≥ median, 3 when ≥ lower quartile, else 4. Null when unranked.',
  })
  quartileBand!: number | null;
}

@ObjectType({ description: 'Regions (län) side by side for one routine question and year.' })
export class RegionComparison {
  @Field(() => Question, { description: 'The question.' })
  question!: Question;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => DenominatorPolicy, { description: 'Denominator policy of every share.' })
  policy!: DenominatorPolicy;

  @Field(() => [RegionComparisonRow], {
    description: 'All 21 regions, by rank (unranked last), then name in Swedish order.',
  })
  regions!: RegionComparisonRow[];

  @Field(() => Share, { description: 'Riket: all 290 municipalities.' })
  nation!: Share;

  @Field(() => Int, { description: 'Regions with a share (ranked).' })
  rankedRegions!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median of the ranked regional shares (percentile_cont 0.5); null when no region has a share.',
  })
  median!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Lower quartile of the ranked regional shares (percentile_cont 0.25).',
  })
  lowerQuartile!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Upper quartile of the ranked regional shares (percentile_cont 0.75).',
  })
  upperQuartile!: number | null;

  @Field(() => Float, { nullable: true, description: 'Interquartile range: upperQuartile − lowerQuartile.' })
  interquartileRange!: number | null;
}

@ObjectType({
  description:
    "One question in a unit's profile: its own answer beside its region, kommungrupp and riket (a region: beside riket, its own share in `region`).",
})
export class RoutineProfileItem {
  @Field(() => Question, { description: 'The question.' })
  question!: Question;

  @Field(() => Answer, {
    nullable: true,
    description:
      "The unit's own answer: for a municipality or district, NO_RESPONSE when it has no row in a release that covers it, null (NOT_COLLECTED) when no release covers it; for a region NOT_ASKED on a question asked of municipalities only; for riket NOT_ASKED.",
  })
  answer!: Answer | null;

  @Field(() => String, { nullable: true, description: 'The answer cell as received; null when there was no row.' })
  rawValue!: string | null;

  @Field(() => MissingReason, {
    nullable: true,
    description: 'Why there is no Ja/Nej/Ej aktuellt answer; null when there is one.',
  })
  missingReason!: MissingReason | null;

  @Field(() => ValueProvenance, {
    nullable: true,
    description: 'Where the answer comes from (observed, inferred with the rule, or derived); null without an answer.',
  })
  provenance!: ValueProvenance | null;

  @Field(() => Share, {
    nullable: true,
    description: "The unit's region (län) — for a region, its own municipalities' share; null for riket.",
  })
  region!: Share | null;

  @Field(() => Share, {
    nullable: true,
    description: "The unit's kommungrupp (peer group); null for a region and riket.",
  })
  kommungrupp!: Share | null;

  @Field(() => Share, { description: 'Riket.' })
  nation!: Share;
}

@ObjectType({ description: 'The questions of one service area (verksamhetsområde) in a profile.' })
export class RoutineProfileArea {
  @Field(() => ServiceArea, { nullable: true, description: 'The service area; null for questions asked across areas.' })
  area!: ServiceArea | null;

  @Field(() => [RoutineProfileItem], { description: 'Questions of the area, by code.' })
  items!: RoutineProfileItem[];
}

@ObjectType({
  description:
    "One unit across every area and question in one year: a municipality or district with its answers, or a region or riket with its municipalities' shares.",
})
export class RoutineProfile {
  @Field(() => RoutineUnit, { description: 'The unit.' })
  unit!: RoutineUnit;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => DenominatorPolicy, { description: 'Denominator policy of every share.' })
  policy!: DenominatorPolicy;

  @Field(() => [RoutineProfileArea], { description: 'Areas in the order ÖJ reports list them.' })
  areas!: RoutineProfileArea[];
}

@ObjectType({ description: 'Units that moved from one answer to another, e.g. NEJ → JA.' })
export class RoutineTransition {
  @Field(() => Answer, { description: 'Answer in fromYear.' })
  from!: Answer;

  @Field(() => Answer, { description: 'Answer in toYear.' })
  to!: Answer;

  @Field(() => Int, {
    description:
      "How many municipalities made this move. Districts are listed in `districts` but not counted (one counting rule with every share: Stockholm's stadsdelsområden are not counted beside Stockholm).",
  })
  count!: number;

  @Field(() => [RoutineUnit], { description: 'The municipalities that made the move, in Swedish order of name.' })
  units!: RoutineUnit[];

  @Field(() => [RoutineUnit], {
    description: 'Districts (stadsdelsområden) that made the move, as rows of their own; not counted in `count`.',
  })
  districts!: RoutineUnit[];
}

@ObjectType({ description: 'How answers to one question moved between two survey years within a scope.' })
export class RoutineChanges {
  @Field(() => Question, { description: 'The question.' })
  question!: Question;

  @Field(() => Int, { description: 'The earlier year.' })
  fromYear!: number;

  @Field(() => Int, { description: 'The later year.' })
  toYear!: number;

  @Field(() => RoutineScope, { description: 'The scope.' })
  scope!: RoutineScope;

  @Field(() => MissingReason, {
    nullable: true,
    description: 'NOT_COLLECTED (or NOT_YET_PUBLISHED) when either year has no survey: then there are no transitions.',
  })
  missingReason!: MissingReason | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Municipalities compared: those of the scope that a release covers in both years (districts are not counted); null when either year was not collected.',
  })
  unitsCompared!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Municipalities with the same answer in both years (no row in a release that covers them counts as NO_RESPONSE); null when either year was not collected.',
  })
  unchanged!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Municipalities of the scope left out because no release covers them in one of the years (e.g. outside a regional release's frame); null when either year was not collected.",
  })
  notCollected!: number | null;

  @Field(() => [RoutineTransition], {
    description:
      'One entry per (from, to) pair that occurred, most frequent first, then by from and to in answer order.',
  })
  transitions!: RoutineTransition[];
}
