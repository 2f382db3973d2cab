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

  /** Per collection event, built on first lookup: its children's event indices (lists) or its keys (mappings). */
  private readonly items = new Map<number, Int32Array>();
  private readonly keys = new Map<number, Map<string, number>>();

  constructor(
    private readonly source: string,
    events: readonly Event[],
    /** Added to every offset: events parsed from a slice of the file are relative to that slice. */
    base = 0,
  ) {
    this.length = events.length;
    this.data = new Int32Array(events.length * 4);
    const d = this.data;
    const open: number[] = [];
    // An indexed loop: this one runs once per file over a million events, mostly before V8
    // optimizes it, and an unoptimized for-of allocates an iterator result per event.
    for (let i = 0, k = 0; i < events.length; i++, k += 4) {
      const event = events[i] as Event;
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
          d[k + 2] = events.length; // the index past its closing POP, set when the POP comes
          d[k + 3] = -1;
          open.push(i);
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
          if (event.type === EVENT_ID.POP && open.length > 0) d[(open.pop() as number) * 4 + 2] = i + 1;
      }
    }
  }

  type(i: number): number {
    return (this.data[i * 4] as number) & 15;
  }

  start(i: number): number {
    return this.data[i * 4 + 1] as number;
  }

  /** Index just past the node that starts at event `i`: constant time, so walks stay linear. */
  skip(i: number): number {
    const type = this.type(i);
    return type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE ? (this.data[i * 4 + 2] as number) : i + 1;
  }

  /** The text of the scalar key at event `i`, or undefined for a key that is not a scalar. */
  private keyText(i: number): string | undefined {
    if (this.type(i) !== EVENT_ID.SCALAR) return undefined;
    const flags = this.data[i * 4] as number;
    const valueStart = this.data[i * 4 + 3] as number;
    const valueEnd = this.data[i * 4 + 2] as number;
    if (valueStart === -1) return '';
    if ((flags >> 12) & 1) return this.source.slice(valueStart, valueEnd);
    const scalar = {
      valueStart,
      valueEnd,
      style: (flags >> 4) & 15,
      chomping: (flags >> 8) & 15,
      indent: -1,
      fast: false,
    } as ScalarEvent;
    return getScalarValue(this.source, scalar);
  }

  /** Whether the scalar at event `i` is the key `key`, without building a string for plain keys. */
  private isKey(i: number, key: string): boolean {
    if (this.type(i) !== EVENT_ID.SCALAR) return false;
    const flags = this.data[i * 4] as number;
    const valueStart = this.data[i * 4 + 3] as number;
    const valueEnd = this.data[i * 4 + 2] as number;
    if ((flags >> 12) & 1 && valueStart !== -1)
      return valueEnd - valueStart === key.length && this.source.startsWith(key, valueStart);
    return this.keyText(i) === key;
  }

  /**
   * Event index of the key `key` in the mapping at event `node` (the first one, as the loader
   * keeps), or -1. Small mappings are scanned; a large one gets a key table on its first lookup,
   * so locating every key of a 100,000-key ConfigMap stays linear.
   */
  private keyIn(node: number, key: string): number {
    const keys = this.keys.get(node);
    if (keys) return keys.get(key) ?? -1;
    let scanned = 0;
    for (let j = node + 1; j < this.length && this.type(j) !== EVENT_ID.POP; j = this.skip(this.skip(j))) {
      if (this.isKey(j, key)) return j;
      if (++scanned === SCAN_LIMIT) return this.keyTable(node).get(key) ?? -1;
    }
    return -1;
  }

  private keyTable(node: number): Map<string, number> {
    const keys = new Map<string, number>();
    for (let j = node + 1; j < this.length && this.type(j) !== EVENT_ID.POP; j = this.skip(this.skip(j))) {
      const text = this.keyText(j);
      if (text !== undefined && !keys.has(text)) keys.set(text, j);
    }
    this.keys.set(node, keys);
    return keys;
  }

  /** Event index of item `n` of the list at event `node`, or -1; long lists get an item table on first use. */
  private itemOf(node: number, n: number): number {
    if (n < 0) return -1;
    let items = this.items.get(node);
    if (!items) {
      if (n < SCAN_LIMIT) {
        let j = node + 1;
        for (let i = 0; i < n && j < this.length && this.type(j) !== EVENT_ID.POP; i++) j = this.skip(j);
        return j < this.length && this.type(j) !== EVENT_ID.POP ? j : -1;
      }
      const found: number[] = [];
      for (let j = node + 1; j < this.length && this.type(j) !== EVENT_ID.POP; j = this.skip(j)) found.push(j);
      items = Int32Array.from(found);
      this.items.set(node, items);
    }
    return n < items.length ? (items[n] as number) : -1;
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
        const key = this.keyIn(node, segment);
        if (key === -1) return best;
        best = this.start(key);
        node = this.skip(key);
      } else if (type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
        const item = this.itemOf(node, segment);
        if (item === -1) return best;
        node = item;
        const start = this.start(item);
        if (start !== -1) best = start;
      } else {
        return best;
      }
    }
    return best;
  }
}

/** Collections up to this size are scanned on each lookup; larger ones are indexed once. */
const SCAN_LIMIT = 16;

/** The smallest of three offsets that are not -1 (three arguments, not a rest list: it runs for every node). */
function firstOffset(a: number, b: number, c: number): number {
  let first = a;
  if (b !== -1 && (first === -1 || b < first)) first = b;
  if (c !== -1 && (first === -1 || c < first)) first = c;
  return first;
}

function shift(offset: number, base: number): number {
  return offset === -1 ? -1 : offset + base;
}
