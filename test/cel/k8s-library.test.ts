/**
 * Kubernetes CEL library cases, transcribed from the examples of the Kubernetes documentation
 * ("Common Expression Language in Kubernetes", kubernetes.io/docs/reference/using-api/cel, and the
 * library reference it links to) as expression → expected result. Where a documented example
 * states a result the API server does not produce, the case follows the API server and says why.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AuthorizationCheck,
  authorizerValue,
  type CelValue,
  createCelEngine,
  toCelValue,
  toJs,
} from '../../src/policy/cel/index.js';

type Expected = unknown | { error: RegExp | true } | { compileError: 'syntax' | 'type' | 'unknown-function' };

interface Case {
  expression: string;
  expected: Expected;
  /** Data bound to `self` (CRD validation rules) or `object`. */
  self?: unknown;
  note?: string;
}

const authorizer = authorizerValue({
  authorize(check: AuthorizationCheck) {
    const allowed =
      (check.kind === 'resource' &&
        check.resource === 'pods' &&
        check.namespace === 'default' &&
        check.verb === 'create') ||
      (check.kind === 'path' && check.path === '/healthz' && check.verb === 'get') ||
      (check.kind === 'resource' &&
        check.user === 'system:serviceaccount:default:myserviceaccount' &&
        check.resource === 'deployments' &&
        check.verb === 'delete');
    return { decision: allowed ? 'allow' : 'no-opinion', reason: allowed ? 'rbac: allowed' : '' };
  },
});

const engine = createCelEngine({
  kubernetesVersion: 'v1.33',
  variables: { self: 'dyn', object: 'dyn', authorizer: 'kubernetes.authorization.Authorizer' },
});

function evaluate(c: Case): { value?: unknown; error?: string; compileError?: string } {
  const compiled = engine.compile(c.expression);
  if (!compiled.ok) return { compileError: compiled.error.kind, error: compiled.error.message };
  const activation: Record<string, CelValue> = { authorizer };
  if (c.self !== undefined) {
    activation.self = toCelValue(c.self);
    activation.object = activation.self;
  }
  const result = compiled.program.evaluate(activation);
  return result.ok ? { value: toJs(result.value) } : { error: result.error.message };
}

function check(cases: Case[]): void {
  for (const c of cases) {
    test(c.expression, () => {
      const outcome = evaluate(c);
      const expected = c.expected as { error?: RegExp | true; compileError?: string };
      if (expected && typeof expected === 'object' && 'compileError' in expected) {
        assert.equal(outcome.compileError, expected.compileError, outcome.error ?? 'compiled');
        return;
      }
      assert.equal(outcome.compileError, undefined, outcome.error);
      if (expected && typeof expected === 'object' && 'error' in expected) {
        assert.ok(outcome.error !== undefined, `expected an error, got ${String(outcome.value)}`);
        if (expected.error instanceof RegExp) assert.match(outcome.error!, expected.error);
        return;
      }
      assert.equal(outcome.error, undefined, outcome.error);
      assert.deepEqual(outcome.value, c.expected);
    });
  }
}

