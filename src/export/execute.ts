import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { SavedOperation } from '../operations/saved-operations.js';
import type { Context } from '../schema/context.js';

/** The operation failed on the caller's input: unknown code, bad year range, bad enum value. */
export class OperationInputError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const PAGE_SIZE = 500;
const INPUT_CODES = new Set(['NOT_FOUND', 'BAD_USER_INPUT']);
const documents = new Map<string, DocumentNode>();

/** Parsed and validated once per process: the saved operations never change at run time. */
function documentFor(schema: GraphQLSchema, operation: SavedOperation): DocumentNode {
  let document = documents.get(operation.name);
  if (!document) {
    document = parse(operation.query);
    const errors = validate(schema, document);
    if (errors.length > 0)
      throw new Error(
        `saved operation ${operation.name} does not validate: ${errors.map((e) => e.message).join('; ')}`,
      );
    documents.set(operation.name, document);
  }
  return document;
}

/**
 * Runs a saved operation against the schema, in-process, with a request context like
 * /graphql's, and returns `data`. Errors the caller caused (variable coercion, NOT_FOUND,
 * BAD_USER_INPUT) become OperationInputError; anything else is thrown as is for the server
 * to log and mask.
 */
export async function runOperation(
  schema: GraphQLSchema,
  context: () => Context,
  operation: SavedOperation,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await execute({
    schema,
    document: documentFor(schema, operation),
    variableValues: variables,
    contextValue: context(),
  });
  const [error] = result.errors ?? [];
  if (error) {
    const code = error.extensions['code'];
    if (typeof code === 'string' && INPUT_CODES.has(code)) throw new OperationInputError(error.message, code);
    // graphql-js refuses bad variable values before executing: then there is no `data` at all
    if (result.data === undefined) throw new OperationInputError(error.message, 'BAD_USER_INPUT');
    throw error instanceof GraphQLError && error.originalError ? error.originalError : error;
  }
  return result.data as Record<string, unknown>;
}

/**
 * As runOperation, for an operation whose root field holds a `rows` connection: follows
 * `after` until the last page and returns the first page's data with every page's nodes.
 */
export async function runPagedOperation(
  schema: GraphQLSchema,
  context: () => Context,
  operation: SavedOperation,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  type Page = { rows: { nodes: unknown[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
  const first = await runOperation(schema, context, operation, { ...variables, first: PAGE_SIZE });
  const root = first[operation.field] as Page;
  const nodes = [...root.rows.nodes];
  let pageInfo = root.rows.pageInfo;
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const next = await runOperation(schema, context, operation, {
      ...variables,
      first: PAGE_SIZE,
      after: pageInfo.endCursor,
    });
    const page = next[operation.field] as Page;
    nodes.push(...page.rows.nodes);
    pageInfo = page.rows.pageInfo;
  }
  return { ...first, [operation.field]: { ...root, rows: { ...root.rows, nodes, pageInfo } } };
}
