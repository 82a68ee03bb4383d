/**
 * The contract between parsers and the loader: every source adapter turns raw bytes
 * into a ParsedRelease (pure, no database), and the loader writes one ParsedRelease
 * in one transaction. Parsers never throw on bad data: they record a Reject.
 */
import type { AgreementLevel, AgreementStatus, JointGoals } from '../domain/agreement.js';
import type { AnswerValue, AskedOf, FrameKind, UnitKind } from '../domain/answer.js';
import type { PlanMissingReason, StudyMissingReason } from '../domain/missing.js';
import type { Principal } from '../domain/plan-count.js';
import type { FigureSubjectValue, StudyFigureOrigin, StudyValueKindValue } from '../domain/study.js';

export type { FrameKind, PlanMissingReason };
/** What a published figure is about. */
export type FigureSubject = FigureSubjectValue;

/**
 * A unit as a source names it. code: municipality `0180` (4 digits), region `01`
 * (2-digit länskod), district code from data/reference/districts.csv, nation `00`.
 */
export interface UnitRef {
  kind: UnitKind;
  code: string;
}

/** Where a record or a reject came from; row is 1-based as a person sees it in the file. */
export interface SourceLocation {
  source: string;
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
}

/**
 * Where a figure typed in from a report stands in it: the document (for the bundled data, the
 * file name in ../shared/seeds), the section or heading, and the page when the report has one.
 */
export interface Citation {
  document: string;
  section: string | null;
  page: string | null;
}

/** A question (ÖJ routine question or Kolada KPI) as the source describes it. */
export interface QuestionRecord {
  /** Natural key, e.g. `SIP_INFO.HEMLOSHET` or a Kolada KPI id `U28490`. */
  code: string;
  /** Service area code (see data/reference/service-areas.csv), null when the source names none. */
  areaCode: string | null;
  /** Text as published. */
  text: string;
  /** Questions with the same wording across areas share a family, e.g. `SIP_INFO`. */
  family: string | null;
  /** How the source codes the answer, e.g. `{"1":"JA","0":"NEJ"}`; null for text answers. */
  answerScale: Record<string, AnswerValue> | null;
  askedOf: AskedOf;
  koladaKpiId: string | null;
}

/** One unit's answer to one question in one survey year. */
export interface AnswerRecord {
  unit: UnitRef;
  questionCode: string;
  year: number;
  answer: AnswerValue;
  /** The cell as received, verbatim (null when the source had no cell). */
  rawValue: string | null;
  /** True when the source withdrew the value (Kolada `isdeleted`). */
  withdrawn?: boolean;
  /**
   * Set when the source does not print this answer and it was inferred from what it does print,
   * naming the rule (e.g. "not in the published Ja list"); absent for an observed answer.
   */
  inferenceRule?: string | null;
  loc: SourceLocation;
}

/**
 * The units a release covers for one year and the questions it covers there. A municipality
 * outside every frame of a (question, year) was not collected (NOT_COLLECTED), so a regional
 * publication never turns the rest of the country into non-respondents.
 */
export interface FrameRecord {
  year: number;
  kind: FrameKind;
  /** REGION frames: the länskod. */
  regionCode: string | null;
  /**
   * SAMPLE frames: the units covered. The loader adds every unit the release answers for, so a
   * frame always holds its respondents; ALL_MUNICIPALITIES and REGION take theirs from the reference data.
   */
  units: UnitRef[];
  questionCodes: string[];
  /** SAMPLE frames: what people call the set (English, Swedish); null → "units listed in <file>". */
  label: { en: string; sv: string } | null;
  /** The publication the release is, when the source names one. */
  publication: string | null;
  /** Where the frame was stated (mapping field, Kolada request, or the file's own rows). */
  basis: string;
}

