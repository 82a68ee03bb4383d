import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: 100,
    description: 'Page size: at most 500 (more is refused with BAD_USER_INPUT, not clamped).',
  })
  first = 100;

  @Field(() => String, { nullable: true, description: 'Cursor from pageInfo.endCursor of the previous page.' })
  after?: string | null;
}
