import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/jobs/job.js';
import { missedScheduledRun } from '../../../src/jobs/scheduler.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const nightly: Job = {
  name: 'nightly-ingest',
  description: 'test',
  schedule: '30 2 * * *',
  timezone: 'Europe/Stockholm',
  run: async () => undefined,
};

async function scheduledRunAt(iso: string): Promise<void> {
  await db.owner.query(
    `INSERT INTO ingest_run (source, release_key, file, parser_version, status, trigger, started_at, finished_at)
     VALUES ('oj', 'x', 'x', 'oj@1', 'SUCCEEDED', 'scheduled', $1, $1)`,
    [iso],
  );
}

describe('catching up a missed night', () => {
  it('misses nothing on a database that never had a scheduled run', async () => {
    expect(await missedScheduledRun(db.ingest, nightly, new Date('2026-11-23T12:00:00Z'))).toBe(false);
  });

  it('sees no miss when the last scheduled run was last night', async () => {
    // 02:30 in Stockholm in November is 01:30 UTC.
    await scheduledRunAt('2026-11-23T01:30:00Z');
    expect(await missedScheduledRun(db.ingest, nightly, new Date('2026-11-23T12:00:00Z'))).toBe(false);
  });

  it('sees a miss when the process was down at last night’s scheduled time', async () => {
    expect(await missedScheduledRun(db.ingest, nightly, new Date('2026-11-24T12:00:00Z'))).toBe(true);
  });
});
