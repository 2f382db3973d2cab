import type { Connectivity } from './connectivity.js';

/** One connection as every format prints it. */
export interface ConnLine {
  src: string;
  dst: string;
  conn: string;
}

/** The connectivity list as text lines, in the analysis' sorted order. */
export function* connLines(connectivity: Connectivity): Generator<ConnLine> {
  for (const { src, dst, conn } of connectivity.connections()) {
    yield { src, dst, conn: connectivity.table.text(conn) };
  }
}
