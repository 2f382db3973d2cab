/**
 * Values from the evaluated data never leave in an error message: they may be a Secret's data or a
 * token in an environment variable. Every message that shows such a value wraps it with `quoted()`
 * where it is built; `celError()` (errors.ts), which every compile and evaluation error passes
 * through, then replaces each wrapped value with REDACTED in evaluation errors and unwraps it in
 * compile errors, whose values are literals of the expression itself.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
const WRAPPED = /\uE000[^\uE001]*\uE001/g;

export const REDACTED = '[redacted]';

/** Beyond this, a value is cut: a message never grows with the input, nor costs its length to build. */
const SHOWN = 256;

/**
 * A value for an error message, in single quotes, marked for redaction. The private-use marker
 * characters are removed from the value itself, so no input can close the mark early.
 */
export function quoted(value: string): string {
  const shown = value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value;
  return `${OPEN}'${shown.replace(MARKERS, '')}'${CLOSE}`;
}

/** A value from the data marked as `quoted()` does, without the quotes (for a message that quotes it its own way). */
export function marked(value: string): string {
  const shown = value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value;
  return `${OPEN}${shown.replace(MARKERS, '')}${CLOSE}`;
}

/** An evaluation error's message as it may be shown: every wrapped value replaced. */
export function redactValues(message: string): string {
  return message.replace(WRAPPED, REDACTED).replace(MARKERS, '');
}

/** A compile error's message: the values are the expression's own literals, shown as written. */
export function unwrapValues(message: string): string {
  return message.replace(MARKERS, '');
}

/**
 * For the conformance suite only (never in output): each wrapped value shown by `quote`, to compare
 * messages with the API server's word for word (Go quotes them with %q).
 */
export function revealValues(message: string, quote: (value: string) => string): string {
  const reveal = (wrapped: string) =>
    wrapped.startsWith(`${OPEN}'`) && wrapped.endsWith(`'${CLOSE}`)
      ? quote(wrapped.slice(2, -2))
      : wrapped.slice(1, -1);
  return message.replace(WRAPPED, reveal).replace(MARKERS, '');
}
