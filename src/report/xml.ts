/**
 * Characters XML 1.0 cannot carry at all, not even as character references: C0 controls other
 * than tab, newline and return, lone surrogates, U+FFFE and U+FFFF. They are dropped, since a
 * single one makes the whole report unparseable for every CI system that reads it.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripForbidden(text: string): string {
  return text.replace(FORBIDDEN, '');
}

export function escapeText(text: string): string {
  return stripForbidden(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and whitespace controls, which parsers would otherwise normalize to spaces. */
export function escapeAttribute(text: string): string {
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `name="value"` pairs in the given order; undefined values are left out. */
export function attributes(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
}
