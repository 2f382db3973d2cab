import { withSubject } from '../core/engine.js';
import type { Result } from '../core/result.js';
import type { Severity } from '../core/severity.js';

/** SGR codes; severities run from bold red down to grey, so the eye finds the worst first. */
const CODES = {
  bold: '1',
  dim: '2',
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  info: '90',
  error: '1;35',
  pass: '32',
} as const satisfies Record<Severity, string> & Record<string, string>;

export type Style = keyof typeof CODES;
export type Paint = (style: Style, text: string) => string;

/** Without colour, paint is the identity: no escape codes reach pipes, files or NO_COLOR terminals. */
export function painter(color: boolean): Paint {
  return color
    ? (style, text) => (text === '' ? text : `\u001b[${CODES[style]}m${text}\u001b[0m`)
    : (_style, text) => text;
}

/**
 * Word-wraps `text` to `width` columns. The first line comes back bare (the caller has already
 * written `firstIndent` columns before it); continuation lines start with `indent` spaces. Words
 * longer than a line (paths, URLs) are kept whole: breaking them would corrupt what people copy.
 */
export function wrap(text: string, width: number, indent: number, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = '';
  let room = width - firstIndent;
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
      room = width - indent;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(indent) + l));
}

/**
 * Control characters from scanned input (a name, a value echoed in a message) could move the
 * cursor or recolour a terminal; they are shown escaped instead, and newlines cannot break the layout.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A copy of the result whose every string a terminal will show is printable. */
export function printableResult(result: Result): Result {
  const copy: Result = { ...result, ruleId: printable(result.ruleId), message: printable(result.message) };
  if (result.path !== undefined) copy.path = printable(result.path);
  if (result.skipReason !== undefined) copy.skipReason = printable(result.skipReason);
  if (result.resource) {
    const { namespace } = result.resource;
    copy.resource = {
      ...result.resource,
      kind: printable(result.resource.kind),
      name: printable(result.resource.name),
      ...(namespace !== undefined && { namespace: printable(namespace) }),
    };
  }
  if (result.location) {
    const { template } = result.location;
    copy.location = {
      ...result.location,
      file: printable(result.location.file),
      ...(template !== undefined && { template: printable(template) }),
    };
  }
  if (result.suppressed) {
    const { owner } = result.suppressed;
    copy.suppressed = {
      ...result.suppressed,
      reason: printable(result.suppressed.reason),
      ...(owner !== undefined && { owner: printable(owner) }),
    };
  }
  // the judged resource stays reachable (where it starts, for the table's header), never enumerable
  return result.subject ? withSubject(copy, result.subject) : copy;
}
