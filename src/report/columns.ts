import { printable } from './ansi.js';

const GAP = 2;
const HANG = 2;
/** No column gets narrower than this, whatever the terminal: below it no word stays readable. */
const MIN_COLUMN = 6;

/**
 * Left-aligned columns, the layout of `rampart rbac who-can`, `access` and their kin. Without a
 * width each row is one line at its natural width (logs, pipes, grep). With one, the widest
 * columns shrink until the row fits and their cells wrap inside their column — after a space,
 * comma, slash, colon or hyphen, or mid-word when a word alone is too long — with the first column's
 * continuation lines indented, so every row stays legible.
 */
export function formatColumns(rows: readonly (readonly string[])[], width?: number): string {
  const cells = rows.map((row) => row.map(printable));
  const natural: number[] = [];
  for (const row of cells) {
    row.forEach((cell, i) => {
      natural[i] = Math.max(natural[i] ?? 0, cell.length);
    });
  }
  const widths = width === undefined ? natural : fit(natural, width);
  let out = '';
  for (const row of cells) {
    // The first column's continuation lines are indented, so a line starting at column 0 always starts a row.
    const wrapped = row.map((cell, i) => wrapCell(cell, widths[i] ?? cell.length, i === 0 ? HANG : 0));
    const height = Math.max(1, ...wrapped.map((lines) => lines.length));
    for (let line = 0; line < height; line++) {
      const parts = wrapped.map((lines, i) =>
        i < row.length - 1 ? (lines[line] ?? '').padEnd(widths[i] ?? 0) : (lines[line] ?? ''),
      );
      out += `${parts.join(' '.repeat(GAP)).trimEnd()}\n`;
    }
  }
  return out;
}

/**
 * Column widths that fit `width`: columns narrower than an equal share keep their width, the
 * others split what is left equally (water-filling), so narrow columns such as ✔ marks never shrink.
 */
export function fit(natural: readonly number[], width: number): number[] {
  const count = natural.length;
  const total = natural.reduce((sum, w) => sum + w, 0) + GAP * Math.max(0, count - 1);
  if (total <= width) return [...natural];
  let budget = Math.max(width - GAP * Math.max(0, count - 1), MIN_COLUMN * count);
  const widths = [...natural];
  const open = new Set(natural.map((_, i) => i));
  // Each pass settles at least one column, so this runs at most `count` times.
  for (;;) {
    const share = Math.floor(budget / Math.max(1, open.size));
    const settled = [...open].filter((i) => (natural[i] ?? 0) <= share);
    if (settled.length === 0) {
      for (const i of open) widths[i] = Math.max(MIN_COLUMN, share);
      return widths;
    }
    for (const i of settled) {
      open.delete(i);
      budget -= natural[i] ?? 0;
    }
    if (open.size === 0) return widths;
  }
}

/** Greedy wrap after spaces, commas, slashes, colons and hyphens; a piece longer than the column is cut. */
export function wrapCell(text: string, width: number, hang = 0): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  const room = () => (lines.length === 0 ? width : Math.max(1, width - hang));
  let line = '';
  for (const piece of text.split(/(?<=[ ,/:-])/)) {
    if ((line + piece).trimEnd().length <= room()) {
      line += piece;
      continue;
    }
    if (line !== '') lines.push(line.trimEnd());
    line = piece.trimStart();
    while (line.trimEnd().length > room()) {
      const cut = room();
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trimEnd() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(hang) + l));
}
