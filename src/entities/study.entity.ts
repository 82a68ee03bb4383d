// One row: one study a publication reports on — a survey, follow-up, register, estimate, programme, plan or audit.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'study' })
export class Study {
  /** Kebab-case key, e.g. "sormland-sip-course-followup-2018". */
  @PrimaryColumn({ type: 'text' })
  studyKey!: string;

  /** SURVEY, FOLLOW_UP, REGISTER, ESTIMATE, PROGRAMME, PLAN, AUDIT or REPORT. */
  @Column({ type: 'varchar', length: 12 })
  kind!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  publication!: string;

  /** The län the study covers or lies in; null when national. */
  @Column({ type: 'char', length: 2, nullable: true })
  regionCode!: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  unitCode!: string | null;

  /** Its population or sample, in words. */
  @Column({ type: 'text' })
  scopeLabel!: string;

  @Column({ type: 'text', nullable: true })
  period!: string | null;

  @Column({ type: 'date', nullable: true })
  referenceDate!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text' })
  document!: string;

  @Column({ type: 'text', nullable: true })
  section!: string | null;

  @Column({ type: 'text', nullable: true })
  page!: string | null;

  @Column({ type: 'text', nullable: true })
  sourceFile!: string | null;

  @Column({ type: 'integer', nullable: true })
  sourceRow!: number | null;

  @Column({ type: 'bigint' })
  ingestRunId!: string;
}
