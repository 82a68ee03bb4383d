import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UNIT_KINDS } from '../../domain/answer.js';
import { enumOf } from './enum-of.js';

/** What kind of reporting unit a code names (the reporting_unit.unit_kind column). */
export const ReportingUnitKind = enumOf(UNIT_KINDS);
export type ReportingUnitKind = (typeof ReportingUnitKind)[keyof typeof ReportingUnitKind];

registerEnumType(ReportingUnitKind, {
  name: 'ReportingUnitKind',
  description: 'What kind of unit reports, signs an agreement or is covered by a published figure.',
  valuesConfig: {
    MUNICIPALITY: { description: 'A municipality (kommun), 4-digit kommunkod, e.g. "0480" Nyköping.' },
    DISTRICT: { description: 'A district (stadsdelsområde) reporting on its own, e.g. "0180-01" Rinkeby-Kista.' },
    REGION: { description: 'A region (län), 2-digit länskod, e.g. "04" Södermanlands län.' },
    NATION: { description: 'Riket, the whole country ("00").' },
  },
});

@ObjectType({ description: 'A reporting unit by code, kind and name (municipality, district, region or riket).' })
export class ReportingUnitRef {
  @Field(() => String, {
    description: 'Kommunkod ("0480"), district code ("0180-01"), länskod ("04") or "00" for riket.',
  })
  code!: string;

  @Field(() => ReportingUnitKind, { description: 'What kind of unit the code names.' })
  kind!: ReportingUnitKind;

  @Field(() => String, { description: 'Name as in the reference data, e.g. "Södermanlands län", "Riket".' })
  name!: string;
}
