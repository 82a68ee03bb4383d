import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { District, Kommungrupp, Municipality, Question, Region, ServiceArea } from '../entities/index.js';

/**
 * One set of loaders per request (graphql/dataloader: "Creating a new DataLoader per
 * request"): batches the lookups of one request into one query per kind, and never shares
 * cached rows between requests. Batch functions return results in key order.
 */
export function createLoaders(db: EntityManager) {
  const byKey = <T extends object, K extends keyof T>(entity: new () => T, key: K & string) =>
    new DataLoader<string, T | null>(async (codes) => {
      const rows: T[] = await db
        .getRepository<T>(entity)
        .createQueryBuilder('t')
        .where(`t.${key} = ANY(:codes)`, { codes: [...codes] })
        .getMany();
      const found = new Map(rows.map((r) => [String(r[key]), r]));
      return codes.map((c) => found.get(c) ?? null);
    });
  const groupedBy = <T extends object, K extends keyof T>(entity: new () => T, key: K & string) =>
    new DataLoader<string, T[]>(async (codes) => {
      const rows: T[] = await db
        .getRepository<T>(entity)
        .createQueryBuilder('t')
        .where(`t.${key} = ANY(:codes)`, { codes: [...codes] })
        .orderBy('t.name')
        .getMany();
      const groups = new Map<string, T[]>(codes.map((c) => [c, []]));
      for (const row of rows) groups.get(String(row[key]))?.push(row);
      return codes.map((c) => groups.get(c)!);
    });
  return {
    regionByCode: byKey(Region, 'regionCode'),
    municipalityByCode: byKey(Municipality, 'municipalityCode'),
    kommungruppByCode: byKey(Kommungrupp, 'kommungruppCode'),
    serviceAreaByCode: byKey(ServiceArea, 'areaCode'),
    questionByCode: byKey(Question, 'questionCode'),
    municipalitiesByRegion: groupedBy(Municipality, 'regionCode'),
    municipalitiesByKommungrupp: groupedBy(Municipality, 'kommungruppCode'),
    districtsByMunicipality: groupedBy(District, 'municipalityCode'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
