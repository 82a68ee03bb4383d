import type { KoladaDataRow, KoladaEnvelope, KoladaKpi } from './records.js';

/** Kolada refuses more than 25 ids per comma-separated path segment (KPIs, municipalities, years). */
export const KOLADA_MAX_IDS_PER_SEGMENT = 25;

export interface KoladaClientOptions {
  /** e.g. `https://api.kolada.se/v3`, without a trailing slash. */
  baseUrl: string;
  /** Per request, covering headers and body. */
  timeoutMs: number;
  /** Retries after the first attempt; a request is tried at most maxRetries + 1 times. */
  maxRetries: number;
  baseDelayMs: number;
  /** Upper bound for one backoff wait, and for a server's Retry-After. */
  maxDelayMs: number;
  /** Kolada's default and maximum is 5000. */
  perPage: number;
  /** Hard cap on pages followed in one listing; a listing that goes on longer is an error. */
  maxPages?: number;
  /** Minimum time between request starts (Kolada asks clients to stay near 5 requests/s). */
  minIntervalMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); drives backoff jitter. */
  random?: () => number;
  /** Epoch ms; used for Retry-After given as an HTTP-date and for request spacing. */
  now?: () => number;
}

export const DEFAULT_KOLADA_CLIENT_OPTIONS: Readonly<KoladaClientOptions> = Object.freeze({
  baseUrl: 'https://api.kolada.se/v3',
  timeoutMs: 30_000,
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  perPage: 5000,
  maxPages: 1000,
  minIntervalMs: 200,
});

export type KoladaFetchErrorReason =
  'invalid-request' | 'http' | 'timeout' | 'network' | 'invalid-body' | 'paging-loop' | 'page-limit' | 'foreign-link';

/** Every failure of the Kolada client: the URL it concerned, the last HTTP status (if any) and how many attempts were made. */
export class KoladaFetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
    readonly attempts: number,
    readonly reason: KoladaFetchErrorReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KoladaFetchError';
  }
}

/** One page exactly as received (the ledger hashes `body`) and its parsed envelope. */
export interface KoladaPage<T> {
  url: string;
  body: Uint8Array;
  envelope: KoladaEnvelope<T>;
}

/** Called after every page with running totals for the whole call. */
export type KoladaProgress = (pages: number, rows: number) => void;

export interface KoladaListOptions {
  onProgress?: KoladaProgress;
}

export interface KoladaDataOptions extends KoladaListOptions {
  /** `YYYY-MM-DD`: only values changed since that day (incremental runs). */
  fromDate?: string | null;
  /** Restrict to these municipality ids (`0180`, `0001`, `0000`, or group ids `G…`). */
  municipalityIds?: readonly string[];
}

export interface KoladaClient {
  /** KPI metadata for the given ids, every page in order; [] for no ids. */
  fetchKpis(ids: readonly string[], options?: KoladaListOptions): Promise<KoladaPage<KoladaKpi>[]>;
  /**
   * Data for every KPI × year (× municipality), chunked into ≤ 25 ids per segment; pages are
   * returned in request order (KPI chunk, then municipality chunk, then year chunk, then page).
   */
  fetchDataPages(
    kpiIds: readonly string[],
    years: readonly number[],
    options?: KoladaDataOptions,
  ): Promise<KoladaPage<KoladaDataRow>[]>;
}

const KPI_ID = /^[NU]\d{5}$/;
const MUNICIPALITY_ID = /^(\d{4}|G\d+)$/;

/** Splits a list into runs of at most `size`, keeping order. */
export function chunk<T>(items: readonly T[], size: number = KOLADA_MAX_IDS_PER_SEGMENT): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Exponential backoff with equal jitter: half the step is fixed, half random; capped at maxDelayMs. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** `Retry-After` as delta-seconds or an HTTP-date, in ms from now (≥ 0); null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError') return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.name === 'TimeoutError';
}

/** The link to the next page: `next_url` (v3) or `next_page` (v2); null when absent or empty. */
function nextLink(envelope: KoladaEnvelope<unknown>): string | null {
  for (const link of [envelope.next_url, envelope.next_page]) {
    if (typeof link === 'string' && link.trim() !== '') return link.trim();
  }
  return null;
}

function parseEnvelope<T>(url: string, status: number, body: Uint8Array, attempts: number): KoladaEnvelope<T> {
  const text = new TextDecoder('utf-8').decode(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const kind = /^\s*</.test(text) ? 'an HTML/XML page' : 'invalid or truncated JSON';
    throw new KoladaFetchError(
      `Kolada ${url} returned ${kind}, not a JSON envelope (${body.length} bytes, starts "${snippet(text.slice(0, 200))}")`,
      url,
      status,
      attempts,
      'invalid-body',
      { cause: error },
    );
  }
  const envelope = json as Partial<KoladaEnvelope<T>> | null;
  const badLink = (link: unknown) => link !== undefined && link !== null && typeof link !== 'string';
  if (
    typeof envelope !== 'object' ||
    envelope === null ||
    Array.isArray(envelope) ||
    !Array.isArray(envelope.values) ||
    badLink(envelope.next_url) ||
    badLink(envelope.next_page)
  ) {
    throw new KoladaFetchError(
      `Kolada ${url} returned JSON that is not an envelope {count, values, next_url} (starts "${snippet(text.slice(0, 200))}")`,
      url,
      status,
      attempts,
      'invalid-body',
    );
  }
  return envelope as KoladaEnvelope<T>;
}

