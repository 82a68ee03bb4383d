import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import type { Context } from '../schema/context.js';

/** Codes whose messages are safe to show: ours and graphql-js/Apollo's request errors. */
const PUBLIC_CODES = new Set([
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * The one place unknown errors are masked: anything that is not a deliberate, coded error
 * (a database failure, a bug) becomes INTERNAL_SERVER_ERROR with no message detail, no SQL,
 * no stack; the original is logged for operators.
 */
export function formatError(log: (message: string) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export function createApollo(
  schema: GraphQLSchema,
  config: Pick<Config, 'limits'>,
  validationRules: ValidationRule[],
  log: (message: string) => void,
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    introspection: config.limits.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: drain HTTP first, then stop Apollo, then the database.
    stopOnTerminationSignals: false,
    validationRules,
    formatError: formatError(log),
    plugins: [
      // The default landing page loads from a CDN; Jämför serves its own offline explorer.
      ApolloServerPluginLandingPageDisabled(),
      // Per-field cache hints halve list throughput (measured); caching is derived once per
      // response from the dataset version instead.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // "Did you mean …" suggestions let a client probe for field names when introspection is off.
      ...(config.limits.introspection ? [] : [ApolloServerPluginDisableSuggestions()]),
    ],
  });
}

export function toHeaderMap(headers: Record<string, string | string[] | undefined>): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

export async function bodyText(response: HTTPGraphQLResponse): Promise<string> {
  if (response.body.kind === 'complete') return response.body.string;
  let text = '';
  for await (const chunk of response.body.asyncIterator) text += chunk;
  return text;
}
