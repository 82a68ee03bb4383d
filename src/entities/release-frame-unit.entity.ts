// One row: a unit (a municipality, or a district that answered) a release frame covers.
import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'release_frame_unit' })
export class ReleaseFrameUnit {
  @PrimaryColumn({ type: 'bigint' })
  frameId!: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  unitCode!: string;
}
