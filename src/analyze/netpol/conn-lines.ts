import type { Connectivity } from './connectivity.js';

/** One connection as every format prints it. */
export interface ConnLine {
  src: string;
  dst: string;
  conn: string;
}

/** The connectivity list as text lines, one per pair of workloads, in the analysis' sorted order. */
export function* connLines(connectivity: Connectivity): Generator<ConnLine> {
  for (const { src, dst, conn } of connectivity.connections()) {
    yield { src, dst, conn: connectivity.table.text(conn) };
  }
}

/** The connectivity list with workloads that no policy tells apart grouped (`ns/*`, `{a, b}`). */
export function* groupedLines(connectivity: Connectivity): Generator<ConnLine> {
  for (const { src, dst, conn } of connectivity.groupedConnections()) {
    yield { src, dst, conn: connectivity.table.text(conn) };
  }
}

/** Lines printed by `netpol list` unless raised with --max-lines: about 10 MB of text. */
export const DEFAULT_MAX_LINES = 100_000;

/** Passes at most `max` lines on; `reached()` then says whether some were left out. */
export function bounded<T>(lines: Iterable<T>, max: number): { lines: Iterable<T>; reached: () => boolean } {
  let reached = false;
  function* take(): Generator<T> {
    let count = 0;
    for (const line of lines) {
      if (count === max) {
        reached = true;
        return;
      }
      count++;
      yield line;
    }
  }
  return { lines: take(), reached: () => reached };
}
