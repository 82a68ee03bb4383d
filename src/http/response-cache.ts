import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { print, type DocumentNode } from 'graphql';
import Negotiator from 'negotiator';
import type { Context } from '../schema/context.js';
import { coercedVariables } from './coerced-variables.js';

/**
 * GraphQL results keyed by (dataset version, normalised operation). The data changes only
 * when an ingest commits, which changes the version, so an entry never needs invalidating:
 * entries of older versions are simply never asked for again and age out (LRU, bounded by
 * bytes).
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResult>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): FormattedExecutionResult | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit?.result;
  }

  set(key: string, result: FormattedExecutionResult): void {
    if (this.maxBytes <= 0) return;
    const size = JSON.stringify(result).length;
    if (size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { result, size });
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.size;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

interface CachedResult {
  result: FormattedExecutionResult;
  size: number;
}

/** Clients may keep a response but must revalidate it: a 304 costs no SQL, and new data shows at once. */
export const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** The media types Apollo chooses between for a single result, in its order of preference. */
const SINGLE_RESULT_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];

/** Negotiated types by Accept header: clients send a handful of distinct headers. */
const negotiated = new Map<string, string>();

/** Distinct Accept headers remembered; a client varying its header only empties the memo. */
const MAX_NEGOTIATED = 100;

/** The type Apollo will answer with for this Accept header (its chooseContentTypeForSingleResultResponse). */
function negotiatedType(accept: string | undefined): string {
  if (!accept) return SINGLE_RESULT_TYPES[0]!;
  let type = negotiated.get(accept);
  if (type === undefined) {
    type = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? 'none';
    if (negotiated.size >= MAX_NEGOTIATED) negotiated.clear();
    negotiated.set(accept, type);
  }
  return type;
}

/** Apollo keeps one parsed document per distinct query text, so its printed hash is computed once. */
const documentHashes = new WeakMap<DocumentNode, string>();

function documentHash(document: DocumentNode): string {
  let hash = documentHashes.get(document);
  if (!hash) {
    hash = createHash('sha256').update(print(document)).digest('base64url');
    documentHashes.set(document, hash);
  }
  return hash;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` give the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The normalised operation: the printed document (whitespace, comments and formatting do
 * not matter), the operation chosen, its declared variables as graphql-js coerces them
 * (undeclared ones dropped, keys sorted, defaults applied) and the media type negotiated
 * from Accept. Null when the variables do not coerce: graphql-js refuses the request.
 */
export function operationKey(version: string, ctx: GraphQLRequestContext<Context>): string | null {
  const { document, operation, schema, request } = ctx;
  if (!document || !operation) return null;
  const variables = coercedVariables(schema, operation, request);
  if (variables.errors) return null;
  const operationName = operation.name?.value ?? '';
  const accept = negotiatedType(request.http?.headers.get('accept'));
  const normalised = [documentHash(document), operationName, stableJson(variables.coerced), accept].join('\n');
  return `${version}:${createHash('sha256').update(normalised).digest('base64url')}`;
}

export function etagOf(key: string): string {
  return `"${key}"`;
}

/**
 * The response cache as an Apollo plugin, so a cached answer comes after everything Apollo
 * and the limits decide about a request — CSRF prevention, content negotiation, validation,
 * cost and argument bounds — and only replaces execution. Apollo then writes a hit exactly
 * as it writes a miss: same status, headers and body. A result is kept only when it has no
 * errors and no resolver marked it uncacheable (the ingest ledger); kept results carry an
 * ETag of their key, which server.ts answers with 304.
 */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let key: string | null = null;
      let hit = false;
      return {
        async responseForOperation(ctx) {
          key = operationKey(ctx.contextValue.version.atStart, ctx);
          const result = key ? cache.get(key) : undefined;
          if (!result) return null;
          hit = true;
          return { body: { kind: 'single', singleResult: result }, http: ctx.response.http };
        },
        async willSendResponse({ response, contextValue }) {
          const body = response.body;
          if (!key || body.kind !== 'single' || body.singleResult.errors) return;
          if (!contextValue.response.cacheable) return;
          // A version change while the request ran means its rows may be newer than the key's
          // version: still a correct answer, but not one to keep or tag under that version.
          if (contextValue.version.now() !== contextValue.version.atStart) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          if (!hit) cache.set(key, body.singleResult);
          response.http.headers.set('etag', etagOf(key));
          response.http.headers.set('cache-control', CACHE_CONTROL);
        },
      };
    },
  };
}
