import { createHash } from 'node:crypto';

export interface CachedResponse {
  etag: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * GraphQL responses keyed by (dataset version, request). The data changes only when an
 * ingest commits, which changes the version, so an entry never needs invalidating: entries
 * of older versions are simply never asked for again and age out (LRU, bounded by bytes).
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  static keyOf(version: string, request: string): string {
    return `${version}:${createHash('sha256').update(request).digest('base64url')}`;
  }

  static etagOf(key: string): string {
    return `"${key}"`;
  }

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: CachedResponse): void {
    const size = value.body.length;
    if (this.maxBytes <= 0 || size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
