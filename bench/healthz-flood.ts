import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from './lib/db.js';
import { quantile } from './lib/stats.js';

/*
 * /healthz latency while /graphql is flooded (issue 11, defect 3). Starts the built app
 * (`node dist/src/main.js` of APP_DIR, default this checkout) on loopback with its own
 * embedded PostgreSQL in a temporary directory, floods it with each payload for SECONDS at
 * CONNECTIONS connections, and probes /healthz every 50 ms on a separate connection.
 * Loopback only, bounded in time; prints a Markdown table for bench/RESULTS.md.
 *
 *   npm run bench:healthz            (SECONDS=10 CONNECTIONS=20 by default)
 */

const SECONDS = Number(process.env['SECONDS_PER_FLOOD'] ?? 10);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 20);
// npm runs scripts from the project root.
const APP_DIR = path.resolve(process.env['APP_DIR'] ?? process.cwd());

const SCHEMA_SELECTION = `{ types { name kind fields(includeDeprecated: true) { name args { name type { name kind ofType { name kind } } } type { name kind ofType { name kind ofType { name kind } } } } } }`;

const PAYLOADS: Record<string, string> = {
  'one large __schema': `{ __schema ${SCHEMA_SELECTION} }`,
  '15 aliased __schema (the audit’s flood)': `{ ${Array.from({ length: 15 }, (_, i) => `s${i}: __schema ${SCHEMA_SELECTION}`).join(' ')} }`,
  'regions with municipalities (data)': '{ regions { code name municipalities { code name } } }',
};

function startApp(dataDir: string, port: number, pgPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      JAMFOR_DATA_DIR: dataDir,
      SCHEDULER_ENABLED: 'false',
      KOLADA_ENABLED: 'false',
      LOAD_SAMPLES_ON_EMPTY: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('GraphQL API ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before it was ready:\n${out}`)));
  });
}

function probe(url: string, agent: http.Agent): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', () => resolve(Number.POSITIVE_INFINITY));
    req.on('timeout', () => req.destroy());
  });
}

/** Floods /graphql with `query` (null: no flood) while probing /healthz on its own connection. */
async function flood(base: string, query: string | null) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let running = true;
  const prober = (async () => {
    while (running) {
      latencies.push(await probe(`${base}/healthz`, agent));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result =
    query === null
      ? await new Promise<null>((r) => setTimeout(() => r(null), 2000))
      : await autocannon({
          url: `${base}/graphql`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
          connections: CONNECTIONS,
          duration: SECONDS,
          timeout: 30,
        });
  running = false;
  await prober;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    rps: result?.requests.average ?? 0,
    statuses: result
      ? `2xx ${result['2xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}, timeouts ${result.timeouts}`
      : '–',
    probes: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-healthz-'));
  // mkdtemp makes 0700 folders; as root, Postgres runs as the `postgres` user and must enter it.
  chmodSync(dataDir, 0o755);
  const port = await freePort(56000, 56999);
  const child = await startApp(dataDir, port, await freePort());
  const base = `http://127.0.0.1:${port}`;
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  try {
    const idle = await flood(base, null);
    console.log(`/healthz during ${SECONDS} s floods at ${CONNECTIONS} connections (app: ${APP_DIR})\n`);
    console.log('| Flood on /graphql | req/s | answers | /healthz probes | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|---|---|');
    const row = (name: string, r: Awaited<ReturnType<typeof flood>>) =>
      console.log(
        `| ${name} | ${r.rps.toFixed(1)} | ${r.statuses} | ${r.probes} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`,
      );
    row('none (idle)', idle);
    for (const [name, query] of Object.entries(PAYLOADS)) row(name, await flood(base, query));
  } finally {
    child.kill('SIGTERM');
    await stopped;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
