import {
  AGREEMENT_FLAGS,
  type AgreementLevel,
  type AgreementStatus,
  type JointGoals,
} from '../../../domain/agreement.js';
import type { ParseContext } from '../../adapter.js';
import type { AgreementRecord, PublishedFigureRecord, UnitRef } from '../../release.js';
import { normaliseName, type ReferenceCatalog } from '../../reference-catalog.js';
import { resolveUnit } from '../../validate/unit-code.js';
import {
  fingerprintWithoutLoc,
  readCitation,
  readCount,
  readMeasure,
  readPercent,
  readText,
  readYear,
  type CsvHeader,
  type CsvRow,
} from '../csv-rows.js';
import type { AgreementShape, ContentColumn, CoverageColumn, PerUnitColumn } from './records.js';

/** Which of the three shapes a header belongs to; null when it is none of them. */
export function detectAgreementShape(header: CsvHeader): AgreementShape | null {
  if (header.has('content_flag')) return 'content';
  if (header.has('unit_kind')) return 'coverage';
  if (header.has('unit_code') || header.has('unit_name')) return 'per-unit';
  return null;
}

/** Lower case, single spaces, `_` read as a space: `In_Progress` and `in progress` are one word. */
function wordKey(text: string): string {
  return text.trim().toLocaleLowerCase('sv-SE').replace(/_/g, ' ').replace(/\s+/g, ' ');
}

const STATUS_WORDS: Record<string, AgreementStatus> = {
  exists: 'EXISTS',
  finns: 'EXISTS',
  'in progress': 'IN_PROGRESS',
  'under framtagande': 'IN_PROGRESS',
  none: 'NONE',
  saknas: 'NONE',
  'no response': 'NO_RESPONSE',
  'ej svarat': 'NO_RESPONSE',
};

/** A status in English or Swedish; null when it is not one of the four. */
export function parseAgreementStatus(text: string): AgreementStatus | null {
  return STATUS_WORDS[wordKey(text)] ?? null;
}

const LEVEL_WORDS: Record<string, AgreementLevel> = {
  county: 'COUNTY',
  län: 'COUNTY',
  länsöverenskommelse: 'COUNTY',
  local: 'LOCAL',
  lokal: 'LOCAL',
  'lokal överenskommelse': 'LOCAL',
};

export function parseAgreementLevel(text: string): AgreementLevel | null {
  return LEVEL_WORDS[wordKey(text)] ?? null;
}

const JOINT_GOALS_WORDS: Record<string, JointGoals> = {
  clear: 'CLEAR',
  tydliga: 'CLEAR',
  unclear: 'UNCLEAR',
  otydliga: 'UNCLEAR',
  none: 'NONE',
  saknas: 'NONE',
};

const FLAG_WORDS: Record<string, boolean> = {
  ja: true,
  '1': true,
  true: true,
  x: true,
  nej: false,
  '0': false,
  false: false,
};

/** A content flag cell: true / false, null when empty (not coded), undefined when not in the scale. */
export function parseAgreementFlag(text: string): boolean | null | undefined {
  const key = wordKey(text);
  return key === '' ? null : FLAG_WORDS[key];
}

/** A service-area code or name, any case, to the code in data/reference/service-areas.csv. */
export function resolveTopic(text: string, catalog: ReferenceCatalog): string | null {
  const code = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (catalog.serviceAreas.has(code)) return code;
  return catalog.serviceAreaByName.get(normaliseName(text))?.code ?? null;
}

function levelLabel(level: AgreementLevel): string {
  return level === 'COUNTY' ? 'county' : 'local';
}

function readLevel<K extends string>(row: CsvRow<K>, key: K): AgreementLevel | null {
  const level = parseAgreementLevel(row.get(key));
  return level ?? row.reject(key, 'level-not-in-scale', `"${row.get(key)}" is neither county nor local`, true);
}

/** Unit kinds an agreement at each level may belong to. */
const UNIT_KINDS_BY_LEVEL: Record<AgreementLevel, readonly UnitRef['kind'][]> = {
  COUNTY: ['REGION'],
  LOCAL: ['MUNICIPALITY', 'DISTRICT'],
};

/** One per-unit row → one AgreementRecord; null when the row has a reject. */
export function mapPerUnitRow(row: CsvRow<PerUnitColumn>, ctx: ParseContext): AgreementRecord | null {
  const unitColumn = row.get('unit_code') === '' ? 'unit_name' : 'unit_code';
  const resolved = resolveUnit(row.raw('unit_code'), row.get('unit_name'), ctx.catalog, row.at(unitColumn));
  if (!resolved.ok) row.adopt(resolved.reject);
  else if (resolved.repaired) row.repairs.push(resolved.repaired);
  const unit = resolved.ok ? resolved.unit : null;

  const year = readYear(row, 'year', ctx.now);
  const level = readLevel(row, 'level');
  if (unit && level && !UNIT_KINDS_BY_LEVEL[level].includes(unit.kind)) {
    row.reject(
      'level',
      'level-unit-mismatch',
      `a ${levelLabel(level)} agreement cannot belong to a ${unit.kind}`,
      true,
    );
  }
  const topic = resolveTopic(row.get('topic'), ctx.catalog);
  if (topic === null)
    row.reject('topic', 'unknown-topic', `"${row.get('topic')}" is not a service-area code or name`, true);
  const status = parseAgreementStatus(row.get('status'));
  if (status === null) {
    row.reject(
      'status',
      'status-not-in-scale',
      `"${row.get('status')}" is not exists, in_progress, none or no_response`,
    );
  }
  const goalsText = wordKey(row.get('joint_goals'));
  const jointGoals = goalsText === '' ? null : (JOINT_GOALS_WORDS[goalsText] ?? null);
  if (goalsText !== '' && jointGoals === null) {
    row.reject('joint_goals', 'joint-goals-not-in-scale', `"${row.get('joint_goals')}" is not clear, unclear or none`);
  }
  const flags: Record<string, boolean | null> = {};
  for (const flag of AGREEMENT_FLAGS) {
    const value = parseAgreementFlag(row.get(flag));
    if (value === undefined)
      row.reject(flag, 'flag-not-in-scale', `"${row.get(flag)}" is not ja/nej/1/0/true/false/x or empty`);
    flags[flag] = value ?? null;
  }
  if (!unit || year === null || !level || !topic || !status || row.rejects.length > 0) return null;
  return { unit, year, level, topic, status, jointGoals, flags, rawStatus: row.raw('status'), loc: row.loc };
}

