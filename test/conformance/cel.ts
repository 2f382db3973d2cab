/**
 * CEL conformance: the cel-spec conformance cases shipped in @bufbuild/cel-spec, run through
 * Rampart's CEL engine, for the language features Kubernetes enables (see SUITES below). Prints
 * the pass rate per suite, every skipped suite and case with its reason, and every failure;
 * exits 1 on any failure.
 *
 *   node --import tsx test/conformance/cel.ts            # all selected suites
 *   node --import tsx test/conformance/cel.ts macros2    # suites whose path contains a term
 */
import type { Type as ProtoType } from '@bufbuild/cel-spec/cel/expr/checked_pb.js';
import type { SimpleTest } from '@bufbuild/cel-spec/cel/expr/conformance/test/simple_pb.js';
import type { Value as ProtoValue } from '@bufbuild/cel-spec/cel/expr/value_pb.js';
import { getConformanceSuite, type IncrementalTestSuite } from '@bufbuild/cel-spec/testdata/tests.js';
import { createEnvironment } from '../../src/policy/cel/engine.js';
import type { CelTypeSpec } from '../../src/policy/cel/index.js';
import { DurationValue, TimestampValue } from '../../src/policy/cel/libraries/time-values.js';
import {
  asCelMap,
  asCelValue,
  celUint,
  equals,
  fromCelValue,
  isCelList,
  isCelMap,
  newList,
  OpaqueValue,
  TypeValue,
  typeName,
  type Val,
  ValueMap,
} from '../../src/policy/cel/values.js';
import { CEL_LIBRARIES } from '../../src/policy/cel/versions.js';

/** Top-level suites Kubernetes CEL does not have, and why they are not run. */
const EXCLUDED_SUITES: Record<string, string> = {
  proto2: 'protobuf message types (TestAllTypes): Kubernetes objects are maps, not protobuf messages',
  proto3: 'protobuf message types (TestAllTypes): Kubernetes objects are maps, not protobuf messages',
  proto2_ext: 'protobuf extensions: no protobuf messages in Kubernetes CEL',
  enums: 'protobuf enums: no protobuf messages in Kubernetes CEL',
  wrappers: 'protobuf wrapper types (google.protobuf.Int32Value…): not in Kubernetes CEL',
  dynamic: 'protobuf Any / Struct / wrapper conversions: not in Kubernetes CEL',
  unknowns: 'partial evaluation with unknowns: not used by Kubernetes',
  block_ext: 'cel.block is an optimizer-internal extension Kubernetes does not enable',
  encoders_ext: 'base64 encoders extension: not enabled by Kubernetes',
  math_ext: 'math extension (math.greatest…): not enabled by Kubernetes',
  namespace: 'container-scoped name resolution of protobuf packages: no containers in Kubernetes CEL',
};

/** Kubernetes formats with cel-go's strings extension at version 2; cel-spec's cases are the later formatter's. */
const FORMATTER_V2 = {
  scientific:
    "Kubernetes' format() (cel-go strings v2) prints %e through the en_US printer, 1.052033×10⁰³, padded to a width of 6 (the precision is taken as a width)",
  infinity: "Kubernetes' format() (cel-go strings v2) prints infinity as ∞ through the en_US printer",
  decimal: "Kubernetes' format() (cel-go strings v2) takes only ints and uints for %d; a double is an error",
  literals:
    'Kubernetes\' format() (cel-go strings v2) prints lists and maps as CEL literals: strings quoted, doubles as %.6f, times as timestamp("…"), NaN and infinities quoted, entries sorted',
};

/**
 * Cases where Kubernetes' CEL (cel-go, as the API server configures it) answers differently from the
 * cel-spec case; Rampart answers as the API server does.
 */
