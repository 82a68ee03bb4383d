import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Citation, FigureSource } from './citation.type.js';
import { Connection } from './connection.type.js';
import { PageArgs } from './page.args.js';
import { FigureOrigin } from './routine-enums.type.js';
import { ReportingUnitRef } from './share-common.type.js';
import { FIGURE_SUBJECTS } from '../../domain/study.js';
import { enumOf } from './enum-of.js';

/** What a published figure is about (the published_figure.subject column). */
export const FigureSubject = enumOf(FIGURE_SUBJECTS);
export type FigureSubject = (typeof FigureSubject)[keyof typeof FigureSubject];

registerEnumType(FigureSubject, {
  name: 'FigureSubject',
  description: 'What a published aggregate is about.',
  valuesConfig: {
    ROUTINE: { description: 'A share of units with an ÖJ routine (rutin), e.g. a county or riket row of an ÖJ table.' },
    AGREEMENT_COVERAGE: {
      description:
        'How many units have an agreement (överenskommelse) in each status; measure = status, e.g. "exists", "exists_or_in_progress".',
    },
    AGREEMENT_CONTENT: {
      description: 'The share of coded agreements holding one content flag; measure = flag, e.g. "partner_polisen".',
    },
    PLAN_COUNT: { description: 'A published count of SIPs (samordnad individuell plan) or individual plans.' },
    KPI_VALUE: { description: 'A Kolada key figure (nyckeltal) value as published.' },
  },
});

@ObjectType({
  description:
    "An aggregate exactly as a publisher printed it — numerator, denominator, percent and the publisher's own hedging — never recomputed or rounded by Jämför. Numbers the publication did not print are null, never 0.",
})
export class PublishedFigure {
  @Field(() => ID, { description: 'Stable id of the stored figure.' })
  id!: string;

  @Field(() => FigureOrigin, { description: 'Always PUBLISHED.' })
  origin!: FigureOrigin;

  @Field(() => FigureSubject, { description: 'What the figure is about.' })
  subject!: FigureSubject;

  @Field(() => String, {
    description:
      'What is measured: a status ("exists"), a content flag ("joint_goals_clear"), a question code or a KPI id.',
  })
  measure!: string;

  @Field(() => ReportingUnitRef, { description: 'The unit the figure covers: riket ("00") or a region (län).' })
  scope!: ReportingUnitRef;

  @Field(() => String, {
    nullable: true,
    description:
      'Further qualifies the scope as "<level>:<unit kind>" or "<level>", e.g. "local:kommun+stadsdel" (municipalities and Stockholm\'s stadsdelar), "county:län", "local"; null when none.',
  })
  scopeLabel!: string | null;

  @Field(() => Int, { description: 'Survey or reference year the figure is about (not the publication year).' })
  year!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Numerator as printed (e.g. 19 län); null when the publication printed none.',
  })
  numerator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Denominator as printed (e.g. 21); null when the publication printed none.',
  })
  denominator!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'What the publisher says its denominator counts: "respondents", "all units", "agreements coded"; null when it does not say.',
  })
  denominatorKind!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Percent as printed (0…100, not a fraction); null when the publication printed none.',
  })
  percent!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The publisher\'s own hedging as printed, e.g. "ungefär hälften" (about half).',
  })
  qualifier!: string | null;

  @Field(() => String, { description: 'The publication the figure is taken from, e.g. "Vårdanalys rapport 2017:1".' })
  publication!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Transcription note: how a figure was derived or what the report says around it.',
  })
  note!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The service area the figure is about (e.g. "MISSBRUK" for Vårdanalys 2017:1, which followed up agreements on missbruk och beroende); null when the publication names none — such a figure is listed under no topic.',
  })
  topic!: string | null;

  @Field(() => Citation, {
    nullable: true,
    description: 'Where the figure is printed (document, section, page); null when the file that carried it gave none.',
  })
  citation!: Citation | null;

  @Field(() => FigureSource, { description: 'The file, row and ingest run the figure was loaded from.' })
  source!: FigureSource;
}

@ObjectType({ description: 'A page of published figures.' })
export class PublishedFigureConnection extends Connection(PublishedFigure) {}

@ArgsType()
export class PublishedFiguresArgs extends PageArgs {
  @Field(() => FigureSubject, { nullable: true, description: 'Only figures about this subject.' })
  subject?: FigureSubject | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only this measure, exactly (e.g. "exists", "partner_polisen").',
  })
  measure?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only figures about this survey year.' })
  year?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only figures covering this unit: "00" for riket or a länskod. NOT_FOUND if no such unit.',
  })
  scope?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only figures with exactly this scope label, e.g. "county:län" or "local".',
  })
  scopeLabel?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only figures whose publication contains this text, case-insensitively (e.g. "vårdanalys").',
  })
  publication?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only figures about this service area, by code, any case (e.g. "missbruk"); figures without a topic never match.',
  })
  topic?: string | null;
}
