// One row: one of Sweden's 290 municipalities (kommuner), keyed by its SCB kommunkod.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Region } from './region.entity.js';
import type { Kommungrupp } from './kommungrupp.entity.js';

@ObjectType({ description: 'A municipality (kommun).' })
@Entity({ name: 'municipality' })
export class Municipality {
  @Field(() => String, {
    name: 'code',
    description: 'SCB kommunkod, 4 digits with leading zero kept (e.g. "0180" Stockholm).',
  })
  @PrimaryColumn({ type: 'char', length: 4 })
  municipalityCode!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'char', length: 2 })
  regionCode!: string;

  @ManyToOne('Region', (r: Region) => r.municipalities)
  @JoinColumn({ name: 'region_code' })
  region?: Region;

  @Column({ type: 'varchar', length: 2 })
  kommungruppCode!: string;

  @ManyToOne('Kommungrupp')
  @JoinColumn({ name: 'kommungrupp_code' })
  kommungrupp?: Kommungrupp;

  @Field(() => Int, { description: 'Approximate population (see populationRoundedTo and populationYear).' })
  @Column({ type: 'integer' })
  population!: number;

  @Field(() => Int, { description: 'Year the population figure refers to (approximate).' })
  @Column({ type: 'smallint' })
  populationYear!: number;

  @Field(() => Int, { description: 'The population is rounded to this many inhabitants (100): not an exact count.' })
  @Column({ type: 'integer' })
  populationRoundedTo!: number;

  @Field(() => Boolean, {
    description: 'True: the population is approximate reference data, not an official count for that year.',
  })
  @Column({ type: 'boolean' })
  isPopulationApproximate!: boolean;
}