/** What every request of one client shares: its settings resolved, and when the last request started. */
interface Transport {
  options: KoladaClientOptions;
  baseUrl: string;
  origin: string;
  fetchImpl: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  maxPages: number;
  minIntervalMs: number;
  lastStart: number | null;
}

function createTransport(options: KoladaClientOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    options,
    baseUrl,
    origin: new URL(baseUrl).origin,
    fetchImpl: options.fetchImpl ?? globalThis.fetch,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    maxPages: options.maxPages ?? DEFAULT_KOLADA_CLIENT_OPTIONS.maxPages!,
    minIntervalMs: options.minIntervalMs ?? 0,
    lastStart: null,
  };
}

/** Keeps request starts at least minIntervalMs apart. */
async function throttle(t: Transport): Promise<void> {
  if (t.minIntervalMs > 0 && t.lastStart !== null) {
    const wait = t.lastStart + t.minIntervalMs - t.now();
    if (wait > 0) await t.sleep(wait);
  }
  t.lastStart = t.now();
}

/** One attempt at a page: the page, or the failure and how long to wait before the next attempt. */
async function attemptPage<T>(
  t: Transport,
  url: string,
  attempt: number,
): Promise<{ page: KoladaPage<T> } | { failure: KoladaFetchError; delayMs: number }> {
  const { options } = t;
  let delayMs = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, t.random);
  try {
    const response = await t.fetchImpl(url, {
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (response.ok) {
      const body = new Uint8Array(await response.arrayBuffer());
      return { page: { url, body, envelope: parseEnvelope<T>(url, response.status, body, attempt) } };
    }
    const text = await response.text().catch(() => '');
    const retryable = response.status === 429 || response.status >= 500;
    const failure = new KoladaFetchError(
      `Kolada ${url} answered HTTP ${response.status}${text ? ` ("${snippet(text)}")` : ''}${
        retryable ? ` after ${attempt} attempt(s)` : ''
      }`,
      url,
      response.status,
      attempt,
      'http',
    );
    if (!retryable) throw failure;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), t.now());
    if (retryAfter !== null) delayMs = Math.min(retryAfter, options.maxDelayMs);
    return { failure, delayMs };
  } catch (error) {
    if (error instanceof KoladaFetchError) throw error;
    const timedOut = isTimeout(error);
    const failure = new KoladaFetchError(
      timedOut
        ? `Kolada ${url} timed out after ${options.timeoutMs} ms (attempt ${attempt})`
        : `Kolada ${url} failed: ${describeCause(error)} (attempt ${attempt})`,
      url,
      null,
      attempt,
      timedOut ? 'timeout' : 'network',
      { cause: error },
    );
    return { failure, delayMs };
  }
}

/** One page, retried with backoff after network errors, timeouts, 5xx and 429, at most maxRetries times. */
async function getPage<T>(t: Transport, url: string): Promise<KoladaPage<T>> {
  for (let attempt = 1; ; attempt++) {
    await throttle(t);
    const result = await attemptPage<T>(t, url, attempt);
    if ('page' in result) return result.page;
    if (attempt > t.options.maxRetries) throw result.failure;
    await t.sleep(result.delayMs);
  }
}

/** Follows next_url/next_page from firstUrl; a link back to a fetched page or off-site is an error. */
async function listPages<T>(
  t: Transport,
  firstUrl: string,
  onPage: (page: KoladaPage<T>) => void,
): Promise<KoladaPage<T>[]> {
  const pages: KoladaPage<T>[] = [];
  const visited = new Set<string>();
  let url: string | null = firstUrl;
  while (url !== null) {
    if (pages.length >= t.maxPages) {
      throw new KoladaFetchError(
        `Kolada listing from ${firstUrl} exceeded the cap of ${t.maxPages} pages at ${url}`,
        url,
        null,
        0,
        'page-limit',
      );
    }
    visited.add(url);
    const page: KoladaPage<T> = await getPage<T>(t, url);
    pages.push(page);
    onPage(page);
    const link = nextLink(page.envelope);
    if (link === null) break;
    const next: string = new URL(link, url).href;
    if (new URL(next).origin !== t.origin) {
      throw new KoladaFetchError(`Kolada ${url} links to ${next}, outside ${t.origin}`, url, null, 0, 'foreign-link');
    }
    if (visited.has(next)) {
      throw new KoladaFetchError(
        `Kolada ${url} links to ${next === url ? 'itself' : `${next}, which was already fetched`} (paging loop)`,
        url,
        null,
        0,
        'paging-loop',
      );
    }
    url = next;
  }
  return pages;
}

