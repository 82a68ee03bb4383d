import type pg from 'pg';
import { streamFor } from './lib/prng.js';

/*
 * The five canonical dashboard queries (issue 5), each in three forms:
 *   - the GraphQL document a dashboard sends to Jämför;
 *   - the raw floor: hand-written SQL through pg, assembled into the same JSON Jämför answers;
 *   - the PostGraphile document over hand-written SQL functions (postgraphile-functions.ts).
 * And a canonical form of the numbers, so that the correctness gate compares all of them.
 */

export type QueryName = 'trend' | 'regionRows' | 'regions' | 'profile' | 'national';
export const QUERY_NAMES: QueryName[] = ['trend', 'regionRows', 'regions', 'profile', 'national'];

export const QUERY_TITLES: Record<QueryName, string> = {
  trend: '1. trend: one question, one municipality, 15 years + region, kommungrupp, riket',
  regionRows: '2. comparison: municipalities of one region, ranked by answer, + references',
  regions: '3. cross-county: 21 regions, rank, median and quartiles',
  profile: '4. profile: one municipality, every area and question, one year',
  national: '5. national: all 290 municipalities (+ districts), one page',
};

export interface Params {
  q: string;
  u: string;
  r: string;
  y: number;
  from: number;
  to: number;
}

export interface ParamSpace {
  questions: string[];
  municipalities: string[];
  regions: string[];
  years: number[];
}

/** n parameter sets drawn from a seeded stream (the same sets for every contestant). */
export function paramSets(space: ParamSpace, n: number, seed: number): Params[] {
  const rng = streamFor(seed, 'params');
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  return Array.from({ length: n }, () => ({
    q: pick(space.questions),
    u: pick(space.municipalities),
    r: pick(space.regions),
    y: pick(space.years),
    from: space.years[0]!,
    to: space.years[space.years.length - 1]!,
  }));
}

// ---------------------------------------------------------------------------------------
// Jämför: GraphQL documents

const SHARE = 'numerator denominator share';

export const JAMFOR_DOCS: Record<QueryName, string> = {
  trend: `query Trend($q: String!, $u: String!, $from: Int!, $to: Int!) {
  routineTrend(question: $q, unit: $u, fromYear: $from, toYear: $to) {
    unit { code name }
    points { year answer region { ${SHARE} } kommungrupp { ${SHARE} } nation { ${SHARE} } }
  }
}`,
  regionRows: `query RegionRows($q: String!, $y: Int!, $r: String!) {
  routineComparison(question: $q, year: $y, scope: { kind: REGION, code: $r }, orderBy: ANSWER) {
    summary { ${SHARE} }
    references { scope { kind code } ${SHARE} }
    rows(first: 100) { totalCount nodes { unit { code name } answer previousAnswer changed } }
  }
}`,
  regions: `query Regions($q: String!, $y: Int!) {
  regionComparison(question: $q, year: $y) {
    regions { share { scope { code name } ${SHARE} } rank quartileBand }
    nation { ${SHARE} }
    median lowerQuartile upperQuartile
  }
}`,
  profile: `query Profile($u: String!, $y: Int!) {
  routineProfile(unit: $u, year: $y) {
    unit { code name }
    areas { area { code name } items { question { code } answer region { share } kommungrupp { share } nation { share } } }
  }
}`,
  national: `query National($q: String!, $y: Int!) {
  routineComparison(question: $q, year: $y, scope: { kind: NATION }) {
    summary { ${SHARE} }
    rows(first: 500) { totalCount nodes { unit { code name region { code } } answer previousAnswer changed } }
  }
}`,
};

/** The queries whose root field takes `asOf` (the regions comparison is of the current data only). */
export const AS_OF_NAMES: QueryName[] = ['trend', 'regionRows', 'profile', 'national'];

