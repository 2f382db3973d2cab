/**
 * Names of credentials that detect.ts's list leaves out: `*_CREDENTIAL`, `*_JWT`, `*_BEARER`, and
 * `*_KEY`. The last three name plenty of things that are not secret (`CACHE_KEY`, `SORT_KEY`,
 * `PUBLIC_KEY`, an algorithm under `JWT`), so under them only a value that looks generated counts:
 * 16 or more characters of the base64, base64url or hex alphabets with both letters and digits
 * (`base64:` in front allowed, as Laravel writes its key). Identifiers with dots, colons or
 * spaces (`cache:v2:users`, `user.profile`, `ssh-ed25519 AAAA…`) are names or public keys.
 *
 * Everything here is one pass over the text, without regular expressions: names and values come
 * from the input and may be long.
 */

export interface CredentialName {
  /** What the name says the value is, as a noun: `credential`, `key`, `JSON Web Token`. */
  noun: string;
  /** Whether only a generated-looking value counts (the name alone is weak evidence). */
  generatedOnly: boolean;
}

/**
 * Words before `key` that make it something other than a secret: a public half, a data-structure
 * or lookup key, the id of a key held elsewhere (a KMS key, a GPG fingerprint), or a key that is
 * public by design (reCAPTCHA site keys, Stripe publishable keys, search-only keys, Application
 * Insights instrumentation keys).
 */
const NOT_SECRET_KEYS = new Set([
  'public',
  'pub',
  'publishable',
  'site',
  'verify',
  'verifying',
  'verification',
  'search',
  'instrumentation',
  'kms',
  'gpg',
  'pgp',
  'cache',
  'sort',
  'partition',
  'primary',
  'foreign',
  'unique',
  'composite',
  'range',
  'routing',
  'shard',
  'object',
  's3',
  'bucket',
  'prefix',
  'lock',
  'idempotency',
  'dedup',
  'dedupe',
  'deduplication',
  'lookup',
  'map',
  'index',
  'row',
  'column',
  'field',
  'attribute',
  'label',
  'annotation',
  'selector',
  'topology',
  'tag',
  'metric',
  'metrics',
  'message',
  'header',
  'query',
  'config',
  'project',
  'state',
  'hot',
]);

/** What a name says its value is, when detect.ts's list does not know it; undefined otherwise. */
export function credentialName(name: string): CredentialName | undefined {
  const [previous, last] = lastTwoWords(name);
  if (last === undefined) return undefined;
  if (last.endsWith('credential')) return { noun: 'credential', generatedOnly: false };
  if (last.endsWith('credentials')) return { noun: 'credentials', generatedOnly: false };
  if (last === 'jwt') return { noun: 'JSON Web Token', generatedOnly: true };
  if (last === 'bearer') return { noun: 'bearer token', generatedOnly: true };
  if (last === 'key' && previous !== undefined && !NOT_SECRET_KEYS.has(previous))
    return { noun: 'key', generatedOnly: true };
  return undefined;
}

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function charClass(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  return 0;
}

/**
 * The last two words of a name, lower-cased, split as detect.ts splits keys: at anything but
 * letters and digits, before an upper-case letter that follows a lower-case letter or a digit
 * (`apiKey`), and before the last capital of an acronym followed by lower case (`APIKey`).
 */
function lastTwoWords(name: string): [string | undefined, string | undefined] {
  // Word bounds only, as [start, end) pairs: the two words kept are sliced once, at the end.
  let previous: [number, number] | undefined;
  let last: [number, number] | undefined;
  let start = -1;
  const end = (at: number) => {
    if (start !== -1) {
      previous = last;
      last = [start, at];
    }
    start = -1;
  };
  for (let i = 0; i < name.length; i++) {
    const kind = charClass(name.charCodeAt(i));
    if (kind === 0) {
      end(i);
      continue;
    }
    if (start !== -1 && kind === UPPER) {
      const before = charClass(name.charCodeAt(i - 1));
      const after = i + 1 < name.length ? charClass(name.charCodeAt(i + 1)) : 0;
      if (before === LOWER || before === DIGIT || (before === UPPER && after === LOWER)) end(i);
    }
    if (start === -1) start = i;
  }
  end(name.length);
  const word = (bounds: [number, number] | undefined) => bounds && name.slice(bounds[0], bounds[1]).toLowerCase();
  return [word(previous), word(last)];
}

/** Whether a value looks generated: see the comment at the top. */
export function looksGenerated(value: string): boolean {
  const text = value.startsWith('base64:') ? value.slice(7) : value;
  if (text.length < 16) return false;
  let letters = false;
  let digits = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = charClass(code);
    if (kind === DIGIT) digits = true;
    else if (kind !== 0) letters = true;
    else if (code !== 43 && code !== 47 && code !== 61 && code !== 95 && code !== 45) return false; // + / = _ -
  }
  return letters && digits;
}
