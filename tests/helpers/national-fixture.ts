import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../bench/lib/prng.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/**
 * A synthetic national ÖJ release, written as real files (long-layout CSV + mapping.json per
 * year) for the ingest pipeline to load, and returned in memory so tests can compute what the
 * API must answer without asking the database. Deterministic: the same seed, the same files.
 *
 * What it holds on purpose:
 * - all 290 municipalities (data/reference/kommuner.csv) and four Stockholm districts, which
 *   ÖJ files name without a code ("Rinkeby-Kista");
 * - two questions in two service areas (SIP_INFO.HEMLOSHET, SIP_INFO.ALDREOMSORG; the same
 *   family and wording as the bundled Sörmland 2018 sample), in 2019 and 2021 — 2020 is not
 *   collected;
 * - every answer state: Ja, Nej, Ej aktuellt, "-" (no response), "Ej tillfrågad" (not asked,
 *   via the mapping's answerScale), and municipalities with no row at all;
 * - Gotland (region 09, the single municipality 0980) never answers: "-" in 2019, no row in 2021;
 * - Blekinge (10) and Jämtland (23) tie at 0.5 under APPLICABLE for Hemlöshet 2021;
 * - answers that change between the years (Flen and Rinkeby-Kista Nej → Ja for Hemlöshet);
 * - county and riket rows with published percentages (one that agrees, one that does not).
 */

export const FIXTURE_QUESTIONS = ['SIP_INFO.HEMLOSHET', 'SIP_INFO.ALDREOMSORG'] as const;
export const FIXTURE_YEARS = [2019, 2021] as const;
export const FIXTURE_DISTRICTS = ['Rinkeby-Kista', 'Spånga-Tensta', 'Östermalm', 'Älvsjö'] as const;
export const FIXTURE_PUBLICATION = 'Öppna jämförelser (syntetisk testversion)';
const SIP_TEXT = 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?';

export type FixtureAnswer = 'JA' | 'NEJ' | 'EJ_AKTUELLT' | 'NO_RESPONSE' | 'NOT_ASKED';

export interface FixtureMunicipality {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  kommungrupp: string;
}

export interface FixtureDistrict {
  code: string;
  name: string;
  municipalityCode: string;
}

/** One unit row as written to the file (a unit with no row is simply absent). */
export interface FixtureAnswerRow {
  unitCode: string;
  kind: 'MUNICIPALITY' | 'DISTRICT';
  question: string;
  year: number;
  raw: string;
  answer: FixtureAnswer;
}

/** A county or riket row: a published percentage. */
export interface FixtureFigureRow {
  scopeCode: string;
  question: string;
  year: number;
  percent: number;
}

export interface NationalFixture {
  dir: string;
  /** The CSV files, one per year, each with its .mapping.json beside it. */
  files: string[];
  municipalities: FixtureMunicipality[];
  districts: FixtureDistrict[];
  answers: FixtureAnswerRow[];
  figures: FixtureFigureRow[];
}

const RAW: Record<FixtureAnswer, string> = {
  JA: 'Ja',
  NEJ: 'Nej',
  EJ_AKTUELLT: 'Ej aktuellt',
  NO_RESPONSE: '-',
  NOT_ASKED: 'Ej tillfrågad',
};

