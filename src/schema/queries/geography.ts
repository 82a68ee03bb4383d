import type { EntityManager } from 'typeorm';
import { District, Municipality, Question, Region, ServiceArea } from '../../entities/index.js';

export interface MunicipalityFilter {
  regionCode?: string | null;
  kommungrupp?: string | null;
  codes?: string[] | null;
}

/** Regions in Swedish order of their län name (the column's collation is sv-SE-x-icu). */
export function listRegions(db: EntityManager): Promise<Region[]> {
  return db.getRepository(Region).createQueryBuilder('r').orderBy('r.name').getMany();
}

export function listMunicipalities(db: EntityManager, filter: MunicipalityFilter): Promise<Municipality[]> {
  const q = db.getRepository(Municipality).createQueryBuilder('m').orderBy('m.name');
  if (filter.regionCode) q.andWhere('m.regionCode = :region', { region: filter.regionCode });
  if (filter.kommungrupp) q.andWhere('m.kommungruppCode = :group', { group: filter.kommungrupp });
  if (filter.codes) q.andWhere('m.municipalityCode = ANY(:codes)', { codes: filter.codes });
  return q.getMany();
}

export function listDistricts(db: EntityManager, municipalityCode?: string | null): Promise<District[]> {
  const q = db.getRepository(District).createQueryBuilder('d').orderBy('d.name');
  if (municipalityCode) q.where('d.municipalityCode = :m', { m: municipalityCode });
  return q.getMany();
}

export function listServiceAreas(db: EntityManager): Promise<ServiceArea[]> {
  return db.getRepository(ServiceArea).find({ order: { sortOrder: 'ASC' } });
}

export function listQuestions(
  db: EntityManager,
  filter: { areaCode?: string | null; family?: string | null },
): Promise<Question[]> {
  const q = db
    .getRepository(Question)
    .createQueryBuilder('q')
    .leftJoin('service_area', 'a', 'a.area_code = q.area_code')
    .orderBy('a.sort_order', 'ASC', 'NULLS LAST')
    .addOrderBy('q.questionCode');
  if (filter.areaCode) q.andWhere('q.areaCode = :area', { area: filter.areaCode });
  if (filter.family) q.andWhere('q.family = :family', { family: filter.family });
  return q.getMany();
}
