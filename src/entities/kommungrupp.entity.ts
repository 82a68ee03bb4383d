// One row: one of SKR's nine municipality groups (kommungrupper 2023, A1…C9).
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({
  description:
    "A kommungrupp: SKR's 2023 classification of municipalities by size and commuting (A1 Storstäder … C9), used as peer group.",
})
@Entity({ name: 'kommungrupp' })
export class Kommungrupp {
  @Field(() => String, { name: 'code', description: 'Group code, A1…C9.' })
  @PrimaryColumn({ type: 'varchar', length: 2 })
  kommungruppCode!: string;

  @Field(() => String, { description: 'Group name, e.g. "Pendlingskommun nära storstad".' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'Classification the group belongs to, e.g. "SKR 2023".' })
  @Column({ type: 'text' })
  classification!: string;
}
