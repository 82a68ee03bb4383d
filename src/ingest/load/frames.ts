import type { QueryRunner } from 'typeorm';
import type { FrameRecord, ParsedRelease } from '../release.js';
import { touchPairs } from './scope-counts.js';

/** A frame as it should be stored: its release, units, labels and questions. */
interface WantedFrame {
  source: string;
  releaseKey: string;
  frame: FrameRecord;
  units: string[];
  label: string;
  labelSv: string;
  questions: string[];
}

/** A frame as stored, for comparison (null: none yet). */
interface StoredFrame {
  frame_kind: string;
  region_code: string | null;
  label: string;
  label_sv: string;
  publication: string | null;
  questions: string[];
  units: string[];
}

/**
 * Writes the frames of a publication's releases (see FrameRecord) inside the caller's
 * transaction, one (source, release, year) row each with its questions and units. A frame's
 * units are its declared set — every municipality, one region's municipalities, or the listed
 * units — plus every unit the release answers for that year, so a frame always holds its
 * respondents. Returns how many frames were new or changed (a changed frame changes the shares
 * served); the (question, year) pairs a changed frame covered before or covers now are marked
 * for the stored share counts' refresh (scope-counts.ts). Set-based: one statement reads what
 * every frame should hold and what is stored, and the changed ones are written together (a
 * yearly ÖJ publication has nine frames; one at a time was some sixty statements).
 */
export async function writeFrames(q: QueryRunner, runId: string, releases: readonly ParsedRelease[]): Promise<number> {
  const frames = releases.flatMap((release) => release.frames.map((frame) => ({ release, frame })));
  if (!frames.length) return 0;
  const rows = (await q.query(
    `SELECT
       coalesce((SELECT array_agg(u.unit_code::text ORDER BY u.unit_code) FROM reporting_unit u
         WHERE (f.kind = 'ALL_MUNICIPALITIES' AND u.unit_kind = 'MUNICIPALITY')
            OR (f.kind = 'REGION' AND u.unit_kind = 'MUNICIPALITY' AND u.region_code = f.region)
            OR u.unit_code = ANY(f.units) OR u.unit_code = ANY(f.respondents)), '{}') AS units,
       CASE f.kind WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = f.region)
         WHEN 'ALL_MUNICIPALITIES' THEN 'all municipalities' ELSE f.label END AS label,
       CASE f.kind WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = f.region)
         WHEN 'ALL_MUNICIPALITIES' THEN 'alla kommuner' ELSE f.label_sv END AS label_sv,
       e.id IS NOT NULL AS stored, e.frame_kind, e.region_code::text AS region_code, e.label AS stored_label,
       e.label_sv AS stored_label_sv, e.publication,
       coalesce((SELECT array_agg(x.question_code::text ORDER BY x.question_code) FROM release_frame_question x WHERE x.frame_id = e.id), '{}') AS questions,
       coalesce((SELECT array_agg(x.unit_code::text ORDER BY x.unit_code) FROM release_frame_unit x WHERE x.frame_id = e.id), '{}') AS stored_units
     FROM jsonb_to_recordset($1::jsonb)
       f(i int, kind text, region text, units text[], respondents text[], label text, label_sv text, source text, release_key text, year int)
     LEFT JOIN release_frame e ON e.source = f.source AND e.release_key = f.release_key AND e.year = f.year
     ORDER BY f.i`,
    [
      JSON.stringify(
        frames.map(({ release, frame }, i) => ({
          i,
          kind: frame.kind,
          region: frame.regionCode,
          units: frame.units.map((u) => u.code),
          respondents: [...new Set(release.answers.filter((a) => a.year === frame.year).map((a) => a.unit.code))],
          label: frame.label?.en ?? `units listed in ${release.file}`,
          label_sv: frame.label?.sv ?? `enheterna i ${release.file}`,
          source: release.source,
          release_key: release.releaseKey,
          year: frame.year,
        })),
      ),
    ],
  )) as (Record<string, unknown> & { units: string[]; label: string; label_sv: string; stored: boolean })[];
  // The last frame of a (source, release, year) wins, as when they were written one by one.
  const changed = new Map<string, WantedFrame>();
  frames.forEach(({ release, frame }, i) => {
    const row = rows[i]!;
    const wanted: WantedFrame = {
      source: release.source,
      releaseKey: release.releaseKey,
      frame,
      units: row.units,
      label: row.label,
      labelSv: row.label_sv,
      questions: [...new Set(frame.questionCodes)].sort(),
    };
    const stored = row.stored
      ? {
          frame_kind: row['frame_kind'] as string,
          region_code: (row['region_code'] as string | null) ?? null,
          label: row['stored_label'] as string,
          label_sv: row['stored_label_sv'] as string,
          publication: (row['publication'] as string | null) ?? null,
          questions: row['questions'] as string[],
          units: row['stored_units'] as string[],
        }
      : null;
    const key = JSON.stringify([release.source, release.releaseKey, frame.year]);
    if (stored && sameFrame(stored, wanted)) changed.delete(key);
    else changed.set(key, wanted);
  });
  if (!changed.size) return 0;
  await storeFrames(q, runId, [...changed.values()]);
  return changed.size;
}

