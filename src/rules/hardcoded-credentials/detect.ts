/**
 * Recognises credentials in configuration values without ever returning the value: every
 * function here answers with a description ("an AWS access key id") or a position, never text
 * taken from the value.
 *
 * Values come from whoever can create a pod or a ConfigMap, and may be megabytes long, so every
 * pattern here runs in time linear in the value: no pattern may start a match at many places of
 * one run of the characters it repeats (a lookbehind pins the start to the run's first
 * character), and "something, then later something else" is found with indexOf, not `.*`.
 */

interface ValuePattern {
  what: string;
  pattern: RegExp;
  /** Rejects known documentation examples that match the shape. */
  example?: RegExp;
}

/** Credentials recognisable by their shape alone, whatever the key is called. */
const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    what: 'a private key',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
  },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/, example: /EXAMPLE\b/ },
  { what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { what: 'a GitLab token', pattern: /\bgl(?:pat|ptt|dt|rt|cbt|soat|ft|imt)-[A-Za-z0-9_-]{20,}/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,}/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { what: 'a Stripe live secret key', pattern: /\b[rs]k_live_[0-9A-Za-z]{20,}\b/ },
  { what: 'an npm access token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  {
    what: 'a JSON Web Token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/,
  },
];

/** One cheap test before the patterns: most values contain none of these markers. */
const PREFILTER =
  /-----BEGIN|AKIA|ASIA|gh[pousr]_|github_pat_|gl[a-z]{1,5}-|xox[abposr]-|hooks\.slack|AIza|k_live_|npm_|eyJ|:\/\/|kind:/;

/** `scheme://user:password@host`; the password group is checked for placeholders. Schemes are short: a bound keeps each start's scan short. */
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/]*:([^\s@/]+)@[^\s/@]/i;
const KUBECONFIG = /^kind:[ \t]*["']?Config["']?[ \t]*\r?$/m;
const KUBECONFIG_SECRET = /^[ \t]*(?:client-key-data|token|password):[ \t]*["']?[^\s"'$<{]/m;

/**
 * Text that is substituted before the value is used, or that points at a secret store. `${…}`,
 * `#{…}` and `{{…}}` are found by `isReference` with indexOf.
 */
const REFERENCE =
  /\$\([A-Za-z_][A-Za-z0-9_.]*\)|^<[^>]*>$|^%[A-Za-z_]+%$|^(?:vault:|ref\+|arn:aws:(?:secretsmanager|ssm|kms):|projects\/[^/]+\/secrets\/|akv:|azkv:|sm:\/\/|op:\/\/)/i;
const LINE_BREAK = /[\n\r\u2028\u2029]/g;
const NON_SECRET_WORD =
  /^(?:true|false|yes|no|on|off|y|n|null|nil|none|undefined|enabled?|disabled?|n\/a|unset|empty|required|optional|-)$/i;
const SMALL_NUMBER = /^\d{1,5}$/;
const MASK = /^(.)\1*$/;
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)\S*$/;
const URL_WITHOUT_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i;
const VARIABLE_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** A Kubernetes object name: what `*_SECRET` keys often hold (the name of a Secret, not its content). */
const OBJECT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** Finds a credential by the value's shape. */
export function credentialByShape(value: string): string | undefined {
  if (value.length < 16 || !PREFILTER.test(value)) return undefined;
  for (const { what, pattern, example } of VALUE_PATTERNS) {
    const match = pattern.exec(value);
    if (match && !example?.test(match[0])) return what;
  }
  const url = URL_WITH_PASSWORD.exec(value);
  if (url && !isPlaceholder(url[1] as string)) return 'a password in a URL';
  if (KUBECONFIG.test(value) && KUBECONFIG_SECRET.test(value)) return 'a kubeconfig with embedded credentials';
  return undefined;
}

export interface SensitiveKey {
  /** What the key names, as a noun: `password`, `API key`, `credentials`. */
  noun: string;
  /** The key ends in `secret`: such keys often hold the name of a Secret object instead. */
  secretNamed: boolean;
}

type Sensitive = SensitiveKey | null;

/** `a hardcoded password`, `hardcoded credentials`. */
export function hardcoded(noun: string): string {
  return noun === 'credentials' ? 'hardcoded credentials' : `a hardcoded ${noun}`;
}

const SUFFIXES: readonly [string, string][] = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'passphrase'],
  ['apikey', 'API key'],
  ['accesskey', 'access key'],
  ['secretkey', 'secret key'],
  ['privatekey', 'private key'],
  ['secret', 'secret'],
  ['token', 'token'],
];
const WHOLE = new Map([
  ['pwd', 'password'],
  ['pass', 'password'],
  ['credentials', 'credentials'],
]);
const PAIRS = new Map([
  ['api key', 'API key'],
  ['access key', 'access key'],
  ['secret key', 'secret key'],
  ['private key', 'private key'],
  ['signing key', 'signing key'],
  ['encryption key', 'encryption key'],
  ['master key', 'master key'],
  ['secret key base', 'secret key'],
]);

const keyCache = new Map<string, Sensitive>();

/**
 * Whether a key names a credential, judged by its last words: `DB_PASSWORD`, `apiKey` and
 * `spring.datasource.password` do; `PASSWORD_FILE`, `SECRET_NAME` and `TOKEN_TTL` do not.
 */
export function sensitiveKey(key: string): SensitiveKey | undefined {
  let known = keyCache.get(key);
  if (known === undefined) {
    known = classifyKey(key);
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(key, known);
  }
  return known ?? undefined;
}

