// One row: one discrepancy a source itself contains — a printed value beside what its own figures compute to.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'study_discrepancy' })
@Index(['studyKey', 'item', 'groupLabel', 'period', 'rule'], { unique: true })
export class StudyDiscrepancy {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  studyKey!: string;

  @Column({ type: 'varchar', length: 80 })
  item!: string;

  @Column({ type: 'text' })
  groupLabel!: string;

  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'numeric' })
  printedValue!: string;

  @Column({ type: 'text' })
  printed!: string;

  @Column({ type: 'numeric' })
  computedValue!: string;

  @Column({ type: 'text' })
  rule!: string;

  @Column({ type: 'text' })
  explanation!: string;

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