/** A canonical document asking for the data as it stood at `$asOf`: one more declared variable and argument. */
export function asOfDocument(name: QueryName): string {
  return JAMFOR_DOCS[name]
    .replace(/^query (\w+)\(/, 'query $1($asOf: DateTime, ')
    .replace(/^( {2}\w+)\(/m, '$1(asOf: $asOf, ');
}

export function jamforVariables(name: QueryName, p: Params): Record<string, unknown> {
  switch (name) {
    case 'trend':
      return { q: p.q, u: p.u, from: p.from, to: p.to };
    case 'regionRows':
      return { q: p.q, y: p.y, r: p.r };
    case 'regions':
    case 'national':
      return { q: p.q, y: p.y };
    case 'profile':
      return { u: p.u, y: p.y };
  }
}

// ---------------------------------------------------------------------------------------
// The raw floor: hand-written SQL, same JSON

type Row = Record<string, unknown>;
const ANSWER_ORDER = `array_position(ARRAY['JA','NEJ','EJ_AKTUELLT','NO_RESPONSE','NOT_ASKED']::varchar[], c.answer)`;

/** numerator / denominator / share exactly as Jämför computes them (policy APPLICABLE). */
function share(collected: boolean, ja: unknown, den: unknown) {
  if (!collected) return { numerator: null, denominator: null, share: null };
  const n = Number(ja ?? 0);
  const d = Number(den ?? 0);
  return { numerator: n, denominator: d, share: d > 0 ? n / d : null };
}

function scopeCounts(prefix: string, match: string): string {
  return `count(*) FILTER (WHERE m.unit_kind = 'MUNICIPALITY' AND ${match} AND a.answer = 'JA')::int AS ${prefix}_ja,
      count(*) FILTER (WHERE m.unit_kind = 'MUNICIPALITY' AND ${match} AND a.answer IN ('JA', 'NEJ'))::int AS ${prefix}_den`;
}

export const FLOOR_SQL = {
  trend: `WITH t AS (SELECT unit_code, name, region_code, kommungrupp_code FROM reporting_unit WHERE unit_code = $2),
    c AS (
      SELECT a.year, ${scopeCounts('r', 'm.region_code = t.region_code')}, ${scopeCounts('g', 'm.kommungrupp_code = t.kommungrupp_code')},
        ${scopeCounts('n', 'true')}
      FROM routine_answer a JOIN reporting_unit m ON m.unit_code = a.unit_code CROSS JOIN t
      WHERE a.question_code = $1 AND a.year BETWEEN $3 AND $4
      GROUP BY a.year)
    SELECT y.year, t.unit_code, t.name, c.year IS NOT NULL AS collected, c.r_ja, c.r_den, c.g_ja, c.g_den, c.n_ja, c.n_den, own.answer
    FROM t CROSS JOIN generate_series($3::int, $4::int) y(year)
    LEFT JOIN c ON c.year = y.year
    LEFT JOIN routine_answer own ON own.question_code = $1 AND own.unit_code = t.unit_code AND own.year = y.year
    ORDER BY y.year`,
  /** Unit rows of a scope ($3 = region code, NULL = riket), ordered by answer or by name. */
  comparisonRows: (
    orderByAnswer: boolean,
  ) => `WITH prev AS (SELECT max(year) AS year FROM routine_answer WHERE question_code = $1 AND year < $2),
    cur AS (SELECT unit_code, answer FROM routine_answer WHERE question_code = $1 AND year = $2)
    SELECT u.unit_code, u.name, u.region_code, c.answer, prev.year AS prev_year, pa.answer AS prev_answer
    FROM reporting_unit u CROSS JOIN prev
    LEFT JOIN cur c ON c.unit_code = u.unit_code
    LEFT JOIN routine_answer pa ON pa.question_code = $1 AND pa.year = prev.year AND pa.unit_code = u.unit_code
    WHERE ($3::text IS NULL OR u.region_code = $3::text)
      AND (u.unit_kind = 'MUNICIPALITY' OR (u.unit_kind = 'DISTRICT' AND c.unit_code IS NOT NULL))
    ORDER BY ${orderByAnswer ? `${ANSWER_ORDER} NULLS LAST, ` : ''}u.name, u.unit_code`,
  /** Ja and Ja + Nej per (region, kommungrupp) over municipalities, and whether the year was collected. */
  comparisonCounts: `SELECT m.region_code::text AS region_code, m.kommungrupp_code::text AS kommungrupp_code,
      count(*) FILTER (WHERE a.answer = 'JA')::int AS ja, count(*) FILTER (WHERE a.answer IN ('JA', 'NEJ'))::int AS den,
      EXISTS (SELECT 1 FROM routine_answer x WHERE x.question_code = $1 AND x.year = $2) AS collected
    FROM reporting_unit m LEFT JOIN routine_answer a ON a.unit_code = m.unit_code AND a.question_code = $1 AND a.year = $2
    WHERE m.unit_kind = 'MUNICIPALITY'
    GROUP BY 1, 2`,
  regions: `WITH col AS (SELECT EXISTS (SELECT 1 FROM routine_answer WHERE question_code = $1 AND year = $2) AS collected),
    c AS (
      SELECT m.region_code, count(*) FILTER (WHERE a.answer = 'JA')::int AS ja, count(*) FILTER (WHERE a.answer IN ('JA', 'NEJ'))::int AS den
      FROM reporting_unit m LEFT JOIN routine_answer a ON a.unit_code = m.unit_code AND a.question_code = $1 AND a.year = $2
      WHERE m.unit_kind = 'MUNICIPALITY' GROUP BY m.region_code),
    s AS (
      SELECT r.region_code, r.name, c.ja, c.den, col.collected, CASE WHEN col.collected AND c.den > 0 THEN c.ja::float8 / c.den END AS share
      FROM region r JOIN c ON c.region_code = r.region_code CROSS JOIN col),
    st AS (
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY share) AS median, percentile_cont(0.25) WITHIN GROUP (ORDER BY share) AS lq,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY share) AS uq
      FROM s WHERE share IS NOT NULL)
    SELECT s.*, CASE WHEN s.share IS NOT NULL THEN (rank() OVER (PARTITION BY s.share IS NULL ORDER BY s.share DESC))::int END AS rank, st.*
    FROM s CROSS JOIN st
    ORDER BY rank NULLS LAST, s.name`,
  profile: `WITH t AS (SELECT unit_code, name, region_code, kommungrupp_code FROM reporting_unit WHERE unit_code = $1),
    qs AS (SELECT q.question_code, q.area_code FROM question q WHERE EXISTS (SELECT 1 FROM routine_answer ra WHERE ra.question_code = q.question_code)),
    c AS (
      SELECT a.question_code, ${scopeCounts('r', 'm.region_code = t.region_code')}, ${scopeCounts('g', 'm.kommungrupp_code = t.kommungrupp_code')},
        ${scopeCounts('n', 'true')}
      FROM routine_answer a JOIN reporting_unit m ON m.unit_code = a.unit_code CROSS JOIN t
      WHERE a.year = $2 AND a.question_code IN (SELECT question_code FROM qs)
      GROUP BY a.question_code)
    SELECT t.unit_code, t.name AS unit_name, qs.question_code, sa.area_code, sa.name AS area_name, c.question_code IS NOT NULL AS collected,
      c.r_ja, c.r_den, c.g_ja, c.g_den, c.n_ja, c.n_den, own.answer
    FROM t CROSS JOIN qs
    LEFT JOIN service_area sa ON sa.area_code = qs.area_code
    LEFT JOIN c ON c.question_code = qs.question_code
    LEFT JOIN routine_answer own ON own.question_code = qs.question_code AND own.unit_code = t.unit_code AND own.year = $2
    ORDER BY sa.sort_order NULLS LAST, qs.question_code`,
};

const ownAnswer = (collected: boolean, stored: unknown) =>
  collected ? ((stored as string | null) ?? 'NO_RESPONSE') : null;

function comparisonNodes(rows: Row[], collected: boolean, withRegion: boolean) {
  return rows.map((r) => {
    const answer = ownAnswer(collected, r['answer']);
    const previousAnswer = r['prev_year'] === null ? null : ((r['prev_answer'] as string | null) ?? 'NO_RESPONSE');
    return {
      unit: withRegion
        ? { code: r['unit_code'], name: r['name'], region: { code: r['region_code'] } }
        : { code: r['unit_code'], name: r['name'] },
      answer,
      previousAnswer,
      changed: previousAnswer === null || answer === null ? null : previousAnswer !== answer,
    };
  });
}

/** The floor: the same `data` Jämför answers, from hand-written SQL. */
export async function floorData(db: pg.Pool, name: QueryName, p: Params): Promise<unknown> {
  switch (name) {
    case 'trend': {
      const { rows } = await db.query(FLOOR_SQL.trend, [p.q, p.u, p.from, p.to]);
      const first = rows[0] as Row;
      return {
        routineTrend: {
          unit: { code: first['unit_code'], name: first['name'] },
          points: rows.map((r: Row) => {
            const col = r['collected'] === true;
            return {
              year: r['year'],
              answer: ownAnswer(col, r['answer']),
              region: share(col, r['r_ja'], r['r_den']),
              kommungrupp: share(col, r['g_ja'], r['g_den']),
              nation: share(col, r['n_ja'], r['n_den']),
            };
          }),
        },
      };
    }
    case 'regionRows':
    case 'national': {
      const region = name === 'regionRows' ? p.r : null;
      const [units, counts] = await Promise.all([
        db.query(FLOOR_SQL.comparisonRows(name === 'regionRows'), [p.q, p.y, region]),
        db.query(FLOOR_SQL.comparisonCounts, [p.q, p.y]),
      ]);
      const countRows = counts.rows as Row[];
      const collected = countRows[0]?.['collected'] === true;
      const sum = (keep: (r: Row) => boolean) => {
        const acc = { ja: 0, den: 0 };
        for (const r of countRows) {
          if (!keep(r)) continue;
          acc.ja += Number(r['ja']);
          acc.den += Number(r['den']);
        }
        return acc;
      };
      const nation = sum(() => true);
      const nodes = comparisonNodes(units.rows as Row[], collected, name === 'national');
      const rows = { totalCount: nodes.length, nodes };
      if (name === 'national') return { routineComparison: { summary: share(collected, nation.ja, nation.den), rows } };
      const own = sum((r) => r['region_code'] === region);
      const groups = [
        ...new Set(countRows.filter((r) => r['region_code'] === region).map((r) => String(r['kommungrupp_code']))),
      ].sort();
      const references = [
        ...groups.map((g) => {
          const c = sum((r) => r['kommungrupp_code'] === g);
          return { scope: { kind: 'KOMMUNGRUPP', code: g }, ...share(collected, c.ja, c.den) };
        }),
        { scope: { kind: 'NATION', code: '00' }, ...share(collected, nation.ja, nation.den) },
      ];
      return { routineComparison: { summary: share(collected, own.ja, own.den), references, rows } };
    }
    case 'regions': {
      const { rows } = await db.query(FLOOR_SQL.regions, [p.q, p.y]);
      const first = rows[0] as Row;
      const collected = first['collected'] === true;
      const uq = first['uq'] as number | null;
      const med = first['median'] as number | null;
      const lq = first['lq'] as number | null;
      let ja = 0;
      let den = 0;
      const regions = rows.map((r: Row) => {
        ja += Number(r['ja']);
        den += Number(r['den']);
        const s = r['share'] as number | null;
        return {
          share: { scope: { code: r['region_code'], name: r['name'] }, ...share(collected, r['ja'], r['den']) },
          rank: r['rank'],
          quartileBand: s === null ? null : s >= uq! ? 1 : s >= med! ? 2 : s >= lq! ? 3 : 4,
        };
      });
      return {
        regionComparison: {
          regions,
          nation: share(collected, ja, den),
          median: med,
          lowerQuartile: lq,
          upperQuartile: uq,
        },
      };
    }
    case 'profile': {
      const { rows } = await db.query(FLOOR_SQL.profile, [p.u, p.y]);
      const first = rows[0] as Row;
      const areas: { area: { code: unknown; name: unknown } | null; items: unknown[] }[] = [];
      let current: unknown = undefined;
      for (const r of rows as Row[]) {
        if (areas.length === 0 || r['area_code'] !== current) {
          current = r['area_code'];
          areas.push({
            area: r['area_code'] === null ? null : { code: r['area_code'], name: r['area_name'] },
            items: [],
          });
        }
        const col = r['collected'] === true;
        areas[areas.length - 1]!.items.push({
          question: { code: r['question_code'] },
          answer: ownAnswer(col, r['answer']),
          region: { share: share(col, r['r_ja'], r['r_den']).share },
          kommungrupp: { share: share(col, r['g_ja'], r['g_den']).share },
          nation: { share: share(col, r['n_ja'], r['n_den']).share },
        });
      }
      return { routineProfile: { unit: { code: first['unit_code'], name: first['unit_name'] }, areas } };
    }
  }
}

// ---------------------------------------------------------------------------------------
// Canonical numbers, for the correctness gate across differently shaped answers

type J = Record<string, any>;
const nums = (s: J | null | undefined) =>
  s ? [s['numerator'] ?? null, s['denominator'] ?? null, s['share'] ?? null] : null;

/** Canonical numbers of a Jämför (or floor) `data` object. */
export function canonicalFromJamfor(name: QueryName, data: J): unknown {
  switch (name) {
    case 'trend': {
      const t = data['routineTrend'];
      return {
        unit: t.unit.code,
        points: t.points.map((p: J) => [
          p['year'],
          p['answer'],
          nums(p['region']),
          nums(p['kommungrupp']),
          nums(p['nation']),
        ]),
      };
    }
    case 'regionRows':
    case 'national': {
      const c = data['routineComparison'];
      return {
        summary: nums(c.summary),
        references:
          name === 'regionRows' ? c.references.map((r: J) => [r['scope'].kind, r['scope'].code, ...nums(r)!]) : [],
        total: c.rows.totalCount,
        rows: c.rows.nodes.map((n: J) => [n['unit'].code, n['answer'], n['previousAnswer'], n['changed']]),
      };
    }
    case 'regions': {
      const c = data['regionComparison'];
      return {
        regions: c.regions.map((r: J) => [r['share'].scope.code, ...nums(r['share'])!, r['rank'], r['quartileBand']]),
        nation: nums(c.nation),
        stats: [c.median, c.lowerQuartile, c.upperQuartile],
      };
    }
    case 'profile': {
      const c = data['routineProfile'];
      return {
        unit: c.unit.code,
        items: c.areas.flatMap((a: J) =>
          a['items'].map((i: J) => [
            a['area']?.code ?? null,
            i['question'].code,
            i['answer'],
            i['region'].share,
            i['kommungrupp'].share,
            i['nation'].share,
          ]),
        ),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------
// PostGraphile over SQL functions with Jämför's own SQL

const PG_SHARE = 'numerator denominator share isCollected';

export const POSTGRAPHILE_DOCS: Record<QueryName, string> = {
  trend: `query Trend($q: String!, $u: String!, $from: Int!, $to: Int!) {
  jfTrend(question: $q, unit: $u, fromYear: $from, toYear: $to, policy: "APPLICABLE") { nodes { unitCode unitName year scopeKind ${PG_SHARE} unitAnswer } }
}`,
  regionRows: `query RegionRows($q: String!, $y: Int!, $r: String!) {
  jfComparisonShares(question: $q, year: $y, kind: "REGION", code: $r, policy: "APPLICABLE") { nodes { scopeKind scopeCode ${PG_SHARE} } }
  jfComparisonRowsByAnswer(question: $q, year: $y, kind: "REGION", code: $r, policy: "APPLICABLE") { nodes { unitCode unitName answer prevYear prevAnswer } }
}`,
  regions: `query Regions($q: String!, $y: Int!) {
  jfRegionComparison(question: $q, year: $y, policy: "APPLICABLE") { nodes { scopeKind scopeCode scopeName ${PG_SHARE} rank quartileBand median lowerQuartile upperQuartile } }
}`,
  profile: `query Profile($u: String!, $y: Int!) {
  jfProfile(unit: $u, year: $y, policy: "APPLICABLE") { nodes { unitCode unitName saCode saName qCode scopeKind share isCollected unitAnswer } }
}`,
  national: `query National($q: String!, $y: Int!) {
  jfComparisonShares(question: $q, year: $y, kind: "NATION", code: "00", policy: "APPLICABLE") { nodes { scopeKind scopeCode ${PG_SHARE} } }
  jfComparisonRowsByName(question: $q, year: $y, kind: "NATION", code: "00", policy: "APPLICABLE") { nodes { unitCode unitName rCode answer prevYear prevAnswer } }
}`,
};

export const postgraphileVariables = jamforVariables;

const pgShare = (r: J | undefined) => {
  if (!r) return null;
  return [r['numerator'] ?? null, r['denominator'] ?? null, r['share'] ?? null];
};

/** Canonical numbers of a PostGraphile `data` object (rows of Jämför's SQL, assembled as Jämför does). */
export function canonicalFromPostgraphile(name: QueryName, data: J): unknown {
  switch (name) {
    case 'trend': {
      const rows: J[] = data['jfTrend'].nodes;
      const years = [...new Set(rows.map((r) => r['year']))];
      return {
        unit: rows[0]!['unitCode'],
        points: years.map((y) => {
          const of = (k: string) => rows.find((r) => r['year'] === y && r['scopeKind'] === k);
          const any = of('NATION')!;
          return [
            y,
            ownAnswer(any['isCollected'] === true, any['unitAnswer']),
            pgShare(of('REGION')),
            pgShare(of('KOMMUNGRUPP')),
            pgShare(of('NATION')),
          ];
        }),
      };
    }
    case 'regionRows':
    case 'national': {
      const shares: J[] = data['jfComparisonShares'].nodes;
      const units: J[] = data[name === 'regionRows' ? 'jfComparisonRowsByAnswer' : 'jfComparisonRowsByName'].nodes;
      const collected = shares[0]!['isCollected'] === true;
      return {
        summary: pgShare(shares[0]),
        references:
          name === 'regionRows' ? shares.slice(1).map((s) => [s['scopeKind'], s['scopeCode'], ...pgShare(s)!]) : [],
        total: units.length,
        rows: units.map((u) => {
          const answer = ownAnswer(collected, u['answer']);
          const prev = u['prevYear'] === null ? null : (u['prevAnswer'] ?? 'NO_RESPONSE');
          return [u['unitCode'], answer, prev, prev === null || answer === null ? null : prev !== answer];
        }),
      };
    }
    case 'regions': {
      const rows: J[] = data['jfRegionComparison'].nodes;
      const first = rows[0]!;
      return {
        regions: rows
          .filter((r) => r['scopeKind'] === 'REGION')
          .map((r) => [r['scopeCode'], ...pgShare(r)!, r['rank'], r['quartileBand']]),
        nation: pgShare(rows.find((r) => r['scopeKind'] === 'NATION')),
        stats: [first['median'], first['lowerQuartile'], first['upperQuartile']],
      };
    }
    case 'profile': {
      const rows: J[] = data['jfProfile'].nodes.filter((r: J) => r['qCode'] !== null);
      const codes = [...new Set(rows.map((r) => r['qCode']))];
      return {
        unit: rows[0]!['unitCode'],
        items: codes.map((c) => {
          const of = (k: string) => rows.find((r) => r['qCode'] === c && r['scopeKind'] === k)!;
          const n = of('NATION');
          return [
            n['saCode'] ?? null,
            c,
            ownAnswer(n['isCollected'] === true, n['unitAnswer']),
            of('REGION')['share'],
            of('KOMMUNGRUPP')['share'],
            n['share'],
          ];
        }),
      };
    }
  }
}
