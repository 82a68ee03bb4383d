import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../../src/ingest/pipeline.js';
import { describeResult } from '../../../src/jobs/ingest-report.js';

const FILE = { source: 'oj', file: 'oj-2018-x.csv' };

function result(overrides: Partial<IngestResult>): IngestResult {
  return {
    runId: '7',
    source: 'oj',
    releaseKey: 'oj-2018-x.csv',
    status: 'SUCCEEDED',
    sha256: null,
    counts: { rowsRead: 0, skipped: 0, inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, rejected: 0 },
    rejects: [],
    skipped: [],
    kept: [],
    repairs: {},
    error: null,
    durationMs: 12,
    datasetVersion: '3',
    ...overrides,
  };
}

const delvis = {
  loc: { ...FILE, row: 5, column: 'Äldreomsorg' },
  rawValue: 'Delvis',
  rule: 'answer-not-in-scale',
  message: '"Delvis" is not Ja, Nej, Ej aktuellt or a no-response mark',
  isKeyField: false,
};
const heading = {
  loc: { ...FILE, row: 4, column: 'Kommun' },
  text: 'Stadsdelsområden i Stockholm',
  reason: 'heading or note: no unit code and no answers',
};

describe('the CLI summary of a run', () => {
  it('prints a held run with one count of rejects, its skipped rows apart from them, and what to do', () => {
    const counts = { rowsRead: 4, skipped: 1, inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, rejected: 1 };
    expect(
      describeResult(
        result({ status: 'HELD', counts, rejects: [delvis], skipped: [heading], repairs: { 'zero-padded-code': 1 } }),
      ),
    ).toEqual([
      'oj oj-2018-x.csv: HELD in 12 ms (run 7, dataset version 3)',
      '  read 4 rows (1 skipped) · loaded 0 values (inserted 0, updated 0, unchanged 0) · withdrawn 0 · rejected 1 · repaired 1',
      '  repaired: zero-padded-code 1',
      '  skipped oj: oj-2018-x.csv, row 4, column "Kommun": "Stadsdelsområden i Stockholm" — heading or note: no unit code and no answers',
      '  rejected answer-not-in-scale: oj: oj-2018-x.csv, row 5, column "Äldreomsorg": "Delvis" is not Ja, Nej, Ej aktuellt or a no-response mark (value "Delvis")',
      '  held: nothing loaded; fix the 1 rejected, or load the other rows with --allow-partial (a rejected cell then keeps its earlier value, listed as kept)',
    ]);
  });

  it('lists each cell an --allow-partial load left at its earlier value', () => {
    const counts = { rowsRead: 3, skipped: 0, inserted: 0, updated: 1, unchanged: 7, withdrawn: 0, rejected: 1 };
    const kept = [
      {
        unitCode: '0428',
        questionCode: 'SIP_INFO.ALDREOMSORG',
        year: 2018,
        keptAnswer: 'NEJ',
        keptRawValue: 'Nej',
        rejectedValue: 'Delvis',
        rule: 'answer-not-in-scale',
        loc: delvis.loc,
      },
    ];
    expect(describeResult(result({ counts, rejects: [delvis], kept })).slice(1)).toEqual([
      '  read 3 rows (0 skipped) · loaded 8 values (inserted 0, updated 1, unchanged 7) · withdrawn 0 · rejected 1 · repaired 0',
      '  rejected answer-not-in-scale: oj: oj-2018-x.csv, row 5, column "Äldreomsorg": "Delvis" is not Ja, Nej, Ej aktuellt or a no-response mark (value "Delvis")',
      '  kept 0428 SIP_INFO.ALDREOMSORG 2018: NEJ stays served (this file: "Delvis" at oj: oj-2018-x.csv, row 5, column "Äldreomsorg", answer-not-in-scale)',
    ]);
  });
});
