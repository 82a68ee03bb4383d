import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Kommungrupp, Region } from '../../entities/index.js';
import { DenominatorPolicy, FigureOrigin, MissingReason, RoutineUnitKind, ScopeKind } from './routine-enums.type.js';

@ObjectType({ description: 'The group of municipalities a share is computed over.' })
export class RoutineScope {
  @Field(() => ScopeKind, { description: 'Nation (riket), region (län) or kommungrupp.' })
  kind!: ScopeKind;

  @Field(() => String, {
    description: '"00" for the nation, the länskod for a region (e.g. "04"), A1…C9 for a kommungrupp.',
  })
  code!: string;

  @Field(() => String, { description: 'Name, e.g. "Riket", "Södermanlands län", "Pendlingskommun nära storstad".' })
  name!: string;
}

@ObjectType({
  description:
    'How many units of a scope gave each answer. One counting rule everywhere: counts cover municipalities only; districts (stadsdelsområden) are shown as rows of their own in comparisons and changes but never counted in a scope, so no answer is counted twice.',
})
export class AnswerCounts {
  @Field(() => Int, { description: 'Units answering Ja.' })
  ja!: number;

  @Field(() => Int, { description: 'Units answering Nej.' })
  nej!: number;

  @Field(() => Int, { description: 'Units answering Ej aktuellt (not applicable to them).' })
  ejAktuellt!: number;

  @Field(() => Int, {
    description:
      'Units that did not answer: a no-response mark, or no row at all in a year the question was collected.',
  })
  noResponse!: number;

  @Field(() => Int, { description: 'Units the question was not put to.' })
  notAsked!: number;

  @Field(() => Int, {
    description:
      "Municipalities of the scope outside every release's frame for the question and year: not collected, so neither no response nor Nej, and left out of every denominator.",
  })
  notCollected!: number;

  @Field(() => Int, {
    description:
      'Of the answers counted (ja + nej + ejAktuellt), how many are inferred rather than observed (e.g. a Nej entered because the publication printed only the Ja list).',
  })
  inferred!: number;

  @Field(() => Int, {
    description: 'All municipalities in the scope (ja + nej + ejAktuellt + noResponse + notAsked + notCollected).',
  })
  units!: number;
}

@ObjectType({
  description:
    "How much of a scope the releases behind a share cover: the municipalities of the scope in some release's frame (all municipalities, one region's, or a named sample) against all municipalities of the scope.",
})
export class ShareCoverage {
  @Field(() => Int, { description: 'Municipalities of the scope that a release covers for the question and year.' })
  unitsInFrame!: number;

  @Field(() => Int, { description: 'All municipalities of the scope.' })
  unitsInScope!: number;

  @Field(() => Boolean, {
    description:
      "True when the releases cover only part of the scope (0 < unitsInFrame < unitsInScope): the share is then the covered part's, never the scope's figure.",
  })
  partial!: boolean;

  @Field(() => String, {
    description:
      'What the share covers, for people: "Södermanlands län only (9 of 290)" when partial, "Riket (290 of 290)" when whole.',
  })
  label!: string;

  @Field(() => String, {
    description: 'The same in Swedish: "Endast Södermanlands län (9 av 290)", "Riket (290 av 290)".',
  })
  labelSv!: string;
}

@ObjectType({
  description:
    'The share of the population living in a municipality with the routine: municipalities weighted by their population (a view Kolada does not give). Populations are approximate (reference data, rounded), of one year, and the same municipalities as the share are counted.',
})
export class PopulationShare {
  @Field(() => Int, { description: 'Population of the municipalities answering Ja.' })
  numerator!: number;

  @Field(() => Int, {
    description: 'Population of the municipalities in the denominator under the policy (approximate).',
  })
  denominator!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'numerator / denominator (0…1); null exactly when the municipality share is null.',
  })
  share!: number | null;

  @Field(() => Int, { description: 'The year the populations are from.' })
  populationYear!: number;

  @Field(() => Boolean, {
    description: 'True when the populations are approximate (rounded), as in the reference data.',
  })
  approximate!: boolean;

  @Field(() => Int, { description: 'What the populations are rounded to (e.g. 100).' })
  roundedTo!: number;
}

@ObjectType({
  description: 'A routine share exactly as a publisher printed it (e.g. the county and riket rows of an ÖJ table).',
})
export class PublishedRoutineFigure {
  @Field(() => FigureOrigin, { description: 'Always PUBLISHED.' })
  origin!: FigureOrigin;

  @Field(() => Float, {
    nullable: true,
    description: 'Percent as printed (0…100); null when only counts were printed.',
  })
  percent!: number | null;

