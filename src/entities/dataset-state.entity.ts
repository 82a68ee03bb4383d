// One row (id = 1): the version of the served data, bumped in every ingest transaction that changes it.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'dataset_state' })
export class DatasetState {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  /** Changes whenever an ingest commits changed rows; caches and ETags derive from it. */
  @Column({ type: 'bigint' })
  version!: string;

  @Column({ type: 'timestamptz' })
  changedAt!: Date;

  /** The counting rule and reference-data fingerprint routine_scope_count follows (src/ingest/load/scope-counts.ts). */
  @Column({ type: 'text', nullable: true })
  scopeCountRule!: string | null;
}
