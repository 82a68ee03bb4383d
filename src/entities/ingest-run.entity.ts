// One row: one attempt to ingest one release (the run ledger).
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { IngestStatusValue } from '../domain/ingest-run.js';

export type IngestStatus = IngestStatusValue;

@Entity({ name: 'ingest_run' })
@Index(['source', 'releaseKey', 'startedAt'])
export class IngestRun {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  source!: string;

  @Column({ type: 'text' })
  releaseKey!: string;

  @Column({ type: 'text' })
  file!: string;

  /** sha256 of the raw bytes as received; null when the fetch failed. */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'varchar', length: 20 })
  parserVersion!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: IngestStatus;

  /** scheduled, cli, startup, test … */
  @Column({ type: 'varchar', length: 20 })
  trigger!: string;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  rowsRead!: number;

  /** Non-data rows (headings, separators, notes) passed over; detail per file in ingest_run_file. */
  @Column({ type: 'integer', default: 0 })
  rowsSkipped!: number;

  @Column({ type: 'integer', default: 0 })
  rowsInserted!: number;

  @Column({ type: 'integer', default: 0 })
  rowsUpdated!: number;

  @Column({ type: 'integer', default: 0 })
  rowsUnchanged!: number;

  @Column({ type: 'integer', default: 0 })
  rowsWithdrawn!: number;

  @Column({ type: 'integer', default: 0 })
  rowsRejected!: number;

  /** Each reject: source, file, sheet, row, column, raw value, rule, message. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  rejects!: unknown[];

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  repairs!: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  options!: Record<string, unknown>;
}