/** An aggregate as a publisher printed it: never recomputed, never mixed with unit rows. */
export interface PublishedFigureRecord {
  subject: FigureSubject;
  /** What is measured, e.g. a question code, `exists`, `joint_goals_clear`. */
  measure: string;
  /** The scope the figure covers: a region, the nation, or a named scope. */
  scope: UnitRef;
  /** Free-text scope qualifier, e.g. `kommun+stadsdel`, `county`, `local`. */
  scopeLabel: string | null;
  year: number;
  numerator: number | null;
  denominator: number | null;
  /** What the denominator counts, e.g. `respondents`, `all units`. */
  denominatorKind: string | null;
  percent: number | null;
  qualifier: string | null;
  publication: string;
  note: string | null;
  /**
   * The service area the figure is about (e.g. `MISSBRUK`); null or absent when the
   * publication names none — such a figure is never listed under a topic.
   */
  topic?: string | null;
  /** Where in the publication the figure is printed; absent when the file gives no citation. */
  citation?: Citation | null;
  loc: SourceLocation;
}

/** Content flags of an agreement: true / false / null = not coded. */
export type AgreementFlags = Record<string, boolean | null>;

export interface AgreementRecord {
  unit: UnitRef;
  year: number;
  level: AgreementLevel;
  /** Topic code, e.g. `MISSBRUK` (missbruk och beroende). */
  topic: string;
  status: AgreementStatus;
  /** joint goals: CLEAR / UNCLEAR / NONE or null when not coded. */
  jointGoals: JointGoals | null;
  flags: AgreementFlags;
  rawStatus: string;
  loc: SourceLocation;
}

export interface PlanCountRecord {
  /** A unit when the count belongs to one; otherwise null and scopeLabel names the scope. */
  unit: UnitRef | null;
  scopeLabel: string;
  /** Reference date (YYYY-MM-DD) for a day count, or the first day of the period. */
  periodStart: string;
  periodEnd: string;
  year: number;
  planType: string;
  measure: string;
  principal: Principal;
  sourceSystem: string;
  /** null when not reported; a count is never invented as 0. */
  value: number | null;
  /** The value cell as received (e.g. `..`, `-`), verbatim. */
  rawValue: string | null;
  /** For survey scores: the number of answers behind a mean. */
  n: number | null;
  countingNote: string | null;
  /** Why value is null when it is not simply "not reported": the source does not print it, or lost it. */
  missingReason?: PlanMissingReason | null;
  /** A named scope's län (länskod): the scope is part of that region, never the whole of it. */
  regionCode?: string | null;
  /** How much of its län a named scope covers: units in the sample, units in the frame, in words. */
  coverage?: ScopeCoverage | null;
  /** The study (survey or follow-up) the count belongs to, a key of the publications source. */
  studyKey?: string | null;
  citation?: Citation | null;
  loc: SourceLocation;
}

/** A sample's reach within its frame, e.g. 10 of the 30 local integrated receptions. */
export interface ScopeCoverage {
  sampleUnits: number | null;
  frameUnits: number | null;
  note: string | null;
}

/** A survey, follow-up, register, estimate or plan a publication reports on. */
export interface StudyRecord {
  /** Natural key, kebab-case, e.g. `sormland-sip-course-followup-2018`. */
  key: string;
  /** One of STUDY_KINDS (src/domain/study.ts), checked by the publications parser. */
  kind: string;
  title: string;
  publication: string;
  /** The län the study covers or lies in (länskod); null when national or not stated. */
  regionCode: string | null;
  /** The unit the study is about (a kommunkod), when it is about one. */
  unitCode: string | null;
  /** Its population or sample, in words. */
  scopeLabel: string;
  period: string | null;
  referenceDate: string | null;
  note: string | null;
  citation: Citation;
  loc: SourceLocation;
}

