/**
 * A unified diff (`diff -u`, applied with `patch -p0` or `git apply -p0`), lines compared
 * exactly: a CRLF file's `\r` stays part of each line, so patches apply to it byte for byte.
 * Myers' O(ND) algorithm on what remains after the common head and tail are set aside, which
 * for a handful of fixes in a large file is a handful of steps.
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
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const edits: Edit[] = [];
  for (let i = 0; i < head; i++) edits.push({ kind: ' ', a: i, b: i });
  for (const edit of middle) edits.push({ kind: edit.kind, a: edit.a + head, b: edit.b + head });
  for (let i = tail; i > 0; i--) edits.push({ kind: ' ', a: a.length - i, b: b.length - i });
  return edits;
}

/** Shortest edit script; keeps each step's frontier to walk the path back. */
function myers(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break search;
    }
  }
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const frontier = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (frontier[offset + k - 1] as number) < (frontier[offset + k + 1] as number));
    const previousK = down ? k + 1 : k - 1;
    const previousX = frontier[offset + previousK] as number;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) edits.push({ kind: ' ', a: --x, b: --y });
    if (down) edits.push({ kind: '+', a: x, b: --y });
    else edits.push({ kind: '-', a: --x, b: y });
  }
  while (x > 0 && y > 0) edits.push({ kind: ' ', a: --x, b: --y });
  return edits.reverse();
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
