import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
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

/**
 * Plain fields (those without a field resolver) are read straight off the object, as
 * type-graphql's `simple` option does. Otherwise type-graphql gives each one a resolver that
 * runs the field's middlewares and returns `root[property]`, and graphql-jit calls it — with a
 * resolve info built for the call — for every field of every row instead of reading the
 * property inline: national's 290 rows × 7 fields, profile's 77 items × 8. Jämför has no
 * middlewares and no `@Authorized`, so the resolver adds nothing; the build refuses if one
 * appears. A field named unlike its property (`regionCode` exposed as `code`) keeps
 * type-graphql's resolver, which reads the property.
 */
function readPlainFieldsDirectly(): void {
  const storage = getMetadataStorage();
  if (storage.middlewares.length > 0 || storage.authorizedFields.length > 0) {
    throw new Error('a middleware or @Authorized would be skipped by plain fields read directly (build-schema.ts)');
  }
  for (const field of storage.fields) if (field.schemaName === field.name) field.simple ??= true;
}

let cached: Promise<GraphQLSchema> | null = null;

/** The executable schema, built once per process. */
export function buildJamforSchema(): Promise<GraphQLSchema> {
  if (!cached) {
    readPlainFieldsDirectly();
    cached = buildSchema({ resolvers: [...RESOLVERS], validate: false, emitSchemaFile: false });
  }
  return cached;
}

export async function printJamforSchema(): Promise<string> {
  return printSchema(await buildJamforSchema()) + '\n';
}
