import type { EntityManager } from 'typeorm';
import type { Config } from '../config.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What every resolver gets: the read-only database, this request's loaders, the limits. */
export interface Context {
  db: EntityManager;
  loaders: Loaders;
  limits: Config['limits'];
}

export function createContext(db: EntityManager, limits: Config['limits']): Context {
  return { db, loaders: createLoaders(db), limits };
}
