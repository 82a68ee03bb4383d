import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import type { TestProject } from 'vitest/node';
import { createDataSource } from '../../src/db/data-source.js';
import { EMBEDDED_ROLE_PASSWORDS, ensureDatabaseExists, prepareDatabase } from '../../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { loadBundledReference } from '../../src/ingest/load/reference.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Owner URL of the test server's maintenance database. */
    pgServerUrl: string;
    /** Database with migrations, roles and reference data, copied for each test file. */
    pgTemplate: string;
  }
}

/**
 * One real PostgreSQL for the whole run: TEST_DATABASE_URL when set, else an embedded server
 * in a temporary directory. A template database is prepared once; each test file gets its
 * own copy (tests/helpers/database.ts), so files never see each other's data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedServer | null = null;
  let serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'jamfor-test-'));
    // mkdtemp makes 0700 folders; as root, Postgres runs as the `postgres` user and must enter it.
    chmodSync(parent, 0o755);
    const dataDir = path.join(parent, 'pg');
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    serverUrl = embedded.urlFor('postgres');
  }
  const template = `jamfor_template_${process.pid}`;
  await ensureDatabaseExists(serverUrl, template);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  const owner = createDataSource({ url: templateUrl.toString(), poolSize: 1, applicationName: 'jamfor-test-setup' });
  await owner.initialize();
  await prepareDatabase(owner, EMBEDDED_ROLE_PASSWORDS, 5000);
  await loadBundledReference(owner.manager);
  await owner.destroy();
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);
  return async () => {
    if (embedded) await embedded.stop();
  };
}
