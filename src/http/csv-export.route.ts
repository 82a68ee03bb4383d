import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { CSV_FORMATS, isCsvFormat } from '../export/csv.js';
import { OperationInputError, runOperation, runPagedOperation } from '../export/execute.js';
import { EXPORT_ENDPOINTS } from '../export/endpoints.js';
import { ExportParameterError } from '../export/export-view.js';
import { createContext } from '../schema/context.js';
import { bounded } from './apollo.js';
import type { Route } from './server.js';

const PATH = /^\/export\/([a-z-]+)\.csv$/;

function refuse(res: http.ServerResponse, status: number, code: string, message: string): true {
  const text = JSON.stringify({ errors: [{ message: bounded(message), extensions: { code } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}

/**
 * `GET /export/<view>.csv?<the GraphQL query's arguments>&format=excel-sv|rfc4180`: a
 * dashboard view as CSV, made by executing the page's own GraphQL operation against the
 * schema with a request context like /graphql's (never separate SQL). Views and their
 * parameters: see src/export/views/ and docs/queries.md. Bad parameters → 400.
 */
export function csvExportRoute(options: { schema: GraphQLSchema; api: DataSource; config: Config }): Route {
  const { schema, api, config } = options;
  const context = () => createContext(api.manager, config.limits);
  return async ({ req, res, url }) => {
    const match = PATH.exec(url.pathname);
    if (!match) return false;
    const endpoint = EXPORT_ENDPOINTS.get(match[1]!);
    if (!endpoint) {
      return refuse(
        res,
        404,
        'NOT_FOUND',
        `no such export: ${url.pathname} (exports: ${[...EXPORT_ENDPOINTS.keys()].map((k) => `/export/${k}.csv`).join(', ')})`,
      );
    }
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'use GET');

    const format = url.searchParams.get('format') ?? 'excel-sv';
    if (!isCsvFormat(format))
      return refuse(
        res,
        400,
        'BAD_USER_INPUT',
        `parameter "format" must be one of ${CSV_FORMATS.join(', ')}, got "${format}"`,
      );
    const allowed = new Set([...endpoint.parameters, 'format']);
    const unknown = [...new Set(url.searchParams.keys())].filter((k) => !allowed.has(k));
    if (unknown.length > 0) {
      return refuse(
        res,
        400,
        'BAD_USER_INPUT',
        `unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')}; /export/${endpoint.name}.csv takes ${[...allowed].join(', ')}`,
      );
    }
    // PostgreSQL text cannot hold U+0000; refused here like /graphql refuses it in an argument.
    const nul = [...url.searchParams].find(([, value]) => value.includes('\u0000'));
    if (nul) return refuse(res, 400, 'BAD_USER_INPUT', `parameter "${nul[0]}" must not contain a NUL character`);

    let csv: string;
    let variables: Record<string, unknown>;
    try {
      variables = endpoint.variables(url.searchParams);
      const run = endpoint.paged ? runPagedOperation : runOperation;
      csv = endpoint.toCsv(await run(schema, context, endpoint.operation, variables), format);
    } catch (error) {
      if (error instanceof ExportParameterError) return refuse(res, 400, 'BAD_USER_INPUT', error.message);
      if (error instanceof OperationInputError) return refuse(res, 400, error.code, error.message);
      throw error;
    }
    const body = Buffer.from(csv, 'utf8');
    const suffix = format === 'rfc4180' ? '' : '.excel-sv';
    res.writeHead(200, {
      'content-type': `text/csv; charset=utf-8; header=present`,
      'content-length': body.length,
      'content-disposition': `attachment; filename="${endpoint.fileStem(variables)}${suffix}.csv"`,
      'cache-control': 'no-cache',
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}