function classifyKey(key: string): Sensitive {
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (last === undefined) return null;
  const three = words.slice(-3).join(' ');
  const two = words.slice(-2).join(' ');
  const pair = PAIRS.get(three) ?? PAIRS.get(two);
  if (pair) return { noun: pair, secretNamed: false };
  const whole = WHOLE.get(last);
  if (whole) return { noun: whole, secretNamed: false };
  for (const [suffix, what] of SUFFIXES) {
    if (last.endsWith(suffix)) return { noun: what, secretNamed: suffix === 'secret' };
  }
  return null;
}

/**
 * The lower-case words of a key: `DB_PASSWORD`, `dbPassword` and `HTTPServerToken` give
 * [db, password] and [http, server, token]. A new word starts at a lower-case letter or digit
 * followed by an upper-case one, and before the last capital of a run followed by a lower-case
 * letter (`HTTPServer`); one pass, so a megabyte-long key costs a megabyte.
 */
export function keyWords(key: string): string[] {
  const words: string[] = [];
  let start = -1; // where the current word began
  for (let i = 0; i <= key.length; i++) {
    const kind = charKind(key.charCodeAt(i));
    if (kind === OTHER) {
      if (start !== -1) words.push(key.slice(start, i).toLowerCase());
      start = -1;
    } else if (start === -1) start = i;
    else if (kind === UPPER) {
      const previous = charKind(key.charCodeAt(i - 1));
      if (previous !== UPPER || charKind(key.charCodeAt(i + 1)) === LOWER) {
        words.push(key.slice(start, i).toLowerCase());
        start = i;
      }
    }
  }
  return words;
}

const OTHER = 0;
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;

function charKind(c: number): number {
  if (c >= 65 && c <= 90) return UPPER;
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 48 && c <= 57) return DIGIT;
  return OTHER;
}

/** Template expressions, references, masks and empty-ish words: not a credential in themselves. */
export function isPlaceholder(value: string): boolean {
  return isReference(value) || MASK.test(value) || NON_SECRET_WORD.test(value);
}

function isReference(value: string): boolean {
  return REFERENCE.test(value) || enclosed(value, '${', '}') || enclosed(value, '#{', '}') || templated(value);
}

/** Whether `open` occurs with `close` somewhere after it. */
function enclosed(value: string, open: string, close: string): boolean {
  const at = value.indexOf(open);
  return at !== -1 && value.indexOf(close, at + open.length) !== -1;
}

/** `{{ … }}` on one line: each line is searched once. */
function templated(value: string): boolean {
  let from = value.indexOf('{{');
  while (from !== -1) {
    LINE_BREAK.lastIndex = from;
    const end = LINE_BREAK.exec(value)?.index ?? value.length;
    const close = value.indexOf('}}', from + 2);
    if (close !== -1 && close < end) return true;
    if (close === -1) return false;
    from = value.indexOf('{{', end);
  }
  return false;
}

/**
 * Whether a value under a credential-named key is a literal credential. Well-known defaults such
 * as `changeme` are: they reach the cluster as the real password, and guessing them is trivial.
 */
export function isLiteralCredential(value: string, key: { secretNamed: boolean }): boolean {
  const text = value.trim();
  if (text.length < 4 || SMALL_NUMBER.test(text) || isPlaceholder(text)) return false;
  if (FILE_PATH.test(text) || URL_WITHOUT_CREDENTIALS.test(text) || VARIABLE_NAME.test(text)) return false;
  if (key.secretNamed && OBJECT_NAME.test(text) && text.length <= 63) return false;
  return true;
}

export interface TextFinding {
  what: string;
  /** 1-based line within the value. */
  line: number;
  /** The setting's name inside the file, when the finding came from a `key: value` or `key=value` line. */
  key?: string;
}

const SETTING_LINE = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-[\]]*)["']?\s*[:=]\s*(.*)$/;

/** Scans a file held in one value: credential shapes anywhere, then (for configuration files) `key: value` lines. */
export function scanText(text: string, settings = true): TextFinding | undefined {
  const shaped = credentialByShape(text);
  if (shaped) return { what: shaped, line: lineOfShape(text) };
  if (!settings) return undefined;
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const row = end === -1 ? text.slice(start) : text.slice(start, end);
    line++;
    const setting = SETTING_LINE.exec(row);
    if (setting) {
      const key = setting[1] as string;
      const sensitive = sensitiveKey(key);
      if (sensitive && isLiteralCredential(settingValue(setting[2] as string), sensitive)) {
        return { what: hardcoded(sensitive.noun), line, key };
      }
    }
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

/** The value part of a setting line, without quotes, a trailing comma or an end-of-line comment. */
function settingValue(raw: string): string {
  let value = raw.trim();
  if (value.endsWith(',')) value = value.slice(0, -1).trimEnd();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) return value.slice(1, value.lastIndexOf(quote));
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment).trimEnd();
}

/** The line of the first shape match; recomputed only for findings, which are rare. */
function lineOfShape(text: string): number {
  let first = text.length;
  for (const { pattern } of VALUE_PATTERNS) {
    const match = pattern.exec(text);
    if (match && match.index < first) first = match.index;
  }
  const url = URL_WITH_PASSWORD.exec(text);
  if (url && url.index < first) first = url.index;
  if (first === text.length) {
    const kubeconfig = KUBECONFIG_SECRET.exec(text);
    if (kubeconfig) first = kubeconfig.index;
  }
  let line = 1;
  for (let i = 0; i < first && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
