import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLResponse } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import type { Context } from '../schema/context.js';
import { JamforError } from '../schema/errors.js';
import { compiledExecution } from './compiled-execution.js';
import { tokenLimitError } from './limits.js';

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

/** Longest message sent to a client: an argument echoed in a message (a 90 kB code) is cut. */
export const MAX_MESSAGE_LENGTH = 500;

/** `text` cut to `max` characters with an ellipsis, so a client's input is never echoed whole. */
export function bounded(text: string, max = MAX_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** graphql-js's "Did you mean …?" tail, as ApolloServerPluginDisableSuggestions strips it. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * The deliberate error behind Apollo's wrapper, if any. Apollo re-codes every error a
 * validation rule reports GRAPHQL_VALIDATION_FAILED, and graphql-js reports the token limit
 * as a syntax error (GRAPHQL_PARSE_FAILED); the limits' own code, QUERY_TOO_COMPLEX or
 * BAD_USER_INPUT, is the contract clients see.
 */
function deliberateError(error: unknown): JamforError | null {
  if (!(error instanceof GraphQLError)) return null;
  if (error instanceof JamforError) return error;
  if (error.originalError instanceof JamforError) return error.originalError;
  return error.extensions['code'] === 'GRAPHQL_PARSE_FAILED' ? tokenLimitError(error.message) : null;
}

/**
 * The one place unknown errors are masked: anything that is not a deliberate, coded error
 * (a database failure, a bug) becomes INTERNAL_SERVER_ERROR with no message detail, no SQL,
 * no stack; the original is logged for operators. With `hideSuggestions` (introspection
 * off), no message says "Did you mean …", whichever stage produced it.
 */
export function formatError(log: (message: string) => void, options: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const own = deliberateError(error);
    const code = own ? own.extensions['code'] : formatted.extensions?.['code'];
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      // `http` only sets the status (Apollo has read it); `stacktrace` is never sent.
      const all: Record<string, unknown> = { ...formatted.extensions, ...own?.extensions, code };
      const { stacktrace: _stack, http: _http, ...rest } = all;
      const extensions = Object.fromEntries(
        Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' ? bounded(v) : v]),
      );
      const message = own?.message ?? formatted.message;
      return {
        ...formatted,
        message: bounded(options.hideSuggestions ? message.replace(SUGGESTION, '') : message),
        extensions,
      };
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

/** What the server adds to Apollo to refuse abuse: see src/http/limits.ts. */
export interface Guards {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<Context>[];
}

export function createApollo(
  schema: GraphQLSchema,
  config: Pick<Config, 'limits'>,
  guards: Guards,
  log: (message: string) => void,
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    // The schema, executed by compiled operations (see compiled-execution.ts).
    gateway: compiledExecution(schema),
    introspection: config.limits.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: drain HTTP first, then stop Apollo, then the database.
    stopOnTerminationSignals: false,
    // graphql-js stops lexing past this many tokens, before building any AST.
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: guards.validationRules,
    formatError: formatError(log, { hideSuggestions: !config.limits.introspection }),
    plugins: [
      // The default landing page loads from a CDN; Jämför serves its own offline explorer.
      ApolloServerPluginLandingPageDisabled(),
      // Per-field cache hints halve list throughput (measured); caching is derived once per
      // response from the dataset version instead.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // "Did you mean …" suggestions let a client probe for field names when introspection is off.
      ...(config.limits.introspection ? [] : [ApolloServerPluginDisableSuggestions()]),
      ...guards.plugins,
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
