/**
 * Integers a manifest writes beyond ±2^53 reach every consumer as JavaScript numbers, which
 * approximate them (9223372036854775807 reads as 9223372036854775808). The loader keeps the exact
 * value beside the number, on the object or array that holds it, under a symbol no walk, spread or
 * JSON serialization sees; CEL, whose ints are exact 64-bit integers, reads it there.
 */

const EXACT = Symbol('rampart.exactIntegers');

type Holder = { [EXACT]?: Map<string | number, bigint> };

/** The exact value of the integer at `container[key]`, when the loader kept one. */
export function exactInteger(container: object, key: string | number): bigint | undefined {
  return (container as Holder)[EXACT]?.get(key);
}

/** Records the exact value of the integer at `container[key]` (which holds its approximation). */
export function keepExactInteger(container: object, key: string | number, value: bigint): void {
  let kept = (container as Holder)[EXACT];
  if (!kept) {
    kept = new Map();
    Object.defineProperty(container, EXACT, { value: kept, enumerable: false });
  }
  kept.set(key, value);
}
