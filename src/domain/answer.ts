/**
 * Routine answers and the units that give them: the words both the loaders (ingest) and the
 * API (schema) speak. The database stores these exact strings (see the CHECK constraints in
 * src/db/migrations).
 */

/** The five stored states of one unit's answer to one question in one survey year. */
export const ANSWER_VALUES = ['JA', 'NEJ', 'EJ_AKTUELLT', 'NO_RESPONSE', 'NOT_ASKED'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** What kind of reporting unit a code names (reporting_unit.unit_kind). */
export const UNIT_KINDS = ['MUNICIPALITY', 'DISTRICT', 'REGION', 'NATION'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Whom a question is put to (question.asked_of). */
export const ASKED_OF = ['MUNICIPALITY', 'REGION', 'BOTH'] as const;
export type AskedOf = (typeof ASKED_OF)[number];

/**
 * Which units a release covers in a year (release_frame.frame_kind): every municipality (a
 * national release), one län's municipalities, or a named sample.
 */
export const FRAME_KINDS = ['ALL_MUNICIPALITIES', 'REGION', 'SAMPLE'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/**
 * Whether a stored answer was printed in the source (OBSERVED) or inferred from it by a
 * stated rule (INFERRED) — routine_answer.provenance. An inferred value never passes for an
 * observed one.
 */
export const ANSWER_PROVENANCES = ['OBSERVED', 'INFERRED'] as const;
export type AnswerProvenance = (typeof ANSWER_PROVENANCES)[number];
