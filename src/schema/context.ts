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
}

export function createContext(db: EntityManager, limits: Config['limits']): Context {
  return { db, loaders: createLoaders(db), limits, response: { cacheable: true } };
}
