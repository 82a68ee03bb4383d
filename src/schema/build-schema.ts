import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import {
  DistrictResolver,
  KommungruppResolver,
  MunicipalityResolver,
  RegionResolver,
} from './resolvers/geography.resolver.js';
import { QuestionResolver, ServiceAreaResolver } from './resolvers/question.resolver.js';
import { RoutineComparisonResolver, RoutineResolver } from './resolvers/routine.resolver.js';
import { AgreementResolver } from './resolvers/agreement.resolver.js';
import { DatasetResolver } from './resolvers/dataset.resolver.js';
import { PlanCountResolver } from './resolvers/plan-count.resolver.js';
import { PublishedFigureResolver } from './resolvers/published-figure.resolver.js';
import { StudyResolver } from './resolvers/study.resolver.js';

export const RESOLVERS = [
  RegionResolver,
  MunicipalityResolver,
  DistrictResolver,
  KommungruppResolver,
  ServiceAreaResolver,
  QuestionResolver,
  RoutineResolver,
  RoutineComparisonResolver,
  AgreementResolver,
  PlanCountResolver,
  PublishedFigureResolver,
  StudyResolver,
  DatasetResolver,
] as const;

let cached: Promise<GraphQLSchema> | null = null;

/** The executable schema, built once per process. */
export function buildJamforSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: [...RESOLVERS], validate: false, emitSchemaFile: false });
  return cached;
}

export async function printJamforSchema(): Promise<string> {
  return printSchema(await buildJamforSchema()) + '\n';
}
