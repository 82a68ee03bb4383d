import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR, REFERENCE_DIR } from '../../../paths.js';
import { readCsv } from '../../text/csv.js';
import { resolveCoding } from './coding.js';

/** What Jämför adds to a Kolada KPI: which service area it belongs to and how to read it. */
export interface KoladaKpiConfigEntry {
  kpiId: string;
  /** A code from data/reference/service-areas.csv, or null when the KPI is not area-specific. */
  areaCode: string | null;
  /** Questions with the same wording across areas share a family, e.g. `GPS_LARM`. */
  family: string | null;
  /** Replaces the coding parsed from the title (`Ja=1, Nej=0`), or `numeric` for none. */
  codingOverride: string | null;
}

export const DEFAULT_KOLADA_KPI_CONFIG_PATH = path.join(DATA_DIR, 'sources', 'kolada-kpis.csv');

const COLUMNS = ['kpi_id', 'area_code', 'family', 'coding_override'] as const;

function readAreaCodes(): Set<string> {
  const { rows } = readCsv(readFileSync(path.join(REFERENCE_DIR, 'service-areas.csv')));
  const [header, ...body] = rows;
  const column = header?.findIndex((h) => h.trim() === 'area_code') ?? -1;
  if (column < 0) throw new Error('reference: service-areas.csv has no area_code column');
  return new Set(body.map((r) => (r[column] ?? '').trim()).filter((c) => c !== ''));
}

/**
 * Parses the KPI list (columns kpi_id, area_code, family, coding_override; any other column,
 * such as `title`, is for reviewers only). Throws naming file, row and column on the first
 * bad cell: a broken config must stop the run, not drop KPIs.
 */
export function parseKoladaKpiConfig(
  bytes: Uint8Array,
  file: string,
  areaCodes: ReadonlySet<string>,
): KoladaKpiConfigEntry[] {
  const { rows } = readCsv(bytes);
  const [header, ...body] = rows;
  if (!header) throw new Error(`kolada config: ${file} is empty`);
  const index = Object.fromEntries(COLUMNS.map((c) => [c, header.findIndex((h) => h.trim() === c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const missing = COLUMNS.filter((c) => index[c] < 0);
  if (missing.length > 0) throw new Error(`kolada config: ${file} lacks column(s) ${missing.join(', ')}`);

  const entries: KoladaKpiConfigEntry[] = [];
  const seen = new Set<string>();
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row = i + 2;
    const cell = (c: (typeof COLUMNS)[number]) => (cells[index[c]] ?? '').trim();
    const fail = (column: string, message: string) =>
      new Error(`kolada config: ${file}, row ${row}, column "${column}": ${message}`);
    const kpiId = cell('kpi_id');
    if (!/^[NU]\d{5}$/.test(kpiId)) throw fail('kpi_id', `"${kpiId}" is not a Kolada KPI id`);
    if (seen.has(kpiId)) throw fail('kpi_id', `${kpiId} is listed twice`);
    seen.add(kpiId);
    const areaCode = cell('area_code');
    if (areaCode !== '' && !areaCodes.has(areaCode))
      throw fail('area_code', `"${areaCode}" is not a service area code`);
    const family = cell('family');
    if (family !== '' && !/^[A-Z0-9_]+$/.test(family)) throw fail('family', `"${family}" is not SCREAMING_SNAKE`);
    const codingOverride = cell('coding_override');
    try {
      resolveCoding('', codingOverride);
    } catch (error) {
      throw fail('coding_override', (error as Error).message);
    }
    entries.push({
      kpiId,
      areaCode: areaCode || null,
      family: family || null,
      codingOverride: codingOverride || null,
    });
  });
  return entries;
}

/** The KPI list Kolada ingest fetches by default: data/sources/kolada-kpis.csv. */
export function readKoladaKpiConfig(
  file: string = DEFAULT_KOLADA_KPI_CONFIG_PATH,
  areaCodes: ReadonlySet<string> = readAreaCodes(),
): KoladaKpiConfigEntry[] {
  return parseKoladaKpiConfig(readFileSync(file), path.basename(file), areaCodes);
}
