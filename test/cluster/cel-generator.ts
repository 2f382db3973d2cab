/*
 * Seeded CEL expressions over the Kubernetes libraries (quantity, regex and strings extensions,
 * lists, sets, URLs, IPs and CIDRs, semver, format, optionals, math) and over the request object,
 * each a bool: true, false, or an error. Operands mix valid and malformed inputs, so every class
 * of answer — including the errors — is compared.
 */
import type { Random } from './oracle.js';

const QUANTITIES = [
  '1',
  '1.5',
  '100m',
  '1Gi',
  '1024Mi',
  '1G',
  '0',
  '-1',
  '1e3',
  '2Ki',
  '500u',
  '1.5Gi',
  '9223372036854775807',
  'bad',
  '1Zi',
  '',
];
const STRINGS = ['abc', 'a,b,c', 'Hello World', '', 'ünïcödé', 'x-1_y.z', '  padded  ', 'AbC123'];
const REGEXES = ['^a', '[0-9]+', '^$', 'b.c', '(?i)hello', 'ü', '[', '^[a-z]+$', '\\\\d'];
const URLS = [
  'https://example.com:8443/a/b?x=1&y=2',
  'http://[::1]:80/',
  'not a url',
  '/relative/path',
  'https://user@host/%20x',
  'ftp://h',
];
const IPS = [
  '10.0.0.1',
  '::1',
  '127.0.0.1',
  '192.168.0.256',
  'fe80::1',
  '0.0.0.0',
  '::ffff:1.2.3.4',
  '2001:db8::1',
  '01.2.3.4',
];
const CIDRS = ['10.0.0.0/8', '192.168.1.0/24', '2001:db8::/32', '10.0.0.1/8', '1.2.3.4/33', '::/0'];
const SEMVERS = ['1.2.3', '1.2.3-alpha', '0.0.1', 'v1.2.3', '1.2', '2.0.0+build', '01.2.3'];
const LISTS = ['[1, 2, 3]', '[3, 1, 2]', '[]', "['a', 'b']", '[1.5, 2.5]', "['b', 'a', 'a']"];

type Template = (r: Random) => string;

const q = (r: Random) => `'${r.pick(QUANTITIES)}'`;
const s = (r: Random) => `'${r.pick(STRINGS)}'`;

