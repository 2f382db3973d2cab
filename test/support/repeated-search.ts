/**
 * Go's FindAll as Go runs it: a new leftmost-first search from the end of each match, an empty
 * match right after a match skipped. The reference the one-pass `findAll` is checked against.
 */
import type { CompiledRegex } from '../../src/policy/cel/libraries/regex-engine.js';

export function repeatedSearch(regex: CompiledRegex, input: string): string[] {
  const out: string[] = [];
  let pos = 0;
  let previousEnd = -1;
  while (pos <= input.length) {
    const match = regex.find(input, pos);
    if (!match) break;
    const [start, end] = match;
    if (end === pos) {
      if (start !== previousEnd) out.push('');
      pos += pos < input.length && input.codePointAt(pos)! > 0xffff ? 2 : 1;
    } else {
      out.push(input.slice(start, end));
      pos = end;
    }
    previousEnd = end;
  }
  return out;
}
