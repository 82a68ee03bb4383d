/**
 * A scheduled job as a small declarative object (Vendure's ScheduledTask): what it is called,
 * when it runs, and one function to call. Jobs decide *when*; ingest code decides *what*.
 */
export interface Job {
  name: string;
  description: string;
  /** A cron expression (node-cron syntax) in `timezone`. */
  schedule: string;
  timezone: string;
  run(trigger: 'scheduled' | 'catch-up' | 'cli'): Promise<void>;
}
