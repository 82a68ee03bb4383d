import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../../../src/paths.js';
import { useTestApi } from '../../helpers/api.js';

const COVERAGE = path.join(SAMPLES_DIR, 'vardanalys-2016-agreement-coverage.csv');
const FOLLOW_UP = path.join(SAMPLES_DIR, 'stockholm-2011-individual-plan-followup.csv');
const MISSING = path.join(PROJECT_ROOT, 'tests/fixtures/agreements/does-not-exist.csv');

const { db, api } = useTestApi();

async function dataset(): Promise<Record<string, any>> {
  const body = await api.gql(DATASET);
  expect(body.errors).toBeUndefined();
  return body.data!['dataset'];
}

const source = (d: Record<string, any>, name: string) => d['sources'].find((s: any) => s.source === name);

describe('dataset', () => {
  it('starts at version 0 with every source listed and never run', async () => {
    const d = await dataset();
    expect(d.version).toBe('0');
    expect(new Date(d.changedAt).getTime()).not.toBeNaN();
    expect(d.sources).toEqual(
      ['oj', 'kolada', 'agreements', 'plan-counts', 'publications'].map((s) => ({
        source: s,
        lastSuccess: null,
        lastRun: null,
      })),
    );
  });

  it('moves the version when an ingest commits and shows the run as the last success', async () => {
    const result = await ingestFile(db.ingest, COVERAGE, { trigger: 'test' });
    expect(result.status).toBe('SUCCEEDED');
    const d = await dataset();
    expect(d.version).toBe('1');
    const agreements = source(d, 'agreements');
    expect(agreements.lastSuccess).toMatchObject({
      id: result.runId,
      source: 'agreements',
      releaseKey: 'vardanalys-2016-agreement-coverage.csv',
      sha256: result.sha256,
      parserVersion: 'agreements@2',
      status: 'SUCCEEDED',
      trigger: 'test',
      counts: { read: 12, inserted: 12, updated: 0, unchanged: 0, withdrawn: 0, rejected: 0 },
      error: null,
      rejects: [],
    });
    expect(agreements.lastSuccess.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(agreements.lastRun.id).toBe(result.runId);
  });

  it('shows a FAILED run beside the last success, which keeps serving, and leaves the version alone', async () => {
    const failed = await ingestFile(db.ingest, MISSING, { trigger: 'test', source: 'agreements' });
    expect(failed.status).toBe('FAILED');
    const d = await dataset();
    expect(d.version).toBe('1');
    const agreements = source(d, 'agreements');
    expect(agreements.lastRun).toMatchObject({
      id: failed.runId,
      status: 'FAILED',
      sha256: null,
      counts: { inserted: 0 },
    });
    expect(agreements.lastRun.error).toContain('does-not-exist.csv');
    expect(agreements.lastSuccess).toMatchObject({
      status: 'SUCCEEDED',
      releaseKey: 'vardanalys-2016-agreement-coverage.csv',
    });
    const serving = await api.gql(`{ publishedFigures(subject: AGREEMENT_COVERAGE) { totalCount } }`);
    expect(serving.data!['publishedFigures'].totalCount).toBe(12);
  });

  it('moves the version again for another source, and not for an unchanged file', async () => {
    expect((await ingestFile(db.ingest, FOLLOW_UP, { trigger: 'test' })).status).toBe('SUCCEEDED');
    expect((await ingestFile(db.ingest, FOLLOW_UP, { trigger: 'test' })).status).toBe('SKIPPED_UNCHANGED');
    const d = await dataset();
    expect(d.version).toBe('2');
    const plans = source(d, 'plan-counts');
    expect(plans.lastSuccess.counts).toMatchObject({ read: 21, inserted: 21 });
    expect(plans.lastRun.status).toBe('SKIPPED_UNCHANGED');
  });

  it('answers with one SQL statement', async () => {
    db.statements.reset();
    await dataset();
    expect(db.statements.count).toBe(1);
  });
});

describe('ingestRuns', () => {
  it('pages the ledger newest first and filters by source and status', async () => {
    db.statements.reset();
    const all = await api.gql(RUNS, { first: 2 });
    expect(db.statements.count).toBe(1);
    const page = all.data!['ingestRuns'];
    expect(page.totalCount).toBe(4);
    expect(page.nodes.map((n: any) => n.status)).toEqual(['SKIPPED_UNCHANGED', 'SUCCEEDED']);
    const rest = (await api.gql(RUNS, { first: 2, after: page.pageInfo.endCursor })).data!['ingestRuns'];
    expect(rest.nodes.map((n: any) => [n.source, n.status])).toEqual([
      ['agreements', 'FAILED'],
      ['agreements', 'SUCCEEDED'],
    ]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const failed = (await api.gql(RUNS, { status: 'FAILED' })).data!['ingestRuns'];
    expect(failed.nodes).toEqual([
      expect.objectContaining({
        source: 'agreements',
        status: 'FAILED',
        error: expect.stringContaining('does-not-exist'),
      }),
    ]);
    expect((await api.gql(RUNS, { source: 'kolada' })).data!['ingestRuns'].totalCount).toBe(0);
  });

  it('lists the rejects of a held run', async () => {
    const bad = path.join(PROJECT_ROOT, 'tests/fixtures/agreements/coverage-2018-bad-status.csv');
    const held = await ingestFile(db.ingest, bad, { trigger: 'test' });
    expect(held.status).toBe('HELD');
    const [run] = (await api.gql(RUNS, { status: 'HELD' })).data!['ingestRuns'].nodes;
    expect(run.counts.rejected).toBe(1);
    expect(run.rejects).toEqual([
      {
        rule: 'status-not-in-scale',
        message: expect.stringContaining('"kanske"'),
        rawValue: 'kanske',
        isKeyField: false,
        file: 'coverage-2018-bad-status.csv',
        sheet: null,
        row: 3,
        column: 'status',
      },
    ]);
  });

  it('is BAD_USER_INPUT for a page over 500', async () => {
    expect((await api.gql(RUNS, { first: 501 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('ingest run detail', () => {
  it('shows repairs, skipped rows and, for --allow-partial, each cell that kept its earlier value, per file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jamfor-run-detail-'));
    const file = path.join(dir, 'oj-2018-run-detail.csv');
    copyFileSync(
      path.join(PROJECT_ROOT, 'tests/fixtures/corpus/oj-wide.mapping.json'),
      path.join(dir, 'oj-2018-run-detail.mapping.json'),
    );
    const header = ['Rutin för information om SIP, 2018', 'Kommunkod;Kommun;Äldreomsorg;Hemlöshet;Ekonomiskt bistånd'];
    writeFileSync(
      file,
      [...header, '180;Stockholm;Ja;Nej;Ja', ';Stadsdelsområden i Stockholm;;;', '0428;Vingåker;Nej;Ja;Nej'].join('\n'),
    );
    const first = await ingestFile(db.ingest, file, { trigger: 'test' });
    expect(first.status).toBe('SUCCEEDED');
    // The revised file: Vingåker's Äldreomsorg now reads "Delvis"; loaded with --allow-partial, NEJ stays served.
    writeFileSync(file, [...header, '0180;Stockholm;Ja;Ja;Ja', '0428;Vingåker;Delvis;Ja;Nej'].join('\n'));
    const partial = await ingestFile(db.ingest, file, { trigger: 'test', allowPartial: true });
    expect(partial.status).toBe('SUCCEEDED');

    const body = await api.gql(RUN_DETAIL, { first: 2 });
    expect(body.errors).toBeUndefined();
    const runs = body.data!['ingestRuns'].nodes;
    expect(runs).toEqual([
      {
        id: partial.runId,
        counts: { read: 2, skipped: 0, inserted: 0, updated: 1, unchanged: 4, withdrawn: 0, rejected: 1, repaired: 0 },
        repairs: [],
        files: [
          {
            file: 'oj-2018-run-detail.csv',
            status: 'SUCCEEDED',
            counts: {
              read: 2,
              skipped: 0,
              inserted: 0,
              updated: 1,
              unchanged: 4,
              withdrawn: 0,
              rejected: 1,
              repaired: 0,
            },
            repairs: [],
            skippedRows: [],
            rejects: [expect.objectContaining({ rule: 'answer-not-in-scale', rawValue: 'Delvis', row: 4 })],
            keptValues: [
              {
                unitCode: '0428',
                questionCode: 'SIP_INFO.ALDREOMSORG',
                year: 2018,
                keptAnswer: 'NEJ',
                rejectedValue: 'Delvis',
                rule: 'answer-not-in-scale',
                row: 4,
                column: 'Äldreomsorg',
              },
            ],
          },
        ],
      },
      {
        id: first.runId,
        counts: { read: 3, skipped: 1, inserted: 6, updated: 0, unchanged: 0, withdrawn: 0, rejected: 0, repaired: 1 },
        repairs: [{ rule: 'zero-padded-code', count: 1 }],
        files: [
          {
            file: 'oj-2018-run-detail.csv',
            status: 'SUCCEEDED',
            counts: {
              read: 3,
              skipped: 1,
              inserted: 6,
              updated: 0,
              unchanged: 0,
              withdrawn: 0,
              rejected: 0,
              repaired: 1,
            },
            repairs: [{ rule: 'zero-padded-code', count: 1 }],
            skippedRows: [
              {
                sheet: null,
                row: 4,
                text: 'Stadsdelsområden i Stockholm',
                reason: 'heading or note: no unit code and no answers',
              },
            ],
            rejects: [],
            keptValues: [],
          },
        ],
      },
    ]);
    expect(partial.kept.map((k) => [k.unitCode, k.questionCode, k.year, k.keptAnswer])).toEqual([
      ['0428', 'SIP_INFO.ALDREOMSORG', 2018, 'NEJ'],
    ]);
    const served = await db.owner.query(
      `SELECT answer FROM routine_answer WHERE unit_code = '0428' AND question_code = 'SIP_INFO.ALDREOMSORG' AND year = 2018`,
    );
    expect(served).toEqual([{ answer: 'NEJ' }]);
  });
});

const RUN_DETAIL = `query Runs($first: Int) {
  ingestRuns(source: "oj", first: $first) {
    nodes {
      id counts { read skipped inserted updated unchanged withdrawn rejected repaired } repairs { rule count }
      files {
        file status counts { read skipped inserted updated unchanged withdrawn rejected repaired } repairs { rule count }
        skippedRows { sheet row text reason } rejects { rule rawValue row } 
        keptValues { unitCode questionCode year keptAnswer rejectedValue rule row column }
      }
    }
  }
}`;

const RUN = `id source releaseKey file sha256 parserVersion status trigger startedAt finishedAt
  counts { read inserted updated unchanged withdrawn rejected } error
  rejects { rule message rawValue isKeyField file sheet row column }`;
const DATASET = `{ dataset { version changedAt sources { source lastSuccess { ${RUN} } lastRun { ${RUN} } } } }`;
const RUNS = `query Runs($source: String, $status: IngestStatus, $first: Int, $after: String) {
  ingestRuns(source: $source, status: $status, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage } nodes { ${RUN} }
  }
}`;
