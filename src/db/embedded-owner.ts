import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Which Jämför process owns the embedded PostgreSQL of a data directory. The process that
 * starts it writes its pid beside the data directory and stops the server on shutdown. A
 * second process (a CLI ingest while `npm start` runs) finds a live owner and shares the
 * server; a server whose owner has died (SIGKILL) is an orphan, which the next process stops
 * and starts again, so it owns it and stops it on SIGTERM.
 */

function ownerFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.owner.pid`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]!.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The live process that started this data directory's server, or null (none, or it died). */
export function liveOwner(dataDir: string): number | null {
  const pid = readPid(ownerFile(dataDir));
  return pid !== null && isAlive(pid) ? pid : null;
}

export function claimOwnership(dataDir: string): void {
  writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
}

export function releaseOwnership(dataDir: string): void {
  if (readPid(ownerFile(dataDir)) === process.pid) rmSync(ownerFile(dataDir), { force: true });
}

/**
 * Stops an orphaned server with a fast shutdown (SIGINT to the postmaster named in its
 * postmaster.pid) and waits until it has exited.
 */
export async function stopOrphan(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const postmaster = readPid(path.join(dataDir, 'postmaster.pid'));
  if (postmaster === null) {
    throw new Error(
      `a PostgreSQL answers on the embedded port but ${dataDir} has no postmaster.pid: it is another server; set EMBEDDED_PG_PORT to a free port`,
    );
  }
  if (isAlive(postmaster)) process.kill(postmaster, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(postmaster) || existsSync(path.join(dataDir, 'postmaster.pid'))) {
    if (Date.now() > deadline) throw new Error(`the orphaned PostgreSQL (pid ${postmaster}) did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
