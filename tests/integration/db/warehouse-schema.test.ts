import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/db/data-source.js';
import { AgreementFlagsCodedOnly1764800000001 } from '../../../src/db/migrations/1764800000001-agreement-flags-coded-only.js';
import { readReferenceCatalog } from '../../../src/ingest/reference-catalog.js';
import { loadReference } from '../../../src/ingest/load/reference.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('warehouse schema and reference data', () => {
  it('has run the checked-in migrations, in timestamp order, and nothing else', async () => {
    const rows = await db.owner.query('SELECT name FROM schema_migration ORDER BY id');
    const names = rows.map((r: { name: string }) => r.name);
    expect(names).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(names).toEqual([
      'WarehouseSchema1763900000000',
      'ReleaseFramesAndProvenance1764000000000',
      'FigureTopicCitationPlanCoverage1764100000000',
      'Studies1764100000001',
      'IngestRunFile1764200000000',
      'SetBasedReferenceChecks1764350000000',
      'RoutineScopeCounts1764400000000',
      'ReferenceKeptEarlyExit1764512000000',
      'PublishedFigurePick1764610000000',
      'ReferenceWrittenOnePass1764620000000',
      'BulkFactsSetBasedReferenceChecks1764620000001',
      'StagingTables1764700000000',
      'NaturalKeysInLoadOrder1764800000000',
      'AgreementFlagsCodedOnly1764800000001',
    ]);
  });

  it('keys the yearly fact tables year ahead of unit and scope, and indexes nothing twice', async () => {
    // A new survey year's rows then land as a few runs per index rather than one page per unit
    // (migration 1764800000000).
    const rows = await db.owner.query<{ indexname: string; def: string }[]>(
      `SELECT indexname, regexp_replace(indexdef, '^.* USING btree ', '') AS def FROM pg_indexes
       WHERE tablename IN ('routine_answer', 'published_figure', 'agreement') AND indexname NOT LIKE '%pkey'
       ORDER BY tablename, indexname`,
    );
    expect(rows.map((r) => `${r.indexname} ${r.def}`)).toEqual([
      'agreement_natural_key (year, level, topic, unit_code)',
      'published_figure_measure_idx (measure, year)',
      'published_figure_natural_key (subject, measure, year, scope_code, scope_label, topic, publication)',
      "published_figure_pick_idx (subject, measure, year, scope_code, ((scope_label = ''::text)) DESC, ingest_run_id DESC, id DESC)",
      'published_figure_topic_idx (topic, year)',
      'routine_answer_natural_key (question_code, year, unit_code) INCLUDE (answer)',
      'routine_answer_unit_year_idx (unit_code, year)',
    ]);
  });

  it('strips the flags not coded from agreements stored before migration 1764800000001', async () => {
    const q = db.owner.createQueryRunner();
    await q.startTransaction();
    try {
      const [run] = (await q.query(
        `INSERT INTO ingest_run (source, release_key, file, parser_version, status, trigger, started_at)
         VALUES ('agreements', 'k', 'f.csv', '1', 'SUCCEEDED', 'test', now()) RETURNING id`,
      )) as { id: string }[];
      await q.query(
        `INSERT INTO agreement (unit_code, year, level, topic, status, raw_status, flags, ingest_run_id)
         VALUES ('01', 2018, 'COUNTY', 'MISSBRUK', 'EXISTS', 'finns', '{"partner_polisen": true, "target_group_lvu": null, "describes_collaboration_between_principals": false}', $1)`,
        [run!.id],
      );
      await new AgreementFlagsCodedOnly1764800000001().up(q);
      expect(await q.query(`SELECT flags::text AS flags FROM agreement WHERE unit_code = '01'`)).toEqual([
        { flags: '{"partner_polisen": true, "describes_collaboration_between_principals": false}' },
      ]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('holds 21 regions, 290 municipalities, 14 districts, 9 service areas and 9 kommungrupper', async () => {
    const [counts] = await db.owner.query(`SELECT
      (SELECT count(*)::int FROM region) AS regions,
      (SELECT count(*)::int FROM municipality) AS municipalities,
      (SELECT count(*)::int FROM district) AS districts,
      (SELECT count(*)::int FROM service_area) AS areas,
      (SELECT count(*)::int FROM kommungrupp) AS groups,
      (SELECT count(*)::int FROM reporting_unit) AS units`);
    expect(counts).toEqual({
      regions: 21,
      municipalities: 290,
      districts: 14,
      areas: 9,
      groups: 9,
      units: 1 + 21 + 290 + 14,
    });
  });

  it('changes no row when the same reference data is loaded again', async () => {
    const before = await db.owner.query(
      `SELECT md5(string_agg(m::text, '|' ORDER BY municipality_code)) AS h FROM municipality m`,
    );
    const result = await loadReference(db.owner.manager, readReferenceCatalog());
    const after = await db.owner.query(
      `SELECT md5(string_agg(m::text, '|' ORDER BY municipality_code)) AS h FROM municipality m`,
    );
    expect(result.changed).toBe(0);
    expect(result.municipalities).toBe(290);
    expect(after).toEqual(before);
  });

  it('sorts names in Swedish order: Z before Å before Ä before Ö', async () => {
    const rows: { name: string }[] = await db.owner.query(
      `SELECT name FROM municipality WHERE name IN ('Åre', 'Älmhult', 'Östersund', 'Zinkgruvan', 'Vaxholm', 'Ånge', 'Öckerö') ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual(['Vaxholm', 'Ånge', 'Åre', 'Älmhult', 'Öckerö', 'Östersund']);
  });

  it('keeps leading zeros in kommunkoder', async () => {
    const [row] = await db.owner.query(
      `SELECT municipality_code, name FROM municipality WHERE name = 'Upplands Väsby'`,
    );
    expect(row).toEqual({ municipality_code: '0114', name: 'Upplands Väsby' });
  });

  it('knows Gotland both as municipality 0980 and as region 09', async () => {
    const rows = await db.owner.query(
      `SELECT unit_code, unit_kind, name, region_code FROM reporting_unit WHERE region_code = '09' ORDER BY unit_code`,
    );
    expect(rows).toEqual([
      { unit_code: '09', unit_kind: 'REGION', name: 'Gotlands län', region_code: '09' },
      { unit_code: '0980', unit_kind: 'MUNICIPALITY', name: 'Gotland', region_code: '09' },
    ]);
  });

  it('links each Stockholm district to its parent municipality and region', async () => {
    const [row] = await db.owner.query(
      `SELECT d.district_code, d.municipality_code, u.region_code, u.kommungrupp_code
         FROM district d JOIN reporting_unit u ON u.unit_code = d.district_code WHERE d.name = 'Rinkeby-Kista'`,
    );
    expect(row).toEqual({
      district_code: '0180-01',
      municipality_code: '0180',
      region_code: '01',
      kommungrupp_code: 'A1',
    });
  });

  it('stores populations as approximate, rounded to 100', async () => {
    const [row] = await db.owner.query(
      `SELECT population_rounded_to, is_population_approximate, population % 100 AS remainder FROM municipality WHERE municipality_code = '0180'`,
    );
    expect(row).toEqual({ population_rounded_to: 100, is_population_approximate: true, remainder: 0 });
  });

  it('refuses writes from the API role', async () => {
    await expect(db.api.query(`UPDATE region SET name = 'x' WHERE region_code = '01'`)).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
    // Even with the read-only default lifted, the role has no INSERT privilege.
    const writeAnyway = db.api.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ WRITE');
      await tx.query(`INSERT INTO service_area VALUES ('X', 'x', 99)`);
    });
    await expect(writeAnyway).rejects.toThrow(/permission denied for table service_area/);
    await expect(db.api.query(`CREATE TABLE api_scratch (id int)`)).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
  });

  it('lets the ingest role write rows but not change the schema', async () => {
    await expect(db.ingest.query(`UPDATE dataset_state SET changed_at = changed_at`)).resolves.toBeDefined();
    await expect(db.ingest.query(`CREATE TABLE ingest_scratch (id int)`)).rejects.toThrow(/permission denied/);
  });
});
