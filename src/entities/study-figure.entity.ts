// One row: one fact a publication prints about a study (value as printed, approximation, verbal finding), or derives from it with a rule.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'study_figure' })
@Index(['studyKey', 'item', 'groupLabel', 'period'], { unique: true })
export class StudyFigure {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  studyKey!: string;

  @Column({ type: 'varchar', length: 80 })
  item!: string;

  @Column({ type: 'text' })
  itemText!: string;

  /** Subgroup, '' when none. */
  @Column({ type: 'text' })
  groupLabel!: string;

  /** Period as printed, '' for the study's own. */
  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'smallint', nullable: true })
  year!: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  yearMissingReason!: string | null;

  @Column({ type: 'varchar', length: 12 })
  valueKind!: string;

  /** Null when missing (see missingReason) or a verbal finding only: never 0 for missing. */
  @Column({ type: 'numeric', nullable: true })
  value!: string | null;

  @Column({ type: 'numeric', nullable: true })
  valueHigh!: string | null;

  @Column({ type: 'numeric', nullable: true })
  numerator!: string | null;

  @Column({ type: 'numeric', nullable: true })
  denominator!: string | null;

  @Column({ type: 'text' })
  printed!: string;

  @Column({ type: 'text', nullable: true })
  approximation!: string | null;

  @Column({ type: 'text', nullable: true })
  verbal!: string | null;

  @Column({ type: 'numeric', nullable: true })
  verbalShare!: string | null;

  /** PUBLISHED as printed, or DERIVED by Jämför with `rule`. */
  @Column({ type: 'varchar', length: 10 })
  origin!: string;

  @Column({ type: 'text', nullable: true })
  rule!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  missingReason!: string | null;

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
