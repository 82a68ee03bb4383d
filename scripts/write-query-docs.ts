/**
 * Writes docs/queries.md from real runs: every saved operation of the dashboard
 * (src/operations/) sent to POST /graphql of an app started on a fresh database
 * with data/samples loaded, and its answer printed as received (long lists cut, and marked).
 * Run it with `npm run docs:queries` (tests/e2e/query-docs.test.ts with WRITE_QUERY_DOCS=1).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENT_QUESTIONS, type SourceDocument } from '../src/operations/document-questions.js';
import { OPERATIONS, type SavedOperation } from '../src/operations/saved-operations.js';
import { EXPORT_ENDPOINTS } from '../src/export/endpoints.js';
import { PROJECT_ROOT } from '../src/paths.js';

export const QUERY_DOCS_FILE = path.join(PROJECT_ROOT, 'docs', 'queries.md');

/** Lists longer than this are cut to their first LIST_KEEP items in the document. */
const LIST_LIMIT = 6;
const LIST_KEEP = 3;

export interface OperationRun {
  operation: SavedOperation;
  status: number;
  body: unknown;
}

export interface CsvRun {
  path: string;
  text: string;
}

/** The answer with long lists cut: `["…", "(17 more items, cut in this document)"]`. */
function shorten(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = (value.length > LIST_LIMIT ? value.slice(0, LIST_KEEP) : value).map(shorten);
    return value.length > LIST_LIMIT
      ? [...kept, `… ${value.length - LIST_KEEP} more items (cut in this document)`]
      : kept;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

async function runOperation(url: string, operation: SavedOperation): Promise<OperationRun> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation.query, operationName: operation.name, variables: operation.variables }),
  });
  return { operation, status: response.status, body: await response.json() };
}

export async function runOperations(url: string): Promise<OperationRun[]> {
  const runs: OperationRun[] = [];
  for (const operation of Object.values(OPERATIONS)) runs.push(await runOperation(url, operation));
  return runs;
}

/** One source document's questions, each with the answer the server gave. */
export interface DocumentRun {
  source: SourceDocument;
  answers: (OperationRun & { question: string })[];
}

export async function runDocumentQuestions(url: string): Promise<DocumentRun[]> {
  const runs: DocumentRun[] = [];
  for (const source of DOCUMENT_QUESTIONS) {
    const answers: DocumentRun['answers'] = [];
    for (const q of source.questions) answers.push({ question: q.question, ...(await runOperation(url, q.operation)) });
    runs.push({ source, answers });
  }
  return runs;
}

function renderDocumentQuestions(documents: DocumentRun[]): string {
  const parts = documents.map(({ source, answers }) =>
    [
      `### ${source.document} — ${source.title}`,
      '',
      ...answers.flatMap(({ question, operation, status, body }) => [
        `#### ${question}`,
        '',
        `Operation \`${operation.name}\` (the query is under [\`${operation.field}\`](#${operation.field.toLowerCase()})), with`,
        '',
        '```json',
        JSON.stringify(operation.variables, null, 2),
        '```',
        '',
        `Answer on the bundled data (HTTP ${status}):`,
        '',
        '```json',
        JSON.stringify(shorten(body), null, 2),
        '```',
        '',
      ]),
    ].join('\n'),
  );
  return `## Questions per source document

The bundled data comes from five documents (\`../shared/seeds\`, named by file; every typed-in
figure cites its document, section and page). For each, the questions it lets an analyst ask,
sent as the saved operations above with other variables, and the real answers.

${parts.join('\n')}`;
}

export function renderQueryDocs(runs: OperationRun[], csv: CsvRun[], documents: DocumentRun[] = []): string {
  const toc = runs
    .map((r) => `- [\`${r.operation.field}\`](#${r.operation.field.toLowerCase()}) — ${r.operation.description}`)
    .join('\n');
  const sections = runs.map(({ operation, status, body }) =>
    [
      `## ${operation.field}`,
      '',
      operation.description,
      '',
      '```graphql',
      operation.query,
      '```',
      '',
      'Variables:',
      '',
      '```json',
      JSON.stringify(operation.variables, null, 2),
      '```',
      '',
      `Answer on the bundled data (HTTP ${status}):`,
      '',
      '```json',
      JSON.stringify(shorten(body), null, 2),
      '```',
    ].join('\n'),
  );
  const exports = [...EXPORT_ENDPOINTS.values()]
    .map(
      (e) =>
        `| \`GET /export/${e.name}.csv\` | \`${e.operation.field}\` | ${e.parameters.map((p) => `\`${p}\``).join(', ')} |`,
    )
    .join('\n');
  const csvSamples = csv
    .map((c) =>
      [
        `\`GET ${c.path}\`:`,
        '',
        '```csv',
        c.text
          .replace(/^\uFEFF/, '')
          .replace(/\r\n/g, '\n')
          .trimEnd(),
        '```',
      ].join('\n'),
    )
    .join('\n\n');
  return `# Jämför GraphQL queries, with real output

Every query the dashboard (\`/\`) uses, exactly as it sends them, with an example on the
bundled data (\`data/samples\`: ÖJ 2018 for Södermanlands län, Vårdanalys 2016 agreements,
Stockholm 2011 plan counts) and the answer the server gave. The same operations are saved in
the explorer (\`/explorer\`). Send any of them to \`POST /graphql\`:

\`\`\`sh
curl -s localhost:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"query($q: String!) { regionComparison(question: $q, year: 2018) { median nation { share } } }","variables":{"q":"SIP_INFO.HEMLOSHET"}}'
\`\`\`

Shares are fractions 0…1 with their numerator, denominator and policy; a missing value has a
\`missingReason\` and is never 0. Lists longer than ${LIST_LIMIT} items are cut below to their
first ${LIST_KEEP} (marked); the server returns them whole.

This file is generated: \`npm run docs:queries\` starts the app on a fresh database, loads
\`data/samples\`, runs each operation and writes it (\`scripts/write-query-docs.ts\`).

${toc}
- [Questions per source document](#questions-per-source-document)
- [CSV export](#csv-export)

${sections.join('\n\n')}

${renderDocumentQuestions(documents)}

## CSV export

Each dashboard view is also a CSV file, made by running the view's operation above through
the same schema (never separate SQL): the same numbers as the page and the API, one row per
unit (and year, for trends). Parameters are the GraphQL arguments, by the same names; a
scope is written \`NATION\`, \`REGION:04\` or \`KOMMUNGRUPP:B3\`.

| endpoint | runs | parameters |
|---|---|---|
${exports}

\`format=excel-sv\` (the default) is shaped for Swedish Excel: \`;\` between fields, decimal
comma, UTF-8 with BOM, CRLF. \`format=rfc4180\` is plain RFC 4180: \`,\`, decimal point, no BOM,
CRLF. Numbers are unrounded; an empty cell is a missing value (see \`missing_reason\`), never 0.
Excel drops leading zeros from codes (\`0488\`) unless the column is imported as text.
A bad parameter answers 400 with a message naming it.

${csvSamples}
`;
}

export function writeQueryDocs(runs: OperationRun[], csv: CsvRun[], documents: DocumentRun[] = []): void {
  writeFileSync(QUERY_DOCS_FILE, renderQueryDocs(runs, csv, documents));
}
