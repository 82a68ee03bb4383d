import type { IngestResult } from '../ingest/pipeline.js';
import { describeLocation, totalRepairs } from '../ingest/release.js';

/** Rejects, skipped rows and kept values printed per run; the ledger keeps up to 1 000 of each. */
const MAX_LISTED = 20;

/**
 * The lines the CLI prints for one run, in the ledger's one vocabulary: rows read (of them
 * skipped), values loaded (inserted, updated, unchanged), withdrawn, rejected and repaired.
 * Every number here is the one `ingest_run` and GraphQL `IngestRun.counts` hold.
 */
export function describeResult(r: IngestResult): string[] {
  const c = r.counts;
  const loaded = c.inserted + c.updated + c.unchanged;
  const lines = [
    `${r.source} ${r.releaseKey}: ${r.status} in ${r.durationMs} ms (run ${r.runId}, dataset version ${r.datasetVersion})`,
    `  read ${c.rowsRead} rows (${c.skipped} skipped) · loaded ${loaded} values (inserted ${c.inserted}, updated ${c.updated}, ` +
      `unchanged ${c.unchanged}) · withdrawn ${c.withdrawn} · rejected ${c.rejected} · repaired ${totalRepairs(r.repairs)}`,
  ];
  const repairs = Object.entries(r.repairs);
  if (repairs.length) lines.push(`  repaired: ${repairs.map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
  const listed = <T>(items: T[], what: string, line: (item: T) => string) => {
    for (const item of items.slice(0, MAX_LISTED)) lines.push(line(item));
    if (items.length > MAX_LISTED)
      lines.push(`  … ${items.length - MAX_LISTED} more ${what} in the ledger (ingest_run ${r.runId})`);
  };
  listed(
    r.skipped,
    'skipped rows',
    (s) => `  skipped ${describeLocation(s.loc)}: ${JSON.stringify(s.text)} — ${s.reason}`,
  );
  listed(
    r.rejects,
    'rejects',
    (x) => `  rejected ${x.rule}: ${describeLocation(x.loc)}: ${x.message} (value ${JSON.stringify(x.rawValue)})`,
  );
  listed(
    r.kept,
    'kept values',
    (k) =>
      `  kept ${k.unitCode} ${k.questionCode} ${k.year}: ${k.keptAnswer} stays served ` +
      `(this file: ${JSON.stringify(k.rejectedValue)} at ${describeLocation(k.loc)}, ${k.rule})`,
  );
  if (r.status === 'HELD')
    lines.push(
      `  held: nothing loaded; fix the ${c.rejected} rejected, or load the other rows with --allow-partial ` +
        `(a rejected cell then keeps its earlier value, listed as kept)`,
    );
  if (r.error) lines.push(`  error: ${r.error}`);
  return lines;
}
