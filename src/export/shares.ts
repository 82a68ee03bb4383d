import type { ShareBriefFragment, ShareFieldsFragment } from '../operations/generated.js';
import type { CsvColumn } from './csv.js';

/** Answer counts of a share, as the ShareFields fragment selects them. */
export type Counts = NonNullable<ShareFieldsFragment['counts']>;

/** A share as either fragment selects it: the brief one lacks counts, policy and the published figure. */
export type ShareResult = ShareBriefFragment & Partial<Pick<ShareFieldsFragment, 'policy' | 'counts' | 'published'>>;

/**
 * A share (0…1) as Swedish Excel shows and reads a percentage: "62,5 %" (decimal comma, a
 * space before %), one decimal like the dashboard. Swedish Excel turns it into the number
 * 0,625 formatted as a percentage. The unrounded share stays in its own column beside it.
 */
export function swedishPercent(share: number | null | undefined): string | null {
  if (share === null || share === undefined || !Number.isFinite(share)) return null;
  return `${String(Math.round(share * 1000) / 10).replace('.', ',')} %`;
}

/** `share_percent` ("62,5 %") after a share column, in the Swedish Excel format only. */
export function sharePercentColumn<T>(share: (row: T) => number | null | undefined): CsvColumn<T> {
  return { header: 'share_percent', value: (r) => swedishPercent(share(r)), only: 'excel-sv' };
}

/** The six count columns, blank where a row has no counts. */
export const countColumns = <T extends { counts?: Counts | null }>(): CsvColumn<T>[] => [
  { header: 'ja', value: (r) => r.counts?.ja },
  { header: 'nej', value: (r) => r.counts?.nej },
  { header: 'ej_aktuellt', value: (r) => r.counts?.ejAktuellt },
  { header: 'no_response', value: (r) => r.counts?.noResponse },
  { header: 'not_asked', value: (r) => r.counts?.notAsked },
  { header: 'units', value: (r) => r.counts?.units },
];