const TEMPLATES: Template[] = [
  (r) => `quantity(${q(r)}).compareTo(quantity(${q(r)})) == ${r.pick([-1, 0, 1])}`,
  (r) => `quantity(${q(r)}).isLessThan(quantity(${q(r)}))`,
  (r) => `quantity(${q(r)}).add(quantity(${q(r)})).isGreaterThan(quantity('1'))`,
  (r) => `sign(quantity(${q(r)}).sub(${r.int(5)})) == ${r.pick([-1, 0, 1])}`,
  (r) => `quantity(${q(r)}).sign() == 1`,
  (r) => `isQuantity(${q(r)})`,
  (r) => `quantity(${q(r)}).isInteger()`,
  (r) => `quantity(${q(r)}).asInteger() > ${r.pick([0, 100, 1000000])}`,
  (r) => `quantity(${q(r)}).asApproximateFloat() >= ${r.pick(['0.5', '1.0', '1e9'])}`,
  (r) => `${s(r)}.matches('${r.pick(REGEXES)}')`,
  (r) => `${s(r)}.find('${r.pick(REGEXES)}') == ''`,
  (r) => `${s(r)}.findAll('${r.pick(REGEXES)}').size() == ${r.int(3)}`,
  (r) => `${s(r)}.lowerAscii() == ${s(r)}.upperAscii().lowerAscii()`,
  (r) => `${s(r)}.replace('${r.pick(['a', ',', ''])}', '-') != ${s(r)}`,
  (r) => `${s(r)}.split(',').size() == ${1 + r.int(3)}`,
  (r) => `${s(r)}.indexOf('${r.pick(['a', 'b', '', 'z'])}') == ${r.int(3) - 1}`,
  (r) => `${s(r)}.lastIndexOf('${r.pick(['a', 'c', ''])}') >= 0`,
  (r) => `${s(r)}.substring(${r.int(3)}, ${r.int(6)}) == 'b'`,
  (r) => `${s(r)}.charAt(${r.int(5)}) == 'b'`,
  (r) => `${s(r)}.trim().size() == ${r.int(8)}`,
  (r) => `${s(r)}.reverse() == ${s(r)}`,
  (r) => `strings.quote(${s(r)}).size() > ${r.int(8)}`,
  (r) => `${r.pick(LISTS.filter((l) => l.includes("'")))}.join('${r.pick(['', ',', '-'])}') == 'a,b'`,
  (r) => `${r.pick(LISTS)}.isSorted()`,
  (r) => `${r.pick(['[1, 2, 3]', '[3, 1, 2]', '[]', '[1.5, 2.5]'])}.sum() == ${r.pick(['6', '0', '4.0'])}`,
  (r) => `${r.pick(['[1, 2, 3]', '[3, 1, 2]', '[]'])}.min() == 1`,
  (r) => `${r.pick(['[1, 2, 3]', '[3, 1, 2]', '[]'])}.max() == 3`,
  (r) => `${r.pick(LISTS)}.indexOf(${r.pick(['1', "'a'", '2'])}) == ${r.int(3) - 1}`,
  (r) => `${r.pick(LISTS)}.lastIndexOf(${r.pick(['1', "'a'", '2'])}) >= 0`,
  (r) => `${r.pick(['[1, 2, 3]', '[3, 1, 2]'])}.slice(${r.int(3)}, ${r.int(4)}) == [1]`,
  (r) => `sets.contains(${r.pick(LISTS)}, ${r.pick(LISTS)})`,
  (r) => `sets.equivalent(${r.pick(LISTS)}, ${r.pick(LISTS)})`,
  (r) => `sets.intersects(${r.pick(LISTS)}, ${r.pick(LISTS)})`,
  (r) => `isURL('${r.pick(URLS)}')`,
  (r) => `url('${r.pick(URLS)}').getHost() == '${r.pick(['example.com:8443', 'example.com', '[::1]:80', 'h'])}'`,
  (r) => `url('${r.pick(URLS)}').getHostname() == '${r.pick(['example.com', '::1', 'h'])}'`,
  (r) => `url('${r.pick(URLS)}').getPort() == '${r.pick(['8443', '80', ''])}'`,
  (r) => `url('${r.pick(URLS)}').getScheme() == 'https'`,
  (r) => `url('${r.pick(URLS)}').getEscapedPath().startsWith('/a')`,
  (r) => `url('${r.pick(URLS)}').getQuery().size() == ${r.int(3)}`,
  (r) => `isIP('${r.pick(IPS)}')`,
  (r) => `ip('${r.pick(IPS)}').family() == ${r.pick([4, 6])}`,
  (r) => `ip.isCanonical('${r.pick(IPS)}')`,
  (r) =>
    `ip('${r.pick(IPS)}').${r.pick(['isLoopback', 'isUnspecified', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast'])}()`,
  (r) => `isCIDR('${r.pick(CIDRS)}')`,
  (r) => `cidr('${r.pick(CIDRS)}').containsIP(ip('${r.pick(IPS)}'))`,
  (r) => `cidr('${r.pick(CIDRS)}').containsCIDR(cidr('${r.pick(CIDRS)}'))`,
  (r) => `cidr('${r.pick(CIDRS)}').prefixLength() == ${r.pick([8, 24, 32])}`,
  (r) => `string(cidr('${r.pick(CIDRS)}').masked()) == '10.0.0.0/8'`,
  (r) => `string(cidr('${r.pick(CIDRS)}').ip()) == '10.0.0.1'`,
  (r) => `isSemver('${r.pick(SEMVERS)}')`,
  (r) => `semver('${r.pick(SEMVERS)}').major() == 1`,
  (r) => `semver('${r.pick(SEMVERS)}').compareTo(semver('${r.pick(SEMVERS)}')) == ${r.pick([-1, 0, 1])}`,
  (r) => `semver('${r.pick(SEMVERS)}').isLessThan(semver('${r.pick(SEMVERS)}'))`,
  (r) =>
    `'${r.pick(['%s-%d', '%v', '%.2f', '%x', '%o', '%b', '%e'])}'.format([${r.pick(["'a', 1", '1.5', '10', "'x'", '[1, 2]'])}]) != ''`,
  (r) => `object.data.${r.pick(['k', 'n', 'missing'])} == '${r.pick(['v', '42'])}'`,
  (r) => `has(object.data.${r.pick(['k', 'missing'])})`,
  (r) => `object.metadata.?labels.${r.pick(['app', 'tier'])}.orValue('none') == '${r.pick(['web', 'none'])}'`,
  (r) => `optional.of(${r.int(3)}).hasValue() && optional.none().orValue(${r.int(3)}) == ${r.int(3)}`,
  (r) => `int(object.data.n) ${r.pick(['>', '<', '=='])} ${r.pick([10, 42, 100])}`,
  (r) => `object.data.csv.split(',').exists(x, x == '${r.pick(['a', 'z'])}')`,
  (r) => `object.data.all(k, k.size() ${r.pick(['<', '>'])} ${r.int(5)})`,
  (r) => `${r.pick(['1 / 0', '10 / 3', '7 % 0', '9223372036854775807 + 1', '-9223372036854775808 - 1', '2 * 3'])} > 0`,
  (r) => `${r.pick(['[1][3]', '[1, 2][1]', "{'a': 1}['b']", "{'a': 1}['a']"])} == 1`,
  (r) => `int('${r.pick(['12', 'x', '9223372036854775808', '-3'])}') > 0`,
  (r) => `double('${r.pick(['1.5', 'NaN', 'inf', 'x'])}') > 1.0`,
  (r) => `base64.decode('${r.pick(['YWJj', 'not base64!', ''])}') == b'abc'`,
  (r) => `base64.encode(b'${r.pick(['abc', ''])}') == '${r.pick(['YWJj', ''])}'`,
  (r) =>
    `math.${r.pick(['greatest', 'least'])}(${r.pick(['1, 2', '[1, 5, 3]', '1.5, 2', '[]'])}) == ${r.pick([1, 2, 5])}`,
  (r) =>
    `math.${r.pick(['ceil', 'floor', 'round', 'trunc'])}(${r.pick(['1.5', '-1.5', '2.0'])}) == ${r.pick(['2.0', '-1.0', '1.0'])}`,
  (r) => `math.abs(${r.pick(['-5', '5', '-9223372036854775808'])}) == 5`,
  (r) => `math.bitOr(${r.int(8)}, ${r.int(8)}) == ${r.int(8)}`,
  (r) => `duration('${r.pick(['1h', '30m', '1h30m', 'bad', '-1s'])}') > duration('${r.pick(['1h', '0s'])}')`,
  (r) => `timestamp('${r.pick(['2024-01-01T00:00:00Z', 'bad', '2024-13-01T00:00:00Z'])}').getFullYear() == 2024`,
  (r) => `${r.pick(["'abc'", '1', 'true', 'null', '[1]'])} == ${r.pick(["'abc'", '1', '1u', '1.0', 'null'])}`,
  (r) => `[${r.pick(['1, 2', "'a'", ''])}].all(x, x ${r.pick(['> 0', "== 'a'", '!= null'])})`,
  (r) => `[1, 2, 3].map(x, x * ${r.int(3)}).filter(x, x > ${r.int(4)}).size() == ${r.int(3)}`,
  (r) => `request.operation == '${r.pick(['CREATE', 'UPDATE'])}' && request.namespace.startsWith('cel')`,
  // Conditional branches of different types: which the checker joins and which it refuses.
  (r) => {
    const branches = [
      "'x'",
      '1',
      '1u',
      '1.5',
      'null',
      '[1]',
      '[]',
      "{'a': 1}",
      'dyn(1)',
      "dyn('x')",
      'object.data.k',
      'true',
    ];
    const [a, b] = [r.pick(branches), r.pick(branches)];
    return `(${r.pick(['true', 'false', 'has(object.data.k)'])} ? ${a} : ${b}) ${r.pick(['== null', '!= null', `== ${a}`, `== ${b}`])}`;
  },
  (r) =>
    `${r.pick(['[3, 1, 2]', '[1, 1, 2]', '[]'])}.${r.pick(['distinct()', 'sort()', 'reverse()', 'slice(0, 1)'])} == [1]`,
  (r) => `${r.pick(["[1, 'a']", '[1, 2.0]', "[null, 'x']", "[[1], ['a']]", "{'a': 1, 'b': 'x'}"])}.size() == 2`,
  (r) => `${r.pick(["'a'", '1'])}.${r.pick(['size()', 'startsWith("a")'])} ${r.pick(['== 1', ''])}`,
];

export function generateExpressions(random: Random, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  // Every template at least twice, then random ones, until enough distinct expressions exist.
  for (let round = 0; out.length < count && round < count * 20; round++) {
    const template =
      round < TEMPLATES.length * 2 ? (TEMPLATES[round % TEMPLATES.length] as Template) : random.pick(TEMPLATES);
    const expression = template(random).trim();
    if (seen.has(expression)) continue;
    seen.add(expression);
    out.push(expression);
  }
  return out;
}
