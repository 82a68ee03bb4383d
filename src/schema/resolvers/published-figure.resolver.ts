import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { listPublishedFigures } from '../queries/published-figure.js';
import { PublishedFigure, PublishedFigureConnection, PublishedFiguresArgs } from '../types/published-figure.type.js';

@Resolver(() => PublishedFigure)
export class PublishedFigureResolver {
  @Query(() => PublishedFigureConnection, {
    description:
      'Published aggregates exactly as printed (labelled PUBLISHED), filtered and paged, ordered by year, subject, scope, scope label and measure.',
  })
  publishedFigures(@Args(() => PublishedFiguresArgs) args: PublishedFiguresArgs, @Ctx() { db, limits }: Context) {
    return listPublishedFigures(db, args, limits.maxPageSize);
  }
}
