/**
 * A small, fast, seedable pseudo-random generator (mulberry32, public domain): the same
 * sequence for the same seed, so generated test data, seeded call logs and bench pages are the
 * same on every run. Integer arithmetic through Math.imul; not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
