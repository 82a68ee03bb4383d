import type { EntityManager } from 'typeorm';
import type { Config } from '../config.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What every resolver gets: the read-only database, this request's loaders, the limits. */
export interface Context {
  db: EntityManager;
  loaders: Loaders;
  limits: Config['limits'];
  /**
   * `cacheable` turns false once a resolver reads something that changes without a dataset
   * version change (the ingest ledger): such a response must not go into the response cache.
   * A holder object, because Apollo shallow-copies the context per operation.
   */
  response: { cacheable: boolean };
  /**
   * The dataset version of the server this request reads from, when it began and now: the
   * response cache keys a result by the first and keeps it only if the two still agree.
   */
  version: DatasetVersionView;
}

export interface DatasetVersionView {
  atStart: string;
  now(): string;
}

/** For in-process execution outside /graphql (CSV export), which has no response cache. */
const NO_VERSION: DatasetVersionView = { atStart: '', now: () => '' };

export function createContext(
  db: EntityManager,
  limits: Config['limits'],
  version: DatasetVersionView = NO_VERSION,
): Context {
  return { db, loaders: createLoaders(db), limits, response: { cacheable: true }, version };
}