describe('validation rule examples', () => {
  check([
    {
      expression: 'self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas',
      self: { minReplicas: 1, replicas: 3, maxReplicas: 5 },
      expected: true,
    },
    { expression: "'Available' in self.stateCounts", self: { stateCounts: { Available: 1 } }, expected: true },
    {
      expression: '(self.list1.size() == 0) != (self.list2.size() == 0)',
      self: { list1: [], list2: ['a'] },
      expected: true,
    },
    {
      expression: "self.envars.filter(e, e.name == 'MY_ENV').all(e, e.value.matches('^[a-zA-Z]*$'))",
      self: {
        envars: [
          { name: 'MY_ENV', value: 'abc' },
          { name: 'OTHER', value: '1' },
        ],
      },
      expected: true,
      note: "the page writes e.name = 'MY_ENV', which does not parse; == is meant",
    },
    {
      expression: "self.envars.filter(e, e.name = 'MY_ENV').all(e, e.value.matches('^[a-zA-Z]*$'))",
      expected: { compileError: 'syntax' },
    },
    {
      expression: 'has(self.expired) && timestamp(self.created) + duration(self.ttl) < timestamp(self.expired)',
      self: { created: '2024-01-01T00:00:00Z', ttl: '24h', expired: '2024-01-03T00:00:00Z' },
      expected: true,
    },
    { expression: "self.health.startsWith('ok')", self: { health: 'ok: all good' }, expected: true },
    {
      expression: "self.widgets.exists(w, w.key == 'x' && w.foo < 10)",
      self: { widgets: [{ key: 'x', foo: 3 }] },
      expected: true,
    },
    { expression: "type(self) == string ? self == '99%' : self == 42", self: 42, expected: true },
    { expression: "type(self) == string ? self == '99%' : self == 42", self: '99%', expected: true },
    { expression: "self.metadata.name == 'singleton'", self: { metadata: { name: 'singleton' } }, expected: true },
    { expression: 'self.set1.all(e, !(e in self.set2))', self: { set1: ['a', 'b'], set2: ['c'] }, expected: true },
    {
      expression: 'self.names.size() == self.details.size() && self.names.all(n, n in self.details)',
      self: { names: ['a', 'b'], details: { a: 'x', b: 'y' } },
      expected: true,
    },
    {
      expression: "self.details.all(key, key.matches('^[a-zA-Z]*$'))",
      self: { details: { abc: '1', d3: '2' } },
      expected: false,
    },
    {
      expression: "self.details.all(key, self.details[key].matches('^[a-zA-Z]*$'))",
      self: { details: { a: 'xyz' } },
      expected: true,
    },
    {
      expression: "has(self.namex) ? self.namex == 'special' : self.name == 'special'",
      self: { name: 'special' },
      expected: true,
    },
  ]);
});

describe('list library', () => {
  check([
    { expression: 'self.names.isSorted()', self: { names: ['a', 'b', 'c'] }, expected: true },
    {
      expression: 'self.items.map(x, x.weight).sum() == 1.0',
      self: { items: [{ weight: 0.25 }, { weight: 0.75 }] },
      expected: true,
    },
    {
      expression: 'self.low.map(x, x.priority).max() < self.high.map(x, x.priority).min()',
      self: { low: [{ priority: 1 }, { priority: 2 }], high: [{ priority: 5 }, { priority: 3 }] },
      expected: true,
    },
    {
      expression: "self.names.indexOf('should-be-first') == 1",
      self: { names: ['a', 'should-be-first'] },
      expected: true,
    },
    { expression: '[1, 2, 3].isSorted()', expected: true },
    { expression: "['a', 'b', 'b', 'c'].isSorted()", expected: true },
    { expression: '[2.0, 1.0].isSorted()', expected: false },
    { expression: '[1].isSorted()', expected: true },
    { expression: '[].isSorted()', expected: true },
    { expression: '[1, 3].sum()', expected: 4n },
    { expression: '[1.0, 3.0].sum()', expected: 4 },
    { expression: "[duration('1m'), duration('1s')].sum() == duration('1m1s')", expected: true },
    { expression: '[].sum()', expected: 0n },
    {
      expression: '[].sum() == 4.0',
      expected: { compileError: 'type' },
      note: "the first matching overload binds the empty literal's type: the API server refuses it",
    },
    { expression: '[].sum() == 0', expected: true },
    { expression: '[].min() == 1.0', expected: { compileError: 'type' } },
    { expression: '[1, 3].min()', expected: 1n },
    { expression: '[1, 3].max()', expected: 3n },
    { expression: '[].min()', expected: { error: /empty list/ } },
    { expression: '[1].min()', expected: 1n },
    { expression: '[1, 2, 2, 3].indexOf(2)', expected: 1n },
    { expression: "['a', 'b', 'b', 'c'].lastIndexOf('b')", expected: 2n },
    { expression: '[1.0].indexOf(1.1)', expected: -1n },
    { expression: "[].indexOf('string')", expected: -1n },
  ]);
});

