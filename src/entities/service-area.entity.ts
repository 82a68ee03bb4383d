// One row: one of the nine ÖJ service areas (verksamhetsområden), named exactly as published.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A service area (verksamhetsområde) of ÖJ socialtjänst, e.g. Hemlöshet.' })
@Entity({ name: 'service_area' })
export class ServiceArea {
  @Field(() => String, { name: 'code', description: 'Stable code, e.g. "HEMLOSHET".' })
  @PrimaryColumn({ type: 'varchar', length: 40 })
  areaCode!: string;

  @Field(() => String, { description: 'Name as published, e.g. "Missbruks- och beroendevård".' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => Int, { description: 'Order in which ÖJ reports list the areas.' })
  @Column({ type: 'smallint' })
  sortOrder!: number;
}
