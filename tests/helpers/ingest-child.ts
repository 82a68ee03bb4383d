import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { IngestPhase } from '../../src/ingest/pipeline.js';

/**
 * One file ingest in a child process, for the fault tests (tests/integration/faults): the
 * parent SIGKILLs it at a phase or at a random moment and then inspects the database.
 *
 * Protocol: the child connects to JAMFOR_CHILD_DB_URL (application_name JAMFOR_CHILD_APP),
 * prints `ready`, and reads one job as a JSON line on stdin ({ file, trigger, pauseAt?,
 * force? }). It ingests the file through ingestFile, printing `phase <name>` as each pipeline
 * phase starts and `result <json>` at the end; at `pauseAt` it stops (after printing) until
 * killed. Starting up before the job arrives lets the parent warm the next child while it
 * checks the last one, and puts random kill moments inside the ingest, not in module loading.
 *
 * How it runs: tsx and ts-node are not installed, and `npm run build` type-checks the whole
 * project and writes dist/ (shared with `npm start` and other people's work). Instead
 * compileIngestChild() transpiles this file and the src modules it imports, one by one with
 * TypeScript's transpileModule (no type check, a second or two), to CommonJS in a temporary
 * folder that links node_modules and data/ beside it; the parent runs that with plain `node`.
 */

const CHILD_FLAG = 'JAMFOR_INGEST_CHILD';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface ChildJob {
  file: string;
  /** Recorded in the ledger (at most 20 characters). */
  trigger: string;
  pauseAt?: IngestPhase;
  force?: boolean;
}

export interface ChildResult {
  status: string;
  runId: string;
  error: string | null;
}

async function readJob(): Promise<ChildJob> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return JSON.parse(text.slice(0, text.indexOf('\n'))) as ChildJob;
}

async function childMain(): Promise<void> {
  // No entities: the pipeline speaks SQL through query runners only.
  const ds = new DataSource({
    type: 'postgres',
    url: process.env['JAMFOR_CHILD_DB_URL']!,
    applicationName: process.env['JAMFOR_CHILD_APP'] ?? 'jamfor-ingest-child',
    poolSize: 2,
    entities: [],
  });
  await ds.initialize();
  process.stdout.write('ready\n');
  const job = await readJob();
  const result = await ingestFile(ds, job.file, {
    trigger: job.trigger,
    force: job.force === true,
    onPhase: async (phase: IngestPhase) => {
      // Pipes are synchronous on Linux: the line is out before the pipeline moves on.
      process.stdout.write(`phase ${phase}\n`);
      if (phase === job.pauseAt) await new Promise<never>(() => setInterval(() => undefined, 60_000));
    },
  });
  process.stdout.write(
    `result ${JSON.stringify({ status: result.status, runId: result.runId, error: result.error })}\n`,
  );
  await ds.destroy();
}

if (process.env[CHILD_FLAG] === '1') {
  childMain().catch((error: unknown) => {
    process.stderr.write(`ingest child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

/**
 * Transpiles this file and its relative imports (followed through the emitted `require`s) to
 * CommonJS under a fresh temp folder; returns the path of the entry point to run with node.
 */
export async function compileIngestChild(): Promise<string> {
  const ts = (await import('typescript')).default;
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-ingest-child-'));
  // src/paths.ts finds the project root by its package.json: this folder stands in for it.
  writeFileSync(path.join(outDir, 'package.json'), '{ "name": "jamfor-ingest-child", "private": true }\n');
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  symlinkSync(path.join(PROJECT_ROOT, 'data'), path.join(outDir, 'data'), 'dir');
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    experimentalDecorators: true,
    useDefineForClassFields: false,
  };
  const entry = path.join(PROJECT_ROOT, 'tests', 'helpers', 'ingest-child.ts');
  const pending = [entry];
  const done = new Set<string>();
  while (pending.length > 0) {
    const source = pending.pop()!;
    if (done.has(source)) continue;
    done.add(source);
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: options,
      fileName: source,
    });
    const target = path.join(outDir, path.relative(PROJECT_ROOT, source)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    for (const [, spec] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      pending.push(path.resolve(path.dirname(source), spec!).replace(/\.js$/, '.ts'));
    }
  }
  return path.join(outDir, 'tests', 'helpers', 'ingest-child.js');
}

export interface RunningChild {
  process: ChildProcess;
  appName: string;
  /** Resolves when the child has connected and waits for its job. */
  ready: Promise<void>;
  /** Sends the job; call once, after `ready`. */
  start(job: ChildJob): void;
  /** Milliseconds from start() to the `result` line; null until the child has finished its job. */
  tookMs: number | null;
  /** Phases printed so far, in order. */
  phases: string[];
  result: ChildResult | null;
  /** Resolves when the child prints this phase; rejects if it exits first. */
  phase(name: IngestPhase): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts a child on the compiled entry point; `appName` is the application_name of its connections. */
export function spawnIngestChild(entry: string, options: { dbUrl: string; appName: string }): RunningChild {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, [CHILD_FLAG]: '1', JAMFOR_CHILD_DB_URL: options.dbUrl, JAMFOR_CHILD_APP: options.appName },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiters: { name: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const phases: string[] = [];
  let stderr = '';
  let buffered = '';
  let startedAt = 0;
  const settle = (name: string) => {
    for (const w of waiters.filter((x) => x.name === name)) w.resolve();
  };
  const wait = (name: string) =>
    phases.includes(name)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => waiters.push({ name, resolve, reject }));
  const running: RunningChild = {
    process: child,
    appName: options.appName,
    ready: wait('ready'),
    start: (job) => {
      startedAt = Date.now();
      child.stdin.write(`${JSON.stringify(job)}\n`);
    },
    tookMs: null,
    phases,
    result: null,
    phase: wait,
    exited: new Promise((resolve) => {
      child.on('close', (code, signal) => {
        for (const w of waiters)
          w.reject(new Error(`ingest child exited (${code ?? signal}) before ${w.name}; stderr: ${stderr}`));
        resolve({ code, signal, stderr });
      });
    }),
  };
  // A killed child's stdin is a broken pipe; the test reads the outcome from the database.
  child.stdin.on('error', () => undefined);
  // A spare child killed unused never says ready; whoever awaits `ready` still sees the error.
  running.ready.catch(() => undefined);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line === 'ready') settle('ready');
      else if (line.startsWith('phase ')) {
        phases.push(line.slice(6));
        settle(line.slice(6));
      } else if (line.startsWith('result ')) {
        running.result = JSON.parse(line.slice(7)) as ChildResult;
        running.tookMs = Date.now() - startedAt;
      }
    }
  });
  return running;
}
