/**
 * Integers beyond ±2^53 kept exact (core/exact-integers.ts): the YAML integer tag resolves such an
 * integer, when it fits in 64 bits as the API server reads it, to a bigint (a mapping key then reads
 * as the integer's exact text); after the document is built, each bigint value is replaced by the
 * number that approximates it, and the exact value is kept beside it. Integers beyond 64 bits stay
 * numbers: the API server reads them as doubles too.
 */
import { keepExactInteger } from '../core/exact-integers.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether integers were kept since the last settle: documents without any are not walked. */
let kept = false;

/** The integer a YAML 1.1 integer scalar writes (`-1_000`, `0x1F`, `017`, `0b101`), exact when its number is not. */
export function exactIntegerScalar(source: string, approximation: number): number | bigint {
  if (Number.isSafeInteger(approximation) || !Number.isFinite(approximation)) return approximation;
  const text = source.replaceAll('_', '');
  const digits = text.replace(/^[-+]/, '');
  let value: bigint;
  try {
    if (/^0[bx]/i.test(digits)) value = BigInt(digits);
    else if (digits.length > 1 && digits.startsWith('0')) value = BigInt(`0o${digits.slice(1)}`);
    else value = BigInt(digits);
  } catch {
    return approximation;
  }
  if (text.startsWith('-')) value = -value;
  if (value < INT64_MIN || value > INT64_MAX) return approximation;
  kept = true;
  return value;
}

/** Replaces the bigints of a built document by numbers, keeping each exact value beside its number. */
export function settleExactIntegers(document: unknown): unknown {
  if (!kept) return document;
  if (typeof document === 'bigint') return Number(document);
  const seen = new Set<object>();
  const stack: unknown[] = [document];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string | number, unknown>;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const child = record[key];
      if (typeof child === 'bigint') {
        record[key] = Number(child);
        keepExactInteger(node, key, child);
      } else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return document;
}

/** Called once every document of a stream is settled. */
export function resetExactIntegers(): void {
  kept = false;
}
