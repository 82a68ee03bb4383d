/**
 * Kolada API v3 records exactly as published (https://api.kolada.se/v3, Swagger at /v3/docs).
 * Field names stay snake_case as on the wire; nothing here is Jämför's own vocabulary.
 * See /work/shared/formats/kolada-v3.md for the shapes these were checked against.
 */

/**
 * Every list route answers with this envelope. `count` is the number of values on this page,
 * not a total. v3 links the next page with `next_url`; v2 called it `next_page`, and both are
 * accepted. The link is `null`, empty or absent on the last page.
 */
export interface KoladaEnvelope<T> {
  count: number;
  values: T[];
  next_url?: string | null;
  next_page?: string | null;
  previous_url?: string | null;
}

/** `K` kommun, `L` region (landsting), `A` both. */
export type KoladaMunicipalityType = 'K' | 'L' | 'A';

/** One key figure (nyckeltal). ids are `N` or `U` followed by 5 digits. */
export interface KoladaKpi {
  id: string;
  /** For ÖJ yes/no questions the title carries the answer coding, e.g. `(Ja=1, Nej=0)`. */
  title: string;
  description: string;
  is_divided_by_gender: boolean;
  municipality_type: KoladaMunicipalityType;
  auspice: string | null;
  operating_area: string;
  perspective: string;
  prel_publication_date: string | null;
  publication_date: string | null;
  /** A year as a string, e.g. `"2025"`. */
  publ_period: string | null;
  has_ou_data: boolean;
}

/** A kommun (`0180`, type K), a region (`0001`…`0025`, type L) or the nation (`0000`, type L). */
export interface KoladaMunicipality {
  id: string;
  title: string;
  type: 'K' | 'L';
}

export interface KoladaMunicipalityGroupMember {
  member_id: string;
  member_title: string;
}

/** An unweighted mean of its members, e.g. `G92787` Storstäder. */
export interface KoladaMunicipalityGroup {
  id: string;
  title: string;
  members: KoladaMunicipalityGroupMember[];
}

/** `T` total, `K` kvinnor, `M` män; ungendered KPIs have only `T`. */
export type KoladaGender = 'T' | 'K' | 'M';

export interface KoladaDataValue {
  count: number;
  gender: KoladaGender;
  /** Usually `""`; kept verbatim (the site shows `-` bortfall, `.` ej tillämplig, `..` sekretess). */
  status: string;
  value: number | null;
  /** true: Kolada withdrew a value it published before. */
  isdeleted: boolean;
}

/** One KPI for one municipality (or region, or Riket) in one year. */
export interface KoladaDataRow {
  kpi: string;
  municipality: string;
  period: number;
  values: KoladaDataValue[];
}
