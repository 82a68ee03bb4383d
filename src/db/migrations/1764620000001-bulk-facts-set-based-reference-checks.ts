import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTriggers, ref, triggers } from './1764350000000-set-based-reference-checks.js';

/**
 * The other tables a load writes thousands of rows into at a time get the answers' per-statement
 * reference checks (1764350000000): agreements, plan counts and published figures (merged from
 * staging by one upsert each), the units of release frames, and the stored share counts (one
 * upsert per run). A declared foreign key checks every row with its own lookup; on the
 * benchmark's data these lookups were most of those statements' time: the full load's
 * agreement merge (43 k rows, one upsert) used about 2 300 ms of backend CPU with its two keys
 * declared and 1 350 ms with them checked per statement; inserting the 44 k frame units took
 * 2 150 ms with both their keys declared and 110 ms with none (a loaded machine; the key to
 * the frame stays declared, see below). Same rule, same lock on the parent rows, same error
 * and constraint names.
 *
 * A frame's units keep their declared key to the frame: it deletes them with the frame (ON
 * DELETE CASCADE), which a statement-level check would refuse instead.
 */
const REFERENCES = [
  ref('agreement', 'unit_code', 'reporting_unit', 'unit_code'),
  ref('agreement', 'ingest_run_id', 'ingest_run', 'id'),
  ref('plan_count', 'unit_code', 'reporting_unit', 'unit_code'),
  ref('plan_count', 'region_code', 'region', 'region_code'),
  ref('plan_count', 'ingest_run_id', 'ingest_run', 'id'),
  ref('published_figure', 'scope_code', 'reporting_unit', 'unit_code'),
  ref('published_figure', 'ingest_run_id', 'ingest_run', 'id'),
  ref('release_frame_unit', 'unit_code', 'reporting_unit', 'unit_code'),
  ref('routine_scope_count', 'question_code', 'question', 'question_code'),
  ref('routine_scope_count', 'refreshed_by_run_id', 'ingest_run', 'id'),
];

export class BulkFactsSetBasedReferenceChecks1764620000001 implements MigrationInterface {
  name = 'BulkFactsSetBasedReferenceChecks1764620000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(REFERENCES.map(triggers).join('\n'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(REFERENCES.map(dropTriggers).join('\n'));
  }
}
