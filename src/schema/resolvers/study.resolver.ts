import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { listStudies, studyByKey } from '../queries/study.js';
import { StudiesArgs, Study, StudyArgs } from '../types/study.type.js';

@Resolver(() => Study)
export class StudyResolver {
  @Query(() => [Study], {
    description:
      'Studies the bundled and loaded publications report on (surveys, follow-ups, registers, estimates, programmes, plans, audits), each with its figures as printed, its reach and its discrepancies, by document and title. At most 200.',
  })
  studies(@Args(() => StudiesArgs) args: StudiesArgs, @Ctx() { db }: Context): Promise<Study[]> {
    return listStudies(db, args);
  }

  @Query(() => Study, {
    description: 'One study by key, with its figures (optionally one item) and discrepancies. NOT_FOUND if unknown.',
  })
  study(@Args(() => StudyArgs) args: StudyArgs, @Ctx() { db }: Context): Promise<Study> {
    return studyByKey(db, args.key, args.item);
  }
}