  @Field(() => Float, { nullable: true, description: 'Numerator as printed; null when the publication printed none.' })
  numerator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Denominator as printed; null when the publication printed none.',
  })
  denominator!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the publisher says its denominator counts (e.g. "respondents"), when it says.',
  })
  denominatorKind!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The publisher\'s own hedging, e.g. "ungefär hälften" (about half).',
  })
  qualifier!: string | null;

  @Field(() => String, { description: 'The publication the figure is taken from.' })
  publication!: string;

  @Field(() => DenominatorPolicy, {
    description:
      'The policy the computed share is compared under: RESPONDENTS or ALL_UNITS when the publisher names that denominator, otherwise APPLICABLE (ÖJ percentages leave Ej aktuellt out).',
  })
  comparedPolicy!: DenominatorPolicy;

  @Field(() => Float, {
    nullable: true,
    description: "Jämför's computed share (0…1) under comparedPolicy, for the comparison.",
  })
  computedShare!: number | null;
}

@ObjectType({
  description:
    'A computed share of units answering Ja, always with its numerator, denominator, the counts of every answer and the denominator policy that produced it. When the share does not exist (denominator 0, or no survey) `share` is null and `missingReason` says why — never 0.',
})
export class Share {
  @Field(() => RoutineScope, { description: 'The municipalities the share is computed over.' })
  scope!: RoutineScope;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => FigureOrigin, {
    description: 'Always COMPUTED: Jämför computed it from the unit answers (see `published` for the printed figure).',
  })
  origin!: FigureOrigin;

  @Field(() => DenominatorPolicy, { description: 'The denominator policy the share was computed under.' })
  policy!: DenominatorPolicy;

  @Field(() => Int, {
    nullable: true,
    description: 'Units answering Ja; null when the question was not collected that year.',
  })
  numerator!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Units counted under the policy; null when the question was not collected that year.',
  })
  denominator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'numerator / denominator as a fraction 0…1 (not percent, not rounded); null when no unit answered (under every policy, ALL_UNITS included), when the denominator is 0, or when not collected.',
  })
  share!: number | null;

  @Field(() => MissingReason, { nullable: true, description: 'Why `share` is null; null when there is a share.' })
  missingReason!: MissingReason | null;

  @Field(() => AnswerCounts, {
    nullable: true,
    description: 'Counts of each answer; null when the question was not collected that year.',
  })
  counts!: AnswerCounts | null;

  @Field(() => PublishedRoutineFigure, {
    nullable: true,
    description:
      'The figure the publisher printed for the same question, scope and year (regions and riket only), when there is one.',
  })
  published!: PublishedRoutineFigure | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether computed and published agree: |computedShare × 100 − published percent| ≤ 0.5 percentage points (ÖJ prints whole percents). Null when either side is missing.',
  })
  agreesWithComputed!: boolean | null;

  @Field(() => ShareCoverage, {
    description:
      "How much of the scope the releases cover; a partial share is the covered part's figure, not the scope's.",
  })
  coverage!: ShareCoverage;

  @Field(() => Boolean, {
    description: 'True when some counted answers are inferred rather than observed (see counts.inferred).',
  })
  includesInferred!: boolean;

  @Field(() => PopulationShare, {
    nullable: true,
    description:
      'The same share weighted by population (share of the population living in a municipality with the routine); null when not collected.',
  })
  population!: PopulationShare | null;
}

@ObjectType({
  description: 'A unit as it appears in routine rows: a municipality, a district, a region, riket or a kommungrupp.',
})
export class RoutineUnit {
  @Field(() => String, {
    description: 'Kommunkod ("0180"), district code ("0180-01"), länskod ("04"), "00" for riket, or kommungrupp code.',
  })
  code!: string;

  @Field(() => String, { description: 'Name as in the reference data, e.g. "Rinkeby-Kista".' })
  name!: string;

  @Field(() => RoutineUnitKind, { description: 'What kind of unit this is.' })
  kind!: RoutineUnitKind;

  @Field(() => String, {
    nullable: true,
    description: "Kommunkod of the municipality: its own for a municipality, the parent's for a district.",
  })
  municipalityCode!: string | null;

  @Field(() => Region, {
    nullable: true,
    description: 'The region (län) the unit lies in; null for riket and kommungrupper.',
  })
  region!: Region | null;

  @Field(() => Kommungrupp, {
    nullable: true,
    description: 'The kommungrupp (peer group) of the unit or of its parent municipality.',
  })
  kommungrupp!: Kommungrupp | null;
}
