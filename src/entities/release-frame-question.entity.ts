// One row: a question a release frame covers.
import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'release_frame_question' })
export class ReleaseFrameQuestion {
  @PrimaryColumn({ type: 'bigint' })
  frameId!: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  questionCode!: string;
}
