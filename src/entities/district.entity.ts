// One row: one sub-municipal reporting unit (e.g. a Stockholm stadsdelsområde) with its own answers and agreements.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Municipality } from './municipality.entity.js';

@ObjectType({
  description:
    "A district (stadsdelsområde): a sub-municipal unit that reports to ÖJ and signs agreements on its own, e.g. Stockholm's 14 stadsdelsområden.",
})
@Entity({ name: 'district' })
export class District {
  @Field(() => String, {
    name: 'code',
    description: 'Jämför district code: parent kommunkod + "-" + number (e.g. "0180-01"). Not an official code.',
  })
  @PrimaryColumn({ type: 'varchar', length: 12 })
  districtCode!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'char', length: 4 })
  municipalityCode!: string;

  @ManyToOne('Municipality')
  @JoinColumn({ name: 'municipality_code' })
  municipality?: Municipality;

  @Field(() => Int, { description: 'First year the district list is valid for.' })
  @Column({ type: 'smallint' })
  validFromYear!: number;
}