describe('regex library', () => {
  check([
    {
      expression: "'abc 123'.find('[0-9]*')",
      expected: '',
      note: "the page's purpose is 'find the first number'; [0-9]* matches the empty string at 0, as Go's FindString does",
    },
    { expression: "'abc 123'.find('[0-9]+')", expected: '123' },
    { expression: "'abc 123'.find('xyz')", expected: '' },
    { expression: "'1, 2, 3, 4'.findAll('[0-9]*').filter(x, x != '').map(x, int(x)).sum() < 100", expected: true },
    {
      expression: "'1, 2, 3, 4'.findAll('[0-9]*').map(x, int(x)).sum() < 100",
      expected: { error: true },
      note: "the page's example: findAll('[0-9]*') also returns empty matches, and int('') is an error in the API server too",
    },
    { expression: "'123 abc 456'.findAll('[0-9]+')", expected: ['123', '456'] },
    { expression: "'123 abc 456'.findAll('[0-9]+', 1)", expected: ['123'] },
    { expression: "'123 abc 456'.findAll('xyz')", expected: [] },
    {
      expression: "'abc'.find('[')",
      expected: { compileError: 'type' },
      note: 'a literal pattern is checked at compile time since 1.29',
    },
  ]);
});

describe('URL library', () => {
  check([
    { expression: "url('https://example.com:80/').getHost()", expected: 'example.com:80' },
    { expression: "url('https://example.com/path with spaces/').getEscapedPath()", expected: '/path%20with%20spaces/' },
    { expression: "isURL('https://user:pass@example.com:80/path?query=val#fragment')", expected: true },
    { expression: "isURL('/absolute-path')", expected: true },
    { expression: "isURL('https://a:b:c/')", expected: false },
    { expression: "isURL('../relative-path')", expected: false },
    { expression: "url('https://a:b:c/')", expected: { error: /URL parse error/ } },
    { expression: "url('/path').getScheme()", expected: '' },
    { expression: "url('https://example.com/').getScheme()", expected: 'https' },
    { expression: "url('https://example.com/').getHost()", expected: 'example.com' },
    { expression: "url('https://[::1]:80/').getHost()", expected: '[::1]:80' },
    { expression: "url('https://[::1]/').getHost()", expected: '[::1]' },
    { expression: "url('/path').getHost()", expected: '' },
    { expression: "url('https://example.com:80/').getHostname()", expected: 'example.com' },
    { expression: "url('https://127.0.0.1:80/').getHostname()", expected: '127.0.0.1' },
    { expression: "url('https://[::1]:80/').getHostname()", expected: '::1' },
    { expression: "url('https://example.com:80/').getPort()", expected: '80' },
    { expression: "url('https://example.com/').getPort()", expected: '' },
    { expression: "url('https://example.com/path').getEscapedPath()", expected: '/path' },
    { expression: "url('https://example.com').getEscapedPath()", expected: '' },
    {
      expression: "url('https://example.com/path?k1=a&k2=b&k2=c').getQuery()",
      expected: { k1: ['a'], k2: ['b', 'c'] },
    },
    {
      expression: "url('https://example.com/path?key with spaces=value with spaces').getQuery()",
      expected: { 'key with spaces': ['value with spaces'] },
    },
    { expression: "url('https://example.com/path?').getQuery()", expected: {} },
    { expression: "url('https://example.com/path').getQuery()", expected: {} },
  ]);
});

describe('authorizer library', () => {
  check([
    {
      expression: "authorizer.group('').resource('pods').namespace('default').check('create').allowed()",
      expected: true,
    },
    { expression: "authorizer.path('/healthz').check('get').allowed()", expected: true },
    {
      expression:
        "authorizer.serviceAccount('default', 'myserviceaccount').group('apps').resource('deployments').check('delete').allowed()",
      expected: true,
      note: 'the page writes serviceAccount(…).resource(…); resource() is a method of group(), as in the library reference',
    },
    { expression: "authorizer.group('').resource('secrets').check('get').allowed()", expected: false },
    { expression: "authorizer.path('/healthz').check('get').reason()", expected: 'rbac: allowed' },
    { expression: "authorizer.path('/healthz').check('get').errored()", expected: false },
  ]);
});

