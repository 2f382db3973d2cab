import { formatPath, type Path } from '../core/path.js';
import { parseYaml } from './parse-yaml.js';

/** A file that holds one YAML document (rampart.yaml, a policy test suite), with positions. */
export interface YamlDocument {
  /** The document's value; undefined when the file holds no document (empty, or comments only). */
  value: unknown;
  /** `file:line:column` of the node at `path`, or of its nearest existing ancestor. */
  where(path: Path): string;
  line(path: Path): number;
  /**
   * A reporter for one field: `file:line:column: <field> <message>`, with the field written as
   * every output writes paths (`rules.pss-privileged.options`), or `what` for the whole document.
   */
  reporter(errors: string[], what: string): (path: Path, message: string) => void;
}

/**
 * Reads text that must hold a single YAML document. Invalid YAML and extra documents come back
 * as errors with file, line and column; the caller validates the value's fields.
 */
export function readYamlDocument(
  text: string,
  file: string,
  what: string,
): { document: YamlDocument } | { errors: string[] } {
  const parsed = parseYaml(text);
  const errors = parsed.problems.map((problem) => {
    const { line, column } = parsed.lines.position(problem.offset);
    return `${file}:${line}:${column}: not valid YAML: ${problem.message}`;
  });
  if (errors.length) return { errors };
  const [first, ...rest] = parsed.documents;
  if (rest.length)
    return { errors: [`${file}: holds ${parsed.documents.length} YAML documents; write the ${what} as one`] };
  const position = (path: Path) =>
    first ? parsed.lines.position(Math.max(first.events.locate(first.root, path), 0)) : { line: 1, column: 1 };
  const where = (path: Path) => {
    const { line, column } = position(path);
    return `${file}:${line}:${column}`;
  };
  return {
    document: {
      value: first?.value ?? undefined,
      where,
      line: (path) => position(path).line,
      reporter: (errors, whole) => (path, message) =>
        errors.push(`${where(path)}: ${path.length ? formatPath(path) : whole} ${message}`),
    },
  };
}
