import type { SourceLocation, Reject, UnitRef } from '../release.js';
import { normaliseName, type ReferenceCatalog } from '../reference-catalog.js';

export type UnitResolution =
  { ok: true; unit: UnitRef; repaired: 'zero-padded-code' | 'trimmed-code' | null } | { ok: false; reject: Reject };

/**
 * Resolves a unit code or name as sources write it. Excel stores 0180 as the number 180, so
 * 3-digit codes are zero-padded (a counted repair); `00`/`0000`/"Riket" is the nation;
 * 2-digit codes and Kolada's `00NN` are regions; sub-municipal rows carry no code and are
 * matched by name to the district list. Anything else is rejected, never guessed.
 */
export function resolveUnit(
  rawCode: string | number | null | undefined,
  rawName: string | null | undefined,
  catalog: ReferenceCatalog,
  loc: SourceLocation,
): UnitResolution {
  const original = rawCode === null || rawCode === undefined ? '' : String(rawCode);
  const code = original.trim();
  const trimmed = code !== original;
  const fail = (rule: string, message: string): UnitResolution => ({
    ok: false,
    reject: { loc, rawValue: original || (rawName ?? null), rule, message, isKeyField: true },
  });
  if (code === '') {
    const name = (rawName ?? '').trim();
    if (name === '') return fail('missing-unit-code', 'row has neither a unit code nor a name');
    const key = normaliseName(name);
    if (key === 'riket' || key === 'sverige' || key === 'hela riket') {
      return { ok: true, unit: { kind: 'NATION', code: '00' }, repaired: null };
    }
    const district = catalog.districtByName.get(key);
    if (district) return { ok: true, unit: { kind: 'DISTRICT', code: district.code }, repaired: null };
    const region = [...catalog.regions.values()].find(
      (r) => normaliseName(r.name) === key || normaliseName(r.regionName) === key,
    );
    if (region) return { ok: true, unit: { kind: 'REGION', code: region.code }, repaired: null };
    return fail('unknown-unit-name', `no unit code, and "${name}" is not a known district, region or the nation`);
  }
  if (!/^\d+$/.test(code)) return fail('invalid-unit-code', `"${original}" is not a numeric unit code`);
  if (code === '0' || code === '00' || code === '0000') {
    return { ok: true, unit: { kind: 'NATION', code: '00' }, repaired: null };
  }
  if (code.length === 4 && code.startsWith('00') && catalog.regionByKoladaId.has(code)) {
    return { ok: true, unit: { kind: 'REGION', code: code.slice(2) }, repaired: trimmed ? 'trimmed-code' : null };
  }
  if (code.length <= 2) {
    const padded = code.padStart(2, '0');
    if (catalog.regions.has(padded)) {
      return { ok: true, unit: { kind: 'REGION', code: padded }, repaired: trimmed ? 'trimmed-code' : null };
    }
    return fail('unknown-region-code', `"${original}" is not one of the 21 länskoder`);
  }
  if (code.length === 3 || code.length === 4) {
    const padded = code.padStart(4, '0');
    if (catalog.municipalities.has(padded)) {
      const repaired = code.length === 3 ? 'zero-padded-code' : trimmed ? 'trimmed-code' : null;
      return { ok: true, unit: { kind: 'MUNICIPALITY', code: padded }, repaired };
    }
    return fail('unknown-municipality-code', `"${original}" is not one of the 290 SCB kommunkoder`);
  }
  return fail('invalid-unit-code', `"${original}" has ${code.length} digits; kommunkoder have 4, länskoder 2`);
}

/** A survey year a release may hold: not before 1990 (no ÖJ data) and not after this year. */
export function checkYear(
  raw: unknown,
  now: Date,
  loc: SourceLocation,
): { ok: true; year: number } | { ok: false; reject: Reject } {
  const text = raw === null || raw === undefined ? '' : `${raw as string | number}`.trim();
  const year = Number(text);
  const maxYear = now.getUTCFullYear();
  if (!/^\d{4}$/.test(text) || year < 1990 || year > maxYear) {
    return {
      ok: false,
      reject: {
        loc,
        rawValue: text,
        rule: 'invalid-year',
        message: `year "${text}" is outside 1990…${maxYear}`,
        isKeyField: true,
      },
    };
  }
  return { ok: true, year };
}