describe('quantity library', () => {
  check([
    { expression: "quantity('500000G').isInteger()", expected: true },
    { expression: "quantity('50k').asInteger()", expected: 50000n },
    { expression: "quantity('9999999999999999999999999999999999999G').asApproximateFloat()", expected: 1e46 },
    { expression: "quantity('50k').add(quantity('20k')) == quantity('70k')", expected: true },
    { expression: "quantity('50k').sub(20000) == quantity('30k')", expected: true },
    { expression: "quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')", expected: true },
    { expression: "quantity('200M').compareTo(quantity('0.2G'))", expected: 0n },
    { expression: "quantity('150Mi').isGreaterThan(quantity('100Mi'))", expected: true },
    { expression: "quantity('50M').isLessThan(quantity('100M'))", expected: true },
    { expression: "isQuantity('1.3G')", expected: true },
    { expression: "isQuantity('1.3Gi')", expected: true },
    { expression: "isQuantity('1,3Gi')", expected: false },
    { expression: "isQuantity('10000k')", expected: true },
    { expression: "isQuantity('200K')", expected: false },
    { expression: "isQuantity('Three')", expected: false },
    { expression: "isQuantity('Mi')", expected: false },
    { expression: "quantity('1.5G').isInteger()", expected: true },
    { expression: "quantity('1.5').isInteger()", expected: false },
    // Binary suffixes with a fraction are kept as decimals upstream, whose AsInt64 refuses them.
    { expression: "quantity('1.5Gi').isInteger()", expected: false },
    { expression: "quantity('0.5Ki').isInteger()", expected: false },
    { expression: "quantity('2Gi').isInteger()", expected: true },
    { expression: "double('NaN') > 1.0", expected: { error: /NaN values cannot be ordered/ } },
    { expression: "double('NaN') == double('NaN')", expected: false },
    { expression: "'%f'.format([1]) != ''", expected: { compileError: 'type' } },
    { expression: "'%e'.format([10]) != ''", expected: { compileError: 'type' } },
    { expression: "quantity('1.5').asInteger()", expected: { error: /cannot convert/ } },
    { expression: "sign(quantity('-1'))", expected: -1n },
    // sign is a global function upstream; the API server refuses the member form.
    { expression: "quantity('-1').sign()", expected: { compileError: 'unknown-function' } },
    { expression: "quantity('1.5Gi').asApproximateFloat()", expected: 1610612736 },
    { expression: "quantity('1.3G').add(quantity('1.3G')) == quantity('2.6G')", expected: true },
  ]);
});

