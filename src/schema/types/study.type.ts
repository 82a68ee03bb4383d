import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Citation, FigureSource } from './citation.type.js';
import { FigureOrigin, MissingReason } from './routine-enums.type.js';
import { ReportingUnitRef } from './share-common.type.js';
import { STUDY_KINDS, STUDY_VALUE_KINDS } from '../../domain/study.js';
import { enumOf } from './enum-of.js';

export const StudyKind = enumOf(STUDY_KINDS);
export type StudyKind = (typeof StudyKind)[keyof typeof StudyKind];

export const StudyValueKind = enumOf(STUDY_VALUE_KINDS);
export type StudyValueKind = (typeof StudyValueKind)[keyof typeof StudyValueKind];

registerEnumType(StudyKind, {
  name: 'StudyKind',
  description: 'What kind of study a publication reports on.',
  valuesConfig: {
    SURVEY: { description: 'A questionnaire or interviews (enkät, intervjuer), with reach and responses.' },
    FOLLOW_UP: { description: 'A follow-up (uppföljning) counting or mapping units, often a sample.' },
    REGISTER: { description: 'Counts from a register or IT tool, e.g. SIPs created in Prator.' },
    ESTIMATE: { description: "A publisher's estimate (e.g. a municipality's memo, national prevalence)." },
    PROGRAMME: { description: 'Activities such as courses or information meetings, with their participants.' },
    PLAN: { description: 'An action plan (handlingsplan) with its scope, period and goals.' },
    AUDIT: { description: 'An audit (revision) with its questions and audited bodies.' },
    REPORT: { description: 'Another report cited by a publication.' },
  },
});

registerEnumType(StudyValueKind, {
  name: 'StudyValueKind',
  description: 'What a study figure is.',
  valuesConfig: {
    COUNT: { description: 'A count: persons, units, answers, courses.' },
    PERCENT: { description: 'A percent 0…100 as printed (not a fraction).' },
    MEAN_SCORE: { description: 'A mean score on a 1–5 scale.' },
    AMOUNT_SEK: { description: 'An amount in kronor.' },
    YEAR: { description: 'A calendar year (e.g. the first year of a plan).' },
  },
});

@ObjectType({
  description:
    'One fact a publication prints about a study — exactly as printed, with its approximation word and verbal wording — or derived from printed facts by Jämför (origin COMPUTED, with the rule). A value the source does not give is null with missingReason, never 0.',
})
export class StudyFigure {
  @Field(() => ID, { description: 'Stable id of the stored figure.' })
  id!: string;

  @Field(() => String, {
    description: 'What is measured, snake_case, e.g. "responses", "response_rate", "guidelines_unknown".',
  })
  item!: string;

  @Field(() => String, { description: 'The item as the report words it (Swedish where printed so).' })
  itemText!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Subgroup, e.g. "baskurs", "chefskurs", "kommun"; null for the whole study.',
  })
  group!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Period as printed ("2015", "våren 2018", "value 2 of 4"); null for the study\'s own period.',
  })
  period!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Calendar year; null when the period is not one year, or the year is lost.',
  })
  year!: number | null;

  @Field(() => MissingReason, {
    nullable: true,
    description: 'LOST_IN_SOURCE when the report printed a year that is lost in the copy held; null otherwise.',
  })
  yearMissingReason!: MissingReason | null;

  @Field(() => StudyValueKind, { description: 'Count, percent, mean score, amount or year.' })
  valueKind!: StudyValueKind;

  @Field(() => Float, {
    nullable: true,
    description: "The figure (a range's low end); null when missing (see missingReason) or a verbal finding only.",
  })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The high end of a printed range (e.g. 80–85 %); null otherwise.',
  })
  valueHigh!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Numerator as printed (e.g. 250 answers); null when not printed.',
  })
  numerator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Denominator as printed (e.g. 779 reached); null when not printed.',
  })
  denominator!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The text as printed, verbatim (extraction artefacts kept, e.g. "69, 9 %"); null for a derived figure.',
  })
  printed!: string | null;

  @Field(() => Boolean, { description: 'True when the publisher (or the derivation) gives the figure as approximate.' })
  isApproximate!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The approximation as worded: "cirka", "ca", "drygt", "ett trettiotal", "ungefär", "upp till".',
  })
  approximation!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A verbal finding as printed: "hälften", "var tredje", "majoriteten", "samtliga".',
  })
  verbal!: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'The verbal finding as an approximate share 0…1 — only where the words support one ("hälften" 0.5, "var tredje" 0.333); null for "majoriteten", "många".',
  })
  verbalShare!: number | null;

  @Field(() => FigureOrigin, {
    description: 'PUBLISHED: as printed. COMPUTED: derived by Jämför from printed figures, see rule.',
  })
  origin!: FigureOrigin;

  @Field(() => String, {
    nullable: true,
    description: 'How a derived figure is computed, e.g. "918 − 98"; null when published.',
  })
  rule!: string | null;

  @Field(() => MissingReason, {
    nullable: true,
    description:
      'NOT_PUBLISHED (the report does not print it) or LOST_IN_SOURCE (printed, lost in the copy); null when there is a value or a verbal finding.',
  })
  missingReason!: MissingReason | null;

  @Field(() => String, { nullable: true, description: 'Transcription note: context, caveats, what the number is not.' })
  note!: string | null;

  @Field(() => Citation, { description: 'Where the figure stands: document, section, page.' })
  citation!: Citation;

  @Field(() => FigureSource, { description: 'The file, row and ingest run it was loaded from.' })
  source!: FigureSource;
}

