/**
 * RE2 regular expressions, as the API server runs them (Go's regexp: linear time, leftmost-first).
 * @bufbuild/re2 compiles the pattern and answers `matches`; it has no match positions, so `find`
 * and `findAll` run a small Pike VM over the program it compiled (one thread per instruction, so
 * linear in input × pattern like RE2). Compiled patterns are cached: policies reuse a few patterns.
 */
import { RE2JS } from '@bufbuild/re2';

interface Inst {
  op: number;
  out: number;
  arg: number;
  matchRune(rune: number): boolean;
}

interface Prog {
  start: number;
  numInst(): number;
  getInst(pc: number): Inst;
}

// Instruction opcodes and empty-width flags of the RE2 program (stable since RE2's Go port).
const ALT = 1;
const ALT_MATCH = 2;
const CAPTURE = 3;
const EMPTY_WIDTH = 4;
const FAIL = 5;
const MATCH = 6;
const NOP = 7;
const RUNE = 8;
const RUNE_ANY_NOT_NL = 11;
const EMPTY_BEGIN_LINE = 0x01;
const EMPTY_END_LINE = 0x02;
const EMPTY_BEGIN_TEXT = 0x04;
const EMPTY_END_TEXT = 0x08;
const EMPTY_WORD_BOUNDARY = 0x10;
const EMPTY_NO_WORD_BOUNDARY = 0x20;

export interface CompiledRegex {
  pattern: string;
  test(input: string): boolean;
  /** The leftmost-first match at or after `from` (UTF-16 offsets), or undefined. */
  find(input: string, from: number): [number, number] | undefined;
}

const cache = new Map<string, CompiledRegex | string>();
const CACHE_LIMIT = 1000;

/** A compiled pattern, or the syntax error message. */
export function compileRegex(pattern: string): CompiledRegex | string {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, compiled);
  }
  return compiled;
}

function compile(pattern: string): CompiledRegex | string {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    return `invalid regular expression '${pattern}': ${(error as Error).message}`;
  }
  const prog = (re as unknown as { re2Input?: { prog?: Prog } }).re2Input?.prog;
  if (!prog || typeof prog.getInst !== 'function') {
    return `regular expression '${pattern}': this @bufbuild/re2 version exposes no program to search`;
  }
  return { pattern, test: (input) => re.test(input), find: (input, from) => pikeFind(prog, input, from) };
}

function isWordRune(r: number): boolean {
  return (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || (r >= 0x30 && r <= 0x39) || r === 0x5f;
}

function context(before: number, after: number): number {
  let flags = 0;
  if (before < 0) flags |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  if (before === 0x0a) flags |= EMPTY_BEGIN_LINE;
  if (after < 0) flags |= EMPTY_END_TEXT | EMPTY_END_LINE;
  if (after === 0x0a) flags |= EMPTY_END_LINE;
  flags |= isWordRune(before) !== isWordRune(after) ? EMPTY_WORD_BOUNDARY : EMPTY_NO_WORD_BOUNDARY;
  return flags;
}

function runeAt(input: string, pos: number): number {
  return pos < input.length ? input.codePointAt(pos)! : -1;
}

function runeBefore(input: string, pos: number): number {
  if (pos <= 0) return -1;
  const low = input.charCodeAt(pos - 1);
  if (low >= 0xdc00 && low <= 0xdfff && pos >= 2) {
    const high = input.charCodeAt(pos - 2);
    if (high >= 0xd800 && high <= 0xdbff) return input.codePointAt(pos - 2)!;
  }
  return low;
}

/**
 * Leftmost-first search: threads are kept in priority order; a thread that matches cuts the
 * threads of lower priority, and no new start is tried once a match is known.
 */
function pikeFind(prog: Prog, input: string, from: number): [number, number] | undefined {
  const size = prog.numInst();
  let current: { pcs: number[]; starts: number[] } = { pcs: [], starts: [] };
  let next: { pcs: number[]; starts: number[] } = { pcs: [], starts: [] };
  const seen = new Int32Array(size).fill(-1);
  let generation = 0;
  let matched: [number, number] | undefined;

  const add = (list: { pcs: number[]; starts: number[] }, pc: number, start: number, flags: number) => {
    // Iterative depth-first walk of the epsilon closure, `out` before `arg` (priority order).
    const stack = [pc];
    while (stack.length) {
      const at = stack.pop()!;
      if (at < 0 || at >= size || seen[at] === generation) continue;
      seen[at] = generation;
      const inst = prog.getInst(at);
      switch (inst.op) {
        case ALT:
        case ALT_MATCH:
          stack.push(inst.arg, inst.out);
          break;
        case NOP:
        case CAPTURE:
          stack.push(inst.out);
          break;
        case EMPTY_WIDTH:
          if ((inst.arg & ~flags) === 0) stack.push(inst.out);
          break;
        case FAIL:
          break;
        default:
          list.pcs.push(at);
          list.starts.push(start);
      }
    }
  };

  let pos = from;
  for (;;) {
    const rune = runeAt(input, pos);
    const flags = context(runeBefore(input, pos), rune);
    if (!matched) {
      // A new thread starting here has the lowest priority; it joins this step's closure.
      generation++;
      for (const pc of current.pcs) seen[pc] = generation;
      add(current, prog.start, pos, flags);
    }
    if (current.pcs.length === 0) break;
    const width = rune < 0 ? 0 : rune > 0xffff ? 2 : 1;
    const nextFlags = rune < 0 ? 0 : context(rune, runeAt(input, pos + width));
    generation++;
    next.pcs.length = 0;
    next.starts.length = 0;
    for (let i = 0; i < current.pcs.length; i++) {
      const inst = prog.getInst(current.pcs[i]!);
      if (inst.op === MATCH) {
        matched = [current.starts[i]!, pos];
        break;
      }
      if (rune >= 0 && inst.op >= RUNE && inst.op <= RUNE_ANY_NOT_NL && inst.matchRune(rune)) {
        add(next, inst.out, current.starts[i]!, nextFlags);
      }
    }
    if (rune < 0) break;
    [current, next] = [next, current];
    pos += width;
  }
  return matched;
}

/** Go's FindAllString: successive non-overlapping matches; an empty match right after a match is skipped. */
export function findAll(regex: CompiledRegex, input: string, limit: number): string[] {
  const out: string[] = [];
  let pos = 0;
  let previousEnd = -1;
  while (pos <= input.length && (limit < 0 || out.length < limit)) {
    const match = regex.find(input, pos);
    if (!match) break;
    const [start, end] = match;
    let accept = true;
    if (end === pos) {
      if (start === previousEnd) accept = false;
      const rune = runeAt(input, pos);
      pos += rune < 0 ? 1 : rune > 0xffff ? 2 : 1;
    } else {
      pos = end;
    }
    if (accept) out.push(input.slice(start, end));
    previousEnd = end;
  }
  return out;
}
