import { startApi, type ApiServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { releaseFilesIn } from '../../src/ingest/configured-sources.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { SAMPLES_DIR } from '../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

export interface BundledApp {
  db: TestDatabase;
  api: ApiServer;
  close(): Promise<void>;
}

/**
 * The app as `npm start` serves it on first start: a fresh database, every file of
 * data/samples loaded through ingestFile, the API with its pages on a free port.
 */
export async function startBundledApp(): Promise<BundledApp> {
  const db = await createTestDatabase();
  for (const file of releaseFilesIn(SAMPLES_DIR)) {
    const result = await ingestFile(db.ingest, file, { trigger: 'test' });
    if (result.status !== 'SUCCEEDED') throw new Error(`${file}: ${result.status} ${result.error ?? ''}`);
  }
  const api = await startApi(loadConfig({ PORT: '0' }), db.api, () => {});
  return {
    db,
    api,
    async close() {
      await api.stop(2000);
      await db.close();
    },
  };
}
