/**
 * Lists and maps holding engine values as they are. @bufbuild/cel's own containers convert every
 * element on access and reject the library types; these carry the same global brands, so its
 * functions (join, format, size…) accept them, and they allocate nothing per access.
 */
import type { CelList, CelMap, CelUint } from '@bufbuild/cel';
import { isCelUint } from '@bufbuild/cel';

const LIST_BRAND = Symbol.for('@bufbuild/cel/list');
const MAP_BRAND = Symbol.for('@bufbuild/cel/map');

/** The values a container holds (engine values; typed loosely to avoid an import cycle). */
type Item = unknown;
export type MapKey = string | bigint | boolean | CelUint;

export class ValueList {
  readonly [LIST_BRAND] = {};
  constructor(readonly items: readonly Item[]) {}
  get size(): number {
    return this.items.length;
  }
  get(index: number): Item {
    return this.items[index];
  }
  values(): IterableIterator<Item> {
    return this.items[Symbol.iterator]();
  }
  [Symbol.iterator](): IterableIterator<Item> {
    return this.items[Symbol.iterator]();
  }
}

/** Keys normalized so that 1 and 1u find the same entry: uint keys are stored under `u:<value>`. */
function slot(key: MapKey): string | bigint | boolean {
  return isCelUint(key) ? `\u0000u${key.value}` : key;
}

export class ValueMap {
  readonly [MAP_BRAND] = {};
  private readonly byKey = new Map<string | bigint | boolean, [MapKey, Item]>();

  get size(): number {
    return this.byKey.size;
  }

  /** Adds an entry; false when an equal key is already present. */
  set(key: MapKey, value: Item): boolean {
    if (this.lookup(key) !== undefined) return false;
    this.byKey.set(slot(key), [key, value]);
    return true;
  }

  private lookup(key: unknown): [MapKey, Item] | undefined {
    if (typeof key === 'string' || typeof key === 'boolean') return this.byKey.get(key);
    let n: bigint;
    if (typeof key === 'bigint') n = key;
    else if (isCelUint(key)) n = key.value;
    else if (typeof key === 'number' && Number.isInteger(key)) n = BigInt(key);
    else return undefined;
    return this.byKey.get(n) ?? (n >= 0n ? this.byKey.get(`\u0000u${n}`) : undefined);
  }

  get(key: unknown): Item {
    return this.lookup(key)?.[1];
  }

  has(key: unknown): boolean {
    return this.lookup(key) !== undefined;
  }

  *keys(): IterableIterator<MapKey> {
    for (const [key] of this.byKey.values()) yield key;
  }

  *values(): IterableIterator<Item> {
    for (const [, value] of this.byKey.values()) yield value;
  }

  *entries(): IterableIterator<[MapKey, Item]> {
    for (const entry of this.byKey.values()) yield [entry[0], entry[1]];
  }

  [Symbol.iterator](): IterableIterator<[MapKey, Item]> {
    return this.entries();
  }

  forEach(callback: (value: Item, key: MapKey, map: ValueMap) => void): void {
    for (const [key, value] of this.byKey.values()) callback(value, key, this);
  }
}

export const EMPTY_LIST = new ValueList([]);

export function newList(items: readonly Item[]): CelList {
  return (items.length === 0 ? EMPTY_LIST : new ValueList(items)) as unknown as CelList;
}

export function asCelMap(map: ValueMap): CelMap {
  return map as unknown as CelMap;
}
