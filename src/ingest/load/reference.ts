import type { EntityManager } from 'typeorm';
import { readReferenceCatalog, type ReferenceCatalog } from '../reference-catalog.js';
import { ensureScopeCounts } from './scope-counts.js';

export interface ReferenceLoadResult {
  regions: number;
  municipalities: number;
  districts: number;
  serviceAreas: number;
  reportingUnits: number;
  /** Rows inserted or changed by this load: 0 on a second load of the same data. */
  changed: number;
}

const KOMMUNGRUPP_CLASSIFICATION = 'SKR kommungrupper 2023';
// kommuner.csv rounds populations to the nearest 100 (shared/reference/README).
const POPULATION_ROUNDED_TO = 100;

/**
 * Reads data/reference and loads it, on the owner connection after migrations (start-up, the
 * ingest CLI, the test and bench templates), then recomputes the stored share counts if it changed. The database layer never does this itself: it
 * only migrates, creates roles and opens pools.
 */
export async function loadBundledReference(
  db: EntityManager,
  log?: (message: string) => void,
): Promise<ReferenceLoadResult> {
  const result = await loadReference(db, readReferenceCatalog());
  log?.(
    `reference data: ${result.regions} regions, ${result.municipalities} municipalities, ${result.districts} districts (${result.changed} rows changed)`,
  );
  // The stored share counts depend on the reference data (who lies in which scope, populations)
  // and on the counting rule: brought in step here, at start-up, when either changed.
  const q = db.connection.createQueryRunner();
  try {
    if (await ensureScopeCounts(q)) log?.('stored share counts recomputed (counting rule or reference data changed)');
  } finally {
    await q.release();
  }
  return result;
}

/**
 * Upserts the reference geography in one transaction, set-based (one statement per table),
 * changing only rows whose values differ — loading the same files twice changes nothing.
 */
export async function loadReference(db: EntityManager, catalog: ReferenceCatalog): Promise<ReferenceLoadResult> {
  return db.transaction(async (tx) => {
    const regions = [...catalog.regions.values()];
    const municipalities = [...catalog.municipalities.values()];
    const districts = [...catalog.districts.values()];
    const areas = [...catalog.serviceAreas.values()];
    const groups = new Map(municipalities.map((m) => [m.kommungrupp, m.kommungruppName]));
    let changed = 0;
    const run = async (sql: string, params: unknown[]) => {
      const result = await tx.query<unknown[]>(sql, params);
      changed += result.length;
    };
    await run(upsert('region', ['region_code', 'name', 'region_name', 'kolada_id'], ['text', 'text', 'text', 'text']), [
      regions.map((r) => r.code),
      regions.map((r) => r.name),
      regions.map((r) => r.regionName),
      regions.map((r) => r.koladaId),
    ]);
    await run(upsert('kommungrupp', ['kommungrupp_code', 'name', 'classification'], ['text', 'text', 'text']), [
      [...groups.keys()],
      [...groups.values()],
      [...groups.keys()].map(() => KOMMUNGRUPP_CLASSIFICATION),
    ]);
    await run(
      upsert(
        'municipality',
        [
          'municipality_code',
          'name',
          'region_code',
          'kommungrupp_code',
          'population',
          'population_year',
          'population_rounded_to',
          'is_population_approximate',
        ],
        ['text', 'text', 'text', 'text', 'int', 'int', 'int', 'bool'],
      ),
      [
        municipalities.map((m) => m.code),
        municipalities.map((m) => m.name),
        municipalities.map((m) => m.regionCode),
        municipalities.map((m) => m.kommungrupp),
        municipalities.map((m) => m.population),
        municipalities.map((m) => m.populationYear),
        municipalities.map(() => POPULATION_ROUNDED_TO),
        municipalities.map(() => true),
      ],
    );
    await run(
      upsert(
        'district',
        ['district_code', 'name', 'municipality_code', 'valid_from_year'],
        ['text', 'text', 'text', 'int'],
      ),
      [
        districts.map((d) => d.code),
        districts.map((d) => d.name),
        districts.map((d) => d.municipalityCode),
        districts.map((d) => d.validFromYear),
      ],
    );
    await run(upsert('service_area', ['area_code', 'name', 'sort_order'], ['text', 'text', 'int']), [
      areas.map((a) => a.code),
      areas.map((a) => a.name),
      areas.map((a) => a.sortOrder),
    ]);
    const units = [
      { code: '00', kind: 'NATION', name: 'Riket', municipality: null, region: null, group: null },
      ...regions.map((r) => ({
        code: r.code,
        kind: 'REGION',
        name: r.name,
        municipality: null,
        region: r.code,
        group: null,
      })),
      ...municipalities.map((m) => ({
        code: m.code,
        kind: 'MUNICIPALITY',
        name: m.name,
        municipality: m.code,
        region: m.regionCode,
        group: m.kommungrupp,
      })),
      ...districts.map((d) => {
        const parent = catalog.municipalities.get(d.municipalityCode)!;
        return {
          code: d.code,
          kind: 'DISTRICT',
          name: d.name,
          municipality: parent.code,
          region: parent.regionCode,
          group: parent.kommungrupp,
        };
      }),
    ];
    await run(
      upsert(
        'reporting_unit',
        ['unit_code', 'unit_kind', 'name', 'municipality_code', 'region_code', 'kommungrupp_code'],
        ['text', 'text', 'text', 'text', 'text', 'text'],
      ),
      [
        units.map((u) => u.code),
        units.map((u) => u.kind),
        units.map((u) => u.name),
        units.map((u) => u.municipality),
        units.map((u) => u.region),
        units.map((u) => u.group),
      ],
    );
    return {
      regions: regions.length,
      municipalities: municipalities.length,
      districts: districts.length,
      serviceAreas: areas.length,
      reportingUnits: units.length,
      changed,
    };
  });
}

/** INSERT … SELECT FROM unnest($1, $2 …) ON CONFLICT (first column) DO UPDATE only where something differs. */
function upsert(table: string, columns: string[], types: string[]): string {
  const [key, ...rest] = columns;
  const params = columns.map((_, i) => `$${i + 1}::${types[i]}[]`).join(', ');
  const set = rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const differs = rest.map((c) => `${table}.${c} IS DISTINCT FROM EXCLUDED.${c}`).join(' OR ');
  return `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${params})
    ON CONFLICT (${key}) DO UPDATE SET ${set} WHERE ${differs}
    RETURNING 1`;
}
