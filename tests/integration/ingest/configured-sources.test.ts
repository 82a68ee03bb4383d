import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ingestConfiguredSources } from '../../../src/ingest/configured-sources.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { writeNationalFixture } from '../../helpers/national-fixture.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('the nightly run over the inbox', () => {
  it('skips a file no adapter recognises and still loads the others', async () => {
    const inbox = mkdtempSync(path.join(os.tmpdir(), 'jamfor-inbox-'));
    writeFileSync(path.join(inbox, 'a-unknown.csv'), 'foo;bar\n1;2\n');
    for (const f of [
      'oj-2018-sormland-sip-information-routine.csv',
      'oj-2018-sormland-sip-information-routine.mapping.json',
    ]) {
      copyFileSync(path.join(SAMPLES_DIR, f), path.join(inbox, f));
    }
    const logged: string[] = [];
    const config = loadConfig({ KOLADA_ENABLED: 'false', INGEST_INBOX_DIR: inbox });
    const results = await ingestConfiguredSources(db.ingest, config, { trigger: 'test', log: (m) => logged.push(m) });
    expect(results.map((r) => [r.releaseKey, r.status])).toEqual([
      ['oj-2018-sormland-sip-information-routine.csv', 'SUCCEEDED'],
    ]);
    expect(results[0]!.counts.inserted).toBe(81);
    expect(logged.filter((m) => m.startsWith('a-unknown.csv: skipped: '))).toHaveLength(1);
  });

  it('loads the ÖJ files of a night as one publication: one run, one version step', async () => {
    const inbox = mkdtempSync(path.join(os.tmpdir(), 'jamfor-inbox-'));
    const fixture = writeNationalFixture();
    for (const file of fixture.files) {
      for (const f of [file, file.replace(/\.csv$/, '.mapping.json')])
        copyFileSync(f, path.join(inbox, path.basename(f)));
    }
    const [{ v: before }] = await db.owner.query(`SELECT version::int AS v FROM dataset_state`);
    const config = loadConfig({ KOLADA_ENABLED: 'false', INGEST_INBOX_DIR: inbox });
    const results = await ingestConfiguredSources(db.ingest, config, { trigger: 'test' });
    expect(results.map((r) => [r.releaseKey, r.status])).toEqual([
      [`inbox oj (${fixture.files.length} files)`, 'SUCCEEDED'],
    ]);
    const [{ v: after }] = await db.owner.query(`SELECT version::int AS v FROM dataset_state`);
    expect(after).toBe(before + 1);
    const runs = await db.owner.query(
      `SELECT DISTINCT a.ingest_run_id::text AS run FROM routine_answer a WHERE a.year IN (2019, 2021)`,
    );
    expect(runs).toEqual([{ run: results[0]!.runId }]);
  });
});
