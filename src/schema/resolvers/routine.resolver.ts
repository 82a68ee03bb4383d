import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { pageOf } from '../pagination.js';
import { routineChanges } from '../queries/routine-changes.js';
import { routineComparison } from '../queries/routine-comparison.js';
import { routineProfile } from '../queries/routine-profile.js';
import { regionComparison } from '../queries/routine-region-comparison.js';
import { routineSelection } from '../queries/routine-sql.js';
import { routineTrend } from '../queries/routine-trend.js';
import {
  RegionComparisonArgs,
  RoutineChangesArgs,
  RoutineComparisonArgs,
  RoutineProfileArgs,
  RoutineTrendArgs,
} from '../types/routine-queries.args.js';
import { PageArgs } from '../types/page.args.js';
import {
  RegionComparison,
  RoutineChanges,
  RoutineComparison,
  RoutineComparisonRowConnection,
  RoutineProfile,
  RoutineTrend,
} from '../types/routine-results.type.js';

/** ÖJ routine answers: trends, comparisons, profiles and changes. All SQL is in queries/routine-*.ts. */
@Resolver()
export class RoutineResolver {
  @Query(() => RoutineTrend, {
    description:
      "One unit's answers to one routine question year by year, beside its region's, kommungrupp's and riket's shares; for a region, kommungrupp or riket, its share series. Dense: every year from fromYear to toYear appears.",
  })
  routineTrend(
    @Args(() => RoutineTrendArgs) args: RoutineTrendArgs,
    @Ctx() { db }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RoutineTrend> {
    return routineTrend(db, { ...args, ...routineSelection(info) });
  }

  @Query(() => RoutineComparison, {
    description:
      'Every municipality of a scope (riket, a region or a kommungrupp), and the districts that answered, for one question and year: answer, change since the previous survey year, the scope share and reference shares.',
  })
  routineComparison(
    @Args(() => RoutineComparisonArgs) args: RoutineComparisonArgs,
    @Ctx() { db }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RoutineComparison> {
    return routineComparison(db, { ...args, ...routineSelection(info) });
  }

  @Query(() => RegionComparison, {
    description:
      "The cross-county view: one row per region (län) with its municipalities' counts and share, rank (ties share a rank; regions without a share are unranked), quartile band, riket, and the median and interquartile range of the regional shares.",
  })
  regionComparison(
    @Args(() => RegionComparisonArgs) args: RegionComparisonArgs,
    @Ctx() { db }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RegionComparison> {
    const { published, detail } = routineSelection(info);
    return regionComparison(db, { ...args, published, detail });
  }

  @Query(() => RoutineProfile, {
    description:
      "One unit across every service area and routine question in one year: a municipality or district beside its region, kommungrupp and riket; a region or riket with its municipalities' shares per question and its own answer NOT_ASKED where the question is asked of municipalities only.",
  })
  routineProfile(
    @Args(() => RoutineProfileArgs) args: RoutineProfileArgs,
    @Ctx() { db }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RoutineProfile> {
    return routineProfile(db, { ...args, ...routineSelection(info) });
  }

  @Query(() => RoutineChanges, {
    description:
      'Units of a scope whose answer to a question moved between two survey years, grouped by transition (e.g. NEJ → JA). Counts municipalities only; districts are listed beside each transition as rows of their own.',
  })
  routineChanges(
    @Args(() => RoutineChangesArgs) args: RoutineChangesArgs,
    @Ctx() { db }: Context,
  ): Promise<RoutineChanges> {
    return routineChanges(db, args);
  }
}

@Resolver(() => RoutineComparison)
export class RoutineComparisonResolver {
  @FieldResolver(() => RoutineComparisonRowConnection, {
    description:
      'Municipalities of the scope, plus districts that answered that year, in the requested order; one page holds every municipality.',
  })
  rows(
    @Root() comparison: RoutineComparison,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() { limits }: Context,
  ) {
    return pageOf(comparison.allRows, first, after, limits.maxPageSize);
  }
}