/** Upserts the frames, marks the pairs they covered and cover for the refresh, and replaces their questions and units. */
async function storeFrames(q: QueryRunner, runId: string, frames: WantedFrame[]): Promise<void> {
  const written = (await q.query(
    `INSERT INTO release_frame (source, release_key, year, frame_kind, region_code, label, label_sv, publication, ingest_run_id, recorded_at)
     SELECT source, release_key, year, frame_kind, region_code, label, label_sv, publication, $2, now()
     FROM jsonb_to_recordset($1::jsonb)
       f(source text, release_key text, year int, frame_kind text, region_code text, label text, label_sv text, publication text)
     ON CONFLICT ON CONSTRAINT release_frame_natural_key DO UPDATE
       SET frame_kind = EXCLUDED.frame_kind, region_code = EXCLUDED.region_code, label = EXCLUDED.label,
           label_sv = EXCLUDED.label_sv, publication = EXCLUDED.publication, ingest_run_id = EXCLUDED.ingest_run_id
     RETURNING id::text, source, release_key, year`,
    [
      JSON.stringify(
        frames.map((w) => ({
          source: w.source,
          release_key: w.releaseKey,
          year: w.frame.year,
          frame_kind: w.frame.kind,
          region_code: w.frame.regionCode,
          label: w.label,
          label_sv: w.labelSv,
          publication: w.frame.publication,
        })),
      ),
      runId,
    ],
  )) as { id: string; source: string; release_key: string; year: number }[];
  const idOf = new Map(written.map((r) => [JSON.stringify([r.source, r.release_key, r.year]), r.id]));
  const ids = frames.map((w) => idOf.get(JSON.stringify([w.source, w.releaseKey, w.frame.year]))!);
  const pairs = frames.flatMap((w) => w.questions.map((code) => [code, w.frame.year] as const));
  await touchPairs(
    q,
    `SELECT fq.question_code, f.year FROM release_frame_question fq JOIN release_frame f ON f.id = fq.frame_id
      WHERE fq.frame_id = ANY($1::bigint[])
     UNION SELECT unnest($2::text[]), unnest($3::smallint[])`,
    [ids, pairs.map(([code]) => code), pairs.map(([, year]) => year)],
  );
  await q.query(`DELETE FROM release_frame_question WHERE frame_id = ANY($1::bigint[])`, [ids]);
  await q.query(`DELETE FROM release_frame_unit WHERE frame_id = ANY($1::bigint[])`, [ids]);
  const questionRows = frames.flatMap((w, i) => w.questions.map((code) => [ids[i]!, code] as const));
  await q.query(
    `INSERT INTO release_frame_question (frame_id, question_code) SELECT unnest($1::bigint[]), unnest($2::text[])`,
    [questionRows.map(([id]) => id), questionRows.map(([, code]) => code)],
  );
  const unitRows = frames.flatMap((w, i) => w.units.map((code) => [ids[i]!, code] as const));
  await q.query(
    `INSERT INTO release_frame_unit (frame_id, unit_code) SELECT unnest($1::bigint[]), unnest($2::text[])`,
    [unitRows.map(([id]) => id), unitRows.map(([, code]) => code)],
  );
}

function sameFrame(stored: StoredFrame, wanted: WantedFrame): boolean {
  return (
    stored.frame_kind === wanted.frame.kind &&
    stored.region_code === wanted.frame.regionCode &&
    stored.label === wanted.label &&
    stored.label_sv === wanted.labelSv &&
    stored.publication === wanted.frame.publication &&
    JSON.stringify(stored.questions) === JSON.stringify(wanted.questions) &&
    JSON.stringify(stored.units) === JSON.stringify(wanted.units)
  );
}
