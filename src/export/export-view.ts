import type { SavedOperation } from '../operations/saved-operations.js';
import { writeCsv, type CsvColumn, type CsvFormat } from './csv.js';

/**
 * A dashboard view as CSV: it runs the page's own GraphQL operation (src/operations) with
 * variables taken from URL parameters named like the query's arguments, and flattens the
 * typed result to one row per unit (and year, for trends). Nothing here reads the database:
 * the numbers are the API's. One module per view in views/; the list is endpoints.ts.
 */

/** A parameter the caller got wrong: the route answers 400 with this message. */
export class ExportParameterError extends Error {}

export interface ExportView<Row, TData, TVariables> {
  /** The path segment: `/export/<name>.csv`. */
  name: string;
  operation: SavedOperation<TData, TVariables>;
  /** Parameters accepted besides `format`, for the 400 message and the docs. */
  parameters: readonly string[];
  variables(params: URLSearchParams): TVariables;
  /** Names the downloaded file, from the variables. */
  fileStem(variables: TVariables): string;
  /** Rows from the operation's data; connection pages already merged. */
  rows(data: TData): Row[];
  columns: readonly CsvColumn<Row>[];
  /** The root field holds a `rows` connection to follow with `after` (routineComparison). */
  paged?: boolean;
}

/** A view with its types closed over: what the route needs. */
export interface ExportEndpoint {
  name: string;
  operation: SavedOperation;
  parameters: readonly string[];
  paged?: boolean;
  variables(params: URLSearchParams): Record<string, unknown>;
  fileStem(variables: Record<string, unknown>): string;
  /** `data` is the operation's own result (runOperation of `operation`). */
  toCsv(data: Record<string, unknown>, format: CsvFormat): string;
}

/**
 * Erases a view's types at the one place the untyped execution result meets them: the data
 * comes from executing `view.operation` itself, so it has that operation's result type.
 */
export function endpoint<Row, TData, TVariables>(view: ExportView<Row, TData, TVariables>): ExportEndpoint {
  const { rows, columns, operation, variables, fileStem, ...rest } = view;
  return {
    ...rest,
    operation: operation as SavedOperation,
    variables: (params) => variables(params) as Record<string, unknown>,
    fileStem: (v) => fileStem(v as TVariables),
    toCsv: (data, format) => writeCsv(columns, rows(data as TData), format),
  };
}
