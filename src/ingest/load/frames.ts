import type { QueryRunner } from 'typeorm';
import type { FrameRecord, ParsedRelease } from '../release.js';
import { touchPairs } from './scope-counts.js';

/**
 * Writes the frames of a release (see FrameRecord) inside the caller's transaction, one
 * (source, release, year) row each with its questions and units. A frame's units are its
 * declared set — every municipality, one region's municipalities, or the listed units — plus
 * every unit the release answers for that year, so a frame always holds its respondents.
 * Returns how many frames were new or changed (a changed frame changes the shares served);
 * the (question, year) pairs a changed frame covered before or covers now are marked for the
 * stored share counts' refresh (scope-counts.ts).
 */
export async function writeFrames(q: QueryRunner, runId: string, release: ParsedRelease): Promise<number> {
  let changed = 0;
  for (const frame of release.frames) {
    const respondents = [...new Set(release.answers.filter((a) => a.year === frame.year).map((a) => a.unit.code))];
    const [wanted] = (await q.query(
      `SELECT
         coalesce((SELECT array_agg(u.unit_code::text ORDER BY u.unit_code) FROM reporting_unit u
           WHERE ($1::text = 'ALL_MUNICIPALITIES' AND u.unit_kind = 'MUNICIPALITY')
              OR ($1::text = 'REGION' AND u.unit_kind = 'MUNICIPALITY' AND u.region_code = $2::text)
              OR u.unit_code = ANY($3::text[]) OR u.unit_code = ANY($4::text[])), '{}') AS units,
         CASE $1::text WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = $2::text)
           WHEN 'ALL_MUNICIPALITIES' THEN 'all municipalities' ELSE $5::text END AS label,
         CASE $1::text WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = $2::text)
           WHEN 'ALL_MUNICIPALITIES' THEN 'alla kommuner' ELSE $6::text END AS label_sv`,
      [
        frame.kind,
        frame.regionCode,
        frame.units.map((u) => u.code),
        respondents,
        frame.label?.en ?? `units listed in ${release.file}`,
        frame.label?.sv ?? `enheterna i ${release.file}`,
      ],
    )) as { units: string[]; label: string; label_sv: string }[];
    const questions = [...new Set(frame.questionCodes)].sort();
    const [existing] = (await q.query(
      `SELECT f.id, f.frame_kind, f.region_code::text AS region_code, f.label, f.label_sv, f.publication,
         coalesce((SELECT array_agg(x.question_code::text ORDER BY x.question_code) FROM release_frame_question x WHERE x.frame_id = f.id), '{}') AS questions,
         coalesce((SELECT array_agg(x.unit_code::text ORDER BY x.unit_code) FROM release_frame_unit x WHERE x.frame_id = f.id), '{}') AS units
       FROM release_frame f WHERE f.source = $1 AND f.release_key = $2 AND f.year = $3`,
      [release.source, release.releaseKey, frame.year],
    )) as Record<string, unknown>[];
    if (existing && sameFrame(existing, frame, wanted!, questions)) continue;
    changed++;
    const [written] = (await q.query(
      `INSERT INTO release_frame (source, release_key, year, frame_kind, region_code, label, label_sv, publication, ingest_run_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT ON CONSTRAINT release_frame_natural_key DO UPDATE
         SET frame_kind = EXCLUDED.frame_kind, region_code = EXCLUDED.region_code, label = EXCLUDED.label,
             label_sv = EXCLUDED.label_sv, publication = EXCLUDED.publication, ingest_run_id = EXCLUDED.ingest_run_id
       RETURNING id`,
      [
        release.source,
        release.releaseKey,
        frame.year,
        frame.kind,
        frame.regionCode,
        wanted!.label,
        wanted!.label_sv,
        frame.publication,
        runId,
      ],
    )) as { id: string }[];
    const id = written!.id;
    await touchPairs(
      q,
      `SELECT question_code, $2::smallint AS year FROM release_frame_question WHERE frame_id = $1
       UNION SELECT unnest($3::text[]), $2::smallint`,
      [id, frame.year, questions],
    );
    await q.query(`DELETE FROM release_frame_question WHERE frame_id = $1`, [id]);
    await q.query(`DELETE FROM release_frame_unit WHERE frame_id = $1`, [id]);
    await q.query(`INSERT INTO release_frame_question (frame_id, question_code) SELECT $1, unnest($2::text[])`, [
      id,
      questions,
    ]);
    await q.query(`INSERT INTO release_frame_unit (frame_id, unit_code) SELECT $1, unnest($2::text[])`, [
      id,
      wanted!.units,
    ]);
  }
  return changed;
}

function sameFrame(
  existing: Record<string, unknown>,
  frame: FrameRecord,
  wanted: { units: string[]; label: string; label_sv: string },
  questions: string[],
): boolean {
  return (
    existing['frame_kind'] === frame.kind &&
    (existing['region_code'] ?? null) === frame.regionCode &&
    existing['label'] === wanted.label &&
    existing['label_sv'] === wanted.label_sv &&
    (existing['publication'] ?? null) === frame.publication &&
    JSON.stringify(existing['questions']) === JSON.stringify(questions) &&
    JSON.stringify(existing['units']) === JSON.stringify(wanted.units)
  );
}
