import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createDataSource } from '../../../src/db/data-source.js';
import { EMBEDDED_ROLE_PASSWORDS, ensureDatabaseExists, prepareDatabase } from '../../../src/db/database.js';
import { API_ROLE, INGEST_ROLE, urlForRole } from '../../../src/db/roles.js';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { loadBundledReference } from '../../../src/ingest/load/reference.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { postgresBinaries, startReplicaPair, type ReplicaPair } from '../../helpers/replication.js';

/**
 * DATABASE_READ_URL: the API reads from a real streaming standby while ingest writes to the
 * primary. Versions and data must come from the same server: a response is tagged with the
 * standby's dataset version, never a newer one than the rows it carries.
 */

const SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
const HEM = 'SIP_INFO.HEMLOSHET';
const SORMLAND = ['0428', '0461', '0480', '0481', '0482', '0483', '0484', '0486', '0488'];

let pair: ReplicaPair;
let owner: DataSource;
let ingest: DataSource;
let standby: DataSource;
let api: ApiServer;
let release: string;

/** The Sörmland sample with Hemlöshet 2018 answered Ja by the first `k` municipalities (by code), Nej by the rest. */
function writeState(k: number): void {
  const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(';');
  const col = header.indexOf('Hemlöshet');
  const body = lines.slice(1).map((line) => {
    const cells = line.split(';');
    cells[col] = SORMLAND.indexOf(cells[0]!) < k ? 'Ja' : 'Nej';
    return cells.join(';');
  });
  writeFileSync(release, [lines[0], ...body].join('\n') + '\n');
}

async function loadState(k: number): Promise<string> {
  writeState(k);
  const result = await ingestFile(ingest, release, { trigger: 'test' });
  expect(result.status, result.error ?? '').toBe('SUCCEEDED');
  return result.datasetVersion;
}

interface Comparison {
  version: number;
  ja: number;
  jaRows: number;
}

async function comparison(first = 50): Promise<Comparison> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: COMPARISON, variables: { question: HEM, first } }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { routineComparison: any }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  const c = body.data.routineComparison;
  return {
    version: Number(res.headers.get('x-jamfor-dataset-version')),
    ja: c.summary.counts.ja,
    jaRows: c.rows.nodes.filter((r: { answer: string }) => r.answer === 'JA').length,
  };
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const bin = postgresBinaries();
  expect(bin, "Debian's postgresql package (pg_basebackup) is needed: apt-get install -y postgresql").not.toBeNull();
  pair = await startReplicaPair(bin!);
  await ensureDatabaseExists(pair.primaryUrl('postgres'), 'jamfor');
  owner = createDataSource({ url: pair.primaryUrl('jamfor'), poolSize: 1, applicationName: 'jamfor-test-owner' });
  await owner.initialize();
  await prepareDatabase(owner, EMBEDDED_ROLE_PASSWORDS, 5000);
  await loadBundledReference(owner.manager);
  ingest = createDataSource({
    url: urlForRole(pair.primaryUrl('jamfor'), INGEST_ROLE, EMBEDDED_ROLE_PASSWORDS.ingest),
    poolSize: 2,
    applicationName: 'jamfor-test-ingest',
  });
  await ingest.initialize();
  // The standby has the migrated schema once it has replayed that far.
  const standbyUrl = urlForRole(pair.standbyUrl('jamfor'), API_ROLE, EMBEDDED_ROLE_PASSWORDS.api);
  standby = createDataSource({
    url: standbyUrl,
    poolSize: 4,
    statementTimeoutMs: 5000,
    applicationName: 'jamfor-api-read',
  });
  await until(
    'the standby to replay the schema',
    async () => {
      if (!standby.isInitialized) await standby.initialize();
      return (await standby.query('SELECT count(*)::int AS n FROM dataset_state'))[0].n as number;
    },
    (n) => n === 1,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-replica-release-'));
  release = path.join(dir, path.basename(SAMPLE));
  copyFileSync(SAMPLE.replace(/\.csv$/, '.mapping.json'), release.replace(/\.csv$/, '.mapping.json'));
  api = await startApi(loadConfig({ PORT: '0', DATABASE_READ_VERSION_POLL_MS: '50' }), [standby], () => {});
}, 180_000);

afterAll(async () => {
  await api?.stop(2000);
  await Promise.allSettled([standby?.destroy(), ingest?.destroy(), owner?.destroy()]);
  await pair?.close();
});

describe('API reads from a streaming standby (DATABASE_READ_URL)', () => {
  it('serves a release committed on the primary once the standby has replayed it, tagged with its version', async () => {
    const version = Number(await loadState(3));
    const seen = await until(
      'the release on the standby',
      () => comparison(),
      (c) => c.version === version,
    );
    expect(seen).toEqual({ version, ja: 3, jaRows: 3 });
    // The standby answered: the API has no connection to the primary at all.
    const [{ n }] = await standby.query(`SELECT count(*)::int AS n FROM dataset_state WHERE id = 1 AND version = $1`, [
      version,
    ]);
    expect(n).toBe(1);
  });

  it('never tags a response with a version newer than its rows, nor mixes two states in one response', async () => {
    const base = Number(await loadState(0));
    await until(
      'state 0 on the standby',
      () => comparison(),
      (c) => c.version === base,
    );
    // Nine releases, each adding one Ja; state k carries version base + k.
    const versions: number[] = [];
    let done = false;
    const writer = (async () => {
      for (let k = 1; k <= 9; k++) versions.push(Number(await loadState(k)));
      done = true;
    })();
    const seen: Comparison[] = [];
    while (!done || seen.at(-1)?.ja !== 9) {
      seen.push(await comparison());
      // A guard against looping forever, not a time limit: cached answers come back in about a
      // millisecond, so a slow load (nine of them) may see tens of thousands of responses.
      if (seen.length > 100_000) break;
    }
    await writer;
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => base + k));
    for (const c of seen) {
      expect(c.jaRows, 'rows and summary from one snapshot').toBe(c.ja);
      expect(c.version - base, `version ${c.version} for state ${c.ja}`).toBeLessThanOrEqual(c.ja);
      expect(c.version).toBeGreaterThanOrEqual(base);
    }
    expect(seen.at(-1)).toMatchObject({ ja: 9, jaRows: 9 });
    expect(new Set(seen.map((c) => c.ja)).size).toBeGreaterThan(1);
  });

  it('keeps serving from the standby while the primary restarts, and follows it again afterwards', async () => {
    await pair.stopPrimary();
    // Distinct `first` values: every request is a response-cache miss and reaches the standby.
    const during = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((first) => comparison(20 + first)));
    for (const c of during) expect(c).toMatchObject({ ja: 9, jaRows: 9 });
    await pair.startPrimary();
    const version = Number(await loadState(2));
    const after = await until(
      'the standby to follow the restarted primary',
      () => comparison(),
      (c) => c.version === version,
    );
    expect(after).toEqual({ version, ja: 2, jaRows: 2 });
  });
});

const COMPARISON = `query Comparison($question: String!, $first: Int!) {
  routineComparison(question: $question, year: 2018, scope: { kind: REGION, code: "04" }) {
    summary { counts { ja } }
    rows(first: $first) { nodes { unit { code } answer } }
  }
}`;
