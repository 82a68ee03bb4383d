import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection.type.js';
import { PageArgs } from './page.args.js';
import { INGEST_STATUSES } from '../../domain/ingest-run.js';
import { enumOf } from './enum-of.js';

export const IngestStatus = enumOf(INGEST_STATUSES);
export type IngestStatus = (typeof IngestStatus)[keyof typeof IngestStatus];

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
  @Field(() => Int, {
    description: 'Rows read from the file or API: every non-blank row below the header, skipped ones included.',
  })
  read!: number;

  @Field(() => Int, {
    description: 'Rows that hold no data (headings, separators, notes), passed over and listed in the file detail.',
  })
  skipped!: number;

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

  @Field(() => Int, { description: 'Repairs applied, over every rule (see `repairs`).' })
  repaired!: number;
}

@ObjectType({ description: 'One kind of repair applied while reading, and how often (nothing is fixed silently).' })
export class IngestRepair {
  @Field(() => String, { description: 'Stable rule id, e.g. "zero-padded-code", "duplicate-identical".' })
  rule!: string;

  @Field(() => Int, { description: 'How many times it was applied.' })
  count!: number;
}

@ObjectType({ description: 'A row that holds no data (a heading, separator or note): passed over, not rejected.' })
export class IngestSkippedRow {
  @Field(() => String, { nullable: true, description: 'Workbook sheet, when the file is a workbook.' })
  sheet!: string | null;

  @Field(() => Int, { nullable: true, description: '1-based row as a person sees it in the file.' })
  row!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The row\'s text as found, e.g. "Stadsdelsområden i Stockholm".',
  })
  text!: string | null;

  @Field(() => String, { description: 'Why it was passed over.' })
  reason!: string;
}

@ObjectType({
  description:
    'A rejected cell whose earlier stored answer stays served, because the run loaded the rest with --allow-partial.',
})
export class IngestKeptValue {
  @Field(() => String, { description: 'Unit code, e.g. "0180".' })
  unitCode!: string;

  @Field(() => String, { description: 'Question code, e.g. "SIP_INFO.HEMLOSHET".' })
  questionCode!: string;

  @Field(() => Int, { description: 'Survey year.' })
  year!: number;

  @Field(() => String, { description: 'The answer still served (JA, NEJ, EJ_AKTUELLT, NO_RESPONSE, NOT_ASKED).' })
  keptAnswer!: string;

  @Field(() => String, { nullable: true, description: 'What this file held for the cell, as received.' })
  rejectedValue!: string | null;

  @Field(() => String, { description: 'Why the cell was rejected.' })
  rule!: string;

  @Field(() => Int, { nullable: true, description: '1-based row of the rejected cell.' })
  row!: number | null;

  @Field(() => String, { nullable: true, description: 'Column of the rejected cell.' })
  column!: string | null;
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

  @Field(() => [IngestRepair], { description: 'Repairs applied, by rule (counts.repaired has the total).' })
  repairs!: IngestRepair[];

  @Field(() => [IngestRunFile], {
    description: 'The files (or API requests) the run read, in order, each with its own counts and detail.',
  })
  files!: IngestRunFile[];
}

@ObjectType({ description: 'One file (or API request) of an ingest run, with what happened to it.' })
export class IngestRunFile {
  @Field(() => String, { description: 'File name, or the request for an API source.' })
  file!: string;

  @Field(() => String, { description: 'Identity of the release the file holds.' })
  releaseKey!: string;

  @Field(() => String, { nullable: true, description: 'sha256 of the bytes received (hex).' })
  sha256!: string | null;

  @Field(() => IngestStatus, { description: 'How this file ended.' })
  status!: IngestStatus;

  @Field(() => IngestCounts, { description: 'Rows read, skipped, written, rejected and repaired in this file.' })
  counts!: IngestCounts;

  @Field(() => [IngestRepair], { description: 'Repairs applied in this file, by rule.' })
  repairs!: IngestRepair[];

  @Field(() => [IngestSkippedRow], { description: 'The first 50 non-data rows passed over (counts.skipped has all).' })
  skippedRows!: IngestSkippedRow[];

  @Field(() => [IngestReject], { description: 'The first 50 rejects of this file.' })
  rejects!: IngestReject[];

  @Field(() => [IngestKeptValue], {
    description: 'With --allow-partial: the first 50 rejected cells whose earlier stored answer stays served.',
  })
  keptValues!: IngestKeptValue[];

  @Field(() => String, { nullable: true, description: 'Error message when this file FAILED.' })
  error!: string | null;
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
