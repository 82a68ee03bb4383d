import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../paths.js';
import { readCsv } from './text/csv.js';

export interface RegionRef {
  code: string;
  name: string;
  regionName: string;
  koladaId: string;
}

export interface MunicipalityRef {
  code: string;
  name: string;
  regionCode: string;
  kommungrupp: string;
  kommungruppName: string;
  population: number;
  populationYear: number;
}

export interface DistrictRef {
  code: string;
  name: string;
  municipalityCode: string;
  validFromYear: number;
}

export interface ServiceAreaRef {
  code: string;
  name: string;
  sortOrder: number;
}

/**
 * The reference geography and service areas, shipped in data/reference/. Parsers use it to
 * validate codes and to match sub-municipal rows by name; it is the same data the
 * reference loader writes to Postgres, so parsing and loading never disagree.
 */
export interface ReferenceCatalog {
  regions: ReadonlyMap<string, RegionRef>;
  municipalities: ReadonlyMap<string, MunicipalityRef>;
  districts: ReadonlyMap<string, DistrictRef>;
  serviceAreas: ReadonlyMap<string, ServiceAreaRef>;
  /** Normalised district name (see normaliseName) → district. */
  districtByName: ReadonlyMap<string, DistrictRef>;
  /** Normalised municipality name → municipality, for sources that name units only by name. */
  municipalityByName: ReadonlyMap<string, MunicipalityRef>;
  /** Normalised area name → area, e.g. "missbruks- och beroendevård" → MISSBRUK. */
  serviceAreaByName: ReadonlyMap<string, ServiceAreaRef>;
  /** Kolada id (`0001`…`0025`) → region code (`01`…`25`). */
  regionByKoladaId: ReadonlyMap<string, RegionRef>;
}

/** Case-, space- and dash-insensitive key for matching names as people type them. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFC')
    .toLocaleLowerCase('sv-SE')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function table(dir: string, file: string): Record<string, string>[] {
  const { rows } = readCsv(readFileSync(path.join(dir, file)));
  const [header, ...body] = rows;
  if (!header) throw new Error(`reference: ${file} is empty`);
  return body
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

export function readReferenceCatalog(dir: string = REFERENCE_DIR): ReferenceCatalog {
  const regions = new Map<string, RegionRef>();
  for (const r of table(dir, 'regioner.csv')) {
    regions.set(r['region_code']!, {
      code: r['region_code']!,
      name: r['region_name']!,
      regionName: r['kolada_title']!,
      koladaId: r['kolada_id']!,
    });
  }
  const municipalities = new Map<string, MunicipalityRef>();
  for (const r of table(dir, 'kommuner.csv')) {
    municipalities.set(r['municipality_code']!, {
      code: r['municipality_code']!,
      name: r['municipality_name']!,
      regionCode: r['region_code']!,
      kommungrupp: r['kommungrupp']!,
      kommungruppName: r['kommungrupp_name']!,
      population: Number(r['population']),
      populationYear: Number(r['population_year']),
    });
  }
  const districts = new Map<string, DistrictRef>();
  for (const r of table(dir, 'districts.csv')) {
    districts.set(r['district_code']!, {
      code: r['district_code']!,
      name: r['district_name']!,
      municipalityCode: r['municipality_code']!,
      validFromYear: Number(r['valid_from_year']),
    });
  }
  const serviceAreas = new Map<string, ServiceAreaRef>();
  for (const r of table(dir, 'service-areas.csv')) {
    serviceAreas.set(r['area_code']!, { code: r['area_code']!, name: r['name']!, sortOrder: Number(r['sort_order']) });
  }
  const byName = <T extends { name: string }>(items: Iterable<T>) =>
    new Map([...items].map((i) => [normaliseName(i.name), i] as const));
  return {
    regions,
    municipalities,
    districts,
    serviceAreas,
    districtByName: byName(districts.values()),
    municipalityByName: byName(municipalities.values()),
    serviceAreaByName: byName(serviceAreas.values()),
    regionByKoladaId: new Map([...regions.values()].map((r) => [r.koladaId, r] as const)),
  };
}
