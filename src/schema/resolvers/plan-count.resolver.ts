import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { listPlanCountSeries, planCounts } from '../queries/plan-count.js';
import {
  PlanCounts,
  PlanCountsArgs,
  PlanCountSeriesArgs,
  PlanCountSeriesConnection,
} from '../types/plan-count.type.js';

@Resolver(() => PlanCounts)
export class PlanCountResolver {
  @Query(() => PlanCounts, {
    description:
      'Counts of SIPs (samordnad individuell plan) and individual plans for one unit or named scope: dense series with principal, source system, counting note and, for municipalities, an approximate rate per 10 000 inhabitants. A region also lists the named scopes (samples) inside it, each marked as covering only part of it. NOT_FOUND for a code naming no unit; an unknown named scope answers NOT_COLLECTED.',
  })
  planCounts(@Args(() => PlanCountsArgs) args: PlanCountsArgs, @Ctx() { db }: Context): Promise<PlanCounts> {
    return planCounts(db, args);
  }

  @Query(() => PlanCountSeriesConnection, {
    description: 'The plan-count series held, by scope name in Swedish order; pass a scope key to planCounts.',
  })
  planCountSeries(@Args(() => PlanCountSeriesArgs) args: PlanCountSeriesArgs, @Ctx() { db, limits }: Context) {
    return listPlanCountSeries(db, args, limits.maxPageSize);
  }
}