@ObjectType({
  description:
    "A discrepancy the source itself contains: a printed value beside what the report's own figures compute to, and the rule. Data, not a correction — the printed value stays as printed.",
})
export class StudyDiscrepancy {
  @Field(() => String, { description: 'The item the discrepancy is about, e.g. "mean_clients_per_unit".' })
  item!: string;

  @Field(() => String, { nullable: true, description: 'Subgroup; null for the whole study.' })
  group!: string | null;

  @Field(() => String, { nullable: true, description: "Period; null for the study's own." })
  period!: string | null;

  @Field(() => Float, { description: 'The value as printed, e.g. 156.' })
  printedValue!: number;

  @Field(() => String, { description: 'The text as printed.' })
  printed!: string;

  @Field(() => Float, { description: "What the report's own figures give, unrounded, e.g. 157.571…" })
  computedValue!: number;

  @Field(() => String, {
    description: 'How computedValue is computed, e.g. "current_clients_total / units = 2206 / 14".',
  })
  rule!: string;

  @Field(() => String, { description: 'What does not add up, in words.' })
  explanation!: string;

  @Field(() => Citation, { description: 'Where it stands in the document.' })
  citation!: Citation;

  @Field(() => FigureSource, { description: 'The file, row and ingest run it was loaded from.' })
  source!: FigureSource;
}

@ObjectType({
  description:
    "A survey's reach, from its standard items: each is the stored figure, or null when the report does not state it. response_rate keeps the percent as printed.",
})
export class StudyReach {
  @Field(() => StudyFigure, { nullable: true, description: 'Who the survey was meant for (item "population").' })
  population!: StudyFigure | null;

  @Field(() => StudyFigure, { nullable: true, description: 'Questionnaires sent (item "sent").' })
  sent!: StudyFigure | null;

  @Field(() => StudyFigure, {
    nullable: true,
    description: 'Bounced: address not working, left the job (item "bounced").',
  })
  bounced!: StudyFigure | null;

  @Field(() => StudyFigure, { nullable: true, description: 'Away: auto-replies, long-term leave (item "away").' })
  away!: StudyFigure | null;

  @Field(() => StudyFigure, {
    nullable: true,
    description: 'Questionnaires that reached a recipient (item "reached").',
  })
  reached!: StudyFigure | null;

  @Field(() => StudyFigure, { nullable: true, description: 'Answers (item "responses", whole study).' })
  responses!: StudyFigure | null;

  @Field(() => StudyFigure, {
    nullable: true,
    description: 'Response rate as printed (item "response_rate", whole study).',
  })
  responseRate!: StudyFigure | null;
}

@ObjectType({
  description:
    'A study a publication reports on — survey, follow-up, register, estimate, programme, plan or audit — with every figure printed about it, its reach, and the discrepancies the source contains.',
})
export class Study {
  @Field(() => String, { description: 'Stable key, e.g. "sormland-sip-course-followup-2018".' })
  key!: string;

  @Field(() => StudyKind, { description: 'What kind of study.' })
  kind!: StudyKind;

  @Field(() => String, { description: 'What the study is.' })
  title!: string;

  @Field(() => String, { description: 'The publication it is printed in.' })
  publication!: string;

  @Field(() => ReportingUnitRef, {
    nullable: true,
    description:
      "The län it covers or lies in; null when national. A sample in a län is never the län's figure: see scopeLabel.",
  })
  region!: ReportingUnitRef | null;

  @Field(() => ReportingUnitRef, { nullable: true, description: 'The municipality it is about, when one.' })
  unit!: ReportingUnitRef | null;

  @Field(() => String, {
    description: 'Its population or sample, in words (e.g. "10 of the 30 local integrated receptions").',
  })
  scopeLabel!: string;

  @Field(() => String, { nullable: true, description: 'When, as printed ("januari-februari 2012").' })
  period!: string | null;

  @Field(() => String, { nullable: true, description: 'Counting day (YYYY-MM-DD), for a reference-day count.' })
  referenceDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Transcription note.' })
  note!: string | null;

  @Field(() => Citation, { description: 'Where the study is described in the document.' })
  citation!: Citation;

  @Field(() => FigureSource, { description: 'The file, row and ingest run it was loaded from.' })
  source!: FigureSource;

  @Field(() => StudyReach, {
    description: 'Population, sent, bounced, reached, responses and response rate, where stated.',
  })
  reach!: StudyReach;

  @Field(() => [StudyFigure], {
    description: "Every figure of the study, by item, group and period (filter with the study query's item argument).",
  })
  figures!: StudyFigure[];

  @Field(() => [StudyDiscrepancy], {
    description: 'Discrepancies the source itself contains; empty when none was found.',
  })
  discrepancies!: StudyDiscrepancy[];
}

@ArgsType()
export class StudiesArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only studies cited from this document, e.g. "001_b1a2ed5b495d977e.txt" (SIP i Sörmland).',
  })
  document?: string | null;

  @Field(() => String, { nullable: true, description: 'Only studies in this län (länskod, e.g. "04").' })
  region?: string | null;

  @Field(() => StudyKind, { nullable: true, description: 'Only studies of this kind.' })
  kind?: StudyKind | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only figures of this item, e.g. "response_rate" (studies without it are left out).',
  })
  item?: string | null;
}

@ArgsType()
export class StudyArgs {
  @Field(() => String, {
    description: 'The study key, e.g. "sormland-sip-course-followup-2018". NOT_FOUND if unknown.',
  })
  key!: string;

  @Field(() => String, { nullable: true, description: 'Only figures of this item.' })
  item?: string | null;
}
