import { describe, expect, it } from 'vitest';
import { percentileCont } from '../../../../src/schema/queries/routine-region-comparison.js';

describe('percentileCont', () => {
  // Expected values from PostgreSQL 17: percentile_cont(f) WITHIN GROUP (ORDER BY x) over the same float8s.
  const shares = [1 / 3, 0.7, 2 / 7, 0.1, 0.9, 5 / 9].sort((a, b) => a - b);

  it('interpolates as PostgreSQL does, to the last bit', () => {
    expect(percentileCont(shares, 0.25)).toBe(0.2976190476190476);
    expect(percentileCont(shares, 0.5)).toBe(0.4444444444444444);
    expect(percentileCont(shares, 0.75)).toBe(0.6638888888888889);
  });

  it('takes the value itself at a whole position, and is null without values', () => {
    expect(percentileCont([0.25, 0.5, 0.75], 0.5)).toBe(0.5);
    expect(percentileCont([0.4], 0.25)).toBe(0.4);
    expect(percentileCont([], 0.5)).toBeNull();
  });
});
