import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Question, ServiceArea } from '../../entities/index.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { listQuestions, listServiceAreas } from '../queries/geography.js';

@Resolver(() => ServiceArea)
export class ServiceAreaResolver {
  @Query(() => [ServiceArea], {
    description: 'The nine ÖJ service areas (verksamhetsområden), in the order reports list them.',
  })
  serviceAreas(@Ctx() { db }: Context): Promise<ServiceArea[]> {
    return listServiceAreas(db);
  }

  @FieldResolver(() => [Question], { description: 'Questions asked in this area.' })
  questions(@Root() area: ServiceArea, @Ctx() { db }: Context): Promise<Question[]> {
    return listQuestions(db, { areaCode: area.areaCode });
  }
}

@Resolver(() => Question)
export class QuestionResolver {
  @Query(() => [Question], {
    description: 'Routine questions and KPIs, optionally of one area (area code, e.g. "HEMLOSHET") or family.',
  })
  async questions(
    @Arg('area', () => String, { nullable: true }) area: string | null,
    @Arg('family', () => String, { nullable: true }) family: string | null,
    @Ctx() { db, loaders }: Context,
  ): Promise<Question[]> {
    if (area && !(await loaders.serviceAreaByCode.load(area))) throw new NotFoundError('service area', area);
    return listQuestions(db, { areaCode: area, family });
  }

  @Query(() => Question, { description: 'One question by code. NOT_FOUND if unknown.' })
  async question(@Arg('code', () => String) code: string, @Ctx() { loaders }: Context): Promise<Question> {
    return (await loaders.questionByCode.load(code)) ?? Promise.reject(new NotFoundError('question', code));
  }

  @FieldResolver(() => ServiceArea, { nullable: true })
  async area(@Root() q: Question, @Ctx() { loaders }: Context): Promise<ServiceArea | null> {
    return q.areaCode ? loaders.serviceAreaByCode.load(q.areaCode) : null;
  }
}
