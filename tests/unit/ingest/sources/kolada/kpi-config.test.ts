import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../../../../src/paths.js';
import { readCsv } from '../../../../../src/ingest/text/csv.js';
import { parseKoladaKpiConfig, readKoladaKpiConfig } from '../../../../../src/ingest/sources/kolada/kpi-config.js';

const AREAS = new Set(['ALDREOMSORG', 'HEMLOSHET']);
const bytes = (text: string) => new TextEncoder().encode(text);

describe('readKoladaKpiConfig', () => {
  it('lists exactly the 106 KPIs of the ÖJ socialtjänst reference list, in its order', () => {
    const { rows } = readCsv(readFileSync(path.join(REFERENCE_DIR, 'kolada_kpis_oj_socialtjanst.csv')));
    const referenceIds = rows.slice(1).map((r) => r[0]);
    const config = readKoladaKpiConfig();
    expect(config).toHaveLength(106);
    expect(config.map((c) => c.kpiId)).toEqual(referenceIds);
  });

  it('assigns areas and families as derived from the titles', () => {
    const byId = new Map(readKoladaKpiConfig().map((c) => [c.kpiId, c]));
    expect(byId.get('U28490')).toEqual({
      kpiId: 'U28490',
      areaCode: 'SOCIALPSYKIATRI',
      family: null,
      codingOverride: null,
    });
    expect(byId.get('U30426')?.areaCode).toBe('HEMLOSHET');
    expect(byId.get('U21341')).toEqual({
      kpiId: 'U21341',
      areaCode: 'ALDREOMSORG',
      family: 'GPS_LARM',
      codingOverride: null,
    });
    expect(byId.get('U07342')).toEqual({ kpiId: 'U07342', areaCode: null, family: 'GPS_LARM', codingOverride: null });
    expect(byId.get('U35341')?.areaCode).toBe('MISSBRUK');
  });
});

describe('parseKoladaKpiConfig', () => {
  it('reads a coding override and ignores the reviewer title column', () => {
    const text =
      'kpi_id,area_code,family,coding_override,title\nU30426,HEMLOSHET,,"Ja=1, Nej=0","Uppsökande, (Ja=1, Nej=2)"\n';
    expect(parseKoladaKpiConfig(bytes(text), 'kpis.csv', AREAS)).toEqual([
      { kpiId: 'U30426', areaCode: 'HEMLOSHET', family: null, codingOverride: 'Ja=1, Nej=0' },
    ]);
  });

  it('names file, row and column of an unknown area code', () => {
    const text = 'kpi_id,area_code,family,coding_override\nU30426,HEMLOSHET,,\nU28490,PSYK,,\n';
    expect(() => parseKoladaKpiConfig(bytes(text), 'kpis.csv', AREAS)).toThrow(
      'kolada config: kpis.csv, row 3, column "area_code": "PSYK" is not a service area code',
    );
  });

  it('refuses a KPI listed twice', () => {
    const text = 'kpi_id,area_code,family,coding_override\nU30426,,,\nU30426,,,\n';
    expect(() => parseKoladaKpiConfig(bytes(text), 'kpis.csv', AREAS)).toThrow(
      'row 3, column "kpi_id": U30426 is listed twice',
    );
  });

  it('refuses an override that is not a coding', () => {
    const text = 'kpi_id,area_code,family,coding_override\nU30426,,,Ja eller Nej\n';
    expect(() => parseKoladaKpiConfig(bytes(text), 'kpis.csv', AREAS)).toThrow('column "coding_override"');
  });
});
