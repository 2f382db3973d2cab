import type { Path } from '../../core/path.js';
import { isRecord as isObject } from '../../core/pod-spec.js';
import { isKubeObject } from '../../core/resource.js';
import { readYamlDocument } from '../../load/index.js';
import { OPERATIONS, type Operation, type UserInfo } from '../admission-policy/index.js';
import {
  type Expectation,
  GRANT_FIELDS,
  type Grant,
  type ObjectSpec,
  type Suite,
  type SuiteCase,
} from './suite-model.js';

const SUITE_FIELDS = ['name', 'kubernetesVersion', 'policies', 'params', 'resources', 'authorizer', 'cases'];
const CASE_FIELDS = [
  'name',
  'operation',
  'resource',
  'oldResource',
  'namespace',
  'subResource',
  'userInfo',
  'dryRun',
  'expect',
];
const EXPECT_FIELDS = ['allowed', 'denied', 'warned', 'audited', 'auditAnnotations', 'mutated'];
const REF = /^[A-Za-z][A-Za-z0-9]*\/([a-z0-9.-]+\/)?[a-z0-9.-]+$/;

/** Parses suite.yaml; every mistake comes back as `file:line:column: field message`. */
export function readSuite(text: string, file: string): { suite: Suite } | { errors: string[] } {
  const read = readYamlDocument(text, file, 'suite');
  if ('errors' in read) return read;
  const { document } = read;
  if (!isObject(document.value)) return { errors: [`${file}:1:1: a suite must be a mapping with policies and cases`] };
  const errors: string[] = [];
  const fail = document.reporter(errors, 'the suite');
  const root = document.value;
  for (const key of Object.keys(root))
    if (!SUITE_FIELDS.includes(key)) fail([key], `is not a suite field (${SUITE_FIELDS.join(', ')})`);
  const files = (key: string, required: boolean): string[] => {
    const value = root[key];
    if (value === undefined && !required) return [];
    if (
      !Array.isArray(value) ||
      (required && value.length === 0) ||
      !value.every((v) => typeof v === 'string' && v !== '')
    ) {
      fail([key], `must be a ${required ? 'non-empty ' : ''}list of file or directory paths, relative to the suite`);
      return [];
    }
    return value as string[];
  };
  const suite: Suite = {
    file,
    name: typeof root.name === 'string' && root.name.trim() ? root.name.trim() : file,
    kubernetesVersion: undefined,
    policies: files('policies', true),
    params: files('params', false),
    resources: files('resources', false),
    grants: readGrants(root.authorizer, fail),
    cases: [],
  };
  if (root.name !== undefined && typeof root.name !== 'string') fail(['name'], 'must be a string');
  if (root.kubernetesVersion !== undefined) {
    if (typeof root.kubernetesVersion === 'string' && /^v?1\.\d+$/.test(root.kubernetesVersion))
      suite.kubernetesVersion = root.kubernetesVersion;
    else fail(['kubernetesVersion'], 'must be a version like v1.33');
  }
  if (!Array.isArray(root.cases) || root.cases.length === 0) fail(['cases'], 'must be a non-empty list of cases');
  else {
    const names = new Set<string>();
    for (const [i, entry] of root.cases.entries()) {
      const testCase = readCase(entry, ['cases', i], fail, () => errors.length, document.line(['cases', i]));
      if (!testCase) continue;
      if (names.has(testCase.name)) fail(['cases', i, 'name'], `repeats the case name "${testCase.name}"`);
      names.add(testCase.name);
      suite.cases.push(testCase);
    }
  }
  return errors.length ? { errors } : { suite };
}

type Fail = (path: Path, message: string) => void;

function readGrants(value: unknown, fail: Fail): Grant[] {
  if (value === undefined) return [];
  const grants: Grant[] = [];
  if (!Array.isArray(value)) {
    fail(['authorizer'], `must be a list of grants {${GRANT_FIELDS.join(', ')}}`);
    return grants;
  }
  for (const [i, entry] of value.entries()) {
    if (!isObject(entry)) {
      fail(['authorizer', i], `must be a grant {${GRANT_FIELDS.join(', ')}}`);
      continue;
    }
    const grant: Grant = {};
    for (const [key, field] of Object.entries(entry)) {
      if (!(GRANT_FIELDS as readonly string[]).includes(key))
        fail(['authorizer', i, key], `is not a grant field (${GRANT_FIELDS.join(', ')})`);
      else if (typeof field !== 'string') fail(['authorizer', i, key], 'must be a string');
      else grant[key as keyof Grant] = field;
    }
    grants.push(grant);
  }
  return grants;
}

