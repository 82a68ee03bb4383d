import 'reflect-metadata';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PROJECT_ROOT, REFERENCE_DIR } from '../src/paths.js';
import { readCsv } from '../src/ingest/text/csv.js';
import { streamFor } from './lib/prng.js';

/*
 * SYNTHETIC national release for the benchmark, in the real source formats: ÖJ result files
 * (wide CSV + mapping.json per service area and year, one .xlsx), Kolada v3 JSON pages,
 * per-unit agreement CSVs and per-unit plan-count CSVs. Nothing here is a published figure;
 * every file name says SYNTHETIC and every question text starts with "[SYNTHETIC]".
 *
 * Deterministic: the same seed and scale give the same bytes. Each series draws from its own
 * seeded stream (lib/prng.ts), so `--scale 10` contains every answer of `--scale 1` and adds
 * questions: scale N = 8·N questions per service area and 5·N Kolada KPIs; the units (290
 * municipalities, Stockholm's 14 stadsdelsområden, 21 regions) and the 15 survey years are fixed.
 */

export const BENCH_YEARS = Array.from({ length: 15 }, (_, i) => 2010 + i);
export const QUESTIONS_PER_AREA = 8;
export const KPIS = 5;
export const KOLADA_BASE_URL = 'http://127.0.0.1:9/v3';

/** Which cells a variant changes on top of the base release, and with what probability. */
export type Variant = 'base' | 'changed' | 'revision';
const VARIANT_CHANGE: Record<Variant, number> = { base: 0, changed: 0.01, revision: 0.25 };

