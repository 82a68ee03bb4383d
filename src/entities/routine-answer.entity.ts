// One row: the current answer of one unit to one ÖJ question in one survey year.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AnswerProvenance, AnswerValue } from '../domain/answer.js';

@Entity({ name: 'routine_answer' })
// The natural key, year ahead of the unit and carrying the answer (migration 1764800000000).
@Index(['questionCode', 'year', 'unitCode'], { unique: true })
export class RoutineAnswer {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 80 })
  questionCode!: string;

  @Column({ type: 'varchar', length: 12 })
  unitCode!: string;

  @Column({ type: 'smallint' })
  year!: number;

  /** Missing states (NO_RESPONSE, NOT_ASKED) are stored as such: never as NEJ or 0. */
  @Column({ type: 'varchar', length: 12 })
  answer!: AnswerValue;

  /** The cell or value as received, verbatim. */
  @Column({ type: 'text', nullable: true })
  rawValue!: string | null;

  @Column({ type: 'bigint' })
  ingestRunId!: string;

  /** When this value became the current one (the start of its validity for as-of queries). */
  @Column({ type: 'timestamptz' })
  validFrom!: Date;

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
