// One row: the counts one routine share is computed from — one question, one survey year, one scope — kept in step with the answers and frames by ingest.
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Bookkeeping for the read path (src/ingest/load/scope-counts.ts states the counting rule); not exposed in the API. */
@Entity({ name: 'routine_scope_count' })
export class RoutineScopeCount {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  questionCode!: string;

  @PrimaryColumn({ type: 'smallint' })
  year!: number;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  scopeKind!: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  scopeCode!: string;

  /** Municipalities of the scope in some release frame of the (question, year). */
  @Column({ type: 'integer' })
  unitsInFrame!: number;

  @Column({ type: 'integer' })
  ja!: number;

  @Column({ type: 'integer' })
  nej!: number;

  @Column({ type: 'integer' })
  ejAktuellt!: number;

  @Column({ type: 'integer' })
  notAsked!: number;

  @Column({ type: 'integer' })
  noResponse!: number;

  @Column({ type: 'integer' })
  notCollected!: number;

  /** Ja, Nej and Ej aktuellt answers inferred rather than observed. */
  @Column({ type: 'integer' })
  inferred!: number;

  /** Population sums of the population-weighted shares. */
  @Column({ type: 'integer' })
  popJa!: number;

  @Column({ type: 'integer' })
  popNej!: number;

  @Column({ type: 'integer' })
  popEj!: number;

  @Column({ type: 'integer' })
  popFrame!: number;

  /** The labels of the frames covering part of the scope (a partial share only). */
  @Column({ type: 'text', nullable: true })
  frameLabels!: string | null;

  @Column({ type: 'text', nullable: true })
  frameLabelsSv!: string | null;

  @Column({ type: 'bigint', nullable: true })
  refreshedByRunId!: string | null;
}
