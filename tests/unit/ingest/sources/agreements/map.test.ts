import { describe, expect, it } from 'vitest';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog.js';
import {
  parseAgreementFlag,
  parseAgreementLevel,
  parseAgreementStatus,
  resolveTopic,
} from '../../../../../src/ingest/sources/agreements/map.js';

describe('agreement value scales', () => {
  it.each([
    ['exists', 'EXISTS'],
    ['finns', 'EXISTS'],
    ['in_progress', 'IN_PROGRESS'],
    ['In progress', 'IN_PROGRESS'],
    ['under framtagande', 'IN_PROGRESS'],
    ['none', 'NONE'],
    ['saknas', 'NONE'],
    ['no_response', 'NO_RESPONSE'],
    [' Ej  svarat ', 'NO_RESPONSE'],
  ])('reads status %j as %s', (text, status) => {
    expect(parseAgreementStatus(text)).toBe(status);
  });

  it.each(['kanske', '', 'ja', 'nej'])('leaves status %j outside the scale', (text) => {
    expect(parseAgreementStatus(text)).toBeNull();
  });

  it.each([
    ['county', 'COUNTY'],
    ['Länsöverenskommelse', 'COUNTY'],
    ['local', 'LOCAL'],
    ['lokal', 'LOCAL'],
    ['regional', null],
  ])('reads level %j as %s', (text, level) => {
    expect(parseAgreementLevel(text)).toBe(level);
  });

  it.each([
    ['ja', true],
    ['JA', true],
    ['1', true],
    ['true', true],
    ['x', true],
    ['nej', false],
    ['0', false],
    ['False', false],
    ['', null],
    ['  ', null],
    ['kanske', undefined],
    ['2', undefined],
  ])('reads flag %j as %s', (text, value) => {
    expect(parseAgreementFlag(text)).toBe(value);
  });

  it('resolves topics by code, short code and area name', () => {
    const catalog = readReferenceCatalog();
    expect(resolveTopic('missbruk', catalog)).toBe('MISSBRUK');
    expect(resolveTopic('Missbruks- och beroendevård', catalog)).toBe('MISSBRUK');
    expect(resolveTopic('hemlöshet', catalog)).toBe('HEMLOSHET');
    expect(resolveTopic('skola', catalog)).toBeNull();
  });
});