function pageQuery(perPage: number, fromDate?: string | null): string {
  const params = new URLSearchParams({ per_page: String(perPage) });
  if (fromDate) params.set('from_date', fromDate);
  return params.toString();
}

/** Running page and row totals over one call, reported after every page. */
function progress(onProgress: KoladaProgress | undefined): (page: KoladaPage<unknown>) => void {
  let pages = 0;
  let rows = 0;
  return (page) => {
    pages += 1;
    rows += page.envelope.values.length;
    onProgress?.(pages, rows);
  };
}

/** A request Kolada would refuse, refused before it is sent. */
function invalidRequest(t: Transport, message: string): KoladaFetchError {
  return new KoladaFetchError(message, t.baseUrl, null, 0, 'invalid-request');
}

/** A data request's ids, years and date, each list without repeats; anything Kolada would refuse is an error before any request. */
function checkDataRequest(
  t: Transport,
  kpiIdList: readonly string[],
  yearList: readonly number[],
  options: KoladaDataOptions,
): { kpiIds: string[]; years: number[]; municipalityIds: string[] | null; fromDate: string | null } {
  const invalid = (message: string) => invalidRequest(t, message);
  const kpiIds = unique(kpiIdList);
  const years = unique(yearList);
  const municipalityIds = options.municipalityIds ? unique(options.municipalityIds) : null;
  const badKpis = kpiIds.filter((id) => !KPI_ID.test(id));
  if (badKpis.length > 0) throw invalid(`not Kolada KPI ids: ${badKpis.join(', ')}`);
  const badYears = years.filter((y) => !Number.isInteger(y) || y < 1000 || y > 9999);
  if (badYears.length > 0) throw invalid(`not years: ${badYears.join(', ')}`);
  const badUnits = (municipalityIds ?? []).filter((id) => !MUNICIPALITY_ID.test(id));
  if (badUnits.length > 0) throw invalid(`not Kolada municipality ids: ${badUnits.join(', ')}`);
  const fromDate = options.fromDate ?? null;
  if (fromDate !== null && !isIsoDate(fromDate)) throw invalid(`from_date "${fromDate}" is not a YYYY-MM-DD date`);
  return { kpiIds, years, municipalityIds, fromDate };
}

/** The first URL of each data listing, in request order: KPI chunk, then municipality chunk, then year chunk. */
function dataListingUrls(t: Transport, request: ReturnType<typeof checkDataRequest>): string[] {
  const { kpiIds, years, municipalityIds, fromDate } = request;
  const unitSegments = municipalityIds ? chunk(municipalityIds).map((ids) => `/municipality/${ids.join(',')}`) : [''];
  const query = pageQuery(t.options.perPage, fromDate);
  return chunk(kpiIds).flatMap((kpis25) =>
    unitSegments.flatMap((units) =>
      chunk(years).map(
        (years25) => `${t.baseUrl}/data/kpi/${kpis25.join(',')}${units}/year/${years25.join(',')}?${query}`,
      ),
    ),
  );
}

/**
 * A typed Kolada v3 client: I/O only, no mapping. Every request has its own timeout; network
 * errors, timeouts, HTTP 5xx and 429 are retried with backoff (429/503 honour Retry-After);
 * other 4xx and bodies that are not a JSON envelope fail at once.
 */
export function createKoladaClient(options: KoladaClientOptions): KoladaClient {
  const t = createTransport(options);
  return {
    async fetchKpis(ids, listOptions = {}) {
      const kpiIds = unique(ids);
      const bad = kpiIds.filter((id) => !KPI_ID.test(id));
      if (bad.length > 0) throw invalidRequest(t, `not Kolada KPI ids: ${bad.join(', ')}`);
      const onPage = progress(listOptions.onProgress);
      const pages: KoladaPage<KoladaKpi>[] = [];
      for (const ids25 of chunk(kpiIds)) {
        const url = `${t.baseUrl}/kpi/${ids25.join(',')}?${pageQuery(options.perPage)}`;
        pages.push(...(await listPages<KoladaKpi>(t, url, onPage)));
      }
      return pages;
    },

    async fetchDataPages(kpiIds, years, dataOptions = {}) {
      const request = checkDataRequest(t, kpiIds, years, dataOptions);
      if (request.kpiIds.length === 0 || request.years.length === 0 || request.municipalityIds?.length === 0) return [];
      const onPage = progress(dataOptions.onProgress);
      const pages: KoladaPage<KoladaDataRow>[] = [];
      for (const url of dataListingUrls(t, request)) pages.push(...(await listPages<KoladaDataRow>(t, url, onPage)));
      return pages;
    },
  };
}