const KUBERNETES_ANSWERS: Record<string, string> = {
  'timestamps/duration_converters/get_milliseconds':
    "cel-go's duration.getMilliseconds() is the whole duration in milliseconds (Go's Duration.Milliseconds), 123321 here, not the 321 of the millisecond component",
  ...Object.fromEntries(
    [
      'scientific notation formatting clause',
      'default precision for scientific notation',
      'dyntype support for scientific notation',
      'scientific notation formatting clause in a string variable',
      'NaN support for scientific notation',
      'positive infinity support for scientific notation',
      'negative infinity support for scientific notation',
    ].map((name) => [`string_ext/format/${name}`, FORMATTER_V2.scientific]),
  ),
  ...Object.fromEntries(
    ['positive infinity support for fixed-point', 'negative infinity support for fixed-point'].map((name) => [
      `string_ext/format/${name}`,
      FORMATTER_V2.infinity,
    ]),
  ),
  ...Object.fromEntries(
    ['NaN support for decimal', 'positive infinity support for decimal', 'negative infinity support for decimal'].map(
      (name) => [`string_ext/format/${name}`, FORMATTER_V2.decimal],
    ),
  ),
  ...Object.fromEntries(
    [
      'list support for string',
      'map support for string',
      'map support (all key types)',
      'dyntype NaN/infinity support',
      'dyntype support for lists',
      'dyntype support for maps',
    ].map((name) => [`string_ext/format/${name}`, FORMATTER_V2.literals]),
  ),
};

interface Tally {
  cases: number;
  passed: number;
  skipped: number;
}

const tallies = new Map<string, Tally>();
const failures: string[] = [];
const skips: string[] = [];
const filter = process.argv.slice(2);

const ALL_LIBRARIES = new Set(CEL_LIBRARIES.map((library) => library.name));

function main(): number {
  const started = performance.now();
  const root = getConformanceSuite();
  const excluded: string[] = [];
  for (const file of root.suites) {
    if (EXCLUDED_SUITES[file.name]) {
      excluded.push(`${file.name} (${countTests(file)} cases): ${EXCLUDED_SUITES[file.name]}`);
      continue;
    }
    walk(file, file.name);
  }
  print(excluded, performance.now() - started);
  return failures.length === 0 ? 0 : 1;
}

function countTests(suite: IncrementalTestSuite): number {
  return suite.tests.length + suite.suites.reduce((sum, s) => sum + countTests(s), 0);
}

function walk(suite: IncrementalTestSuite, path: string): void {
  for (const test of suite.tests) {
    const name = `${path}/${test.name}`;
    if (filter.length && !filter.some((term) => name.includes(term))) continue;
    const tally = tallies.get(path) ?? { cases: 0, passed: 0, skipped: 0 };
    tallies.set(path, tally);
    tally.cases++;
    const skip = KUBERNETES_ANSWERS[name] ?? skipReason(test.original);
    if (skip) {
      tally.skipped++;
      skips.push(`${name}: ${skip}`);
      continue;
    }
    const problem = run(test.original);
    if (problem) failures.push(`${name}: ${test.original.expr}\n      ${problem}`);
    else tally.passed++;
  }
  for (const child of suite.suites) walk(child, `${path}/${child.name}`);
}

/** Cases inside the selected suites that need something Kubernetes CEL does not have. */
function skipReason(test: SimpleTest): string | undefined {
  if (
    test.container !== '' ||
    /TestAllTypes|NestedTestAllTypes|google\.protobuf\.(?!Timestamp|Duration)/.test(test.expr)
  ) {
    return 'uses protobuf message types';
  }
  const matcher = test.resultMatcher;
  if (matcher.case === 'unknown' || matcher.case === 'anyUnknowns') return 'partial evaluation with unknowns';
  for (const decl of test.typeEnv) {
    if (decl.declKind.case === 'function') return 'declares a custom function';
    if (decl.declKind.case === 'ident' && decl.declKind.value.type && !toTypeSpec(decl.declKind.value.type)) {
      return 'declares a variable of a protobuf message type';
    }
  }
  for (const binding of Object.values(test.bindings)) {
    if (binding.kind.case === 'value' && toValue(binding.kind.value) === undefined)
      return 'binds a protobuf message value';
  }
  if (matcher.case === 'value' && toValue(matcher.value) === undefined) return 'expects a protobuf message value';
  return undefined;
}

