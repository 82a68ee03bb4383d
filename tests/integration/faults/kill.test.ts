import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import type { IngestPhase } from '../../../src/ingest/pipeline.js';
import { mulberry32 } from '../../../bench/lib/prng.js';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { readMunicipalities } from '../../helpers/national-fixture.js';
import { compileIngestChild, spawnIngestChild, type RunningChild } from '../../helpers/ingest-child.js';
import { servingContent, servingHash, type ServingContent } from '../../helpers/serving-hash.js';

/**
 * An ingest SIGKILLed as a child process, at each pipeline phase and at seeded random moments:
 * serving data is always exactly the state before or the state after the release, the ledger
 * says SUCCEEDED exactly when the data is the state after, and the next run succeeds.
 */

const YEAR = 2023;
const RELEASE = `oj-${YEAR}-national-kill-test`;
const AREAS = [
  ['Äldreomsorg', 'ALDREOMSORG'],
  ['Hemlöshet', 'HEMLOSHET'],
  ['Missbruks- och beroendevård', 'MISSBRUK'],
  ['Socialpsykiatri', 'SOCIALPSYKIATRI'],
] as const;
const RAW_ANSWERS = [
  ['Ja', 'JA'],
  ['Nej', 'NEJ'],
  ['Ej aktuellt', 'EJ_AKTUELLT'],
  ['-', 'NO_RESPONSE'],
] as const;
const RANDOM_KILLS = 20;
const SEED = 0x5eed_0a11;

interface Release {
  name: 'A' | 'B';
  file: string;
  /** `question|unit|year|ANSWER|raw`, as servingContent writes routine_answer. */
  answerLines: string[];
  /** published_figure lines, as servingContent writes them. */
  figureLines: string[];
}

/**
 * A national wide-layout ÖJ release: 290 municipalities × 4 areas, 21 county rows and Riket
 * with published percentages. Release B is a revision of A under the same file name (the
 * release key): about a quarter of the answers and every percentage differ.
 */