const FAMILIES = [
  ['SYN_SIP_INFO', 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?'],
  ['SYN_SIP_UPPFOLJNING', 'Finns en rutin för uppföljning av SIP?'],
  ['SYN_SAMVERKAN_REGION', 'Finns en överenskommelse om samverkan med regionen?'],
  ['SYN_BRUKARMEDVERKAN', 'Finns en rutin för brukarmedverkan på verksamhetsnivå?'],
  ['SYN_HANDLAGGNING', 'Finns en rutin för handläggning inom tre veckor?'],
  ['SYN_KOMPETENS', 'Finns en plan för kompetensutveckling?'],
  ['SYN_AVVIKELSER', 'Finns en rutin för avvikelsehantering?'],
  ['SYN_LAKEMEDEL', 'Finns en rutin för läkemedelsgenomgångar?'],
] as const;

export interface Unit {
  code: string;
  name: string;
  kind: 'MUNICIPALITY' | 'DISTRICT';
  regionCode: string;
  validFrom: number;
}
export interface Area {
  code: string;
  name: string;
}
export interface Reference {
  municipalities: Unit[];
  districts: Unit[];
  regions: { code: string; name: string }[];
  areas: Area[];
}

export function readReference(): Reference {
  const table = (file: string) => {
    const [header, ...rows] = readCsv(readFileSync(path.join(REFERENCE_DIR, file))).rows;
    return rows
      .filter((r) => r.some((c) => c.trim() !== ''))
      .map((r) => Object.fromEntries(header!.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
  };
  const municipalities = table('kommuner.csv').map((r) => ({
    code: r['municipality_code']!,
    name: r['municipality_name']!,
    kind: 'MUNICIPALITY' as const,
    regionCode: r['region_code']!,
    validFrom: 0,
  }));
  const regionOf = new Map(municipalities.map((m) => [m.code, m.regionCode]));
  const districts = table('districts.csv').map((r) => ({
    code: r['district_code']!,
    name: r['district_name']!,
    kind: 'DISTRICT' as const,
    regionCode: regionOf.get(r['municipality_code']!)!,
    validFrom: Number(r['valid_from_year']),
  }));
  const regions = table('regioner.csv').map((r) => ({ code: r['region_code']!, name: r['region_name']! }));
  const areas = table('service-areas.csv')
    .sort((a, b) => Number(a['sort_order']) - Number(b['sort_order']))
    .map((r) => ({ code: r['area_code']!, name: r['name']! }));
  return { municipalities, districts, regions, areas };
}

export function familiesFor(scale: number): { family: string; text: string }[] {
  const out: { family: string; text: string }[] = [];
  for (let i = 0; i < QUESTIONS_PER_AREA * scale; i++) {
    const base = FAMILIES[i % FAMILIES.length]!;
    const round = Math.floor(i / FAMILIES.length);
    out.push(
      round === 0
        ? { family: base[0], text: `[SYNTHETIC] ${base[1]}` }
        : { family: `${base[0]}_V${round + 1}`, text: `[SYNTHETIC] ${base[1]} (variant ${round + 1})` },
    );
  }
  return out;
}

type Answer = 'JA' | 'NEJ' | 'EJ_AKTUELLT' | 'NO_RESPONSE';
const RAW: Record<Answer, string> = { JA: 'Ja', NEJ: 'Nej', EJ_AKTUELLT: 'Ej aktuellt', NO_RESPONSE: '-' };

function draw(r: number, ja: number, nej: number): Answer {
  return r < ja ? 'JA' : r < ja + nej ? 'NEJ' : 'EJ_AKTUELLT';
}

/**
 * One unit's answers to one question over the survey years: persistent, with ~10 % of units
 * revising each year (drifting towards Ja), whole-row non-response ~5 % and blank cells ~2 %.
 * Overall about Ja 55 %, Nej 30 %, Ej aktuellt 8 %, no response 7 %.
 */
export function answerSeries(
  seed: number,
  unit: string,
  question: string,
  years: readonly number[],
): Map<number, { answer: Answer; raw: string }> {
  const rng = streamFor(seed, `oj|${unit}|${question}`);
  let state = draw(rng(), 0.6, 0.32);
  const out = new Map<number, { answer: Answer; raw: string }>();
  for (const year of years) {
    if (rng() < 0.1) state = draw(rng(), 0.66, 0.26);
    const blank = rng() < 0.02;
    out.set(year, blank ? { answer: 'NO_RESPONSE', raw: '' } : { answer: state, raw: RAW[state] });
  }
  return out;
}

/** Whether a unit sent nothing for a service area in a year (the whole row is "-"). */
export function unitSilent(seed: number, unit: string, area: string, year: number): boolean {
  return streamFor(seed, `nr|${unit}|${area}|${year}`)() < 0.05;
}

const NEXT: Record<Answer, Answer> = { JA: 'NEJ', NEJ: 'JA', EJ_AKTUELLT: 'JA', NO_RESPONSE: 'JA' };

function applyVariant(
  seed: number,
  variant: Variant,
  key: string,
  cell: { answer: Answer; raw: string },
): { answer: Answer; raw: string } {
  const p = VARIANT_CHANGE[variant];
  if (p === 0 || streamFor(seed, `${variant}|${key}`)() >= p) return cell;
  const answer = NEXT[cell.answer];
  return { answer, raw: RAW[answer] };
}

export interface OjFile {
  file: string;
  area: string;
  year: number;
}

export interface GeneratedRelease {
  dir: string;
  oj: OjFile[];
  kolada: { manifest: string; kpiIds: string[]; years: number[]; configFile: string } | null;
  agreements: string[];
  planCounts: string[];
  answers: number;
  rows: number;
}

function csvLine(cells: (string | number)[], delimiter = ';'): string {
  return cells.map((c) => String(c)).join(delimiter);
}

/** ÖJ file: mapping + CSV (or xlsx) for one service area and year. */
async function writeOjFile(
  dir: string,
  seed: number,
  variant: Variant,
  ref: Reference,
  area: Area,
  year: number,
  families: { family: string; text: string }[],
  asXlsx: boolean,
): Promise<{ file: string; answers: number }> {
  const stem = `oj-SYNTHETIC-${year}-${area.code.toLowerCase().replace(/_/g, '-')}`;
  const questions = families.map((f, i) => ({
    code: `${f.family}.${area.code}`,
    header: `F${i + 1}. ${f.text.replace('[SYNTHETIC] ', '')}`,
    ...f,
  }));
  const mapping = {
    note: 'SYNTHETIC benchmark data generated by bench/generate.ts; not a published figure.',
    year,
    layout: 'wide',
    publication: `SYNTHETIC Öppna jämförelser ${year} (benchmark, not published)`,
    frame: 'ALL_MUNICIPALITIES',
    codeColumn: ['Kommunkod'],
    nameColumn: ['Kommun'],
    questions: questions.map((q) => ({ code: q.code, areaCode: area.code, text: q.text, family: q.family })),
    columns: questions.map((q) => ({ header: q.header, questionCode: q.code })),
  };
  writeFileSync(path.join(dir, `${stem}.mapping.json`), JSON.stringify(mapping, null, 2) + '\n');

  const header = ['Kommunkod', 'Kommun', ...questions.map((q) => q.header)];
  const rows: string[][] = [];
  let answers = 0;
  const byRegion = new Map<string, { ja: number[]; nej: number[] }>();
  const nation = { ja: questions.map(() => 0), nej: questions.map(() => 0) };
  const units = [...ref.municipalities, ...ref.districts.filter((d) => year >= d.validFrom)];
  for (const unit of units) {
    const silent = unitSilent(seed, unit.code, area.code, year);
    const cells = questions.map((q, qi) => {
      if (silent) return { answer: 'NO_RESPONSE' as Answer, raw: '-' };
      const base = answerSeries(seed, unit.code, q.code, BENCH_YEARS).get(year)!;
      const cell = applyVariant(seed, variant, `${unit.code}|${q.code}|${year}`, base);
      if (unit.kind === 'MUNICIPALITY') {
        const agg = byRegion.get(unit.regionCode) ?? { ja: questions.map(() => 0), nej: questions.map(() => 0) };
        byRegion.set(unit.regionCode, agg);
        if (cell.answer === 'JA') (agg.ja[qi]!++, nation.ja[qi]!++);
        if (cell.answer === 'NEJ') (agg.nej[qi]!++, nation.nej[qi]!++);
      }
      return cell;
    });
    answers += cells.length;
    rows.push([unit.kind === 'MUNICIPALITY' ? unit.code : '', unit.name, ...cells.map((c) => c.raw)]);
  }
  // County and riket rows carry the published percentages (Ja of Ja + Nej), as ÖJ prints them.
  const percent = (ja: number, nej: number) => (ja + nej === 0 ? '-' : String(Math.round((100 * ja) / (ja + nej))));
  for (const region of ref.regions) {
    const agg = byRegion.get(region.code);
    rows.push([
      region.code,
      region.name,
      ...questions.map((_, qi) => (agg ? percent(agg.ja[qi]!, agg.nej[qi]!) : '-')),
    ]);
  }
  rows.push(['00', 'Riket', ...questions.map((_, qi) => percent(nation.ja[qi]!, nation.nej[qi]!))]);

  if (asXlsx) {
    const wb = new ExcelJS.Workbook();
    const fixed = new Date(Date.UTC(2025, 0, 1));
    wb.creator = 'bench/generate.ts (SYNTHETIC)';
    wb.created = fixed;
    wb.modified = fixed;
    const ws = wb.addWorksheet('Resultat');
    ws.addRow([`SYNTHETIC Öppna jämförelser ${year} – ${area.name} (benchmark data, not published)`]);
    ws.addRow([]);
    ws.addRow(header);
    for (const row of rows) ws.addRow(row);
    const file = `${stem}.xlsx`;
    writeFileSync(path.join(dir, file), Buffer.from(await withFixedClock(fixed, () => wb.xlsx.writeBuffer())));
    return { file, answers };
  }
  const text = [csvLine(header), ...rows.map((r) => csvLine(r))].join('\r\n') + '\r\n';
  // why: real ÖJ exports come both as UTF-8 with BOM and as Windows-1252; the decoder must see both.
  const bytes =
    year % 2 === 0
      ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
      : iconv.encode(text, 'win1252');
  const file = `${stem}.csv`;
  writeFileSync(path.join(dir, file), bytes);
  return { file, answers };
}

/**
 * why: JSZip (inside exceljs) stamps every zip entry with `new Date()`; a fixed clock while
 * writing keeps the workbook's bytes a function of the seed alone.
 */
async function withFixedClock<T>(at: Date, write: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  const fixedMs = at.getTime();
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixedMs);
      else super(...(args as [string]));
    }
    static override now(): number {
      return fixedMs;
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
  try {
    return await write();
  } finally {
    globalThis.Date = RealDate;
  }
}

function koladaKpis(scale: number, areas: Area[]) {
  return Array.from({ length: KPIS * scale }, (_, i) => {
    const area = areas[i % areas.length]!;
    return {
      id: `U9${String(i + 1).padStart(4, '0')}`,
      area,
      family: `SYN_KOLADA_${String(i + 1).padStart(2, '0')}`,
      title: `[SYNTHETIC] Aktuell rutin ${i + 1} finns, ${area.name.toLowerCase()}, (Ja=1, Nej=0)`,
    };
  });
}

/** Kolada v3 pages: KPI metadata and data pages of at most 5 000 rows, linked by next_url. */
function writeKolada(
  dir: string,
  seed: number,
  ref: Reference,
  scale: number,
  years: readonly number[],
): { manifest: string; kpiIds: string[]; years: number[]; configFile: string; answers: number; rows: number } {
  const kpis = koladaKpis(scale, ref.areas);
  const manifest: Record<string, string> = {};
  const perPage = 5000;
  let pageNo = 0;
  const writePage = (url: string, envelope: unknown) => {
    const file = `kolada-SYNTHETIC-page-${String(++pageNo).padStart(3, '0')}.json`;
    writeFileSync(path.join(dir, file), JSON.stringify(envelope));
    manifest[url] = file;
  };
  let answers = 0;
  let rowsTotal = 0;
  for (let c = 0; c < kpis.length; c += 25) {
    const chunk = kpis.slice(c, c + 25);
    const ids = chunk.map((k) => k.id).join(',');
    writePage(`${KOLADA_BASE_URL}/kpi/${ids}?per_page=${perPage}`, {
      count: chunk.length,
      values: chunk.map((k) => ({
        id: k.id,
        title: k.title,
        description: 'SYNTHETIC benchmark KPI (bench/generate.ts); not published by Kolada.',
        is_divided_by_gender: false,
        municipality_type: 'K',
        auspice: 'X',
        operating_area: 'SYNTHETIC',
        perspective: 'Kvalitet och resultat',
        prel_publication_date: null,
        publication_date: '2025-01-01',
        publ_period: '2024',
        has_ou_data: false,
      })),
      next_url: null,
    });
    const rows: unknown[] = [];
    for (const kpi of chunk) {
      for (const year of years) {
        const regionAgg = new Map<string, { ja: number; n: number }>();
        let nJa = 0;
        let nN = 0;
        for (const m of ref.municipalities) {
          const rng = streamFor(seed, `kolada|${kpi.id}|${m.code}|${year}`);
          const missing = rng() < 0.04;
          const value = missing ? null : rng() < 0.6 ? 1 : 0;
          rows.push({
            kpi: kpi.id,
            municipality: m.code,
            period: year,
            values: [{ count: 1, gender: 'T', status: missing ? '-' : '', value, isdeleted: false }],
          });
          answers++;
          if (value !== null) {
            const agg = regionAgg.get(m.regionCode) ?? { ja: 0, n: 0 };
            regionAgg.set(m.regionCode, agg);
            agg.ja += value;
            agg.n += 1;
            nJa += value;
            nN += 1;
          }
        }
        for (const r of ref.regions) {
          const agg = regionAgg.get(r.code);
          const value = agg && agg.n ? Math.round((1000 * agg.ja) / agg.n) / 10 : null;
          rows.push({
            kpi: kpi.id,
            municipality: `00${r.code}`,
            period: year,
            values: [{ count: agg?.n ?? 0, gender: 'T', status: value === null ? '-' : '', value, isdeleted: false }],
          });
        }
        rows.push({
          kpi: kpi.id,
          municipality: '0000',
          period: year,
          values: [{ count: nN, gender: 'T', status: '', value: Math.round((1000 * nJa) / nN) / 10, isdeleted: false }],
        });
      }
    }
    rowsTotal += rows.length;
    const first = `${KOLADA_BASE_URL}/data/kpi/${ids}/year/${years.join(',')}?per_page=${perPage}`;
    const pages = Math.ceil(rows.length / perPage);
    for (let p = 0; p < pages; p++) {
      const url = p === 0 ? first : `${first}&page=${p + 1}`;
      const values = rows.slice(p * perPage, (p + 1) * perPage);
      writePage(url, {
        count: values.length,
        values,
        next_url: p + 1 < pages ? `${first}&page=${p + 2}` : null,
        previous_url: p > 0 ? url : null,
      });
    }
  }
  writeFileSync(path.join(dir, 'kolada-SYNTHETIC-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const config = kpis.map((k) => ({ kpiId: k.id, areaCode: k.area.code, family: k.family, codingOverride: null }));
  writeFileSync(path.join(dir, 'kolada-SYNTHETIC-config.json'), JSON.stringify(config, null, 2) + '\n');
  return {
    manifest: 'kolada-SYNTHETIC-manifest.json',
    kpiIds: kpis.map((k) => k.id),
    years: [...years],
    configFile: 'kolada-SYNTHETIC-config.json',
    answers,
    rows: rowsTotal,
  };
}

const AGREEMENT_STATUS: [number, string][] = [
  [0.7, 'finns'],
  [0.8, 'under framtagande'],
  [0.95, 'saknas'],
  [1, 'ej svarat'],
];

/** Per-unit agreement CSV (the shape in src/ingest/sources/agreements/records.ts), one file per year. */
function writeAgreements(
  dir: string,
  seed: number,
  ref: Reference,
  years: readonly number[],
): { files: string[]; rows: number } {
  const files: string[] = [];
  let total = 0;
  const flag = (r: number) => (r < 0.55 ? 'ja' : r < 0.9 ? 'nej' : '');
  for (const year of years) {
    const lines = [
      csvLine([
        'unit_code',
        'unit_name',
        'year',
        'level',
        'topic',
        'status',
        'joint_goals',
        'describes_collaboration_between_principals',
        'target_group_under_18',
        'partner_polisen',
      ]),
    ];
    const units: { code: string; name: string; level: string }[] = [
      ...ref.regions.map((r) => ({ code: r.code, name: r.name, level: 'county' })),
      ...ref.municipalities.map((m) => ({ code: m.code, name: m.name, level: 'local' })),
      ...ref.districts.filter((d) => year >= d.validFrom).map((d) => ({ code: '', name: d.name, level: 'local' })),
    ];
    for (const u of units) {
      for (const area of ref.areas) {
        const rng = streamFor(seed, `agr|${u.code || u.name}|${area.code}|${year}`);
        const s = rng();
        const status = AGREEMENT_STATUS.find(([p]) => s < p)![1];
        const goals = rng();
        lines.push(
          csvLine([
            u.code,
            u.name,
            year,
            u.level,
            area.code,
            status,
            goals < 0.3 ? 'clear' : goals < 0.7 ? 'unclear' : 'none',
            flag(rng()),
            flag(rng()),
            flag(rng()),
          ]),
        );
        total++;
      }
    }
    const file = `agreements-SYNTHETIC-${year}.csv`;
    writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
    files.push(file);
  }
  return { files, rows: total };
}

/** Per-unit plan-count register CSV (src/ingest/sources/plan-counts/records.ts), one file per year. */
function writePlanCounts(
  dir: string,
  seed: number,
  ref: Reference,
  years: readonly number[],
): { files: string[]; rows: number } {
  const files: string[] = [];
  let total = 0;
  for (const year of years) {
    const lines = [
      csvLine([
        'unit_code',
        'unit_name',
        'year',
        'plan_type',
        'measure',
        'principal',
        'source_system',
        'value',
        'n',
        'counting_note',
      ]),
    ];
    const units = [...ref.municipalities.map((m) => m.code), ...ref.regions.map((r) => r.code), '00'];
    for (const code of units) {
      const rng = streamFor(seed, `plan|${code}|${year}`);
      const size =
        code.length === 4 ? 20 + Math.floor(rng() * 400) : code === '00' ? 60_000 : 800 + Math.floor(rng() * 6000);
      const missing = rng() < 0.03;
      lines.push(
        csvLine([code, '', year, 'SIP', 'sips_created', 'both', 'PRATOR', missing ? '..' : size, '', 'SYNTHETIC']),
      );
      lines.push(
        csvLine([
          code,
          '',
          year,
          'SIP',
          'joint_clients',
          'municipality',
          'OJ',
          Math.round(size * (1.5 + rng())),
          '',
          'SYNTHETIC',
        ]),
      );
      lines.push(
        csvLine([
          code,
          '',
          year,
          'SIP',
          'sips_created_over_65_percent',
          'region',
          'PRATOR',
          (20 + rng() * 50).toFixed(1).replace('.', ','),
          '',
          'SYNTHETIC',
        ]),
      );
      total += 3;
    }
    const file = `plan-counts-SYNTHETIC-${year}.csv`;
    writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
    files.push(file);
  }
  return { files, rows: total };
}

/**
 * Writes one release into `dir` (emptied first). `base` holds every source; `changed` (1 % of
 * ÖJ answer cells differ) and `revision` (25 % differ) hold only the ÖJ files — the other
 * sources of those releases are byte-identical to base and would be skipped.
 */
export async function generateRelease(options: {
  seed: number;
  scale: number;
  variant: Variant;
  dir: string;
  ref?: Reference;
  years?: readonly number[];
}): Promise<GeneratedRelease> {
  const { seed, scale, variant, dir } = options;
  const years = options.years ?? BENCH_YEARS;
  const ref = options.ref ?? readReference();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const families = familiesFor(scale);
  const oj: OjFile[] = [];
  let answers = 0;
  for (const year of years) {
    for (const area of ref.areas) {
      // One workbook in the release (the first area of the latest year), the rest CSV.
      const asXlsx = year === years[years.length - 1] && area === ref.areas[0];
      const written = await writeOjFile(dir, seed, variant, ref, area, year, families, asXlsx);
      oj.push({ file: written.file, area: area.code, year });
      answers += written.answers;
    }
  }
  let rows = answers;
  let kolada: GeneratedRelease['kolada'] = null;
  const agreements: string[] = [];
  const planCounts: string[] = [];
  if (variant === 'base') {
    const k = writeKolada(dir, seed, ref, scale, years);
    kolada = { manifest: k.manifest, kpiIds: k.kpiIds, years: k.years, configFile: k.configFile };
    answers += k.answers;
    rows += k.rows;
    const a = writeAgreements(dir, seed, ref, years);
    agreements.push(...a.files);
    rows += a.rows;
    const p = writePlanCounts(dir, seed, ref, years);
    planCounts.push(...p.files);
    rows += p.rows;
  }
  const release: GeneratedRelease = { dir, oj, kolada, agreements, planCounts, answers, rows };
  writeFileSync(
    path.join(dir, 'SYNTHETIC-README.txt'),
    `SYNTHETIC benchmark release (variant ${variant}, seed ${seed}, scale ${scale}) generated by bench/generate.ts.\n` +
      `Not published data: never copy these files into data/samples or an ingest inbox.\n`,
  );
  writeFileSync(path.join(dir, 'release.json'), JSON.stringify(release, null, 2) + '\n');
  return release;
}

export const BENCH_DATA_DIR = path.join(PROJECT_ROOT, 'bench', 'data');

function parseArgs(argv: string[]): { seed: number; scale: number; out: string } {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(get('--seed') ?? 20251);
  const scale = Number(get('--scale') ?? 1);
  if (!Number.isInteger(seed) || !Number.isInteger(scale) || scale < 1)
    throw new Error('usage: generate [--seed N] [--scale N] [--out DIR]');
  return { seed, scale, out: get('--out') ?? path.join(BENCH_DATA_DIR, `x${scale}`) };
}

if (require.main === module) {
  const { seed, scale, out } = parseArgs(process.argv.slice(2));
  (async () => {
    for (const variant of ['base', 'changed', 'revision'] as const) {
      const t = performance.now();
      const r = await generateRelease({ seed, scale, variant, dir: path.join(out, variant) });
      console.log(
        `${variant}: ${r.oj.length} ÖJ files, ${r.answers} answers, ${r.rows} rows in ${((performance.now() - t) / 1000).toFixed(1)} s → ${r.dir}`,
      );
    }
  })().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
