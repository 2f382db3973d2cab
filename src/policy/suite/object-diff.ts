import { formatPath, type Path } from '../../core/path.js';
import { isRecord } from '../../core/pod-spec.js';

/**
 * Where two objects differ, one line per differing leaf, as a reviewer reads a failed mutation:
 * `- spec.containers[1].image: "a"` (expected), `+ spec.containers[1].image: "b"` (got).
 * Lists are compared position by position; at most `limit` lines.
 */
export function objectDiff(expected: unknown, actual: unknown, limit = 40): string[] {
  const lines: string[] = [];
  walk(expected, actual, [], lines);
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more differences`] : lines;
}

function walk(expected: unknown, actual: unknown, path: Path, out: string[]): void {
  if (isRecord(expected) && isRecord(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    for (const key of keys) walk(expected[key], actual[key], [...path, key], out);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) walk(expected[i], actual[i], [...path, i], out);
    return;
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) return;
  const where = path.length ? formatPath(path) : '(the object)';
  if (expected !== undefined) out.push(`- ${where}: ${JSON.stringify(expected)}`);
  if (actual !== undefined) out.push(`+ ${where}: ${JSON.stringify(actual)}`);
}
