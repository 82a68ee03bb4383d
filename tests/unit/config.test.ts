import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('DATABASE_READ_URL', () => {
  it('reads a comma-separated list of standby URLs, trimmed', () => {
    const config = loadConfig({
      DATABASE_READ_URL: 'postgres://jamfor_api@replica-1:5432/jamfor, postgresql://jamfor_api@replica-2/jamfor',
    });
    expect(config.readDatabaseUrls).toEqual([
      'postgres://jamfor_api@replica-1:5432/jamfor',
      'postgresql://jamfor_api@replica-2/jamfor',
    ]);
    expect(config.readVersionPollMs).toBe(200);
  });

  it('is empty when unset, so the API reads the primary', () => {
    expect(loadConfig({}).readDatabaseUrls).toEqual([]);
  });

  it('refuses an entry that is not a postgres URL, naming it', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://a/jamfor,replica-2' })).toThrow(
      new ConfigError('DATABASE_READ_URL: "replica-2" is not a postgres:// URL'),
    );
  });
});
