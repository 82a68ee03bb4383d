import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Where a figure typed in from a report stands in it. For the bundled data the document is the file name of the source text in ../shared/seeds (see its README for the report it is).',
})
export class Citation {
  @Field(() => String, { description: 'The document, e.g. "004_90bac4ef581c80de.txt" (Vårdanalys rapport 2017:1).' })
  document!: string;

  @Field(() => String, { nullable: true, description: 'Section or heading as printed; null when not given.' })
  section!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Page as printed ("9", "10–11"); null when the document has none.',
  })
  page!: string | null;
}

@ObjectType({
  description: 'Which file and row a stored figure was loaded from, and by which ingest run (see ingestRuns).',
})
export class FigureSource {
  @Field(() => String, {
    nullable: true,
    description: 'The file the figure was typed into, e.g. "vardanalys-2016-agreement-coverage.csv".',
  })
  file!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: '1-based row of that file, as a person counts it (the header is row 1).',
  })
  row!: number | null;

  @Field(() => ID, { description: 'The ingest run (ledger row) that last wrote the figure.' })
  ingestRunId!: string;
}
