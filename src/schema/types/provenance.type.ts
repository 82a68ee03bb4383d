import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ANSWER_PROVENANCES } from '../../domain/answer.js';
import { enumOf } from './enum-of.js';

/** Where a value comes from: read in the source, inferred from it, computed by Jämför, or printed as an aggregate. */
export const ProvenanceKind = enumOf([...ANSWER_PROVENANCES, 'DERIVED', 'PUBLISHED']);
export type ProvenanceKind = (typeof ProvenanceKind)[keyof typeof ProvenanceKind];

registerEnumType(ProvenanceKind, {
  name: 'ProvenanceKind',
  description:
    'Whether a value was read in its source, inferred from it, derived by a rule, or printed by a publisher.',
  valuesConfig: {
    OBSERVED: { description: 'Read in the source as it stands (a cell, a Kolada value).' },
    INFERRED: {
      description:
        'Not printed by the source, inferred from what it prints by the stated rule (e.g. a Nej for a municipality missing from a published Ja list). Never to be read as observed.',
    },
    DERIVED: {
      description:
        'Follows from a rule of the warehouse, not from a cell (e.g. NOT_ASKED for a region on a municipal question).',
    },
    PUBLISHED: { description: 'An aggregate as a publisher printed it.' },
  },
});

@ObjectType({
  description:
    'Where a value comes from: its kind (observed, inferred with the rule, derived, published) and its place in the source — publication, file, sheet, row, column — and the ingest run that loaded it.',
})
export class ValueProvenance {
  @Field(() => ProvenanceKind, { description: 'Observed, inferred, derived or published.' })
  kind!: ProvenanceKind;

  @Field(() => String, {
    nullable: true,
    description:
      'The rule an inferred or derived value follows, e.g. "not in the published Ja list"; null when observed.',
  })
  rule!: string | null;

  @Field(() => String, { nullable: true, description: 'The publication the release is, when known.' })
  publication!: string | null;

  @Field(() => String, { nullable: true, description: 'The file (or Kolada page URL) the value was read from.' })
  file!: string | null;

  @Field(() => String, { nullable: true, description: 'Workbook sheet, when the file has sheets.' })
  sheet!: string | null;

  @Field(() => Int, { nullable: true, description: '1-based row in the file, as a person sees it.' })
  row!: number | null;

  @Field(() => String, { nullable: true, description: 'Column header (or field) the value stands in.' })
  column!: string | null;

  @Field(() => ID, { nullable: true, description: 'The ingest run (ledger row) that loaded the value.' })
  ingestRunId!: string | null;
}
