import { ClassType, Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page ends and whether more follow.' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page; null on an empty page.' })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

export interface ConnectionShape<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: PageInfo;
}

/** One generic cursor connection (type-graphql examples/generic-types), instantiated per node type. */
export function Connection<T extends object>(nodeType: ClassType<T>) {
  @ObjectType()
  abstract class ConnectionClass implements ConnectionShape<T> {
    @Field(() => Int, { description: 'All items matching the filter, across pages.' })
    totalCount!: number;

    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}
