// One row: one file (or API request) of one ingest run, with its own counts, repairs, skipped rows and rejects.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { IngestStatus } from './ingest-run.entity.js';

@Entity({ name: 'ingest_run_file' })
@Index(['ingestRunId', 'ordinal'], { unique: true })
export class IngestRunFile {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint' })
  ingestRunId!: string;

  /** 1, 2, … in the order the run read its files. */
  @Column({ type: 'smallint' })
  ordinal!: number;

  @Column({ type: 'varchar', length: 40 })
  source!: string;

  @Column({ type: 'text' })
  releaseKey!: string;

  @Column({ type: 'text' })
  file!: string;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: IngestStatus;

  @Column({ type: 'integer', default: 0 })
  rowsRead!: number;

  /** Non-data rows (headings, separators, notes) passed over; listed in skippedRows. */
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

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  repairs!: Record<string, number>;

  /** Each skipped row: location, first text and the reason. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  skippedRows!: unknown[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  rejects!: unknown[];

  /** With --allow-partial: rejected cells whose earlier stored value stays served. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  keptValues!: unknown[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}
