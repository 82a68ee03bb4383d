// One row: one of Sweden's 21 regions/län, keyed by its 2-digit länskod.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { Municipality } from './municipality.entity.js';

@ObjectType({ description: 'A region (län): the county council area that signs agreements with its municipalities.' })
@Entity({ name: 'region' })
export class Region {
  @Field(() => String, {
    name: 'code',
    description: 'Länskod, 2 digits with leading zero (e.g. "01" for Stockholms län).',
  })
  @PrimaryColumn({ type: 'char', length: 2 })
  regionCode!: string;

  @Field(() => String, { description: 'Name of the län, e.g. "Stockholms län".' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'Name of the regional authority, e.g. "Region Stockholm".' })
  @Column({ type: 'text' })
  regionName!: string;

  @Field(() => String, { description: 'Kolada id of the region: "00" + länskod (e.g. "0001").' })
  @Column({ type: 'char', length: 4, unique: true })
  koladaId!: string;

  @OneToMany('Municipality', (m: Municipality) => m.region)
  municipalities?: Municipality[];
}
