/**
 * RE2 regular expressions, as the API server runs them (Go's regexp: linear time, leftmost-first).
 * @bufbuild/re2 parses and compiles the pattern; regex-search.ts runs the program, in time linear
 * in the input for `matches`, `find` and `findAll` alike (@bufbuild/re2's own matcher caches DFA
 * states without bound, so it is not used).
 *
 * A pattern taken from the data is bounded before it is compiled: `regexSize` measures it as the
 * program it would compile to — its length, or more when counted repetition (`a{1000}`) expands
 * it — and a pattern over MAX_REGEX_SIZE is an error, not a compilation. Compiled patterns are
 * cached by text, up to a total size, since policies reuse a few patterns.
 */
import { RE2JS } from '@bufbuild/re2';
import { marked, quoted } from '../redact.js';
import { type Program, prepare, type RawProgram } from './regex-program.js';
import { findAll, search } from './regex-search.js';

/**
 * The largest pattern compiled, in `regexSize` units. @bufbuild/re2 compiles at some 10–30 µs per
 * unit (quadratically for long literals), so this bounds one compilation to a fraction of a second.
 */
export const MAX_REGEX_SIZE = 5000;
const CACHE_SIZE = 200_000;

export interface CompiledRegex {
  pattern: string;
  /** `regexSize(pattern)`. */
  size: number;
  /** Instructions the backward `findAll` pass visits per character (see regex-search.ts). */
  findAllSteps: number;
  test(input: string): boolean;
  /** The leftmost-first match at or after `from` (UTF-16 offsets), or undefined. */
  find(input: string, from: number): [number, number] | undefined;
  /** Go's FindAllString: successive non-overlapping matches; `limit` < 0 for all. */
  findAll(input: string, limit: number): string[];
}

const cache = new Map<string, CompiledRegex | string>();
let cached = 0;

/** A compiled pattern, or the error message (with the pattern marked for redaction). */
export function compileRegex(pattern: string): CompiledRegex | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) {
    // Least recently used first out: move the entry to the end.
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  const compiled = compile(pattern);
  const size = typeof compiled === 'string' ? 1 : compiled.size;
  if (size > CACHE_SIZE) return compiled;
  while (cached + size > CACHE_SIZE) {
    const [oldest, entry] = cache.entries().next().value as [string, CompiledRegex | string];
    cache.delete(oldest);
    cached -= typeof entry === 'string' ? 1 : entry.size;
  }
  cache.set(pattern, compiled);
  cached += size;
  return compiled;
}

function compile(pattern: string): CompiledRegex | string {
  const size = regexSize(pattern);
  if (size > MAX_REGEX_SIZE)
    return `regular expression ${quoted(pattern)} is too large: its size is ${size}, the limit is ${MAX_REGEX_SIZE}`;
  let raw: RawProgram | undefined;
  try {
    raw = (RE2JS.compile(pattern) as unknown as { re2Input?: { prog?: RawProgram } }).re2Input?.prog;
  } catch (error) {
    return `invalid regular expression ${quoted(pattern)}: ${syntaxReason(error)}`;
  }
  if (!raw || typeof raw.getInst !== 'function') {
    return 'regular expression: this @bufbuild/re2 version exposes no program to search';
  }
  const prog: Program = prepare(raw);
  return {
    pattern,
    size,
    findAllSteps: prog.stepsPerCharacter,
    test: (input) => search(prog, input, 0, true) !== undefined,
    find: (input, from) => search(prog, input, from),
    findAll: (input, limit) => findAll(prog, input, limit),
  };
}

/** RE2's reason as Go words it (`missing closing ): \`(a\``), the fragment of the pattern marked as data. */
function syntaxReason(error: unknown): string {
  const { error: reason, input } = error as { error?: unknown; input?: unknown };
  if (typeof reason !== 'string') return 'error parsing regexp';
  return typeof input === 'string' && input !== ''
    ? `error parsing regexp: ${reason}: \`${marked(input)}\``
    : `error parsing regexp: ${reason}`;
}

/**
 * The size of the program a pattern compiles to, measured on its text in one pass: its length, or,
 * when counted repetitions expand it, about one unit per instruction with every `x{n,m}` written
 * out m times. Kubernetes charges a regex by its length; this is that length for any pattern
 * without counted repetition (a class or an escape counts one unit, less than its text).
 */
export function regexSize(pattern: string): number {
  // Never smaller than the length: a pattern already too long is not scanned.
  if (pattern.length > MAX_REGEX_SIZE) return pattern.length;
  // One frame per open group: the size so far, and the size of the last atom (what a repetition repeats).
  const frames: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  let top = frames[0]!;
  const atom = (units: number) => {
    top.total += units;
    top.last = units;
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      i = skipEscape(pattern, i, atom);
      continue;
    }
    if (c === '[') {
      i = skipClass(pattern, i);
      atom(1);
      continue;
    }
    if (c === '(') {
      const flagsOnly = /^\(\?[a-zA-Z-]*\)/.exec(pattern.slice(i, i + 12));
      if (flagsOnly) {
        i += flagsOnly[0].length;
        continue;
      }
      top = { total: 0, last: 0 };
      frames.push(top);
      i++;
      continue;
    }
    if (c === ')' && frames.length > 1) {
      const group = frames.pop()!.total + 2;
      top = frames[frames.length - 1]!;
      atom(group);
      i++;
      continue;
    }
    if (c === '|') {
      top.total += 1;
      top.last = 0;
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      top.total += 1;
      i++;
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(pattern.slice(i, i + 12));
      if (repeat) {
        // x{n} is n copies; x{n,m} adds an alternative per optional copy; x{n,} a loop.
        const min = Number(repeat[1]);
        const max = repeat[2] === undefined ? min : repeat[3] ? Number(repeat[3]) : min + 1;
        const copies = Math.max(max, 1);
        top.total += top.last * (copies - 1) + (max - min);
        top.last *= copies;
        i += repeat[0].length;
        continue;
      }
    }
    atom(1);
    i++;
  }
  while (frames.length > 1) {
    const group = frames.pop()!.total + 2;
    top = frames[frames.length - 1]!;
    atom(group);
  }
  return Math.max(pattern.length, frames[0]!.total);
}

function skipEscape(pattern: string, i: number, atom: (units: number) => void): number {
  const next = pattern[i + 1];
  if (next === 'Q') {
    // \Q…\E: every character a literal.
    const end = pattern.indexOf('\\E', i + 2);
    const stop = end < 0 ? pattern.length : end;
    for (let k = i + 2; k < stop; k++) atom(1);
    return end < 0 ? pattern.length : end + 2;
  }
  atom(1);
  if ((next === 'p' || next === 'P' || next === 'x') && pattern[i + 2] === '{') {
    const close = pattern.indexOf('}', i + 3);
    return close < 0 ? pattern.length : close + 1;
  }
  return i + 2;
}

function skipClass(pattern: string, i: number): number {
  let k = i + 1;
  if (pattern[k] === '^') k++;
  if (pattern[k] === ']') k++;
  while (k < pattern.length && pattern[k] !== ']') {
    if (pattern[k] === '\\') k += 2;
    else if (pattern[k] === '[' && pattern[k + 1] === ':') {
      const close = pattern.indexOf(':]', k + 2);
      k = close < 0 ? k + 1 : close + 2;
    } else k++;
  }
  return k + 1;
}
