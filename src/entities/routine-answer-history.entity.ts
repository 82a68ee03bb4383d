// One row: an answer value that was current for a while and then revised or withdrawn by a later ingest run.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AnswerValue } from './routine-answer.entity.js';

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
}
