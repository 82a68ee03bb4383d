import type { ReferenceCatalog } from '../../reference-catalog.js';
import type { FrameRecord, ParsedRelease, SourceLocation, UnitRef } from '../../release.js';
import type { OjMapping } from './mapping.js';
import { OJ_SOURCE } from './parse.js';

/**
 * The frame of an ÖJ file: what the mapping's `frame` says it covers, or (without one) the
 * units the file itself lists. Added to the release with the questions the file has rows
 * for. A respondent outside a REGION or SAMPLE frame is a key-field reject: the mapping and
 * the file disagree about what the release is.
 */
export function addOjFrame(release: ParsedRelease, mapping: OjMapping, catalog: ReferenceCatalog): void {
  const questionCodes = [
    ...new Set([...release.answers.map((a) => a.questionCode), ...release.figures.map((f) => f.measure)]),
  ];
  if (questionCodes.length === 0) return;
  const loc: SourceLocation = { source: OJ_SOURCE, file: release.file, column: 'frame' };
  const reject = (rawValue: string | null, rule: string, message: string) =>
    release.rejects.push({ loc, rawValue, rule, message, isKeyField: true });
  const respondents = new Map<string, UnitRef>();
  for (const a of release.answers) respondents.set(a.unit.code, a.unit);
  const regionOf = (unit: UnitRef): string | null => {
    const municipality =
      unit.kind === 'DISTRICT'
        ? catalog.districts.get(unit.code)?.municipalityCode
        : unit.kind === 'MUNICIPALITY'
          ? unit.code
          : null;
    return municipality ? (catalog.municipalities.get(municipality)?.regionCode ?? null) : null;
  };

  const spec = mapping.frame;
  const frame: FrameRecord = {
    year: mapping.year,
    kind: spec?.kind ?? 'SAMPLE',
    regionCode: null,
    units: [],
    questionCodes,
    label: spec?.label ?? null,
    publication: mapping.publication,
    basis: spec ? 'mapping frame' : 'units listed in the file',
  };
  if (spec?.kind === 'REGION') {
    if (!catalog.regions.has(spec.region!)) {
      reject(spec.region, 'unknown-region', `frame.region "${spec.region}" is not a region (länskod) in regioner.csv`);
      return;
    }
    frame.regionCode = spec.region;
    for (const unit of respondents.values()) {
      if (regionOf(unit) !== spec.region)
        reject(unit.code, 'unit-outside-frame', `${unit.code} answers, but the frame is region ${spec.region}`);
    }
  } else if (spec?.kind === 'SAMPLE' && spec.units) {
    for (const code of spec.units) {
      if (catalog.municipalities.has(code)) frame.units.push({ kind: 'MUNICIPALITY', code });
      else if (catalog.districts.has(code)) frame.units.push({ kind: 'DISTRICT', code });
      else reject(code, 'unknown-unit', `frame.units: "${code}" is not a municipality or district code`);
    }
    const listed = new Set(spec.units);
    for (const unit of respondents.values()) {
      if (!listed.has(unit.code))
        reject(unit.code, 'unit-outside-frame', `${unit.code} answers, but frame.units does not list it`);
    }
  } else if (!spec) {
    frame.units = release.unitsCovered.filter((u) => u.kind === 'MUNICIPALITY' || u.kind === 'DISTRICT');
  }
  release.frames.push(frame);
}

/**
 * Marks answers read from cells the mapping lists in `inferredValues` as inferred, with the
 * rule: the publication did not print them, so they must never pass for observed answers.
 */
export function markInferredAnswers(release: ParsedRelease, mapping: OjMapping): void {
  if (Object.keys(mapping.inferredValues).length === 0) return;
  for (const answer of release.answers) {
    const key = (answer.rawValue ?? '').trim().toLocaleLowerCase('sv-SE');
    const rule = mapping.inferredValues[key];
    if (rule !== undefined) answer.inferenceRule = rule;
  }
}
