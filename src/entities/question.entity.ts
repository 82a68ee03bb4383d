// One row: one ÖJ question or Kolada KPI as asked in one service area.
import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ServiceArea } from './service-area.entity.js';

@ObjectType({
  description:
    'A routine question (or Kolada KPI) in one service area, e.g. "Finns en aktuell rutin för information om samordnad individuell plan (SIP)?" for Hemlöshet.',
})
@Entity({ name: 'question' })
export class Question {
  @Field(() => String, {
    name: 'code',
    description: 'Question code, e.g. "SIP_INFO.HEMLOSHET", or a Kolada KPI id such as "U28490".',
  })
  @PrimaryColumn({ type: 'varchar', length: 80 })
  questionCode!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Service area code; null when the question is not area-specific.',
  })
  @Column({ type: 'varchar', length: 40, nullable: true })
  areaCode!: string | null;

  @ManyToOne('ServiceArea')
  @JoinColumn({ name: 'area_code' })
  area?: ServiceArea;

  @Field(() => String, { description: 'Question text as published.' })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Questions with the same wording across areas share a family, e.g. "SIP_INFO".',
  })
  @Column({ type: 'varchar', length: 80, nullable: true })
  family!: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'How the source codes answers, e.g. {"1":"JA","0":"NEJ"} for a Kolada KPI; null for text answers (Ja/Nej/Ej aktuellt).',
  })
  @Column({ type: 'jsonb', nullable: true })
  answerScale!: Record<string, string> | null;

  @Field(() => String, { description: 'Who is asked: MUNICIPALITY, REGION or BOTH.' })
  @Column({ type: 'varchar', length: 12 })
  askedOf!: string;

  @Field(() => String, { nullable: true, description: 'Kolada KPI id when the question is also published as a KPI.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  koladaKpiId!: string | null;
}
