/**
 * The page's only way to data: a saved operation (src/operations) sent to POST /graphql on
 * this origin, typed by the generated result and variable types.
 */
import type { SavedOperation } from '../operations/saved-operations.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Variables may be left out only when the operation needs none. */
type VariablesArg<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [TVariables];

/** Runs a saved operation and returns its one root field's answer. */
export async function gql<TData, TVariables>(
  operation: SavedOperation<TData, TVariables>,
  ...[variables]: VariablesArg<TVariables>
): Promise<TData[keyof TData]> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation.query, operationName: operation.name, variables: variables ?? {} }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'ERROR');
  return body.data![operation.field] as TData[keyof TData];
}
