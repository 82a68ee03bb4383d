// One row: one count of SIPs / individual plans (or of clients, or a survey mean) for a unit or named scope in one period.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'plan_count' })
@Index(['scopeKey', 'periodStart', 'periodEnd', 'planType', 'measure', 'principal', 'sourceSystem'], { unique: true })
export class PlanCount {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** unit_code when the count belongs to a unit, else "scope:" + scope_label (the natural key). */
  @Column({ type: 'text' })
  scopeKey!: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  unitCode!: string | null;

  @Column({ type: 'text' })
  scopeLabel!: string;

  @Column({ type: 'date' })
  periodStart!: string;

  @Column({ type: 'date' })
  periodEnd!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'varchar', length: 30 })
  planType!: string;

  @Column({ type: 'varchar', length: 80 })
  measure!: string;

  /** Reporting principal: counts are per organisation, the same person may be counted by both. */
  @Column({ type: 'varchar', length: 12 })
  principal!: string;

  @Column({ type: 'varchar', length: 30 })
  sourceSystem!: string;

  /** Null when not reported: never 0 for missing. */
  @Column({ type: 'numeric', nullable: true })
  value!: string | null;

  @Column({ type: 'integer', nullable: true })
  n!: number | null;

  @Column({ type: 'text', nullable: true })
  countingNote!: string | null;

  /** The value cell as received, verbatim (e.g. "..", "-"). */
  @Column({ type: 'text', nullable: true })
  rawValue!: string | null;

  @Column({ type: 'bigint' })
  ingestRunId!: string;
}
