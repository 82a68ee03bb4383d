import { describe, expect, it } from 'vitest';
import { needsAnalyze } from '../../../src/ingest/pipeline.js';

describe('needsAnalyze', () => {
  it('analyses a table that has no statistics yet, whatever the run changed', () => {
    expect(needsAnalyze(81, -1)).toBe(true);
    expect(needsAnalyze(1, -1)).toBe(true);
  });

  it('analyses when a run changed more than a fifth of the table', () => {
    expect(needsAnalyze(81, 81)).toBe(true);
    expect(needsAnalyze(70_001, 350_000)).toBe(true);
  });

  it('leaves a yearly release, a revision and a run that changed nothing to autovacuum', () => {
    // The latest of fifteen years: 23 465 new rows on 320 557.
    expect(needsAnalyze(23_465, 320_557)).toBe(false);
    expect(needsAnalyze(428, 344_022)).toBe(false);
    expect(needsAnalyze(70_000, 350_000)).toBe(false);
    expect(needsAnalyze(0, -1)).toBe(false);
  });
});
