// One row: one aggregate exactly as a publisher printed it (numerator, denominator, percent, qualifier).
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Kept apart from figures computed from unit rows: these are never recomputed or altered. */
@Entity({ name: 'published_figure' })
// The natural key, year ahead of the scope (migration 1764800000000).
@Index(['subject', 'measure', 'year', 'scopeCode', 'scopeLabel', 'topic', 'publication'], { unique: true })
export class PublishedFigure {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** ROUTINE, AGREEMENT_COVERAGE, AGREEMENT_CONTENT, PLAN_COUNT or KPI_VALUE. */
  @Column({ type: 'varchar', length: 24 })
  subject!: string;

  @Column({ type: 'varchar', length: 120 })
  measure!: string;

  /** The unit the figure covers: a region code, "00" for the nation. */
  @Column({ type: 'varchar', length: 12 })
  scopeCode!: string;

  /** Further qualifies the scope, e.g. "local:kommun+stadsdel"; '' when none. */
  @Column({ type: 'text' })
  scopeLabel!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'numeric', nullable: true })
  numerator!: string | null;

  @Column({ type: 'numeric', nullable: true })
  denominator!: string | null;

  @Column({ type: 'text', nullable: true })
  denominatorKind!: string | null;

  /** Percent as printed (0…100), null when the publication printed none. */
  @Column({ type: 'numeric', nullable: true })
  percent!: string | null;

  @Column({ type: 'text', nullable: true })
  qualifier!: string | null;

  @Column({ type: 'text' })
  publication!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'bigint' })
  ingestRunId!: string;

  /** Service-area code the figure is about (e.g. MISSBRUK); '' when the publication names none. */
  @Column({ type: 'varchar', length: 40, default: '' })
  topic!: string;

  /** Citation: the document, section and page the figure is printed in. */
  @Column({ type: 'text', nullable: true })
  document!: string | null;

  @Column({ type: 'text', nullable: true })
  section!: string | null;

  @Column({ type: 'text', nullable: true })
  page!: string | null;

  /** The file and 1-based row the figure was typed into. */
  @Column({ type: 'text', nullable: true })
  sourceFile!: string | null;

  @Column({ type: 'integer', nullable: true })
  sourceRow!: number | null;
}
