/**
 * The Kubernetes format library (1.31+): named string formats with the API server's validation
 * messages. `format.dns1123Label().validate(s)` is `optional.none()` when `s` is valid, otherwise
 * the list of problems.
 */
import { listOf, opaque, optionalOf, STRING } from '../checker/types.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { newList, OpaqueValue, OptionalValue, type Val } from '../values.js';
import { goQuote } from './go-numbers.js';
import { compileRegex } from './regex-engine.js';
import { parseURL } from './urls.js';

export const FORMAT_TYPE = opaque('kubernetes.NamedFormat');

type Validator = (value: string) => string[];

export class FormatValue extends OpaqueValue {
  readonly typeName = 'kubernetes.NamedFormat';
  constructor(
    readonly name: string,
    readonly validate: Validator,
    /** Pattern length the API server's cost model assumes for this format. */
    readonly regexSize: number,
  ) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof FormatValue && other.name === this.name;
  }
  toJs(): unknown {
    return this.name;
  }
}

/** apimachinery's RegexError, word for word (each example is followed by ", " and then " or "). */
function regexError(message: string, pattern: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${pattern}')`;
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${pattern}')`;
}

/** util/validation counts characters, the newer api/validate/content package (label keys and values) bytes. */
const maxLength = (n: number) => `must be no more than ${n} characters`;
const maxBytes = (n: number) => `must be no more than ${n} bytes`;
/** Go's len(): the UTF-8 length. */
const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

/** RE2, like the API server's regexp: linear in the input, however it fails. */
function matcher(pattern: string): { test(value: string): boolean } {
  const compiled = compileRegex(`^${pattern}$`);
  if (typeof compiled === 'string') throw new Error(`format library: ${compiled}`);
  return compiled;
}

function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLength(63));
  // A valid subdomain that is no valid label (the length was checked) has dots.
  if (!matcher(DNS1123_LABEL).test(value) && matcher(DNS1123_SUBDOMAIN).test(value)) {
    errors.push('must not contain dots');
  } else if (!matcher(DNS1123_LABEL).test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errors;
}

function dns1123Subdomain(value: string, limit = maxLength): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(limit(253));
  if (!matcher(DNS1123_SUBDOMAIN).test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errors;
}

function dns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLength(63));
  if (!matcher(DNS1035_LABEL).test(value)) {
    errors.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errors;
}

const QUALIFIED_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** apimachinery's IsLabelKey, which IsQualifiedName is (api/validate/content: lengths in bytes). */
function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const errors: string[] = [];
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123Subdomain(prefix, maxBytes).map((e) => `prefix part ${e}`));
  } else {
    return [
      `a valid label key ${regexError(QUALIFIED_MESSAGE, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${maxBytes(63)}`);
  if (!matcher(QUALIFIED_NAME).test(name)) {
    errors.push(`name part ${regexError(QUALIFIED_MESSAGE, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`);
  }
  return errors;
}

function labelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxBytes(63));
  if (!matcher(LABEL_VALUE).test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
}

/**
 * A trailing dash is allowed in prefixes (generateName). apimachinery's maskTrailingDash replaces the
 * last two characters with `a` (`ab-` is validated as `aa`), and leaves a lone `-` as it is.
 */
const prefixed =
  (validate: Validator): Validator =>
  (value) =>
    validate(value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value);

const check =
  (test: (value: string) => boolean, message: string): Validator =>
  (value) =>
    test(value) ? [] : [message];

/** kube-openapi strfmt's patterns (each dash of a UUID optional, at least one base64 quantum). */
const UUID = '(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}';
const BASE64 = '(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** strfmt's DateTimePattern, matched against what follows the first `t` (its `.` is any character). */
const TIME = '([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))';

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return month >= 1 && month <= 12 && date.getUTCDate() === day && date.getUTCMonth() === month - 1;
}

/** strfmt's IsDateTime: the text split at each `t` (lower-cased), a date, then a time (only the second part is read). */
function validDateTime(value: string): boolean {
  if (byteLength(value) < 4) return false;
  const parts = value.toLowerCase().split('t');
  if (parts.length < 2 || !validDate(parts[0]!) || !matcher(TIME).test(parts[1]!)) return false;
  const [hours, minutes, seconds] = [parts[1]!.slice(0, 2), parts[1]!.slice(3, 5), parts[1]!.slice(6, 8)];
  return hours <= '23' && minutes <= '59' && seconds <= '59';
}

/** url.ParseRequestURI's error, quoted as Go quotes: the problems are the result, the caller's own value. */
function uri(value: string): string[] {
  const parsed = parseURL(value, goQuote);
  return typeof parsed === 'string' ? [parsed] : [];
}

export const NAMED_FORMATS: Record<string, FormatValue> = {
  dns1123Label: new FormatValue('DNS1123Label', dns1123Label, 30),
  dns1123Subdomain: new FormatValue('DNS1123Subdomain', dns1123Subdomain, 60),
  dns1035Label: new FormatValue('DNS1035Label', dns1035Label, 30),
  qualifiedName: new FormatValue('QualifiedName', qualifiedName, 60),
  dns1123LabelPrefix: new FormatValue('DNS1123LabelPrefix', prefixed(dns1123Label), 30),
  dns1123SubdomainPrefix: new FormatValue('DNS1123SubdomainPrefix', prefixed(dns1123Subdomain), 60),
  dns1035LabelPrefix: new FormatValue('DNS1035LabelPrefix', prefixed(dns1035Label), 30),
  labelValue: new FormatValue('LabelValue', labelValue, 40),
  // The API server's regex sizes for the cost: govalidator's URL pattern (1103), the UUID pattern (70),
  // a base64 pattern (84), the date-time pattern (71).
  uri: new FormatValue('URI', uri, 1103),
  uuid: new FormatValue(
    'uuid',
    check((v) => matcher(UUID).test(v), 'does not match the UUID format'),
    70,
  ),
  byte: new FormatValue(
    'byte',
    check((v) => matcher(BASE64).test(v), 'invalid base64'),
    84,
  ),
  date: new FormatValue('date', check(validDate, 'invalid date'), 71),
  datetime: new FormatValue('datetime', check(validDateTime, 'invalid datetime'), 71),
};

const FORMAT_OPT_LIST = optionalOf(listOf(STRING));

export function formatOverloads(): Overload[] {
  return [
    ...globals('format', [
      ...Object.entries(NAMED_FORMATS).map(([name, format]) => ({
        id: `format.${name}`,
        name: `format.${name}`,
        params: [],
        result: FORMAT_TYPE,
        impl: () => format,
      })),
      {
        id: 'format-named',
        name: 'format.named',
        params: [STRING],
        result: optionalOf(FORMAT_TYPE),
        impl: (args) => {
          const format = Object.hasOwn(NAMED_FORMATS, args[0] as string) ? NAMED_FORMATS[args[0] as string] : undefined;
          return format ? OptionalValue.of(format) : OptionalValue.NONE;
        },
      },
    ]),
    ...members('format', [
      {
        id: 'format-validate',
        name: 'validate',
        params: [FORMAT_TYPE, STRING],
        result: FORMAT_OPT_LIST,
        impl: (args) => {
          const errors = (args[0] as FormatValue).validate(args[1] as string);
          return errors.length === 0 ? OptionalValue.NONE : OptionalValue.of(newList(errors));
        },
        cost: (args) =>
          Math.ceil((1 + (args[1] as string).length) * 0.1) * Math.ceil((args[0] as FormatValue).regexSize * 0.25),
      },
    ]),
  ];
}
