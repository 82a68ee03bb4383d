import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { datasetState, listIngestRuns } from '../queries/dataset.js';
import { Dataset, IngestRunConnection, IngestRunsArgs } from '../types/dataset.type.js';

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => Dataset, {
    description: 'What is loaded: the dataset version, and per source the last successful ingest run beside the last run of any status.',
  })
  dataset(@Ctx() { db }: Context): Promise<Dataset> {
    return datasetState(db);
  }

  @Query(() => IngestRunConnection, { description: 'The ingest run ledger, newest first: every attempt with its counts, rejects and error.' })
  ingestRuns(@Args(() => IngestRunsArgs) args: IngestRunsArgs, @Ctx() { db, limits }: Context) {
    return listIngestRuns(db, args, limits.maxPageSize);
  }
}
