// One row: the units one release covers in one survey year (its frame), with the questions in release_frame_question.
import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { FrameKind } from '../domain/answer.js';

@Entity({ name: 'release_frame' })
@Unique('release_frame_natural_key', ['source', 'releaseKey', 'year'])
export class ReleaseFrame {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  source!: string;

  @Column({ type: 'text' })
  releaseKey!: string;

  @Column({ type: 'smallint' })
  year!: number;

  /** ALL_MUNICIPALITIES (a national release), REGION (one län's municipalities) or SAMPLE (named units). */
  @Column({ type: 'varchar', length: 20 })
  frameKind!: FrameKind;

  @Column({ type: 'char', length: 2, nullable: true })
  regionCode!: string | null;

  /** What people call the covered set: "Södermanlands län", "all municipalities". */
  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  labelSv!: string;

  @Column({ type: 'text', nullable: true })
  publication!: string | null;

  /** The run that last wrote the frame. */
  @Column({ type: 'bigint' })
  ingestRunId!: string;

  /** When the frame was first recorded (as-of queries ignore frames recorded later). */
  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}
