/**
 * The page's words and number formats: answer labels, missing reasons, policies, shares.
 */
import type { Answer, Share } from './types.mjs';

export const ANSWERS: Record<Answer, { label: string; symbol: string }> = {
  JA: { label: 'Ja', symbol: '✓' },
  NEJ: { label: 'Nej', symbol: '✗' },
  EJ_AKTUELLT: { label: 'Ej aktuellt', symbol: '–' },
  NO_RESPONSE: { label: 'No response', symbol: '?' },
  NOT_ASKED: { label: 'Not asked', symbol: '○' },
};

export const REASONS: Record<string, string> = {
  NO_RESPONSE: 'No response',
  NOT_ASKED: 'Not asked',
  NOT_APPLICABLE: 'Not applicable (all Ej aktuellt)',
  NOT_COLLECTED: 'Not collected (no survey that year)',
  SUPPRESSED: 'Suppressed by the publisher',
  NOT_YET_PUBLISHED: 'Not yet published',
  NOT_PUBLISHED: 'Not printed in the publication',
  LOST_IN_SOURCE: 'Printed, but lost in the copy held',
};

export const POLICIES: Record<string, string> = {
  APPLICABLE: 'APPLICABLE: Ja ÷ (Ja + Nej). Ej aktuellt, no response and not asked are left out.',
  RESPONDENTS: 'RESPONDENTS: Ja ÷ (Ja + Nej + Ej aktuellt). No response and not asked are left out.',
  ALL_UNITS: 'ALL_UNITS: Ja ÷ every municipality in the scope, non-respondents included.',
};

export const percent = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });
export const collator = new Intl.Collator('sv');

export function reason(code: string | null | undefined): string {
  return code ? (REASONS[code] ?? code) : '';
}

export function pct(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : percent.format(share);
}

export function fraction(s: { numerator: number | null; denominator: number | null }): string {
  return s.numerator === null || s.denominator === null ? '—' : `${s.numerator} of ${s.denominator}`;
}

/** "50 % (3 of 6)" or the reason there is no share. */
export function shareText(s: Share | null | undefined): string {
  if (!s) return '—';
  if (s.share === null) return `${reason(s.missingReason) || '—'}${s.denominator !== null ? ` (${fraction(s)})` : ''}`;
  return `${pct(s.share)} (${fraction(s)})`;
}
