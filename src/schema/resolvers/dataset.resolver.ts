import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { datasetState, listIngestRuns } from '../queries/dataset.js';
import { Dataset, IngestRunConnection, IngestRunsArgs } from '../types/dataset.type.js';

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => Dataset, {
    description:
      'What is loaded: the dataset version, and per source the last successful ingest run beside the last run of any status.',
  })
  dataset(@Ctx() ctx: Context): Promise<Dataset> {
    // The ledger moves on FAILED and HELD runs too, which leave the dataset version alone.
    ctx.response.cacheable = false;
    const { db } = ctx;
    return datasetState(db);
  }

  @Query(() => IngestRunConnection, {
    description: 'The ingest run ledger, newest first: every attempt with its counts, rejects and error.',
  })
  ingestRuns(@Args(() => IngestRunsArgs) args: IngestRunsArgs, @Ctx() ctx: Context) {
    ctx.response.cacheable = false;
    const { db, limits } = ctx;
    return listIngestRuns(db, args, limits.maxPageSize);
  }
}
