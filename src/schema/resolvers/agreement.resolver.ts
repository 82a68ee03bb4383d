import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { agreementCoverage } from '../queries/agreement-coverage.js';
import { AgreementCoverage, AgreementCoverageArgs } from '../types/agreement.type.js';

@Resolver(() => AgreementCoverage)
export class AgreementResolver {
  @Query(() => AgreementCoverage, {
    description:
      'Agreement (överenskommelse) coverage at one level, topic and year: counts by status, shares with their denominators and content-flag shares computed from unit rows (COMPUTED), beside the published figures for the same level and year (PUBLISHED). NOT_FOUND for an unknown topic.',
  })
  agreementCoverage(
    @Args(() => AgreementCoverageArgs) args: AgreementCoverageArgs,
    @Ctx() { db }: Context,
  ): Promise<AgreementCoverage> {
    return agreementCoverage(db, args);
  }
}
