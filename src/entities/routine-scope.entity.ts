// One row: a scope routine shares are counted over (riket, a region or a kommungrupp), derived from the reference data.
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Bookkeeping for the stored share counts (src/ingest/load/scope-counts.ts); not exposed in the API. */
@Entity({ name: 'routine_scope' })
export class RoutineScope {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  scopeKind!: string;

  /** "00" for riket. */
  @PrimaryColumn({ type: 'varchar', length: 12 })
  scopeCode!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Municipalities in the scope. */
  @Column({ type: 'integer' })
  units!: number;

  @Column({ type: 'integer', nullable: true })
  populationYear!: number | null;

  @Column({ type: 'boolean', nullable: true })
  isPopulationApproximate!: boolean | null;

  @Column({ type: 'integer', nullable: true })
  populationRoundedTo!: number | null;
}