/** One fact a publication prints about a study: a count, percent, score, amount or year. */
export interface StudyFigureRecord {
  studyKey: string;
  item: string;
  itemText: string;
  /** Subgroup, '' when none (part of the natural key). */
  group: string;
  /** Period as printed, '' when the study's own (part of the natural key). */
  period: string;
  year: number | null;
  /** Why the year is null although the source had one (`LOST_IN_SOURCE`). */
  yearMissingReason: Extract<StudyMissingReason, 'LOST_IN_SOURCE'> | null;
  valueKind: StudyValueKindValue;
  value: number | null;
  valueHigh: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The text as printed, verbatim ('' for a derived figure). */
  printed: string;
  approximation: string | null;
  verbal: string | null;
  verbalShare: number | null;
  origin: StudyFigureOrigin;
  rule: string | null;
  missingReason: StudyMissingReason | null;
  note: string | null;
  citation: Citation;
  loc: SourceLocation;
}

/** A discrepancy the source itself contains: a printed value beside what its own figures give. */
export interface StudyDiscrepancyRecord {
  studyKey: string;
  item: string;
  group: string;
  period: string;
  printedValue: number;
  printed: string;
  computedValue: number;
  rule: string;
  explanation: string;
  citation: Citation;
  loc: SourceLocation;
}

/** Why a row or cell was not accepted. rule is a stable id, e.g. `unknown-municipality`. */
export interface Reject {
  loc: SourceLocation;
  rawValue: string | null;
  rule: string;
  message: string;
  /** Key-field rejects (unit, question, year) always hold a release. */
  isKeyField: boolean;
  /**
   * The answer this rejected cell would have set, when the parser knows it: with
   * --allow-partial an earlier stored value for it stays served, and is reported as kept.
   */
  answerKey?: AnswerKey;
}

/** The natural key of one routine answer. */
export interface AnswerKey {
  unitCode: string;
  questionCode: string;
  year: number;
}

/** A row that holds no data — a heading ("Stadsdelsområden i Stockholm"), a separator, a note — passed over. */
export interface SkippedRow {
  loc: SourceLocation;
  /** The row's text as found (its first non-empty cell), or null for a row of marks. */
  text: string | null;
  reason: string;
}

/** Repairs applied and counted (e.g. `zero-padded-code`), so nothing is fixed silently. */
export type RepairCounts = Record<string, number>;

export interface ParsedRelease {
  source: string;
  /** Identity of the release, e.g. `oj-2018-sormland-sip-information-routine.csv` or `kolada:U28490..:2023`. */
  releaseKey: string;
  file: string;
  rowsRead: number;
  questions: QuestionRecord[];
  answers: AnswerRecord[];
  figures: PublishedFigureRecord[];
  agreements: AgreementRecord[];
  planCounts: PlanCountRecord[];
  studies: StudyRecord[];
  studyFigures: StudyFigureRecord[];
  studyDiscrepancies: StudyDiscrepancyRecord[];
  rejects: Reject[];
  /** Non-data rows passed over: reported, never held against the release. */
  skipped: SkippedRow[];
  repairs: RepairCounts;
  /** Units the release explicitly covers (all rows, answered or not), for the coverage check. */
  unitsCovered: UnitRef[];
  /** What the release covers, per year (see FrameRecord); a release with answers has at least one. */
  frames: FrameRecord[];
}

export function emptyRelease(source: string, releaseKey: string, file: string): ParsedRelease {
  return {
    source,
    releaseKey,
    file,
    rowsRead: 0,
    questions: [],
    answers: [],
    figures: [],
    agreements: [],
    planCounts: [],
    studies: [],
    studyFigures: [],
    studyDiscrepancies: [],
    rejects: [],
    skipped: [],
    repairs: {},
    unitsCovered: [],
    frames: [],
  };
}

/** Total repairs applied, over every rule. */
export function totalRepairs(repairs: RepairCounts): number {
  return Object.values(repairs).reduce((sum, n) => sum + n, 0);
}

export function countRepair(release: ParsedRelease, rule: string): void {
  release.repairs[rule] = (release.repairs[rule] ?? 0) + 1;
}

/** `source file [sheet] row R column C` — the prefix every ingest error starts with. */
export function describeLocation(loc: SourceLocation): string {
  const parts = [`${loc.source}: ${loc.file}`];
  if (loc.sheet) parts.push(`sheet "${loc.sheet}"`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column) parts.push(`column "${loc.column}"`);
  return parts.join(', ');
}
