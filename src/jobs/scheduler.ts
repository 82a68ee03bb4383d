import cron, { type ScheduledTask } from 'node-cron';
import type { DataSource } from 'typeorm';
import { lastScheduledRunStart } from '../ingest/ledger.js';
import type { Job } from './job.js';

export interface Scheduler {
  /** Stops scheduling and waits (bounded) for a job that is running. */
  stop(timeoutMs: number): Promise<void>;
  /** The job runs started by the scheduler itself (scheduled and catch-up), in flight. */
  running(): Promise<void>[];
  /** Runs a job now, outside its schedule (the catch-up after a missed night). */
  runNow(job: Job): Promise<void>;
}

/**
 * Runs each job on its cron schedule with node-cron's noOverlap (a run still going when the
 * next is due is skipped); across processes the ingest advisory lock does the same.
 */
export function startScheduler(jobs: Job[], log: (m: string) => void): Scheduler {
  const inFlight = new Set<Promise<void>>();
  const track = (job: Job, trigger: 'scheduled' | 'catch-up') => {
    const p = job
      .run(trigger)
      .catch((e: unknown) => log(`job ${job.name} failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  const tasks: ScheduledTask[] = jobs.map((job) => {
    if (!cron.validate(job.schedule))
      throw new Error(`job ${job.name}: "${job.schedule}" is not a valid cron expression`);
    return cron.schedule(job.schedule, () => track(job, 'scheduled'), {
      name: job.name,
      timezone: job.timezone,
      noOverlap: true,
    });
  });
  return {
    running: () => [...inFlight],
    runNow: (job: Job) => track(job, 'catch-up'),
    async stop(timeoutMs) {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, timeoutMs))]);
    },
  };
}

/**
 * A missed night (the process was down at the scheduled time) is caught up once on start:
 * true when the last scheduled run began before the most recent scheduled time. A database
 * that never had a scheduled run has missed nothing.
 */
export async function missedScheduledRun(ds: DataSource, job: Job, now = new Date()): Promise<boolean> {
  const last = await lastScheduledRunStart(ds);
  if (!last) return false;
  // The next scheduled time after the last run: if that is already past, a night was missed.
  const probe = cron.createTask(job.schedule, () => undefined, { timezone: job.timezone });
  const nextAfterLast = nextRunAfter(probe, last);
  void probe.destroy();
  return nextAfterLast !== null && nextAfterLast.getTime() < now.getTime();
}

function nextRunAfter(task: ScheduledTask, after: Date): Date | null {
  // node-cron's task.match(date) tells whether a minute matches; step minute by minute from
  // `after`, bounded to 8 days (any daily or weekly schedule matches within that).
  const start = new Date(after.getTime());
  start.setUTCSeconds(0, 0);
  for (let i = 1; i <= 8 * 24 * 60; i++) {
    const candidate = new Date(start.getTime() + i * 60_000);
    if (task.match(candidate)) return candidate;
  }
  return null;
}
