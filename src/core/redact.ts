/**
 * The one way an error from code that is not Rampart's — the YAML and JSON parsers, a rule that
 * threw, a CEL library — becomes message text. Such messages quote what they failed on:
 * js-yaml writes `unknown tag !<!Passw0rd>` and `unidentified alias "Passw0rd"`, JSON.parse writes
 * `Unexpected token 'p', "password=…" is not valid JSON`, a TypeError names the field it could not
 * read. The input may be a Secret, so everything from the first quote, tag, alias or anchor
 * character on is dropped: what is left names the kind of problem, and the caller adds where.
 */
export function redactedMessage(error: unknown, fallback = 'an error'): string {
  // the engine's own limits: `Invalid string length`, `Maximum call stack size exceeded` mean the same to a user
  if (error instanceof RangeError) return 'the input is too large or too deeply nested to process';
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const kept = redact(text);
  // nothing but quotes left: the message was all input
  return /[^…\s]/.test(kept) ? kept : fallback;
}

/**
 * What a rule's failure says. A plain `Error` is one Rampart's code threw on purpose, with a
 * message it composed (a custom rule's CEL error names its expression, which comes from
 * rampart.yaml; such messages must leave input values out where they are written). Anything else
 * — a TypeError reading a field, a RangeError, a library's own error class — is the runtime's or
 * a library's wording about the input, and is redacted.
 */
export function ruleFailureMessage(error: unknown): string {
  if (error instanceof Error && error.constructor === Error) return error.message.split('\n', 1)[0] ?? '';
  return redactedMessage(error);
}

/**
 * Quoted text (closed or not), YAML verbatim tags, and tag, alias and anchor names: what parser
 * and runtime messages quote from their input. One pass; each match ends at its closing quote or
 * at the end of the line.
 */
const QUOTED = /"[^"\n]*"?|'[^'\n]*'?|`[^`\n]*`?|!<[^>\n]*>?|[!*&][^\s,;)]*/g;

/** The message's first line with everything quoted from the input replaced by `…`. */
export function redact(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? '';
  return firstLine
    .slice(0, MAX_LENGTH)
    .replace(QUOTED, '…')
    .replace(/…(?:\.\.\.)?/g, '…')
    .trim();
}

/** A parser's reason is a short phrase; anything longer is not one of theirs. */
const MAX_LENGTH = 200;
