import { createHash } from 'node:crypto';

/**
 * A small deterministic PRNG (mulberry32) with the picks demo generators need, so every fresh start
 * shows the same demo. Every subgraph's generator draws from this one; the order of draws is what
 * makes each demo, so a generator must keep calling it in the same sequence.
 */
export function seededRandom(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min: number, max: number) => min + next() * (max - min);
  return {
    next,
    between,
    /** A whole number from min to max, both included. */
    int: (min: number, max: number) => Math.floor(between(min, max + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** Picks by weight: [item, weight] pairs. */
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      let left = next() * items.reduce((n, [, w]) => n + w, 0);
      for (const [item, weight] of items) if ((left -= weight) < 0) return item;
      return items[items.length - 1]![0];
    },
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}
export type SeededRandom = ReturnType<typeof seededRandom>;

/** A deterministic uuid-shaped id from a seed text, so reseeding gives the same ids. */
export function demoId(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
