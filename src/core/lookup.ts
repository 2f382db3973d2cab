/**
 * `table[key]` for a constant table looked up with a key from the input (a kind, a name, a
 * label): own entries only, so `constructor`, `__proto__` or `toString` finds nothing instead of
 * a function of Object.prototype.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
