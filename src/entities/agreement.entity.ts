// One row: the status of one unit's agreement (överenskommelse) at one level on one topic in one survey year.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementLevel, AgreementStatus, JointGoals } from '../domain/agreement.js';

@Entity({ name: 'agreement' })
// The natural key, year first (migration 1764800000000); it also serves the coverage query.
@Index(['year', 'level', 'topic', 'unitCode'], { unique: true })
export class Agreement {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 12 })
  unitCode!: string;

  @Column({ type: 'smallint' })
  year!: number;

  /** COUNTY (länsöverenskommelse) or LOCAL (lokal överenskommelse). */
  @Column({ type: 'varchar', length: 8 })
  level!: AgreementLevel;

  /** Topic code, e.g. MISSBRUK (missbruk och beroende). */
  @Column({ type: 'varchar', length: 40 })
  topic!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: AgreementStatus;

  /** CLEAR / UNCLEAR / NONE, null when not coded. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  jointGoals!: JointGoals | null;

  /** Content flags: true / false / null (not coded — never read as false). */
  @Column({ type: 'jsonb' })
  flags!: Record<string, boolean | null>;

  @Column({ type: 'text' })
  rawStatus!: string;

  @Column({ type: 'bigint' })
  ingestRunId!: string;
}
