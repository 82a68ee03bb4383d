import { DataSource } from 'typeorm';
import * as entities from '../entities/index.js';
import { WarehouseSchema1763900000000 } from './migrations/1763900000000-warehouse-schema.js';
import { ReleaseFramesAndProvenance1764000000000 } from './migrations/1764000000000-release-frames-and-provenance.js';
import { FigureTopicCitationPlanCoverage1764100000000 } from './migrations/1764100000000-figure-topic-citation-plan-coverage.js';
import { Studies1764100000001 } from './migrations/1764100000001-studies.js';
import { IngestRunFile1764200000000 } from './migrations/1764200000000-ingest-run-file.js';
import { SetBasedReferenceChecks1764350000000 } from './migrations/1764350000000-set-based-reference-checks.js';
import { RoutineScopeCounts1764400000000 } from './migrations/1764400000000-routine-scope-counts.js';
import { ReferenceKeptEarlyExit1764512000000 } from './migrations/1764512000000-ingest12c-reference-kept-early-exit.js';
import { PublishedFigurePick1764610000000 } from './migrations/1764610000000-published-figure-pick.js';
import { ReferenceWrittenOnePass1764620000000 } from './migrations/1764620000000-reference-written-one-pass.js';
import { BulkFactsSetBasedReferenceChecks1764620000001 } from './migrations/1764620000001-bulk-facts-set-based-reference-checks.js';
import { StagingTables1764700000000 } from './migrations/1764700000000-staging-tables.js';
import { NaturalKeysInLoadOrder1764800000000 } from './migrations/1764800000000-natural-keys-in-load-order.js';
import { AgreementFlagsCodedOnly1764800000001 } from './migrations/1764800000001-agreement-flags-coded-only.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

/** In timestamp order, the order TypeORM runs them in. */
export const MIGRATIONS = [
  WarehouseSchema1763900000000,
  ReleaseFramesAndProvenance1764000000000,
  FigureTopicCitationPlanCoverage1764100000000,
  Studies1764100000001,
  IngestRunFile1764200000000,
  SetBasedReferenceChecks1764350000000,
  RoutineScopeCounts1764400000000,
  ReferenceKeptEarlyExit1764512000000,
  PublishedFigurePick1764610000000,
  ReferenceWrittenOnePass1764620000000,
  BulkFactsSetBasedReferenceChecks1764620000001,
  StagingTables1764700000000,
  NaturalKeysInLoadOrder1764800000000,
  AgreementFlagsCodedOnly1764800000001,
];

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** Applied to every connection of this pool; the API's is short, ingest's longer. */
  statementTimeoutMs?: number;
  applicationName: string;
  /**
   * Keep idle connections open instead of closing them after pg-pool's 10 s: a serving pool's
   * connections hold their prepared statements' plans and their backends' catalog caches, and a
   * request after a quiet spell (the first view after a nightly ingest) otherwise opens a
   * connection, authenticates and plans again — a lone trend request after 12 s idle took
   * 25.8 ms instead of 4.1 ms after 3 s.
   */
  keepIdle?: boolean;
}

/** A TypeORM data source on one connection string. `synchronize` is never on: migrations own the schema. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: Object.values(entities),
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    extra: {
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      // pg-pool: 0 never closes an idle client.
      ...(options.keepIdle ? { idleTimeoutMillis: 0 } : {}),
      idle_in_transaction_session_timeout: 60_000,
      // Named prepared statements (the routine queries, src/schema/queries/routine-sql.ts
      // queryPrepared) keep one generic plan per connection instead of re-planning per call.
      // Unnamed statements, i.e. every other query, are planned per call as before.
      // JIT off: a server built with LLVM (Debian's, the compose image) compiles any statement
      // costed over jit_above_cost, and the ingest's set-based statements (the share-count
      // refresh plans with nested loops disabled, so its cost is inflated by the disable cost)
      // spent seconds compiling for milliseconds of work; the API's statements are key lookups.
      options: '-c plan_cache_mode=force_generic_plan -c jit=off',
    },
  });
}

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
