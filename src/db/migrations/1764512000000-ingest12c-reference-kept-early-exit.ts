import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * check_reference_kept (1764350000000) runs after every UPDATE or DELETE statement on a parent
 * table — also an `INSERT … ON CONFLICT DO UPDATE` that updated nothing, such as the question
 * upsert of every ÖJ load. It looked for children of the vanished keys in one statement whose
 * generic plan walked the whole child key index (routine_answer, 322 k entries: 280 ms) even
 * when no key had vanished. Now it first asks whether any key vanished at all, on the
 * transition table alone, and only then looks at the children. Same rule, same error.
 */
const body = (earlyExit: boolean) => `
  CREATE OR REPLACE FUNCTION check_reference_kept() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DECLARE
    name text := TG_ARGV[0]; child text := TG_ARGV[1]; col text := TG_ARGV[2]; pcol text := TG_ARGV[3];
    still text;${earlyExit ? ' vanished boolean;' : ''}
  BEGIN${
    earlyExit
      ? `
    -- A statement that kept every key (a run's status, an upsert that changed nothing) stops here.
    EXECUTE format(
      'SELECT EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.%1$I = o.%1$I))',
      pcol, TG_TABLE_NAME) INTO vanished;
    IF NOT vanished THEN RETURN NULL; END IF;`
      : ''
  }
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

export class ReferenceKeptEarlyExit1764512000000 implements MigrationInterface {
  name = 'ReferenceKeptEarlyExit1764512000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(body(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(body(false));
  }
}