export function readMunicipalities(): FixtureMunicipality[] {
  const lines = readFileSync(path.join(PROJECT_ROOT, 'data/reference/kommuner.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  return lines
    .map((line) => {
      const [code, name, regionCode, regionName, kommungrupp] = line.split(',');
      return { code: code!, name: name!, regionCode: regionCode!, regionName: regionName!, kommungrupp: kommungrupp! };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

function readDistricts(): FixtureDistrict[] {
  const lines = readFileSync(path.join(PROJECT_ROOT, 'data/reference/districts.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  return lines
    .map((line) => {
      const [code, name, municipalityCode] = line.split(',');
      return { code: code!, name: name!, municipalityCode: municipalityCode! };
    })
    .filter((d) => (FIXTURE_DISTRICTS as readonly string[]).includes(d.name));
}

/** Hand-set answers: [question, year, unit code] → answer, or null for "no row at all". */
const FIXED: Record<string, FixtureAnswer | null> = {
  // Blekinge 2021 Hemlöshet: Ja, Ja, Nej, Nej, Ej aktuellt → APPLICABLE 2/4 = 0.5.
  'SIP_INFO.HEMLOSHET|2021|1060': 'JA',
  'SIP_INFO.HEMLOSHET|2021|1080': 'JA',
  'SIP_INFO.HEMLOSHET|2021|1081': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|1082': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|1083': 'EJ_AKTUELLT',
  // Jämtland 2021 Hemlöshet: 3 Ja, 3 Nej, 1 Ej aktuellt, 1 no response → 3/6 = 0.5 (tie).
  'SIP_INFO.HEMLOSHET|2021|2303': 'JA',
  'SIP_INFO.HEMLOSHET|2021|2305': 'JA',
  'SIP_INFO.HEMLOSHET|2021|2309': 'JA',
  'SIP_INFO.HEMLOSHET|2021|2313': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|2321': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|2326': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|2361': 'EJ_AKTUELLT',
  'SIP_INFO.HEMLOSHET|2021|2380': 'NO_RESPONSE',
  // Flen (0482) and Rinkeby-Kista (0180-01) move from Nej to Ja.
  'SIP_INFO.HEMLOSHET|2019|0482': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|0482': 'JA',
  'SIP_INFO.HEMLOSHET|2019|0180-01': 'NEJ',
  'SIP_INFO.HEMLOSHET|2021|0180-01': 'JA',
  // Gotland never answers: "-" in 2019, no row in 2021.
  'SIP_INFO.HEMLOSHET|2019|0980': 'NO_RESPONSE',
  'SIP_INFO.ALDREOMSORG|2019|0980': 'NO_RESPONSE',
  'SIP_INFO.HEMLOSHET|2021|0980': null,
  'SIP_INFO.ALDREOMSORG|2021|0980': null,
};

/** Published county/riket percentages for Hemlöshet 2021; riket is filled in from the rows. */
const FIXED_FIGURES: { scopeCode: string; percent: number }[] = [
  { scopeCode: '10', percent: 50 },
  { scopeCode: '23', percent: 45 },
];

function drawAnswer(r: number): FixtureAnswer {
  if (r < 0.45) return 'JA';
  if (r < 0.75) return 'NEJ';
  if (r < 0.86) return 'EJ_AKTUELLT';
  if (r < 0.95) return 'NO_RESPONSE';
  return 'NOT_ASKED';
}

/** Builds the rows in memory (no I/O). */
export function buildNationalFixture(seed = 20240611): Omit<NationalFixture, 'dir' | 'files'> {
  const municipalities = readMunicipalities();
  const districts = readDistricts();
  // The benchmark's PRNG: the fixture is the same on every machine.
  const random = mulberry32(seed);
  const answers: FixtureAnswerRow[] = [];
  const figures: FixtureFigureRow[] = [];
  const units = [
    ...municipalities.map((m) => ({ code: m.code, kind: 'MUNICIPALITY' as const })),
    ...districts.map((d) => ({ code: d.code, kind: 'DISTRICT' as const })),
  ];
  for (const year of FIXTURE_YEARS) {
    for (const question of FIXTURE_QUESTIONS) {
      for (const unit of units) {
        const r = random();
        const skip = random();
        const key = `${question}|${year}|${unit.code}`;
        let answer: FixtureAnswer | null = key in FIXED ? FIXED[key]! : drawAnswer(r);
        // A few municipalities leave the Äldreomsorg row out entirely in 2021 (no row ≠ Nej).
        if (!(key in FIXED) && question === 'SIP_INFO.ALDREOMSORG' && year === 2021 && skip < 0.03) answer = null;
        if (answer === null) continue;
        answers.push({ unitCode: unit.code, kind: unit.kind, question, year, raw: RAW[answer], answer });
      }
    }
  }
  for (const f of FIXED_FIGURES)
    figures.push({ scopeCode: f.scopeCode, question: 'SIP_INFO.HEMLOSHET', year: 2021, percent: f.percent });
  const hem2021 = answers.filter(
    (a) => a.kind === 'MUNICIPALITY' && a.question === 'SIP_INFO.HEMLOSHET' && a.year === 2021,
  );
  const ja = hem2021.filter((a) => a.answer === 'JA').length;
  const nej = hem2021.filter((a) => a.answer === 'NEJ').length;
  figures.push({
    scopeCode: '00',
    question: 'SIP_INFO.HEMLOSHET',
    year: 2021,
    percent: Math.round((100 * ja) / (ja + nej)),
  });
  return { municipalities, districts, answers, figures };
}

/** Writes one long-layout CSV (`;`, as Swedish Excel exports) and its mapping per year. */
export function writeNationalFixture(
  dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-national-')),
  seed?: number,
): NationalFixture {
  mkdirSync(dir, { recursive: true });
  const data = buildNationalFixture(seed);
  const names = new Map<string, string>([
    ...data.municipalities.map((m) => [m.code, m.name] as const),
    ...data.districts.map((d) => [d.code, d.name] as const),
  ]);
  const regionNames = new Map(data.municipalities.map((m) => [m.regionCode, m.regionName]));
  const files: string[] = [];
  for (const year of FIXTURE_YEARS) {
    const lines = ['Kommunkod;Kommun;Fråga-id;Svar;År'];
    for (const a of data.answers.filter((x) => x.year === year)) {
      // Districts carry no code in ÖJ files: they are matched by name.
      const code = a.kind === 'DISTRICT' ? '' : a.unitCode;
      lines.push([code, names.get(a.unitCode)!, a.question, a.raw, String(year)].join(';'));
    }
    for (const f of data.figures.filter((x) => x.year === year)) {
      const name = f.scopeCode === '00' ? 'Riket' : regionNames.get(f.scopeCode)!;
      lines.push([f.scopeCode, name, f.question, String(f.percent).replace('.', ','), String(year)].join(';'));
    }
    const file = path.join(dir, `oj-${year}-national-sip-routine.csv`);
    writeFileSync(file, lines.join('\r\n') + '\r\n', 'utf8');
    const mapping = {
      note: 'Synthetic national ÖJ release for tests (tests/helpers/national-fixture.ts); values are invented.',
      year,
      layout: 'long',
      publication: `${FIXTURE_PUBLICATION} ${year}`,
      // A national publication: a municipality without a row was asked and did not answer.
      frame: 'ALL_MUNICIPALITIES',
      codeColumn: ['Kommunkod'],
      nameColumn: ['Kommun'],
      questionColumn: ['Fråga-id'],
      answerColumn: ['Svar'],
      yearColumn: ['År'],
      answerScale: { 'Ej tillfrågad': 'NOT_ASKED' },
      questions: FIXTURE_QUESTIONS.map((code) => ({
        code,
        areaCode: code.split('.')[1],
        text: SIP_TEXT,
        family: 'SIP_INFO',
      })),
    };
    writeFileSync(
      path.join(dir, `oj-${year}-national-sip-routine.mapping.json`),
      JSON.stringify(mapping, null, 2) + '\n',
    );
    files.push(file);
  }
  return { dir, files, ...data };
}
