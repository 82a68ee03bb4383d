import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/**
 * The migrations own the schema; the entity classes describe it. This test keeps the two
 * descriptions equal: every table the migrations create has one entity, and every entity
 * column has the table column's name, Postgres type (with length), nullability and place in
 * the primary key — and no table column is missing from its entity.
 */

/** Tables that are not data of ours: TypeORM's record of the applied migrations. */
// The migration ledger, and ingest's staging tables (rows of one run, never read as entities;
// tests/integration/db/staging-tables.test.ts checks them against the columns ingest COPYs).
const NOT_ENTITIES = [
  'schema_migration',
  'stage_answer',
  'stage_agreement',
  'stage_plan_count',
  'stage_published_figure',
  'scope_count_pair',
];

interface ColumnShape {
  type: string;
  nullable: boolean;
  primaryKey: boolean;
}
type Shapes = Record<string, Record<string, ColumnShape>>;

/** TypeORM's column types as Postgres's format_type() spells them. */
const PG_TYPE: Record<string, string> = {
  varchar: 'character varying',
  char: 'character',
  text: 'text',
  smallint: 'smallint',
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
};

function entityType(column: ColumnMetadata): string {
  const name = typeof column.type === 'string' ? column.type : '';
  const pg = PG_TYPE[name];
  if (!pg) {
    throw new Error(
      `${column.entityMetadata.tableName}.${column.databaseName}: state a column type from PG_TYPE (got ${String(name || column.type)})`,
    );
  }
  return column.length ? `${pg}(${column.length})` : pg;
}

let db: TestDatabase;
let fromDatabase: Shapes;
let fromEntities: Shapes;

beforeAll(async () => {
  db = await createTestDatabase();
  const rows = await db.owner.query<
    { table_name: string; column_name: string; type: string; nullable: boolean; primary_key: boolean }[]
  >(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable, coalesce(a.attnum = ANY (pk.conkey), false) AS primary_key
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
     WHERE c.relkind = 'r' AND c.relname <> ALL($1::text[])
     ORDER BY c.relname, a.attnum`,
    [NOT_ENTITIES],
  );
  fromDatabase = {};
  for (const r of rows) {
    (fromDatabase[r.table_name] ??= {})[r.column_name] = {
      type: r.type,
      nullable: r.nullable,
      primaryKey: r.primary_key,
    };
  }
  fromEntities = {};
  for (const entity of db.owner.entityMetadatas) {
    const table = (fromEntities[entity.tableName] ??= {});
    for (const column of entity.columns) {
      const shape = { type: entityType(column), nullable: column.isNullable, primaryKey: column.isPrimary };
      // A relation's join column and the plain column of the same name describe one column.
      const earlier = table[column.databaseName];
      if (earlier && JSON.stringify(earlier) !== JSON.stringify(shape)) {
        throw new Error(`${entity.tableName}.${column.databaseName} is described twice, differently`);
      }
      table[column.databaseName] = shape;
    }
  }
});
afterAll(async () => {
  await db.close();
});

describe('entities and the migrated database', () => {
  it('has one entity for every table the migrations create, and none for a table that does not exist', () => {
    expect(Object.keys(fromEntities).sort()).toEqual(Object.keys(fromDatabase).sort());
    expect(Object.keys(fromDatabase).sort()).toEqual([
      'agreement',
      'dataset_state',
      'district',
      'ingest_run',
      'ingest_run_file',
      'kommungrupp',
      'municipality',
      'plan_count',
      'published_figure',
      'question',
      'region',
      'release_frame',
      'release_frame_question',
      'release_frame_unit',
      'reporting_unit',
      'routine_answer',
      'routine_answer_history',
      'routine_scope',
      'routine_scope_count',
      'service_area',
      'study',
      'study_discrepancy',
      'study_figure',
    ]);
  });

  it('describes every table column by column: name, type, nullability, primary key', () => {
    const spell = (shape: ColumnShape | undefined) =>
      shape ? `${shape.type}${shape.nullable ? '' : ' not null'}${shape.primaryKey ? ' primary key' : ''}` : 'absent';
    const differences: string[] = [];
    for (const table of Object.keys(fromDatabase)) {
      const inEntity = fromEntities[table] ?? {};
      const inDatabase = fromDatabase[table] ?? {};
      for (const column of new Set([...Object.keys(inDatabase), ...Object.keys(inEntity)])) {
        const [entity, database] = [spell(inEntity[column]), spell(inDatabase[column])];
        if (entity !== database) differences.push(`${table}.${column}: entity ${entity}, database ${database}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('reads types, lengths, nullability and keys exactly as Postgres states them', () => {
    // A few columns spelled out, so that a mapping that made both sides equal by accident fails here.
    expect(fromDatabase['routine_answer']?.['answer']).toEqual({
      type: 'character varying(12)',
      nullable: false,
      primaryKey: false,
    });
    expect(fromDatabase['municipality']?.['municipality_code']).toEqual({
      type: 'character(4)',
      nullable: false,
      primaryKey: true,
    });
    expect(fromDatabase['release_frame_unit']).toEqual({
      frame_id: { type: 'bigint', nullable: false, primaryKey: true },
      unit_code: { type: 'character varying(12)', nullable: false, primaryKey: true },
    });
    expect(fromDatabase['plan_count']?.['value']).toEqual({ type: 'numeric', nullable: true, primaryKey: false });
    expect(fromDatabase['ingest_run']?.['finished_at']).toEqual({
      type: 'timestamp with time zone',
      nullable: true,
      primaryKey: false,
    });
    expect(fromEntities['routine_answer']?.['answer']).toEqual(fromDatabase['routine_answer']?.['answer']);
    expect(fromEntities['release_frame_unit']).toEqual(fromDatabase['release_frame_unit']);
  });
});