describe('IP and CIDR libraries', () => {
  check([
    { expression: "isIP('127.0.0.1')", expected: true },
    { expression: "isIP('::1')", expected: true },
    { expression: "isIP('127.0.0.256')", expected: false },
    { expression: "isIP(':::1')", expected: false },
    { expression: "isIP('::ffff:1.2.3.4')", expected: false },
    { expression: "isIP('fe80::1%eth0')", expected: false },
    { expression: "isIP('127.0.0.01')", expected: false },
    { expression: "ip('127.0.0.256')", expected: { error: true } },
    { expression: "ip.isCanonical('127.0.0.1')", expected: true },
    { expression: "ip.isCanonical('2001:db8::abcd')", expected: true },
    { expression: "ip.isCanonical('2001:DB8::ABCD')", expected: false },
    { expression: "ip.isCanonical('2001:db8::0:0:0:abcd')", expected: false },
    { expression: "ip('127.0.0.1').family()", expected: 4n },
    { expression: "ip('::1').family()", expected: 6n },
    { expression: "ip('0.0.0.0').isUnspecified()", expected: true },
    { expression: "ip('127.0.0.1').isUnspecified()", expected: false },
    { expression: "ip('::').isUnspecified()", expected: true },
    { expression: "ip('127.0.0.1').isLoopback()", expected: true },
    { expression: "ip('192.168.0.1').isLoopback()", expected: false },
    { expression: "ip('::1').isLoopback()", expected: true },
    { expression: "ip('2001:db8::abcd').isLoopback()", expected: false },
    { expression: "ip('224.0.0.1').isLinkLocalMulticast()", expected: true },
    { expression: "ip('224.0.1.1').isLinkLocalMulticast()", expected: false },
    { expression: "ip('ff02::1').isLinkLocalMulticast()", expected: true },
    { expression: "ip('fd00::1').isLinkLocalMulticast()", expected: false },
    { expression: "ip('169.254.169.254').isLinkLocalUnicast()", expected: true },
    { expression: "ip('192.168.0.1').isLinkLocalUnicast()", expected: false },
    { expression: "ip('fe80::1').isLinkLocalUnicast()", expected: true },
    { expression: "ip('fd80::1').isLinkLocalUnicast()", expected: false },
    { expression: "ip('192.168.0.1').isGlobalUnicast()", expected: true },
    { expression: "ip('255.255.255.255').isGlobalUnicast()", expected: false },
    { expression: "ip('2001:db8::abcd').isGlobalUnicast()", expected: true },
    { expression: "ip('ff00::1').isGlobalUnicast()", expected: false },
    { expression: "string(ip('2001:DB8::1'))", expected: '2001:db8::1' },
    { expression: "isCIDR('192.168.0.0/16')", expected: true },
    { expression: "isCIDR('::1/128')", expected: true },
    { expression: "isCIDR('192.168.0.0/33')", expected: false },
    { expression: "isCIDR('::1/129')", expected: false },
    { expression: "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", expected: true },
    { expression: "cidr('192.168.0.0/24').containsIP(ip('192.168.1.1'))", expected: false },
    { expression: "cidr('192.168.0.0/24').containsIP('192.168.0.1')", expected: true },
    { expression: "cidr('192.168.0.0/24').containsIP('192.168.1.1')", expected: false },
    { expression: "cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24'))", expected: true },
    { expression: "cidr('192.168.1.0/24').containsCIDR(cidr('192.168.2.0/24'))", expected: false },
    { expression: "cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24')", expected: true },
    { expression: "cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')", expected: false },
    { expression: "cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", expected: true },
    { expression: "cidr('192.168.0.1/24').ip().family()", expected: 4n },
    { expression: "cidr('::1/128').ip() == ip('::1')", expected: true },
    { expression: "cidr('::1/128').ip().family()", expected: 6n },
    { expression: "cidr('192.168.0.0/24').masked() == cidr('192.168.0.0/24')", expected: true },
    { expression: "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')", expected: true },
    { expression: "cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked()", expected: true },
    { expression: "cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked()", expected: false },
    { expression: "cidr('192.168.0.0/16').prefixLength()", expected: 16n },
    { expression: "cidr('::1/128').prefixLength()", expected: 128n },
  ]);
});

