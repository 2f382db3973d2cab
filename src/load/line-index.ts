import type { SourcePosition } from '../core/resource.js';

/** Offsets of line starts, built on first use; turns an offset into a 1-based line and column. */
export class LineIndex {
  private starts: Int32Array | undefined;

  constructor(private readonly source: string) {}

  position(offset: number): SourcePosition {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }

  private lineStarts(): Int32Array {
    if (this.starts) return this.starts;
    const offsets = [0];
    for (let i = this.source.indexOf('\n'); i !== -1; i = this.source.indexOf('\n', i + 1)) offsets.push(i + 1);
    this.starts = Int32Array.from(offsets);
    return this.starts;
  }
}
