import { describe, expect, it } from 'vitest';
import {
  describeCoding,
  parseCodingSpec,
  parseTitleCoding,
  resolveCoding,
} from '../../../../../src/ingest/sources/kolada/coding.js';

describe('parseTitleCoding', () => {
  it.each([
    [
      'Aktuell rutin vid indikation på att en vuxen utsatts för våld inom socialpsykiatri, (Ja=1, Nej=0)',
      {
        answers: { '1': 'JA', '0': 'NEJ' },
        binary: true,
        levels: [
          { value: '1', label: 'Ja' },
          { value: '0', label: 'Nej' },
        ],
      },
    ],
    [
      'Uppsökande verksamhet för akut hemlösa, (Ja=1, Nej=2)',
      {
        answers: { '1': 'JA', '2': 'NEJ' },
        binary: true,
        levels: [
          { value: '1', label: 'Ja' },
          { value: '2', label: 'Nej' },
        ],
      },
    ],
    [
      'GPS-larm (positioneringslarm) finns tillgängligt för äldre som bor i ordinärt boende, (Breddinfört=2, testverksamhet=1, Nej=0)',
      {
        answers: null,
        binary: false,
        levels: [
          { value: '2', label: 'Breddinfört' },
          { value: '1', label: 'testverksamhet' },
          { value: '0', label: 'Nej' },
        ],
      },
    ],
    [
      'Vård och omsorg vid demenssjukdom - Multiprofessionella demensteam i bostad med särskilt service (SoL), (Ja=1, Nej=0)(-2023)',
      {
        answers: { '1': 'JA', '0': 'NEJ' },
        binary: true,
        levels: [
          { value: '1', label: 'Ja' },
          { value: '0', label: 'Nej' },
        ],
      },
    ],
    [
      'Påhittad rutin, ( ja = 1 ,NEJ=0 , Ej  aktuellt=9 )',
      {
        answers: { '1': 'JA', '0': 'NEJ', '9': 'EJ_AKTUELLT' },
        binary: true,
        levels: [
          { value: '1', label: 'ja' },
          { value: '0', label: 'NEJ' },
          { value: '9', label: 'Ej aktuellt' },
        ],
      },
    ],
  ])('reads the coding in "%s"', (title, expected) => {
    expect(parseTitleCoding(title)).toEqual(expected);
  });

  it.each([
    'Handläggare inom skadligt bruk- och beroendevården som har socionomexamen, andel (%)',
    'Följsamhet till basala hygienrutiner i särskilt boende för äldre, andel (%) (-2023)',
    'Samordnad individuell planering (SIP) finns tillgänglig vid andra tillfällen',
  ])('returns null for the numeric KPI "%s"', (title) => {
    expect(parseTitleCoding(title)).toBeNull();
  });

  it('flags the four-level wait-time scale as non-binary and keeps every level', () => {
    const coding = parseTitleCoding(
      'Tid till första personliga besök (nybesök) inom skadligt bruk- och beroendevården, (Inom 3 dagar=3, 4-7 dagar=2, 8-14 dagar=1, mer än 15 dagar=0).',
    );
    expect(coding && describeCoding(coding)).toBe('Inom 3 dagar=3, 4-7 dagar=2, 8-14 dagar=1, mer än 15 dagar=0');
    expect(coding?.binary).toBe(false);
  });
});

describe('parseCodingSpec', () => {
  it('refuses a coding that repeats a value', () => {
    expect(parseCodingSpec('Ja=1, Nej=1')).toBeNull();
  });

  it('refuses a single level', () => {
    expect(parseCodingSpec('Ja=1')).toBeNull();
  });
});

describe('resolveCoding', () => {
  const title = 'Uppsökande verksamhet för akut hemlösa, (Ja=1, Nej=2)';

  it('lets a configured coding replace the title coding', () => {
    expect(resolveCoding(title, 'Ja=1, Nej=0')?.answers).toEqual({ '1': 'JA', '0': 'NEJ' });
  });

  it('reads a KPI as numeric when configured so', () => {
    expect(resolveCoding(title, 'numeric')).toBeNull();
  });

  it('uses the title coding when the override is empty', () => {
    expect(resolveCoding(title, '')?.answers).toEqual({ '1': 'JA', '2': 'NEJ' });
  });

  it('throws on an override that is not a coding', () => {
    expect(() => resolveCoding(title, 'Ja/Nej')).toThrow('coding override "Ja/Nej" is not of the form "Ja=1, Nej=0"');
  });
});