function run(test: SimpleTest): string | undefined {
  const variables: Record<string, CelTypeSpec> = {};
  for (const decl of test.typeEnv) {
    if (decl.declKind.case === 'ident' && decl.declKind.value.type)
      variables[decl.name] = toTypeSpec(decl.declKind.value.type)!;
  }
  for (const name of Object.keys(test.bindings)) variables[name] ??= 'dyn';
  const env = createEnvironment({
    variables,
    libraries: ALL_LIBRARIES,
    homogeneousLiterals: false,
    validateLiterals: false,
  });
  const compiled = test.disableCheck ? env.compileUnchecked(test.expr) : env.compile(test.expr);
  const matcher = test.resultMatcher;
  if (!compiled.ok) {
    if ((matcher.case === 'evalError' || matcher.case === 'anyEvalErrors') && compiled.error.kind !== 'syntax')
      return undefined;
    return `compile error (${compiled.error.kind}) at ${compiled.error.line}:${compiled.error.column}: ${compiled.error.message}`;
  }
  if (matcher.case === 'typedResult' && matcher.value.deducedType) {
    const expected = formatProtoType(matcher.value.deducedType);
    if (expected !== compiled.program.outputType)
      return `deduced type ${compiled.program.outputType}, expected ${expected}`;
  }
  if (test.checkOnly) return undefined;
  const activation: Record<string, ReturnType<typeof asCelValue>> = {};
  for (const [name, binding] of Object.entries(test.bindings)) {
    if (binding.kind.case === 'value') activation[name] = asCelValue(toValue(binding.kind.value)!);
  }
  const result = compiled.program.evaluate(activation);
  switch (matcher.case) {
    case 'value':
    case 'typedResult': {
      const expectedValue = matcher.case === 'value' ? matcher.value : matcher.value.result;
      if (!expectedValue) return undefined;
      if (!result.ok) return `error ${result.error.message}, expected ${show(toValue(expectedValue)!)}`;
      const expected = toValue(expectedValue)!;
      const actual = fromCelValue(result.value);
      return sameValue(actual, expected) ? undefined : `got ${show(actual)}, expected ${show(expected)}`;
    }
    case 'evalError':
    case 'anyEvalErrors':
      return result.ok ? `got ${show(fromCelValue(result.value))}, expected an error` : undefined;
    default:
      return result.ok ? undefined : `error ${result.error.message}`;
  }
}

/** Deep equality that also requires the same types (1 is not 1.0 here). */
function sameValue(a: Val, b: Val): boolean {
  if (typeName(a) !== typeName(b)) return false;
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b;
  if (isCelList(a) && isCelList(b)) {
    if (a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) if (!sameValue(a.get(i) as Val, b.get(i) as Val)) return false;
    return true;
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [key, value] of b) {
      const other = a.get(key);
      if (other === undefined || !sameValue(other as Val, value as Val)) return false;
    }
    return true;
  }
  return equals(a, b);
}

