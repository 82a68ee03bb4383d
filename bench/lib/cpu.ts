import { existsSync, readdirSync, readFileSync } from 'node:fs';

/*
 * CPU time from /proc (Linux): how a contestant's requests split between its own server
 * process and PostgreSQL. NaN where /proc is not there.
 */

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime of one process, ms. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return NaN;
  return ticks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** utime + stime of each process named `postgres` (the server and its backends) by pid, ms; null without /proc. */
export function postgresCpu(): Map<number, number> | null {
  if (!existsSync('/proc/self/stat')) return null;
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres') out.set(Number(entry), ticks(stat));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out;
}

/**
 * PostgreSQL CPU ms used between two postgresCpu() snapshots: per process, so a backend that
 * started meanwhile counts in full and one that ended is left out (its last ticks are lost; a
 * plain sum would subtract all it had used before).
 */
export function postgresCpuSince(before: Map<number, number> | null): number {
  const now = postgresCpu();
  if (!before || !now) return NaN;
  let total = 0;
  for (const [pid, ms] of now) total += ms - (before.get(pid) ?? 0);
  return total;
}

function ticks(stat: string): number {
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
