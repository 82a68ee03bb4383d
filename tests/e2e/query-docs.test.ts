import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/operations/saved-operations.js';
import {
  runDocumentQuestions,
  runOperations,
  writeQueryDocs,
  type CsvRun,
  type DocumentRun,
  type OperationRun,
} from '../../scripts/write-query-docs.js';
import { DOCUMENT_QUESTIONS } from '../../src/operations/document-questions.js';
import { startBundledApp, type BundledApp } from './bundled-app.js';

/**
 * Every saved operation (the dashboard's, the explorer's, docs/queries.md's) runs through
 * POST /graphql on the bundled data — within the server's depth and cost limits — and
 * answers without errors. With WRITE_QUERY_DOCS=1 (`npm run docs:queries`) the answers are
 * written to docs/queries.md.
 */
let app: BundledApp;
let runs: OperationRun[];
let documents: DocumentRun[];

beforeAll(async () => {
  app = await startBundledApp();
  runs = await runOperations(app.api.url);
  documents = await runDocumentQuestions(app.api.url);
}, 60_000);
afterAll(async () => {
  await app.close();
});

describe('saved operations on the bundled data', () => {
  it.each(Object.keys(OPERATIONS))('%s answers 200 without errors', (key) => {
    const run = runs.find((r) => r.operation === OPERATIONS[key as keyof typeof OPERATIONS])!;
    expect(run.body).not.toHaveProperty('errors');
    expect(run.status).toBe(200);
  });

  it('answers every question of every source document without errors', () => {
    expect(documents.map((d) => d.source.document)).toEqual(DOCUMENT_QUESTIONS.map((d) => d.document));
    for (const { answers } of documents) {
      for (const a of answers) {
        expect(a.body, a.question).not.toHaveProperty('errors');
        expect(a.status).toBe(200);
      }
    }
  });

  it.runIf(process.env['WRITE_QUERY_DOCS'] === '1')('writes docs/queries.md', async () => {
    const paths = [
      '/export/routine-comparison.csv?question=SIP_INFO.HEMLOSHET&year=2018&scope=REGION:04&denominator=APPLICABLE&format=excel-sv',
      '/export/routine-trend.csv?question=SIP_INFO.HEMLOSHET&unit=0488&fromYear=2017&toYear=2019&format=rfc4180',
    ];
    const csv: CsvRun[] = [];
    for (const path of paths) csv.push({ path, text: await (await fetch(`${app.api.url}${path}`)).text() });
    writeQueryDocs(runs, csv, documents);
  });
});