function show(value: Val): string {
  if (value instanceof OpaqueValue) return `${value.typeName}(${String(value.toJs())})`;
  if (isCelList(value)) return `[${[...value].map((v) => show(v as Val)).join(', ')}]`;
  if (isCelMap(value)) return `{${[...value].map(([k, v]) => `${show(k as Val)}: ${show(v as Val)}`).join(', ')}}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof Uint8Array) return `b[${[...value].join(',')}]`;
  if (value !== null && typeof value === 'object') return `${value.value}u`;
  return `${typeName(value)}(${String(value)})`;
}

const PRIMITIVES = ['', 'bool', 'int', 'uint', 'double', 'string', 'bytes'];
const WELL_KNOWN = ['', 'dyn', 'timestamp', 'duration'];

function toTypeSpec(type: ProtoType): string | undefined {
  switch (type.typeKind.case) {
    case 'primitive':
      return PRIMITIVES[type.typeKind.value];
    case 'wellKnown':
      return WELL_KNOWN[type.typeKind.value];
    case 'dyn':
      return 'dyn';
    case 'null':
      return 'null_type';
    case 'listType': {
      const elem = type.typeKind.value.elemType && toTypeSpec(type.typeKind.value.elemType);
      return elem ? `list(${elem})` : undefined;
    }
    case 'mapType': {
      const key = type.typeKind.value.keyType && toTypeSpec(type.typeKind.value.keyType);
      const value = type.typeKind.value.valueType && toTypeSpec(type.typeKind.value.valueType);
      return key && value ? `map(${key}, ${value})` : undefined;
    }
    case 'type':
      return 'type';
    case 'messageType':
      if (type.typeKind.value === 'google.protobuf.Timestamp') return 'timestamp';
      if (type.typeKind.value === 'google.protobuf.Duration') return 'duration';
      return undefined;
    case 'abstractType': {
      const params = type.typeKind.value.parameterTypes.map(toTypeSpec);
      if (params.some((p) => p === undefined)) return undefined;
      return params.length ? `${type.typeKind.value.name}(${params.join(', ')})` : type.typeKind.value.name;
    }
    default:
      return undefined;
  }
}

function formatProtoType(type: ProtoType): string {
  const spec = toTypeSpec(type);
  if (spec === undefined) return `<${type.typeKind.case}>`;
  return spec
    .replace(/\btimestamp\b/g, 'google.protobuf.Timestamp')
    .replace(/\bduration\b/g, 'google.protobuf.Duration');
}

/** A conformance `Value` as an engine value; undefined for protobuf messages the engine does not model. */
function toValue(value: ProtoValue): Val | undefined {
  const kind = value.kind;
  switch (kind.case) {
    case 'nullValue':
      return null;
    case 'boolValue':
    case 'stringValue':
    case 'doubleValue':
      return kind.value;
    case 'int64Value':
      return kind.value;
    case 'uint64Value':
      return celUint(kind.value);
    case 'bytesValue':
      return kind.value;
    case 'typeValue':
      return new TypeValue(kind.value);
    case 'listValue': {
      const items = kind.value.values.map(toValue);
      return items.some((item) => item === undefined) ? undefined : newList(items as Val[]);
    }
    case 'mapValue': {
      const map = new ValueMap();
      for (const entry of kind.value.entries) {
        const key = entry.key && toValue(entry.key);
        const item = entry.value && toValue(entry.value);
        if (key === undefined || item === undefined) return undefined;
        map.set(key as never, item);
      }
      return asCelMap(map);
    }
    case 'objectValue': {
      const { typeUrl, value: bytes } = kind.value;
      const [seconds, nanos] = decodeSecondsNanos(bytes);
      if (typeUrl.endsWith('/google.protobuf.Timestamp')) return new TimestampValue(seconds * 1_000_000_000n + nanos);
      if (typeUrl.endsWith('/google.protobuf.Duration')) return new DurationValue(seconds * 1_000_000_000n + nanos);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Decodes the two varint fields of a google.protobuf.Timestamp or Duration. */
function decodeSecondsNanos(bytes: Uint8Array): [bigint, bigint] {
  const fields: Record<number, bigint> = {};
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i++]!;
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[i++]!;
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if (byte < 0x80) break;
    }
    fields[tag >> 3] = BigInt.asIntN(64, value);
  }
  return [fields[1] ?? 0n, BigInt.asIntN(32, fields[2] ?? 0n)];
}

function print(excluded: string[], elapsed: number): void {
  const rows = [...tallies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bySuite = new Map<string, Tally>();
  for (const [path, tally] of rows) {
    const top = path.split('/')[0]!;
    const sum = bySuite.get(top) ?? { cases: 0, passed: 0, skipped: 0 };
    sum.cases += tally.cases;
    sum.passed += tally.passed;
    sum.skipped += tally.skipped;
    bySuite.set(top, sum);
  }
  const total = [...bySuite.values()].reduce(
    (s, t) => ({ cases: s.cases + t.cases, passed: s.passed + t.passed, skipped: s.skipped + t.skipped }),
    {
      cases: 0,
      passed: 0,
      skipped: 0,
    },
  );
  const rate = (t: Tally) => `${((100 * t.passed) / Math.max(t.cases - t.skipped, 1)).toFixed(2)}%`;
  const line = (label: string, t: Tally) =>
    `${label.padEnd(20)}${String(t.cases).padStart(7)}${String(t.skipped).padStart(8)}${String(t.passed).padStart(8)}${String(t.cases - t.skipped - t.passed).padStart(8)}${rate(t).padStart(9)}\n`;
  let out = 'CEL conformance: cel-spec cases from @bufbuild/cel-spec through src/policy/cel\n\n';
  out += `${'suite'.padEnd(20)}${'cases'.padStart(7)}${'skipped'.padStart(8)}${'passed'.padStart(8)}${'failed'.padStart(8)}${'rate'.padStart(9)}\n`;
  for (const [suite, tally] of bySuite) out += line(suite, tally);
  out += line('total', total);
  out += `\npass rate ${rate(total)} of ${total.cases - total.skipped} cases run (${total.skipped} skipped) in ${(elapsed / 1000).toFixed(1)} s\n`;
  out += `\nSuites not run (${excluded.length}):\n${excluded.map((e) => `  ${e}\n`).join('')}`;
  out += `\nSkipped cases (${skips.length}):\n${skips.map((s) => `  ${s}\n`).join('')}`;
  out += `\nFailures (${failures.length}):\n${failures.map((f) => `  ${f}\n`).join('')}`;
  process.stdout.write(out);
}

process.exitCode = main();
