/**
 * Searching with a program @bufbuild/re2 compiled (it answers no positions itself), with the
 * semantics of Go's regexp — leftmost-first, as the API server matches — and in time linear in
 * the input for every function:
 *
 * - `search`: a Pike VM (one thread per instruction, in priority order), for `matches` and `find`.
 * - `matchEnds`: the end of the leftmost-first match that starts at each position, computed in one
 *   backward pass; `findAll` reads its successive matches from it. Repeating a forward search from
 *   each match's end, as Go's FindAll does, is quadratic when a thread that never matches runs to
 *   the end of the input every time (`a*b|a` over `aaaa…`).
 *
 * The backward pass computes, for every instruction at every position, where the match a thread
 * entering that instruction there would end: the first success in the order a backtracker (or
 * the Pike VM's priorities) tries, which is the instruction's successors' outcome in priority
 * order. Loops of empty-width instructions (a star over something that can match empty) form
 * cycles; a thread entering such a cycle skips the instructions it has already visited, which
 * depends on where it entered, so each entry into a cycle is resolved by its own walk. The
 * program's `stepsPerCharacter` counts that work so that the caller can charge for it.
 */

import { ALT, ALT_MATCH, CAPTURE, EMPTY_WIDTH, FAIL, MATCH, NOP, type Program, RUNE } from './regex-program.js';

// Empty-width conditions, as the program's EMPTY_WIDTH instructions test them.
const EMPTY_BEGIN_LINE = 0x01;
const EMPTY_END_LINE = 0x02;
const EMPTY_BEGIN_TEXT = 0x04;
const EMPTY_END_TEXT = 0x08;
const EMPTY_WORD_BOUNDARY = 0x10;
const EMPTY_NO_WORD_BOUNDARY = 0x20;

