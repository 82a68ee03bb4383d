import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection.type.js';
import { PageArgs } from './page.args.js';

export enum IngestStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  SKIPPED_UNCHANGED = 'SKIPPED_UNCHANGED',
  SKIPPED_LOCKED = 'SKIPPED_LOCKED',
  HELD = 'HELD',
}

registerEnumType(IngestStatus, {
  name: 'IngestStatus',
  description:
    'How one ingest run ended. Only SUCCEEDED changes the served data; every other outcome leaves it as it was.',
  valuesConfig: {
    RUNNING: { description: 'Still running (or interrupted; the next run marks an interrupted one FAILED).' },
    SUCCEEDED: { description: 'Loaded in one transaction (possibly changing no rows).' },
    FAILED: { description: "Fetch, parse or load failed; see `error`. Yesterday's data keeps serving." },
    SKIPPED_UNCHANGED: { description: 'The same bytes were loaded before by the same parser version: nothing to do.' },
    SKIPPED_LOCKED: { description: 'Another ingest held the lock: not attempted.' },
    HELD: {
      description:
        'The release has rejected rows (or drops too many municipalities) and was not loaded; see `rejects`.',
    },
  },
});

@ObjectType({ description: 'Row counts of one ingest run.' })
export class IngestCounts {
  @Field(() => Int, { description: 'Rows read from the file or API.' })
  read!: number;

  @Field(() => Int, { description: 'Serving rows inserted.' })
  inserted!: number;

  @Field(() => Int, { description: 'Serving rows whose values changed (the old values kept as history).' })
  updated!: number;

  @Field(() => Int, { description: 'Serving rows already holding the same values.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Serving rows withdrawn by the source.' })
  withdrawn!: number;

  @Field(() => Int, { description: 'Rows or cells rejected (see `rejects`).' })
  rejected!: number;
}

@ObjectType({ description: 'Why a row or cell of a release was not accepted, with where it was.' })
export class IngestReject {
  @Field(() => String, { description: 'Stable rule id, e.g. "answer-not-in-scale", "unknown-municipality".' })
  rule!: string;

  @Field(() => String, { description: 'What is wrong, for people.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The value as received.' })
  rawValue!: string | null;

  @Field(() => Boolean, {
    description: 'True for a key field (unit, question, year): such a reject always holds the release.',
  })
  isKeyField!: boolean;

  @Field(() => String, { nullable: true, description: 'File the reject is in.' })
  file!: string | null;

  @Field(() => String, { nullable: true, description: 'Workbook sheet, when the file is a workbook.' })
  sheet!: string | null;

  @Field(() => Int, { nullable: true, description: '1-based row as a person sees it in the file.' })
  row!: number | null;

  @Field(() => String, { nullable: true, description: 'Column name.' })
  column!: string | null;
}

@ObjectType({ description: 'One attempt to ingest one release: the run ledger (inläsningslogg).' })
export class IngestRun {
  @Field(() => ID, { description: 'Run id, increasing.' })
  id!: string;

  @Field(() => String, { description: 'Source: "oj", "kolada", "agreements" or "plan-counts".' })
  source!: string;

  @Field(() => String, { description: 'Identity of the release, e.g. the file name or "kolada:U28490..:2023".' })
  releaseKey!: string;

  @Field(() => String, { description: 'File or request the release came from.' })
  file!: string;

  @Field(() => String, {
    nullable: true,
    description: 'sha256 of the bytes received (hex); null when nothing was received.',
  })
  sha256!: string | null;

  @Field(() => String, { description: 'Parser version, e.g. "oj@1": a new version reloads unchanged files.' })
  parserVersion!: string;

  @Field(() => IngestStatus, { description: 'How the run ended.' })
  status!: IngestStatus;

  @Field(() => String, { description: 'What started it: scheduled, cli, startup, test …' })
  trigger!: string;

  @Field(() => GraphQLDateTime, { description: 'When the run started.' })
  startedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it ended; null while running.' })
  finishedAt!: Date | null;

  @Field(() => IngestCounts, { description: 'Rows read, written and rejected.' })
  counts!: IngestCounts;

  @Field(() => String, { nullable: true, description: 'Error message of a FAILED run; null otherwise.' })
  error!: string | null;

  @Field(() => [IngestReject], { description: 'The first 50 rejects (counts.rejected has the total).' })
  rejects!: IngestReject[];
}

@ObjectType({ description: 'What is loaded from one source.' })
export class DatasetSource {
  @Field(() => String, { description: 'Source: "oj", "kolada", "agreements" or "plan-counts".' })
  source!: string;

  @Field(() => IngestRun, {
    nullable: true,
    description: 'The last run that loaded (SUCCEEDED): the data served from this source; null when it never loaded.',
  })
  lastSuccess!: IngestRun | null;

  @Field(() => IngestRun, {
    nullable: true,
    description:
      'The last run of any status, e.g. a FAILED night while the last success keeps serving; null when never run.',
  })
  lastRun!: IngestRun | null;
}

@ObjectType({ description: 'What the warehouse holds and how fresh it is.' })
export class Dataset {
  @Field(() => String, {
    description:
      'Version of the served data: changes whenever an ingest commits changed rows, and only then (caches and ETags derive from it).',
  })
  version!: string;

  @Field(() => GraphQLDateTime, { description: 'When the version last changed.' })
  changedAt!: Date;

  @Field(() => [DatasetSource], {
    description: 'One entry per source: oj, kolada, agreements, plan-counts, then any other source in the ledger.',
  })
  sources!: DatasetSource[];
}

@ObjectType({ description: 'A page of ingest runs, newest first.' })
export class IngestRunConnection extends Connection(IngestRun) {}

@ArgsType()
export class IngestRunsArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only runs of this source ("oj", "kolada", "agreements", "plan-counts").',
  })
  source?: string | null;

  @Field(() => IngestStatus, { nullable: true, description: 'Only runs that ended so.' })
  status?: IngestStatus | null;
}
