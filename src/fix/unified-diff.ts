/**
 * A unified diff (`diff -u`, applied with `patch -p0` or `git apply -p0`), lines compared
 * exactly: a CRLF file's `\r` stays part of each line, so patches apply to it byte for byte.
 * Lines that occur once on each side anchor the diff, and Myers' O(ND) algorithm fills in
 * between them (see diffInto), so a file with thousands of fixes is diffed in linear time.
 */
export function unifiedDiff(before: string, after: string, from: string, to: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const edits = diffLines(keys(a), keys(b));
  let out = `--- ${from}\n+++ ${to}\n`;
  for (const hunk of hunks(edits, context)) {
    const oldCount = hunk.filter((e) => e.kind !== '+').length;
    const newCount = hunk.filter((e) => e.kind !== '-').length;
    const first = hunk[0] as Edit;
    out += `@@ -${range(first.a, oldCount)} +${range(first.b, newCount)} @@\n`;
    for (const edit of hunk) {
      const line = edit.kind === '+' ? (b.lines[edit.b] as string) : (a.lines[edit.a] as string);
      out += `${edit.kind}${line}\n`;
      const last =
        edit.kind === '+' ? edit.b === b.lines.length - 1 && !b.eol : edit.a === a.lines.length - 1 && !a.eol;
      if (last) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}

interface Edit {
  kind: ' ' | '-' | '+';
  /** Index in the old lines (for ' ' and '-'), or where the next old line is (for '+'). */
  a: number;
  b: number;
}

function splitLines(text: string): { lines: string[]; eol: boolean } {
  if (text === '') return { lines: [], eol: true };
  const lines = text.split('\n');
  const eol = lines[lines.length - 1] === '';
  if (eol) lines.pop();
  return { lines, eol };
}

/** Lines as compared: a last line without a line break differs from the same text with one. */
function keys(split: { lines: string[]; eol: boolean }): string[] {
  if (split.eol || split.lines.length === 0) return split.lines;
  return [...split.lines.slice(0, -1), `${split.lines[split.lines.length - 1]}\u0000`];
}

/** `start,count` with 1-based start; an empty range starts at the line before it, as diff writes it. */
function range(index: number, count: number): string {
  if (count === 0) return `${index},0`;
  return count === 1 ? `${index + 1}` : `${index + 1},${count}`;
}

export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const edits: Edit[] = [];
  diffInto(a, b, { a0: 0, a1: a.length, b0: 0, b1: b.length }, 0, edits);
  return edits;
}

/** Deeper than this, a range is diffed by Myers alone: each level of anchors splits it further. */
const MAX_ANCHOR_DEPTH = 8;
/** A range that needs more edits than this is shown as replaced whole: still a correct patch. */
const MAX_MYERS_EDITS = 512;

/**
 * Diffs `a[a0, a1)` against `b[b0, b1)` into `edits`: common head and tail set aside, then lines
 * that occur once on each side anchor the rest (patience diff), so a file with thousands of fixes
 * — each container has its own `- name:` line — is diffed in pieces of one container each; what
 * lies between anchors goes to Myers. Linear in the lines for such files, where Myers alone is
 * quadratic in the number of changes.
 */
function diffInto(a: readonly string[], b: readonly string[], box: Box, depth: number, edits: Edit[]): void {
  let { a0, b0 } = box;
  const { a1, b1 } = box;
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) edits.push({ kind: ' ', a: a0++, b: b0++ });
  let tail = 0;
  while (a1 - tail > a0 && b1 - tail > b0 && a[a1 - 1 - tail] === b[b1 - 1 - tail]) tail++;
  const inner: Box = { a0, a1: a1 - tail, b0, b1: b1 - tail };
  const only = inner.a0 === inner.a1 || inner.b0 === inner.b1;
  const anchors = depth < MAX_ANCHOR_DEPTH && !only ? uniqueAnchors(a, b, inner) : [];
  if (only) {
    // only insertions or only deletions: Myers' script, without running it
    for (let i = inner.a0; i < inner.a1; i++) edits.push({ kind: '-', a: i, b: inner.b0 });
    for (let j = inner.b0; j < inner.b1; j++) edits.push({ kind: '+', a: inner.a0, b: j });
  } else if (anchors.length === 0) {
    for (const edit of myers(a.slice(inner.a0, inner.a1), b.slice(inner.b0, inner.b1)))
      edits.push({ kind: edit.kind, a: edit.a + a0, b: edit.b + b0 });
  } else {
    let x = a0;
    let y = b0;
    for (const [i, j] of anchors) {
      diffInto(a, b, { a0: x, a1: i, b0: y, b1: j }, depth + 1, edits);
      edits.push({ kind: ' ', a: i, b: j });
      x = i + 1;
      y = j + 1;
    }
    diffInto(a, b, { a0: x, a1: inner.a1, b0: y, b1: inner.b1 }, depth + 1, edits);
  }
  for (let i = tail; i > 0; i--) edits.push({ kind: ' ', a: a1 - i, b: b1 - i });
}

