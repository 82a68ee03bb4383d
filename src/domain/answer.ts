/**
 * Routine answers and the units that give them: the words both the loaders (ingest) and the
 * API (schema) speak. The database stores these exact strings (see the CHECK constraints in
 * src/db/migrations).
 */

/** The five stored states of one unit's answer to one question in one survey year. */
export const ANSWER_VALUES = ['JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** What kind of reporting unit a code names. */
export type UnitKind = 'MUNICIPALITY' | 'DISTRICT' | 'REGION' | 'NATION';
