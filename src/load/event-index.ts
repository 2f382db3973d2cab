import { EVENT_ID, type Event, getScalarValue, SCALAR_STYLE, type ScalarEvent } from 'js-yaml';
import type { Path } from '../core/path.js';

/**
 * A compact copy of a file's parser events (four int32 per event), kept so that a
 * finding's path can be turned into a source offset later, without parsing again.
 * Layout per event: [type | style << 4 | chomping << 8 | fast << 12, start, end, valueStart].
 * `start` is the node's first character (its anchor or tag when it has one, the `*`
 * of an alias); `end` is the end of a scalar's value.
 */
export class EventIndex {
  private readonly data: Int32Array;
  readonly length: number;

  constructor(
    private readonly source: string,
    events: readonly Event[],
    /** Added to every offset: events parsed from a slice of the file are relative to that slice. */
    base = 0,
  ) {
    this.length = events.length;
    this.data = new Int32Array(events.length * 4);
    let k = 0;
    for (const event of events) {
      const d = this.data;
      switch (event.type) {
        case EVENT_ID.SCALAR: {
          d[k] = event.type | (event.style << 4) | (event.chomping << 8) | ((event.fast ? 1 : 0) << 12);
          // a quoted scalar starts at its opening quote, one before its value
          const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
          const valueAt = quoted && event.valueStart !== -1 ? event.valueStart - 1 : event.valueStart;
          d[k + 1] = shift(firstOffset(valueAt, event.anchorStart, event.tagStart), base);
          d[k + 2] = shift(event.valueEnd, base);
          // the value's own start, for comparing keys
          d[k + 3] = shift(event.valueStart, base);
          break;
        }
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          d[k] = event.type;
          d[k + 1] = shift(firstOffset(event.start, event.anchorStart, event.tagStart), base);
          d[k + 2] = -1;
          d[k + 3] = -1;
          break;
        case EVENT_ID.ALIAS:
          d[k] = event.type;
          d[k + 1] = shift(event.anchorStart - 1, base);
          d[k + 2] = -1;
          d[k + 3] = -1;
          break;
        default:
          d[k] = event.type;
          d[k + 1] = -1;
          d[k + 2] = -1;
          d[k + 3] = -1;
      }
      k += 4;
    }
  }

  type(i: number): number {
    return (this.data[i * 4] as number) & 15;
  }

  start(i: number): number {
    return this.data[i * 4 + 1] as number;
  }

  /** Index just past the node that starts at event `i`. */
  skip(i: number): number {
    const type = this.type(i);
    if (type !== EVENT_ID.MAPPING && type !== EVENT_ID.SEQUENCE) return i + 1;
    let depth = 0;
    for (let j = i; j < this.length; j++) {
      const t = this.type(j);
      if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
      else if (t === EVENT_ID.POP && --depth === 0) return j + 1;
    }
    return this.length;
  }

  /** Whether the scalar at event `i` is the key `key`. */
  private isKey(i: number, key: string): boolean {
    if (this.type(i) !== EVENT_ID.SCALAR) return false;
    const flags = this.data[i * 4] as number;
    const valueStart = this.data[i * 4 + 3] as number;
    const valueEnd = this.data[i * 4 + 2] as number;
    if (valueStart === -1) return key === '';
    if ((flags >> 12) & 1) return valueEnd - valueStart === key.length && this.source.startsWith(key, valueStart);
    const scalar = {
      valueStart,
      valueEnd,
      style: (flags >> 4) & 15,
      chomping: (flags >> 8) & 15,
      indent: -1,
      fast: false,
    } as ScalarEvent;
    return getScalarValue(this.source, scalar) === key;
  }

  /**
   * Source offset of the node at `path`, starting from the root node at event `root`.
   * A mapping member is located at its key. When the path leaves the document (a missing
   * field, an alias), the deepest node that exists is located instead.
   */
  locate(root: number, path: Path): number {
    let node = root;
    let best = this.start(root);
    for (const segment of path) {
      const type = this.type(node);
      if (type === EVENT_ID.MAPPING && typeof segment === 'string') {
        let j = node + 1;
        let value = -1;
        while (j < this.length && this.type(j) !== EVENT_ID.POP) {
          const valueIndex = this.skip(j);
          if (this.isKey(j, segment)) {
            value = valueIndex;
            best = this.start(j);
            break;
          }
          j = this.skip(valueIndex);
        }
        if (value === -1) return best;
        node = value;
      } else if (type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
        let j = node + 1;
        for (let n = 0; n < segment && j < this.length && this.type(j) !== EVENT_ID.POP; n++) j = this.skip(j);
        if (j >= this.length || this.type(j) === EVENT_ID.POP) return best;
        node = j;
        const start = this.start(j);
        if (start !== -1) best = start;
      } else {
        return best;
      }
    }
    return best;
  }
}

function firstOffset(...offsets: number[]): number {
  let first = -1;
  for (const offset of offsets) if (offset !== -1 && (first === -1 || offset < first)) first = offset;
  return first;
}

function shift(offset: number, base: number): number {
  return offset === -1 ? -1 : offset + base;
}