function isWordRune(r: number): boolean {
  return (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || (r >= 0x30 && r <= 0x39) || r === 0x5f;
}

/** The empty-width conditions that hold between two runes (-1 at either end of the input). */
function context(before: number, after: number): number {
  let flags = 0;
  if (before < 0) flags |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  if (before === 0x0a) flags |= EMPTY_BEGIN_LINE;
  if (after < 0) flags |= EMPTY_END_TEXT | EMPTY_END_LINE;
  if (after === 0x0a) flags |= EMPTY_END_LINE;
  flags |= isWordRune(before) !== isWordRune(after) ? EMPTY_WORD_BOUNDARY : EMPTY_NO_WORD_BOUNDARY;
  return flags;
}

export function runeAt(input: string, pos: number): number {
  if (pos >= input.length) return -1;
  const c = input.charCodeAt(pos);
  return c < 0xd800 || c > 0xdbff ? c : input.codePointAt(pos)!;
}

function runeBefore(input: string, pos: number): number {
  if (pos <= 0) return -1;
  const low = input.charCodeAt(pos - 1);
  if (low < 0xdc00 || low > 0xdfff) return low;
  if (pos >= 2) {
    const high = input.charCodeAt(pos - 2);
    if (high >= 0xd800 && high <= 0xdbff) return input.codePointAt(pos - 2)!;
  }
  return low;
}

export const runeWidth = (rune: number): number => (rune > 0xffff ? 2 : 1);

const matches = (prog: Program, pc: number, rune: number): boolean =>
  rune < 128 ? prog.ascii[pc * 128 + rune] === 1 : prog.insts[pc]!.matchRune(rune);

/** Cached closures stop here, per program; beyond, closures are walked each time. */
const CLOSURE_CACHE = 1 << 20;
let scratch = new Int32Array(64);

/**
 * The instructions a thread entering `pc` reaches without consuming, in priority order (`out`
 * before `arg`, each instruction once): the rune instructions and matches it waits on.
 */
function closure(prog: Program, pc: number, flags: number): Int32Array {
  const key = pc * 64 + flags;
  const known = flags === 0 ? prog.plain[pc] : prog.closures.get(key);
  if (known) return known;
  const size = prog.insts.length;
  const seen = new Uint8Array(size);
  const stack = [pc];
  let count = 0;
  while (stack.length) {
    const at = stack.pop()!;
    if (seen[at]) continue;
    seen[at] = 1;
    const o = prog.op[at];
    if (o === ALT || o === ALT_MATCH) stack.push(prog.arg[at]!, prog.out[at]!);
    else if (o === NOP || o === CAPTURE) stack.push(prog.out[at]!);
    else if (o === EMPTY_WIDTH) {
      if ((prog.arg[at]! & ~flags) === 0) stack.push(prog.out[at]!);
    } else if (o !== FAIL) {
      if (count === scratch.length) {
        const grown = new Int32Array(scratch.length * 2);
        grown.set(scratch);
        scratch = grown;
      }
      scratch[count++] = at;
    }
  }
  const list = scratch.slice(0, count);
  if (flags === 0) prog.plain[pc] = list;
  else if (prog.closures.size < CLOSURE_CACHE / Math.max(1, count)) prog.closures.set(key, list);
  return list;
}

/**
 * The leftmost-first match at or after `from` (UTF-16 offsets), or undefined. With `any`, the first
 * match any thread reaches, which is enough to answer `matches`.
 */
export function search(prog: Program, input: string, from: number, any = false): [number, number] | undefined {
  const size = prog.insts.length;
  let pcs = new Int32Array(size);
  let starts = new Int32Array(size);
  let nextPcs = new Int32Array(size);
  let nextStarts = new Int32Array(size);
  let count = 0;
  const seen = new Int32Array(size).fill(-1);
  let generation = 0;
  let matched: [number, number] | undefined;
  const n = input.length;

  let pos = from;
  let before = runeBefore(input, pos);
  for (;;) {
    const rune = pos < n ? runeAt(input, pos) : -1;
    const flags = prog.emptyWidth ? context(before, rune) & prog.emptyWidth : 0;
    if (!matched) {
      // A thread starting here has the lowest priority; it joins this step's closure.
      generation++;
      for (let i = 0; i < count; i++) seen[pcs[i]!] = generation;
      const entry = closure(prog, prog.start, flags);
      for (let k = 0; k < entry.length; k++) {
        const pc = entry[k]!;
        if (seen[pc] === generation) continue;
        seen[pc] = generation;
        pcs[count] = pc;
        starts[count++] = pos;
      }
    }
    const width = rune < 0 ? 0 : runeWidth(rune);
    if (count === 0) {
      // No thread alive: done once a match is known or the input is, else a thread starts further on.
      if (matched || rune < 0) break;
      pos += width;
      before = rune;
      continue;
    }
    const nextFlags =
      rune >= 0 && prog.emptyWidth
        ? context(rune, pos + width < n ? runeAt(input, pos + width) : -1) & prog.emptyWidth
        : 0;
    generation++;
    let nextCount = 0;
    for (let i = 0; i < count; i++) {
      const pc = pcs[i]!;
      if (prog.op[pc] === MATCH) {
        matched = [starts[i]!, pos];
        if (any) return matched;
        break;
      }
      if (rune < 0 || !matches(prog, pc, rune)) continue;
      const reached = closure(prog, prog.out[pc]!, nextFlags);
      for (let k = 0; k < reached.length; k++) {
        const to = reached[k]!;
        if (seen[to] === generation) continue;
        seen[to] = generation;
        nextPcs[nextCount] = to;
        nextStarts[nextCount++] = starts[i]!;
      }
    }
    if (rune < 0) break;
    [pcs, nextPcs] = [nextPcs, pcs];
    [starts, nextStarts] = [nextStarts, starts];
    count = nextCount;
    pos += width;
    before = rune;
  }
  return matched;
}

/**
 * For each position (UTF-16 offset) at a rune boundary, the end of the leftmost-first match that
 * starts there, or -1. One backward pass: each position needs only the outcomes at the next one.
 */
export function matchEnds(prog: Program, input: string): Int32Array {
  const n = input.length;
  const size = prog.insts.length;
  const ends = new Int32Array(n + 1).fill(-1);
  let cur = new Int32Array(size).fill(-1);
  let next = new Int32Array(size).fill(-1);
  const seen = new Int32Array(size).fill(-1);
  const stack: number[] = [];
  let generation = 0;
  const { op, out, arg, ascii, insts, cycleOf, steps, cycles, emptyWidth } = prog;

  // First success, in priority order, of a walk entering a cycle at `entry`.
  const walk = (entry: number, cycle: number, flags: number): number => {
    generation++;
    stack.length = 0;
    stack.push(entry);
    while (stack.length) {
      const pc = stack.pop()!;
      if (seen[pc] === generation) continue;
      seen[pc] = generation;
      if (cycleOf[pc] !== cycle) {
        if (cur[pc]! >= 0) return cur[pc]!;
        continue;
      }
      const o = op[pc];
      if (o === ALT || o === ALT_MATCH) stack.push(arg[pc]!, out[pc]!);
      else if (o === NOP || o === CAPTURE) stack.push(out[pc]!);
      else if (o === EMPTY_WIDTH && (arg[pc]! & ~flags) === 0) stack.push(out[pc]!);
    }
    return -1;
  };

  let p = n;
  let rune = -1;
  for (;;) {
    const before = runeBefore(input, p);
    const flags = emptyWidth ? context(before, rune) & emptyWidth : 0;
    for (let s = 0; s < steps.length; s++) {
      const pc = steps[s]!;
      if (pc < 0) {
        const cycle = -pc - 1;
        const entries = cycles[cycle]!;
        for (let k = 0; k < entries.length; k++) cur[entries[k]!] = walk(entries[k]!, cycle, flags);
        continue;
      }
      const o = op[pc]!;
      let value = -1;
      if (o >= RUNE) {
        if (rune >= 0 && (rune < 128 ? ascii[pc * 128 + rune] === 1 : insts[pc]!.matchRune(rune)))
          value = next[out[pc]!]!;
      } else if (o === ALT || o === ALT_MATCH) value = cur[out[pc]!]! >= 0 ? cur[out[pc]!]! : cur[arg[pc]!]!;
      else if (o === NOP || o === CAPTURE) value = cur[out[pc]!]!;
      else if (o === EMPTY_WIDTH) value = (arg[pc]! & ~flags) === 0 ? cur[out[pc]!]! : -1;
      else if (o === MATCH) value = p;
      cur[pc] = value;
    }
    ends[p] = cur[prog.start]!;
    if (p === 0) break;
    [cur, next] = [next, cur];
    rune = before;
    p -= runeWidth(before);
  }
  return ends;
}

/**
 * Go's FindAllString: successive non-overlapping leftmost-first matches, the search resuming at
 * each match's end; an empty match right after a match is skipped. `limit` < 0 means all.
 */
export function findAll(prog: Program, input: string, limit: number): string[] {
  const out: string[] = [];
  if (limit === 0) return out;
  const ends = matchEnds(prog, input);
  const n = input.length;
  let pos = 0;
  let scan = 0;
  let previousEnd = -1;
  while (pos <= n && (limit < 0 || out.length < limit)) {
    scan = Math.max(scan, pos);
    while (scan <= n && ends[scan] === -1) scan++;
    if (scan > n) break;
    const start = scan;
    const end = ends[start]!;
    let accept = true;
    if (end === pos) {
      if (start === previousEnd) accept = false;
      const rune = runeAt(input, pos);
      pos += rune < 0 ? 1 : runeWidth(rune);
    } else {
      pos = end;
    }
    if (accept) out.push(input.slice(start, end));
    previousEnd = end;
  }
  return out;
}