/** The lines `a[a0, a1)` and `b[b0, b1)` being compared. */
interface Box {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Lines found exactly once in each range, as [index in a, index in b], longest increasing run in both. */
function uniqueAnchors(a: readonly string[], b: readonly string[], box: Box): [number, number][] {
  const { a0, a1, b0, b1 } = box;
  if (a1 - a0 < 2 || b1 - b0 < 2) return [];
  const seen = new Map<string, { inA: number; inB: number; at: number }>();
  for (let i = a0; i < a1; i++) {
    const entry = seen.get(a[i] as string);
    if (entry) entry.inA++;
    else seen.set(a[i] as string, { inA: 1, inB: 0, at: i });
  }
  const pairs: [number, number][] = [];
  const candidates: { entry: { inA: number; inB: number; at: number }; j: number }[] = [];
  for (let j = b0; j < b1; j++) {
    const entry = seen.get(b[j] as string);
    if (!entry) continue;
    entry.inB++;
    candidates.push({ entry, j });
  }
  for (const { entry, j } of candidates) if (entry.inA === 1 && entry.inB === 1) pairs.push([entry.at, j]);
  return longestIncreasing(pairs);
}

/** The longest subsequence of pairs (sorted by b) whose a indices increase: patience sorting, n log n. */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const value = (pairs[p] as [number, number])[0];
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((pairs[tails[mid] as number] as [number, number])[0] < value) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[p] = tails[low - 1] as number;
    tails[low] = p;
  }
  const out: [number, number][] = [];
  for (let p = tails.length ? (tails[tails.length - 1] as number) : -1; p !== -1; p = previous[p] as number)
    out.push(pairs[p] as [number, number]);
  return out.reverse();
}

/**
 * Shortest edit script; keeps each step's frontier (only the diagonals it reached) to walk the
 * path back. Past MAX_MYERS_EDITS the range is given as removed and added whole.
 */
function myers(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = max === 0;
  for (let d = 0; d <= max && !done; d++) {
    if (d > MAX_MYERS_EDITS) return replaceAll(n, m);
    trace.push(v.slice(offset - d - 1, offset + d + 2)); // diagonals -d-1 … d+1
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const frontier = trace[d] as Int32Array;
    const at = (diagonal: number) => frontier[diagonal + d + 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) edits.push({ kind: ' ', a: --x, b: --y });
    if (down) edits.push({ kind: '+', a: x, b: --y });
    else edits.push({ kind: '-', a: --x, b: y });
  }
  while (x > 0 && y > 0) edits.push({ kind: ' ', a: --x, b: --y });
  return edits.reverse();
}

function replaceAll(n: number, m: number): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < n; i++) edits.push({ kind: '-', a: i, b: 0 });
  for (let j = 0; j < m; j++) edits.push({ kind: '+', a: n, b: j });
  return edits;
}

/** Groups changes with `context` unchanged lines around them; changes closer than twice that share a hunk. */
function hunks(edits: readonly Edit[], context: number): Edit[][] {
  const out: Edit[][] = [];
  let i = 0;
  while (i < edits.length) {
    while (i < edits.length && (edits[i] as Edit).kind === ' ') i++;
    if (i === edits.length) break;
    let end = i;
    for (;;) {
      while (end < edits.length && (edits[end] as Edit).kind !== ' ') end++;
      let same = end;
      while (same < edits.length && (edits[same] as Edit).kind === ' ') same++;
      if (same < edits.length && same - end <= 2 * context) end = same;
      else break;
    }
    const stop = Math.min(edits.length, end + context);
    out.push(edits.slice(Math.max(0, i - context), stop));
    i = stop;
  }
  return out;
}