function readCase(entry: unknown, at: Path, fail: Fail, count: () => number, line: number): SuiteCase | undefined {
  if (!isObject(entry)) {
    fail(at, 'must be a mapping with name, resource and expect');
    return undefined;
  }
  const before = count();
  for (const key of Object.keys(entry))
    if (!CASE_FIELDS.includes(key)) fail([...at, key], `is not a case field (${CASE_FIELDS.join(', ')})`);
  const name = typeof entry.name === 'string' && entry.name.trim() ? entry.name.trim() : undefined;
  if (!name) fail([...at, 'name'], 'is required');
  const operation = (entry.operation ?? 'CREATE') as Operation;
  if (!OPERATIONS.includes(operation)) fail([...at, 'operation'], `must be one of ${OPERATIONS.join(', ')}`);
  const resource = readObjectSpec(entry.resource, [...at, 'resource'], fail, true);
  const oldResource = readObjectSpec(entry.oldResource, [...at, 'oldResource'], fail, operation === 'UPDATE');
  for (const key of ['namespace', 'subResource'] as const) {
    if (entry[key] !== undefined && typeof entry[key] !== 'string') fail([...at, key], 'must be a string');
  }
  if (entry.dryRun !== undefined && typeof entry.dryRun !== 'boolean') fail([...at, 'dryRun'], 'must be true or false');
  const userInfo = readUserInfo(entry.userInfo, [...at, 'userInfo'], fail);
  const expect = readExpectation(entry.expect, [...at, 'expect'], fail);
  if (count() > before || !name || !resource || !expect) return undefined;
  return {
    name,
    line,
    operation,
    resource,
    oldResource,
    namespace: entry.namespace as string | undefined,
    subResource: entry.subResource as string | undefined,
    userInfo,
    dryRun: entry.dryRun === true,
    expect,
  };
}

function readObjectSpec(value: unknown, at: Path, fail: Fail, required: boolean): ObjectSpec | undefined {
  if (value === undefined || value === null) {
    if (required) fail(at, 'is required: an inline object, a reference Kind/[namespace/]name, or {file: path}');
    return undefined;
  }
  if (typeof value === 'string') {
    if (!REF.test(value)) fail(at, `"${value}" is not a reference like Deployment/default/web or Namespace/prod`);
    return { ref: value };
  }
  if (isObject(value) && Object.keys(value).length === 1 && typeof value.file === 'string') return { file: value.file };
  if (isKubeObject(value)) return { inline: value };
  fail(at, 'must be an inline object with apiVersion and kind, a reference Kind/[namespace/]name, or {file: path}');
  return undefined;
}

function readUserInfo(value: unknown, at: Path, fail: Fail): UserInfo | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    fail(at, 'must be a mapping {username, groups, uid, extra}');
    return undefined;
  }
  for (const key of Object.keys(value))
    if (!['username', 'groups', 'uid', 'extra'].includes(key))
      fail([...at, key], 'is not a userInfo field (username, groups, uid, extra)');
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (value.username !== undefined && typeof value.username !== 'string') fail([...at, 'username'], 'must be a string');
  if (value.uid !== undefined && typeof value.uid !== 'string') fail([...at, 'uid'], 'must be a string');
  if (value.groups !== undefined && !strings(value.groups)) fail([...at, 'groups'], 'must be a list of strings');
  if (value.extra !== undefined && !(isObject(value.extra) && Object.values(value.extra).every(strings)))
    fail([...at, 'extra'], 'must map keys to lists of strings');
  return {
    username: typeof value.username === 'string' ? value.username : '',
    uid: typeof value.uid === 'string' ? value.uid : '',
    groups: strings(value.groups) ? (value.groups as string[]) : [],
    extra: isObject(value.extra) ? (value.extra as Record<string, string[]>) : {},
  };
}

function readExpectation(value: unknown, at: Path, fail: Fail): Expectation | undefined {
  if (!isObject(value) || Object.keys(value).length === 0) {
    fail(at, `must state what the admission chain answers (${EXPECT_FIELDS.join(', ')})`);
    return undefined;
  }
  const expect: Expectation = {};
  for (const key of Object.keys(value))
    if (!EXPECT_FIELDS.includes(key)) fail([...at, key], `is not an expectation (${EXPECT_FIELDS.join(', ')})`);
  if (value.allowed !== undefined) {
    if (typeof value.allowed === 'boolean') expect.allowed = value.allowed;
    else fail([...at, 'allowed'], 'must be true or false');
  }
  if (value.denied !== undefined) {
    const denied = value.denied === true ? {} : value.denied;
    if (!isObject(denied)) fail([...at, 'denied'], 'must be true or a mapping {message, reason, code, policy}');
    else {
      for (const key of Object.keys(denied))
        if (!['message', 'reason', 'code', 'policy'].includes(key))
          fail([...at, 'denied', key], 'is not a denial field (message, reason, code, policy)');
      for (const key of ['message', 'reason', 'policy'] as const) {
        if (denied[key] !== undefined && typeof denied[key] !== 'string')
          fail([...at, 'denied', key], 'must be a string');
      }
      if (denied.code !== undefined && typeof denied.code !== 'number')
        fail([...at, 'denied', 'code'], 'must be a number');
      expect.denied = denied as Expectation['denied'];
    }
    if (expect.allowed === true) fail([...at, 'allowed'], 'contradicts denied');
  }
  for (const key of ['warned', 'audited'] as const) {
    if (value[key] === undefined) continue;
    const list = value[key];
    if (Array.isArray(list) && list.every((m) => typeof m === 'string')) expect[key] = list as string[];
    else fail([...at, key], 'must be a list of messages ([] for none)');
  }
  if (value.auditAnnotations !== undefined) {
    const annotations = value.auditAnnotations;
    if (isObject(annotations) && Object.values(annotations).every((v) => typeof v === 'string' || v === null))
      expect.auditAnnotations = annotations as Record<string, string | null>;
    else fail([...at, 'auditAnnotations'], 'must map annotation keys to values (null: the annotation must be absent)');
  }
  if (value.mutated !== undefined) {
    const spec = readObjectSpec(value.mutated, [...at, 'mutated'], fail, true);
    if (spec) expect.mutated = spec;
  }
  return expect;
}
