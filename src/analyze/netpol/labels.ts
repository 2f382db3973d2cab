/**
 * Label keys and values as the API server validates them in a NetworkPolicy's selectors
 * (apimachinery's qualified names and label values): a policy with another one is rejected, so
 * the analysis must not read it. Lengths are checked before the patterns, so no pattern ever runs
 * on more than 253 characters.
 */

const NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

/** A label value: empty, or up to 63 letters, digits, `-`, `_`, `.`, beginning and ending with a letter or digit. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME.test(value));
}

/** A label key: a name as above (not empty), optionally behind a DNS subdomain prefix and `/`. */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (name === '' || name.length > 63 || !NAME.test(name)) return false;
  if (slash === -1) return true;
  const prefix = key.slice(0, slash);
  return (
    prefix !== '' &&
    prefix.length <= 253 &&
    prefix.split('.').every((part) => part.length <= 63 && DNS_LABEL.test(part))
  );
}

export const LABEL_VALUE_RULE =
  "63 characters at most, of letters, digits, '-', '_' and '.', beginning and ending with a letter or digit";
