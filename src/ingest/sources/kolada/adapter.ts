import { createHash } from 'node:crypto';
import type { FetchedRelease, ParseContext, SourceAdapter } from '../../adapter.js';
import type { ParsedRelease } from '../../release.js';
import { createKoladaClient, DEFAULT_KOLADA_CLIENT_OPTIONS, type KoladaClient, type KoladaProgress } from './client.js';
import { readKoladaKpiConfig, type KoladaKpiConfigEntry } from './kpi-config.js';
import { KOLADA_SOURCE, mapKoladaRelease, type KoladaRawPage } from './map.js';

export interface KoladaFetchOptions {
  years: readonly number[];
  /** Default: every KPI in the config. */
  kpiIds?: readonly string[];
  /** `YYYY-MM-DD`: only values changed since (an incremental run; a release of its own). */
  fromDate?: string | null;
  municipalityIds?: readonly string[];
  /** Default: data/sources/kolada-kpis.csv. */
  config?: readonly KoladaKpiConfigEntry[];
  /** Default: a client against api.kolada.se with DEFAULT_KOLADA_CLIENT_OPTIONS. */
  client?: KoladaClient;
  onProgress?: KoladaProgress;
}

/**
 * What a Kolada FetchedRelease carries besides the data page bodies in `parts`: everything
 * parse needs, so parsing is a function of the fetched release alone.
 */
export interface KoladaReleaseMeta {
  kpiIds: string[];
  years: number[];
  fromDate: string | null;
  /** URL of each data page, parallel to `parts`. */
  pageUrls: string[];
  /** KPI metadata page bodies as received, and their URLs. */
  kpis: Uint8Array[];
  kpiUrls: string[];
  config: KoladaKpiConfigEntry[];
  /** Municipalities asked for (the release's frame); absent when every unit was. */
  municipalityIds?: string[] | null;
}

/** Lists of up to this many KPI ids are spelled out in the release key; longer ones are hashed. */
const LISTED_KPI_IDS = 5;

/**
 * `kolada:<kpis>:<years>[:from=<date>]`, independent of the order ids were given in. kpis is
 * the id list (≤ 5 ids) or `<n>kpis-<sha256 of the sorted list, 12 hex>`. An incremental run
 * carries its from_date, so it is never mistaken for the full release.
 */
export function koladaReleaseKey(kpiIds: readonly string[], years: readonly number[], fromDate: string | null): string {
  const ids = [...new Set(kpiIds)].sort();
  const kpis =
    ids.length <= LISTED_KPI_IDS
      ? ids.join(',')
      : `${ids.length}kpis-${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 12)}`;
  const yearList = [...new Set(years)].sort((a, b) => a - b).join(',');
  return `kolada:${kpis}:${yearList}${fromDate ? `:from=${fromDate}` : ''}`;
}

/** The Kolada meta of a fetched release; its lists must line up with the bytes they describe. */
function readMeta(fetched: FetchedRelease<KoladaReleaseMeta>): KoladaReleaseMeta {
  const meta = fetched.meta;
  if (!meta || meta.pageUrls.length !== fetched.parts.length || meta.kpiUrls.length !== meta.kpis.length) {
    // A programming error (the release was not built by koladaAdapter.fetch), not bad data.
    throw new Error(
      `kolada: ${fetched.file}: fetched release lacks Kolada meta (kpiIds, years, pageUrls, kpis, config)`,
    );
  }
  return meta;
}

const zipPages = (urls: readonly string[], bodies: readonly Uint8Array[]): KoladaRawPage[] =>
  urls.map((url, i) => ({ url, body: bodies[i]! }));

export const koladaAdapter: SourceAdapter<KoladaFetchOptions, KoladaReleaseMeta> = {
  source: KOLADA_SOURCE,

  async fetch(options: KoladaFetchOptions): Promise<FetchedRelease<KoladaReleaseMeta>> {
    const config = [...(options.config ?? readKoladaKpiConfig())];
    const kpiIds = [...new Set(options.kpiIds ?? config.map((c) => c.kpiId))];
    const years = [...new Set(options.years)].sort((a, b) => a - b);
    const fromDate = options.fromDate ?? null;
    const client = options.client ?? createKoladaClient(DEFAULT_KOLADA_CLIENT_OPTIONS);
    const kpiPages = await client.fetchKpis(kpiIds);
    const dataPages = await client.fetchDataPages(kpiIds, years, {
      fromDate,
      ...(options.municipalityIds ? { municipalityIds: options.municipalityIds } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const releaseKey = koladaReleaseKey(kpiIds, years, fromDate);
    const meta: KoladaReleaseMeta = {
      kpiIds,
      years,
      fromDate,
      pageUrls: dataPages.map((p) => p.url),
      kpis: kpiPages.map((p) => p.body),
      kpiUrls: kpiPages.map((p) => p.url),
      config,
      municipalityIds: options.municipalityIds ? [...options.municipalityIds] : null,
    };
    return {
      source: KOLADA_SOURCE,
      releaseKey,
      file: releaseKey,
      parts: dataPages.map((p) => p.body),
      checksumParts: [...kpiPages.map((p) => p.body), Buffer.from(JSON.stringify(config))],
      incremental: !!fromDate,
      meta,
    };
  },

  async parse(fetched: FetchedRelease<KoladaReleaseMeta>, ctx: ParseContext): Promise<ParsedRelease> {
    const meta = readMeta(fetched);
    return mapKoladaRelease(
      {
        releaseKey: fetched.releaseKey,
        file: fetched.file,
        kpiPages: zipPages(meta.kpiUrls, meta.kpis),
        dataPages: zipPages(meta.pageUrls, fetched.parts),
        requestedKpiIds: meta.kpiIds,
        config: meta.config,
        requestedMunicipalityIds: meta.municipalityIds ?? null,
      },
      ctx,
    );
  },
};
