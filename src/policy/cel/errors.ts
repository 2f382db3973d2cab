/** Error values with positions, and their display in cel-go's style (the line and a caret). */
import type { CelError, CelErrorKind } from './index.js';
import { redactValues, revealValues, unwrapValues } from './redact.js';

const COMPILE_KINDS: ReadonlySet<CelErrorKind> = new Set(['syntax', 'type', 'unknown-function']);

/**
 * Builds an error with the 1-based line and column (in code points) of `offset`. Every error of the
 * engine passes here: values from the data (marked with `quoted()`) are redacted from evaluation
 * errors, and shown in compile errors, where they are the expression's own literals.
 */
export function celError(
  expression: string,
  kind: CelErrorKind,
  text: string,
  offset: number,
  reveal?: (value: string) => string,
): CelError {
  const message = reveal
    ? revealValues(text, reveal)
    : COMPILE_KINDS.has(kind)
      ? unwrapValues(text)
      : redactValues(text);
  if (offset < 0) return { kind, message, line: 0, column: 0, offset: -1 };
  const before = expression.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const column = [...expression.slice(lineStart, offset)].length + 1;
  return { kind, message, line, column, offset };
}

/**
 * An error as a reader wants it: `<source>:<line>:<column>: <message>`, then the expression's line and a
 * caret under the column. `source` names where the expression lives (a policy and field).
 */
export function formatCelError(error: CelError, expression: string, source = '<expression>'): string {
  if (error.line === 0) return `${source}: ${error.message}`;
  const line = expression.split('\n')[error.line - 1] ?? '';
  const caret = `${[...line]
    .slice(0, error.column - 1)
    .map((c) => (c === '\t' ? '\t' : ' '))
    .join('')}^`;
  return `${source}:${error.line}:${error.column}: ${error.message}\n | ${line}\n | ${caret}`;
}
