import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A foreign key of a bulk-loaded table, checked once per statement instead of once per row. */
export interface Reference {
  name: string;
  table: string;
  column: string;
  parent: string;
  parentColumn: string;
}

/**
 * The answers and their history are written a publication at a time (tens of thousands of
 * rows per statement). A declared foreign key checks each row with its own lookup and lock,
 * which was more than half of the answer merge's time. The same rule, checked per statement:
 * after each INSERT or UPDATE of the child, one set-based lookup of the distinct keys it wrote,
 * locking those parent rows FOR KEY SHARE as Postgres' own check does (so a concurrent delete
 * of a parent waits); after each DELETE or UPDATE of a parent, the keys that vanished must have
 * no child rows left. Violations raise foreign_key_violation (23503) under the constraint's old
 * name, with the offending key in the detail. The functions run as the schema owner: locking a
 * parent row needs a privilege on it the ingest role does not otherwise hold.
 */
const REFERENCES: Reference[] = [
  ref('routine_answer', 'question_code', 'question', 'question_code'),
  ref('routine_answer', 'unit_code', 'reporting_unit', 'unit_code'),
  ref('routine_answer', 'ingest_run_id', 'ingest_run', 'id'),
  ref('routine_answer_history', 'ingest_run_id', 'ingest_run', 'id'),
  ref('routine_answer_history', 'superseded_by_run_id', 'ingest_run', 'id'),
];

export function ref(table: string, column: string, parent: string, parentColumn: string): Reference {
  return { name: `${table}_${column}_fkey`, table, column, parent, parentColumn };
}

const FUNCTIONS = `
  CREATE FUNCTION check_reference_written() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DECLARE
    name text := TG_ARGV[0]; col text := TG_ARGV[1]; parent text := TG_ARGV[2]; pcol text := TG_ARGV[3];
    wanted int; present int; missing text;
  BEGIN
    EXECUTE format('SELECT count(DISTINCT %1$I)::int FROM new_rows WHERE %1$I IS NOT NULL', col) INTO wanted;
    IF wanted = 0 THEN RETURN NULL; END IF;
    EXECUTE format(
      'SELECT count(*)::int FROM (SELECT 1 FROM %2$I p WHERE p.%3$I IN (SELECT %1$I FROM new_rows) FOR KEY SHARE OF p) x',
      col, parent, pcol) INTO present;
    IF present < wanted THEN
      EXECUTE format(
        'SELECT n.%1$I::text FROM new_rows n WHERE n.%1$I IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.%3$I = n.%1$I) ORDER BY 1 LIMIT 1',
        col, parent, pcol) INTO missing;
      RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, name
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = name,
              DETAIL = format('Key (%s)=(%s) is not present in table "%s".', col, missing, parent);
    END IF;
    RETURN NULL;
  END $fn$;

  CREATE FUNCTION check_reference_kept() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DECLARE
    name text := TG_ARGV[0]; child text := TG_ARGV[1]; col text := TG_ARGV[2]; pcol text := TG_ARGV[3];
    still text;
  BEGIN
    -- Only keys that no longer exist matter; an UPDATE that keeps the key (a run's status) costs one probe.
    EXECUTE format(
      'SELECT c.%2$I::text FROM %1$I c
        WHERE c.%2$I IN (SELECT o.%3$I FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM %4$I p WHERE p.%3$I = o.%3$I))
        ORDER BY 1 LIMIT 1',
      child, col, pcol, TG_TABLE_NAME) INTO still;
    IF still IS NOT NULL THEN
      RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"', TG_TABLE_NAME, name, child
        USING ERRCODE = 'foreign_key_violation', TABLE = child, CONSTRAINT = name,
              DETAIL = format('Key (%s)=(%s) is still referenced from table "%s".', pcol, still, child);
    END IF;
    RETURN NULL;
  END $fn$;
`;

/** SQL: drops the declared foreign key `r` and checks it per statement instead. */
export function triggers(r: Reference): string {
  const args = (...a: string[]) => a.map((x) => `'${x}'`).join(', ');
  const written = args(r.name, r.column, r.parent, r.parentColumn);
  const kept = args(r.name, r.table, r.column, r.parentColumn);
  return `
    ALTER TABLE ${r.table} DROP CONSTRAINT ${r.name};
    CREATE TRIGGER ${r.name}_insert AFTER INSERT ON ${r.table} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION check_reference_written(${written});
    CREATE TRIGGER ${r.name}_update AFTER UPDATE ON ${r.table} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION check_reference_written(${written});
    CREATE TRIGGER ${r.name}_parent_delete AFTER DELETE ON ${r.parent} REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION check_reference_kept(${kept});
    CREATE TRIGGER ${r.name}_parent_update AFTER UPDATE ON ${r.parent} REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION check_reference_kept(${kept});`;
}

/** SQL: the declared foreign key `r` back in place of its statement-level checks. */
export function dropTriggers(r: Reference): string {
  return `
    DROP TRIGGER ${r.name}_insert ON ${r.table};
    DROP TRIGGER ${r.name}_update ON ${r.table};
    DROP TRIGGER ${r.name}_parent_delete ON ${r.parent};
    DROP TRIGGER ${r.name}_parent_update ON ${r.parent};
    ALTER TABLE ${r.table} ADD CONSTRAINT ${r.name} FOREIGN KEY (${r.column}) REFERENCES ${r.parent} (${r.parentColumn});`;
}

export class SetBasedReferenceChecks1764350000000 implements MigrationInterface {
  name = 'SetBasedReferenceChecks1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(FUNCTIONS + REFERENCES.map(triggers).join('\n'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      REFERENCES.map(dropTriggers).join('\n') +
        'DROP FUNCTION check_reference_written(); DROP FUNCTION check_reference_kept();',
    );
  }
}
