import type { ShareBriefFragment, ShareFieldsFragment } from '../operations/generated.js';
import type { CsvColumn } from './csv.js';

/** Answer counts of a share, as the ShareFields fragment selects them. */
export type Counts = NonNullable<ShareFieldsFragment['counts']>;

/** A share as either fragment selects it: the brief one lacks counts, policy and the published figure. */
export type ShareResult = ShareBriefFragment & Partial<Pick<ShareFieldsFragment, 'policy' | 'counts' | 'published'>>;

/** The six count columns, blank where a row has no counts. */
export const countColumns = <T extends { counts?: Counts | null }>(): CsvColumn<T>[] => [
  { header: 'ja', value: (r) => r.counts?.ja },
  { header: 'nej', value: (r) => r.counts?.nej },
  { header: 'ej_aktuellt', value: (r) => r.counts?.ejAktuellt },
  { header: 'no_response', value: (r) => r.counts?.noResponse },
  { header: 'not_asked', value: (r) => r.counts?.notAsked },
  { header: 'units', value: (r) => r.counts?.units },
];
