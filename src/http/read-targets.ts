import type { DataSource } from 'typeorm';
import { watchDatasetVersion, type DatasetVersion } from './dataset-version.js';

/**
 * One server the API reads from (the primary, or a streaming standby named by
 * DATABASE_READ_URL) with the dataset version as that server sees it. A response is keyed
 * and tagged with the version of the server it was read from, never another's: a standby
 * that lags must not serve its older rows under a newer server's version.
 */
export interface ReadTarget {
  db: DataSource;
  version: DatasetVersion;
}

/** The servers the API reads from, picked in turn; a server whose version read fails is skipped while others answer. */
export interface ReadTargets {
  pick(): ReadTarget;
  readonly all: readonly ReadTarget[];
  close(): Promise<void>;
}

function urlOf(ds: DataSource): string {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error('a read data source has no connection URL');
  return url;
}

export async function openReadTargets(
  pools: readonly DataSource[],
  log: (m: string) => void,
  standbyPollMs?: number,
): Promise<ReadTargets> {
  if (pools.length === 0) throw new Error('the API needs at least one database to read from');
  const all = await Promise.all(
    pools.map(async (db) => ({ db, version: await watchDatasetVersion(urlOf(db), log, { standbyPollMs }) })),
  );
  let next = 0;
  return {
    all,
    pick() {
      for (let i = 0; i < all.length; i++) {
        const target = all[(next + i) % all.length]!;
        if (target.version.healthy()) {
          next = (next + i + 1) % all.length;
          return target;
        }
      }
      // Nothing healthy: try in turn anyway, so a recovered server is used as soon as it answers.
      next = (next + 1) % all.length;
      return all[next]!;
    },
    async close() {
      await Promise.all(all.map((t) => t.version.close()));
    },
  };
}