/** `exists`, `finns`, or a union `exists_or_in_progress`: each part one of the four statuses. */
function readStatusMeasure(row: CsvRow<CoverageColumn>): string | null {
  const parts = row
    .get('status')
    .split(/_or_|\s+or\s+|\s+eller\s+/i)
    .map(parseAgreementStatus);
  if (parts.some((p) => p === null)) {
    return row.reject(
      'status',
      'status-not-in-scale',
      `"${row.get('status')}" is not a status or a union of statuses`,
      true,
    );
  }
  return parts.map((p) => p!.toLowerCase()).join('_or_');
}

const NATION: UnitRef = { kind: 'NATION', code: '00' };

/** The optional `topic` of a published figure: a service area, or null when the cell is empty. */
function readFigureTopic<K extends string>(row: CsvRow<K | 'topic'>, ctx: ParseContext): string | null {
  const text = row.get('topic');
  if (text === '') return null;
  return (
    resolveTopic(text, ctx.catalog) ??
    row.reject('topic', 'unknown-topic', `"${text}" is not a service-area code or name`, true)
  );
}

/** One published coverage row → a figure (subject AGREEMENT_COVERAGE, measure = status). */
export function mapCoverageRow(row: CsvRow<CoverageColumn>, ctx: ParseContext): PublishedFigureRecord | null {
  const level = readLevel(row, 'level');
  const unitKind = readText(row, 'unit_kind', true);
  const measure = readStatusMeasure(row);
  const numerator = readCount(row, 'units');
  const denominator = readCount(row, 'denominator');
  if (numerator !== null && denominator !== null && numerator > denominator) {
    row.reject(
      'units',
      'numerator-exceeds-denominator',
      `${numerator} units is more than the denominator ${denominator}`,
    );
  }
  const percent = readPercent(row, 'published_percent');
  const year = readYear(row, 'survey_year', ctx.now);
  const publication = readText(row, 'publication');
  const topic = readFigureTopic(row, ctx);
  const citation = readCitation(row);
  if (!level || !unitKind || !measure || year === null || !publication || row.rejects.length > 0) return null;
  return {
    subject: 'AGREEMENT_COVERAGE',
    measure,
    scope: NATION,
    scopeLabel: `${levelLabel(level)}:${unitKind}`,
    year,
    numerator,
    denominator,
    denominatorKind: row.get('denominator_kind') || null,
    percent,
    qualifier: null,
    publication,
    note: row.get('note') || null,
    topic,
    citation,
    loc: row.loc,
  };
}

/** One published content row → a figure (subject AGREEMENT_CONTENT); the numerator was not published. */
export function mapContentRow(row: CsvRow<ContentColumn>, ctx: ParseContext): PublishedFigureRecord | null {
  const level = readLevel(row, 'level');
  const measure = readMeasure(row, 'content_flag');
  const percent = readPercent(row, 'published_percent');
  const denominator = readCount(row, 'agreements_coded');
  const year = readYear(row, 'survey_year', ctx.now);
  const publication = readText(row, 'publication');
  const topic = readFigureTopic(row, ctx);
  const citation = readCitation(row);
  if (!level || !measure || year === null || !publication || row.rejects.length > 0) return null;
  return {
    subject: 'AGREEMENT_CONTENT',
    measure,
    scope: NATION,
    scopeLabel: levelLabel(level),
    year,
    numerator: null,
    denominator,
    denominatorKind: 'agreements coded',
    percent,
    qualifier: row.get('qualifier') || null,
    publication,
    note: null,
    topic,
    citation,
    loc: row.loc,
  };
}

/** Natural key and duplicate fingerprint of an agreement: unit × year × level × topic. */
export const agreementIdentity = {
  key: (a: AgreementRecord): string => `${a.unit.kind}:${a.unit.code}|${a.year}|${a.level}|${a.topic}`,
  // why: `finns` and `exists` on two rows say the same thing, so the raw word is not compared.
  fingerprint: (a: AgreementRecord): string => fingerprintWithoutLoc(a, ['rawStatus']),
};

/** Natural key of a published figure: subject × measure × scope × label × topic × year. */
export const figureIdentity = {
  key: (f: PublishedFigureRecord): string =>
    `${f.subject}|${f.measure}|${f.scope.kind}:${f.scope.code}|${f.scopeLabel ?? ''}|${f.topic ?? ''}|${f.year}`,
  fingerprint: (f: PublishedFigureRecord): string => fingerprintWithoutLoc(f),
};
