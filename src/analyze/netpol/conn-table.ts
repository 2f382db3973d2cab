import { ConnSet } from './conn-set.js';

/**
 * Interns connection sets so the connectivity matrix can hold small integer ids, and memoizes
 * unions and intersections by id pair. A thousand workloads make a million pairs but only a
 * few dozen distinct sets, so almost every operation is a map lookup.
 */
export class ConnTable {
  static readonly EMPTY = 0;
  static readonly ALL = 1;

  private readonly sets: ConnSet[] = [ConnSet.EMPTY, ConnSet.ALL];
  private readonly ids = new Map<string, number>([
    [ConnSet.EMPTY.key(), ConnTable.EMPTY],
    [ConnSet.ALL.key(), ConnTable.ALL],
  ]);
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();
  private readonly strings: (string | undefined)[] = [];

  id(set: ConnSet): number {
    const key = set.key();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  get(id: number): ConnSet {
    const set = this.sets[id];
    if (!set) throw new Error(`unknown connection set id ${id}`);
    return set;
  }

  get size(): number {
    return this.sets.length;
  }

  union(a: number, b: number): number {
    if (a === b || b === ConnTable.EMPTY || a === ConnTable.ALL) return a;
    if (a === ConnTable.EMPTY || b === ConnTable.ALL) return b;
    const key = a < b ? a * 0x100000 + b : b * 0x100000 + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      id = this.id(this.get(a).union(this.get(b)));
      this.unions.set(key, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === ConnTable.ALL || a === ConnTable.EMPTY) return a;
    if (b === ConnTable.EMPTY || a === ConnTable.ALL) return b;
    const key = a < b ? a * 0x100000 + b : b * 0x100000 + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.id(this.get(a).intersect(this.get(b)));
      this.intersections.set(key, id);
    }
    return id;
  }

  /** The set's connectivity-list text, computed once per id. */
  text(id: number): string {
    let text = this.strings[id];
    if (text === undefined) {
      text = this.get(id).toString();
      this.strings[id] = text;
    }
    return text;
  }
}
