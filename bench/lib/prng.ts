/**
 * The project's one seeded PRNG, used by the benchmark and by the tests' generated fixtures
 * (tests/helpers/national-fixture.ts, the kill test), so each is the same on every machine.
 *
 * Deterministic randomness for the synthetic release. Every series draws from its own stream,
 * seeded by a hash of (seed, key), so a cell's value does not depend on how many other cells
 * were generated before it: `--scale 10` keeps every answer of `--scale 1` and adds new ones.
 */

/** mulberry32: a small 32-bit PRNG (public domain, Tommy Ettinger); floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the key's UTF-16 code units, mixed with the seed. */
export function hashKey(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A stream of its own for one key. */
export function streamFor(seed: number, key: string): () => number {
  return mulberry32(hashKey(seed, key));
}
