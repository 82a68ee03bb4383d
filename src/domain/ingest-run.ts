/**
 * The run ledger's statuses (ingest_run.status and ingest_run_file.status): written by ingest,
 * read by the scheduler and the API.
 */
export const INGEST_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'SKIPPED_UNCHANGED',
  'SKIPPED_LOCKED',
  'HELD',
] as const;
export type IngestStatusValue = (typeof INGEST_STATUSES)[number];
