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

  /** The län a named scope lies in (a follow-up's sample); null for a unit's own count or a national scope. */
  @Column({ type: 'char', length: 2, nullable: true })
  regionCode!: string | null;

  /** How much of the län a named scope covers: sampleUnits of frameUnits (a sample is never the län's figure). */
  @Column({ type: 'integer', nullable: true })
  sampleUnits!: number | null;

  @Column({ type: 'integer', nullable: true })
  frameUnits!: number | null;

  @Column({ type: 'text', nullable: true })
  coverageNote!: string | null;

  /** Why value is null: NO_RESPONSE, NOT_PUBLISHED or LOST_IN_SOURCE; null when a value is stored. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  missingReason!: string | null;

  /** The study the count belongs to (study.study_key), if any. */
  @Column({ type: 'text', nullable: true })
  studyKey!: string | null;

  /** Citation: the document, section and page the count is printed in. */
  @Column({ type: 'text', nullable: true })
  document!: string | null;

  @Column({ type: 'text', nullable: true })
  section!: string | null;

  @Column({ type: 'text', nullable: true })
  page!: string | null;

  /** The file and 1-based row the count was typed into. */
  @Column({ type: 'text', nullable: true })
  sourceFile!: string | null;

  @Column({ type: 'integer', nullable: true })
  sourceRow!: number | null;
}
