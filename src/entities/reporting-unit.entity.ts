// One row: one unit that answers or is reported on (a municipality, district, region or the nation), with its place in the geography.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnitKind } from '../domain/answer.js';

/**
 * The serving dimension every fact table points at. Codes do not collide across kinds
 * (kommunkod 4 digits, länskod 2, district "0180-01", nation "00"), so unit_code alone is
 * the key; the geography columns make scope filters (region, kommungrupp) one join.
 */
@Entity({ name: 'reporting_unit' })
export class ReportingUnit {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  unitCode!: string;

  @Column({ type: 'varchar', length: 12 })
  unitKind!: UnitKind;

  @Column({ type: 'text' })
  name!: string;

  /** Own code for municipalities, the parent's for districts; null for regions and the nation. */
  @Column({ type: 'char', length: 4, nullable: true })
  municipalityCode!: string | null;

  /** Null only for the nation. */
  @Column({ type: 'char', length: 2, nullable: true })
  regionCode!: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  kommungruppCode!: string | null;
}
