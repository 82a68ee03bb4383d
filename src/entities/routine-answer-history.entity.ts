// One row: an answer value that was current for a while and then revised or withdrawn by a later ingest run.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AnswerProvenance, AnswerValue } from '../domain/answer.js';

@Entity({ name: 'routine_answer_history' })
@Index(['questionCode', 'unitCode', 'year', 'validFrom'])
export class RoutineAnswerHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 80 })
  questionCode!: string;

  @Column({ type: 'varchar', length: 12 })
  unitCode!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'varchar', length: 12 })
  answer!: AnswerValue;

  @Column({ type: 'text', nullable: true })
  rawValue!: string | null;

  /** Run that loaded the old value. */
  @Column({ type: 'bigint' })
  ingestRunId!: string;

  @Column({ type: 'timestamptz' })
  validFrom!: Date;

  /** When the value stopped being current. */
  @Column({ type: 'timestamptz' })
  validTo!: Date;

  /** Run that revised or withdrew it. */
  @Column({ type: 'bigint' })
  supersededByRunId!: string;

  /** REVISED (a new value replaced it) or WITHDRAWN (the source deleted it). */
  @Column({ type: 'varchar', length: 10 })
  changeKind!: 'REVISED' | 'WITHDRAWN';

  /** OBSERVED: printed in the source; INFERRED: not printed, inferred by `inferenceRule`. */
  @Column({ type: 'varchar', length: 10 })
  provenance!: AnswerProvenance;

  /** The rule an inferred answer follows (e.g. "not in the published Ja list"); null when observed. */
  @Column({ type: 'text', nullable: true })
  inferenceRule!: string | null;

  /** Where the value stands in the source: file (or page URL), sheet, 1-based row and column header. */
  @Column({ type: 'text', nullable: true })
  sourceFile!: string | null;

  @Column({ type: 'text', nullable: true })
  sourceSheet!: string | null;

  @Column({ type: 'integer', nullable: true })
  sourceRow!: number | null;

  @Column({ type: 'text', nullable: true })
  sourceColumn!: string | null;
}