describe('format library', () => {
  check([
    { expression: "format.dns1123Label().validate('my-label-name')", expected: null },
    { expression: "format.dns1123Subdomain().validate('apiextensions.k8s.io')", expected: null },
    { expression: "format.dns1035Label().validate('my-label-name')", expected: null },
    { expression: "format.qualifiedName().validate('apiextensions.k8s.io/v1beta1')", expected: null },
    { expression: "format.dns1123LabelPrefix().validate('my-label-prefix-')", expected: null },
    { expression: "format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-')", expected: null },
    { expression: "format.dns1035LabelPrefix().validate('my-label-prefix-')", expected: null },
    { expression: "format.uri().validate('http://example.com')", expected: null },
    { expression: "format.uuid().validate('123e4567-e89b-12d3-a456-426614174000')", expected: null },
    { expression: "format.byte().validate('aGVsbG8=')", expected: null },
    { expression: "format.date().validate('2021-01-01')", expected: null },
    { expression: "format.datetime().validate('2021-01-01T00:00:00Z')", expected: null },
    { expression: "format.dns1123Label().validate('Not_A_Label').hasValue()", expected: true },
    {
      expression: "format.dns1123Label().validate('Not_A_Label').value()",
      expected: [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    { expression: "format.named('dns1123Label').hasValue()", expected: true },
    { expression: "format.named('notAFormat').hasValue()", expected: false },
    { expression: "format.uuid().validate('not-a-uuid').value()", expected: ['does not match the UUID format'] },
    { expression: "format.date().validate('2021-02-30').hasValue()", expected: true },
  ]);
});

describe('semver library', () => {
  check([
    { expression: "isSemver('1.0.0')", expected: true },
    { expression: "isSemver('hello')", expected: false },
    { expression: "isSemver('v1.0')", expected: false },
    { expression: "isSemver('v1.0', true)", expected: true },
    { expression: "semver('1.0', true) == semver('1.0.0')", expected: true },
    { expression: "semver('01.01.01', true) == semver('1.1.1')", expected: true },
    { expression: "semver('v1.0.0', true) == semver('1.0.0')", expected: true },
    { expression: "semver('200K')", expected: { error: true } },
    { expression: "semver('0.1.0-alpha.1').minor()", expected: 1n },
    { expression: "semver('1.2.3').major()", expected: 1n },
    { expression: "semver('1.2.3').compareTo(semver('1.2.3'))", expected: 0n },
    { expression: "semver('1.2.3').compareTo(semver('2.0.0'))", expected: -1n },
    { expression: "semver('1.2.3').compareTo(semver('0.1.2'))", expected: 1n },
    { expression: "semver('1.10.0').isGreaterThan(semver('1.9.9'))", expected: true },
    { expression: "semver('1.0.0-alpha').isLessThan(semver('1.0.0'))", expected: true },
  ]);
});

describe('sets, strings, optionals and two-variable comprehensions', () => {
  check([
    { expression: 'sets.contains([], [])', expected: true },
    { expression: 'sets.contains([], [1])', expected: false },
    { expression: 'sets.contains([1, 2, 3, 4], [2, 3])', expected: true },
    {
      expression: 'sets.contains([1, 2.0, 3u], [1.0, 2u, 3])',
      expected: { compileError: 'type' },
      note: 'mixed literals are rejected by Kubernetes (homogeneous aggregate literals)',
    },
    { expression: 'sets.equivalent([1], [1, 1])', expected: true },
    { expression: 'sets.equivalent([1, 2, 3], [3, 2, 1])', expected: true },
    { expression: 'sets.intersects([1], [])', expected: false },
    { expression: 'sets.intersects([1], [1, 2])', expected: true },
    { expression: "'hello'.charAt(4)", expected: 'o' },
    { expression: "'hello mellow'.indexOf('ello', 2)", expected: 7n },
    { expression: "'hello mellow'.lastIndexOf('ello')", expected: 7n },
    { expression: "'TacoCat'.lowerAscii()", expected: 'tacocat' },
    { expression: "'hello hello'.replace('he', 'we', 1)", expected: 'wello hello' },
    { expression: "'hello hello hello'.split(' ', 2)", expected: ['hello', 'hello hello'] },
    { expression: "'tacocat'.substring(0, 4)", expected: 'taco' },
    { expression: "'  \\ttrim\\n    '.trim()", expected: 'trim' },
    { expression: "['hello', 'mellow'].join(' ')", expected: 'hello mellow' },
    { expression: "strings.quote('two escape sequences \\a\\n')", expected: '"two escape sequences \\a\\n"' },
    {
      expression: "'%s has %d replicas'.format([dyn('web'), 3])",
      expected: 'web has 3 replicas',
      note: "cel-go's ['web', 3] is a mixed literal, which Kubernetes rejects; dyn() allows it",
    },
    // The API server (v1.37) accepts mixed literals inside format(): its homogeneity check skips them.
    { expression: "'%s has %d replicas'.format(['web', 3])", expected: 'web has 3 replicas' },
    { expression: "['web', 3].size() == 2", expected: { compileError: 'type' } },
    { expression: 'self.?spec.?replicas.orValue(1)', self: {}, expected: 1n },
    { expression: "self.spec[?'replicas'].orValue(1)", self: { spec: { replicas: 3 } }, expected: 3n },
    { expression: 'optional.ofNonZeroValue(0).hasValue()', expected: false },
    {
      expression: "self.metadata.labels.all(k, v, k.startsWith('app') && v != '')",
      self: { metadata: { labels: { app: 'web' } } },
      expected: true,
    },
    {
      expression: "self.metadata.labels.exists(k, v, v == 'web')",
      self: { metadata: { labels: { app: 'web' } } },
      expected: true,
    },
    { expression: '[1, 2, 3].existsOne(i, v, v == 2)', expected: true },
    { expression: '[1, 2, 3].transformList(i, v, i * v)', expected: [0n, 2n, 6n] },
    { expression: "{'a': 1, 'b': 2}.transformMap(k, v, v > 1, v * 10)", expected: { b: 20n } },
    { expression: "{'a': 'x'}.transformMapEntry(k, v, {v: k})", expected: { x: 'a' } },
  ]);
});

test('an authorization check without an authorizer is a runtime error', () => {
  const compiled = engine.compile("authorizer.path('/healthz').check('get').allowed()");
  assert.ok(compiled.ok);
  const result = compiled.program.evaluate({});
  assert.equal(result.ok, false);
});

// Cases the API server decided (npm run test:cluster replays such expressions against kube-apiserver
// v1.37): what it refuses when it stores a policy, and what it accepts.
describe('what the API server refuses at compile time', () => {
  check([
    { expression: "(true ? 1 : 'x') == 1", expected: { compileError: 'type' } },
    { expression: "(true ? 'x' : null) == null", expected: { compileError: 'type' } },
    { expression: "(true ? {'a': 1} : null) == null", expected: { compileError: 'type' } },
    { expression: "(true ? [1] : ['a']) == [1]", expected: { compileError: 'type' } },
    { expression: '(true ? 1 : 1u) == 1', expected: { compileError: 'type' } },
    { expression: "(true ? dyn(1) : 'x') == 1", expected: true },
    { expression: '(true ? null : object) == null', expected: true, self: {} },
    { expression: '(true ? [1] : []) == [1]', expected: true },
    { expression: "[1, dyn('a')].size() == 2", expected: { compileError: 'type' } },
    { expression: "[dyn(1), 'a'].size() == 2", expected: { compileError: 'type' } },
    { expression: '[null, object].size() == 2', expected: { compileError: 'type' }, self: {} },
    { expression: "{'a': 1, 'b': dyn('x')}.size() == 2", expected: { compileError: 'type' } },
    { expression: '[[], [1]].size() == 2', expected: true },
    { expression: "'%s has %d replicas'.format([dyn('web'), 3]) == 'web has 3 replicas'", expected: true },
    { expression: "int('x') > 0", expected: { compileError: 'type' } },
    { expression: "int('9223372036854775808') > 0", expected: { compileError: 'type' } },
    { expression: 'int(1.5e300) > 0', expected: { compileError: 'type' } },
    { expression: "uint('-1') > 0u", expected: { compileError: 'type' } },
    { expression: "double('x') > 1.0", expected: { compileError: 'type' } },
    { expression: "'%x'.format([1.5]) != ''", expected: { compileError: 'type' } },
    { expression: "'%d'.format(['x']) != ''", expected: { compileError: 'type' } },
    { expression: "'%e'.format([[1, 2]]) != ''", expected: { compileError: 'type' } },
    { expression: "'%s'.format([1, 2]) != ''", expected: { compileError: 'type' } },
    { expression: "'%d %d'.format([1]) != ''", expected: { compileError: 'type' } },
    { expression: "'%v'.format([1]) != ''", expected: { compileError: 'type' } },
    { expression: "'%.2f'.format(['x']) != ''", expected: { error: true } },
    { expression: "'%s and %d%%'.format([dyn('a'), 5]) == 'a and 5%'", expected: true },
    { expression: "int('12') == 12", expected: true },
    { expression: "double('1e3') == 1000.0", expected: true },
    { expression: 'int(object.n) == 12', expected: true, self: { n: '12' } },
  ]);
});
