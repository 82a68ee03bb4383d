import { describe, expect, it } from 'vitest';
import { copyField } from '../../../../src/ingest/load/copy.js';

describe('copyField', () => {
  it('writes NULL as \\N and booleans as t/f', () => {
    expect([null, undefined, true, false].map(copyField)).toEqual(['\\N', '\\N', 't', 'f']);
  });

  it('writes numbers as their text, unescaped', () => {
    expect([0, 2024, -1.5].map(copyField)).toEqual(['0', '2024', '-1.5']);
  });

  it('escapes backslash, tab, newline and carriage return in text, and keeps å ä ö', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('Åre kommun, Älvsbyn, Ödeshög')).toBe('Åre kommun, Älvsbyn, Ödeshög');
    expect(copyField('')).toBe('');
  });
});