function writeRelease(dir: string, name: 'A' | 'B'): Release {
  // Seeded, so a failing moment can be replayed.
  const random = mulberry32(SEED);
  const header = ['Kommunkod', 'Kommun', ...AREAS.map(([h]) => h)].join(';');
  const lines = [header];
  const answerLines: string[] = [];
  const municipalities = readMunicipalities();
  for (const m of municipalities) {
    const cells = AREAS.map(([, area]) => {
      let pick = Math.floor(random() * RAW_ANSWERS.length);
      const revise = random() < 0.25;
      if (name === 'B' && revise) pick = (pick + 1) % RAW_ANSWERS.length;
      const [raw, answer] = RAW_ANSWERS[pick]!;
      answerLines.push(`SIP_INFO.${area}|${m.code}|${YEAR}|${answer}|${raw}`);
      return raw;
    });
    lines.push([m.code, m.name, ...cells].join(';'));
  }
  const publication = `Öppna jämförelser ${YEAR} (kill test)`;
  const figureLines: string[] = [];
  const regions = [...new Map(municipalities.map((m) => [m.regionCode, m.regionName])).entries()];
  for (const [code, regionName] of [...regions, ['00', 'Riket'] as const]) {
    const percents = AREAS.map(() => Math.min(100, Math.round(random() * 100) + (name === 'B' ? 0.5 : 0)));
    lines.push([code, regionName, ...percents.map((p) => String(p).replace('.', ','))].join(';'));
    AREAS.forEach(([, area], a) => {
      figureLines.push(
        `ROUTINE|SIP_INFO.${area}|${code}||${YEAR}|${publication}|∅|∅|∅|${percents[a]}|∅|share of units answering Ja, as published`,
      );
    });
  }
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${RELEASE}.csv`);
  writeFileSync(file, lines.join('\r\n') + '\r\n', 'utf8');
  const mapping = {
    note: `Synthetic national release ${name} for the kill test (tests/integration/faults/kill.test.ts).`,
    year: YEAR,
    layout: 'wide',
    publication,
    codeColumn: ['Kommunkod'],
    nameColumn: ['Kommun'],
    question: {
      family: 'SIP_INFO',
      text: 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?',
    },
    columns: AREAS.map(([header, areaCode]) => ({ header, areaCode })),
  };
  writeFileSync(path.join(folder, `${RELEASE}.mapping.json`), JSON.stringify(mapping, null, 2));
  return { name, file, answerLines, figureLines: figureLines.sort() };
}

const lineKey = (line: string) => line.split('|').slice(0, 3).join('|');
/** subject|measure|scope|label|year|publication: published_figure's natural key. */
const figureKey = (line: string) => line.split('|').slice(0, 6).join('|');

let db: TestDatabase;
let entry: string;
let releases: Record<'A' | 'B', Release>;

/** The state a complete load of `y` must leave, given the state before it. */
function expectedAfter(before: ServingContent, y: Release): ServingContent {
  const current = new Map(before.answers.map((l) => [lineKey(l), l]));
  const history = [...before.history];
  let changed = false;
  for (const line of y.answerLines) {
    const old = current.get(lineKey(line));
    if (old !== line) changed = true;
    if (old !== undefined && old !== line) history.push(`${old}|REVISED`);
    current.set(lineKey(line), line);
  }
  const figures = [...new Map([...before.figures, ...y.figureLines].map((l) => [figureKey(l), l])).values()].sort();
  if (figures.join('\n') !== before.figures.join('\n')) changed = true;
  return {
    ...before,
    answers: [...current.values()].sort(),
    history: history.sort(),
    figures,
    version: before.version + (changed ? 1 : 0),
  };
}

/** Waits until Postgres has closed every connection of a dead child (bounded). */
async function backendsGone(appName: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await db.owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [
      appName,
    ]);
    if (row.n === 0) return;
    if (Date.now() > deadline) throw new Error(`connections of ${appName} still open 10 s after the kill`);
    await sleep(10);
  }
}

async function ledgerOf(trigger: string): Promise<{ id: string; status: string; error: string | null }[]> {
  return db.owner.query(`SELECT id::text, status, error FROM ingest_run WHERE trigger = $1 ORDER BY id`, [trigger]);
}

type KillAt = { phase: IngestPhase } | { afterStartMs: number };

let spare: RunningChild | null = null;
const children: RunningChild[] = [];

/** A connected child waiting for its job; the next one starts up meanwhile, off the clock. */
async function readyChild(): Promise<RunningChild> {
  const warm = () => {
    const child = spawnIngestChild(entry, { dbUrl: db.urls.ingest, appName: `jamfor-child-${children.length}` });
    children.push(child);
    return child;
  };
  const child = spare ?? warm();
  spare = warm();
  await child.ready;
  return child;
}

interface KillOutcome {
  killed: boolean;
  committed: boolean;
  phases: string[];
  /** How long the job took when the child finished before its kill. */
  tookMs: number | null;
}

/** One cycle: kill an ingest of `y` as told, check the invariants, then recover with a normal run. */
async function killCycle(i: number, y: Release, at: KillAt): Promise<KillOutcome> {
  const beforeHash = await servingHash(db.owner);
  const before = await servingContent(db.owner);
  const after = expectedAfter(before, y);
  const trigger = `kill-${i}`;
  const child = await readyChild();
  child.start({ file: y.file, trigger, ...('phase' in at ? { pauseAt: at.phase } : {}) });
  if ('phase' in at) await child.phase(at.phase);
  else await sleep(at.afterStartMs);
  child.process.kill('SIGKILL');
  const exit = await child.exited;
  await backendsGone(child.appName);

  const context = `cycle ${i} (${y.name}, ${JSON.stringify(at)}, phases ${child.phases.join('>')})`;
  const killed = exit.signal === 'SIGKILL';
  if (!killed) expect(exit.code, `${context}: ${exit.stderr}`).toBe(0);
  const committed = (await servingHash(db.owner)) !== beforeHash;
  const ledger = await ledgerOf(trigger);
  const statuses = ledger.map((r) => r.status);
  if (!killed) expect(committed, context).toBe(true);
  if (committed) {
    // The kill came after COMMIT: all of the release, and the ledger row that commits with it.
    expect(await servingContent(db.owner), context).toEqual(after);
    expect(statuses, context).toEqual(['SUCCEEDED']);
  } else if (child.phases.includes('downloading')) {
    // Byte-identical to before (servingHash), and the run's row still says RUNNING, never SUCCEEDED.
    expect(statuses, context).toEqual(['RUNNING']);
  } else {
    // Killed before or just after the row was opened.
    expect(['', 'RUNNING'], context).toContain(statuses.join());
  }

  const next = await ingestFile(db.ingest, y.file, { trigger: `recover-${i}`, force: true });
  expect(next.status, `${context}: ${next.error}`).toBe('SUCCEEDED');
  expect(await servingContent(db.owner), context).toEqual(after);
  if (!committed && ledger.length > 0) {
    const [row] = await ledgerOf(trigger);
    expect(row, context).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^interrupted: /) });
  }
  return { killed, committed, phases: child.phases, tookMs: killed ? null : child.tookMs };
}

let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jamfor-kill-'));
  releases = { A: writeRelease(tmp, 'A'), B: writeRelease(tmp, 'B') };
  [db, entry] = await Promise.all([createTestDatabase(), compileIngestChild()]);
});
afterAll(async () => {
  // Whatever a failed test left running (a paused child holds the ingest lock).
  for (const child of children)
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await db?.close();
  rmSync(tmp, { recursive: true, force: true });
  if (entry) rmSync(path.resolve(entry, '..', '..', '..'), { recursive: true, force: true });
});

describe('an ingest killed with SIGKILL', () => {
  /** Job sent → exit of an undisturbed child revising the release. */
  let ingestMs = 0;

  /** Runs one job to its end in a child; returns how long it took. */
  async function undisturbed(file: string, trigger: string): Promise<number> {
    const child = await readyChild();
    const started = Date.now();
    child.start({ file, trigger });
    const exit = await child.exited;
    expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
    expect(child.result).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(child.phases).toEqual(['locking', 'downloading', 'parsing', 'staging', 'merging', 'committing']);
    return Date.now() - started;
  }

  it('loads and revises the national release undisturbed in a child, learning its timing', async () => {
    await undisturbed(releases.A.file, 'first-load');
    const content = await servingContent(db.owner);
    expect(content.answers).toEqual([...releases.A.answerLines].sort());
    expect(content.figures).toEqual(releases.A.figureLines);
    expect(content.version).toBe(1);
    // Random kills hit revisions (A → B → A …): time those.
    const before = await servingContent(db.owner);
    const toB = await undisturbed(releases.B.file, 'calibrate-b');
    const atB = await servingContent(db.owner);
    expect(atB).toEqual(expectedAfter(before, releases.B));
    const toA = await undisturbed(releases.A.file, 'calibrate-a');
    expect(await servingContent(db.owner)).toEqual(expectedAfter(atB, releases.A));
    ingestMs = (toA + toB) / 2;
  });

  const phases: IngestPhase[] = ['downloading', 'parsing', 'staging', 'merging', 'committing'];
  phases.forEach((phase, n) => {
    it(`leaves the state before when killed at ${phase}, and the next run succeeds`, async () => {
      // Alternate the direction: A → B on even cycles, B → A on odd ones.
      const outcome = await killCycle(n, n % 2 === 0 ? releases.B : releases.A, { phase });
      expect(outcome).toMatchObject({ killed: true, committed: false });
    });
  });

  it(`leaves the state before or after, never between, when killed at ${RANDOM_KILLS} random moments`, async () => {
    const random = mulberry32(SEED ^ 0xdead);
    const outcomes: (KillOutcome & { delayMs: number })[] = [];
    let i = phases.length;
    // Uniform over a little more than an undisturbed revision (job sent → exit), so some kills
    // land after COMMIT; runs that finish before their kill do not count towards the 20.
    while (outcomes.filter((o) => o.killed).length < RANDOM_KILLS && outcomes.length < RANDOM_KILLS + 20) {
      const delayMs = Math.round(random() * ingestMs * 1.2);
      const y = i % 2 === 0 ? releases.B : releases.A;
      const outcome = await killCycle(i, y, { afterStartMs: delayMs });
      outcomes.push({ ...outcome, delayMs });
      // A machine that got faster since calibrating: follow it, so most moments stay inside the run.
      if (outcome.tookMs !== null) ingestMs = (ingestMs + outcome.tookMs) / 2;
      i++;
    }
    const summary = outcomes.map(
      (o) =>
        `${o.delayMs}ms:${o.killed ? 'killed' : 'finished'}:${o.committed ? 'after' : 'before'}@${o.phases.at(-1) ?? 'start'}`,
    );
    expect(outcomes.filter((o) => o.killed).length, summary.join(' ')).toBeGreaterThanOrEqual(RANDOM_KILLS);
  }, 120_000);
});

/** Holders of the ingest advisory lock (pipeline.ts INGEST_LOCK_KEY) in this test's database. */
async function ingestLocks(): Promise<number> {
  const [row] = await db.owner.query(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objid = 74697523
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return row.n;
}

describe('the holder of the ingest lock killed', () => {
  it('frees the advisory lock with its connection, and the next run proceeds at once', async () => {
    const file = path.join(SAMPLES_DIR, 'oj-2018-sormland-sip-information-routine.csv');
    const holder = await readyChild();
    holder.start({ file, trigger: 'lock-holder', pauseAt: 'parsing' });
    await holder.phase('parsing');

    const blocked = await ingestFile(db.ingest, file, { trigger: 'lock-blocked' });
    expect(blocked.status).toBe('SKIPPED_LOCKED');
    expect(await ingestLocks()).toBe(1);

    holder.process.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await holder.exited).signal).toBe('SIGKILL');
    // Postgres ends the session when the socket closes; bounded wait for that, not a timeout.
    for (;;) {
      if ((await ingestLocks()) === 0) break;
      expect(Date.now() - killedAt, 'advisory lock still held after the holder died').toBeLessThan(5000);
      await sleep(10);
    }
    const freedMs = Date.now() - killedAt;

    const next = await ingestFile(db.ingest, file, { trigger: 'lock-next' });
    expect(next.status).toBe('SUCCEEDED');
    expect(freedMs).toBeLessThan(2000);
    expect(await ledgerOf('lock-holder')).toEqual([
      {
        id: expect.any(String),
        status: 'FAILED',
        error: expect.stringMatching(/^interrupted: the ingest process stopped/),
      },
    ]);
  });
});
