import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KubeObject, Resource } from '../../core/resource.js';
import { loadInputs } from '../../load/index.js';
import {
  type AdmissionAttributes,
  AdmissionEvaluator,
  type AdmissionOutcome,
  type Authorizer,
  type PolicyProblem,
  readPolicySet,
} from '../admission-policy/index.js';
import { mismatches } from './expectations.js';
import { readSuite } from './read-suite.js';
import { GRANT_FIELDS, type ObjectSpec, type Suite, type SuiteCase } from './suite-model.js';

export interface CaseResult {
  name: string;
  line: number;
  passed: boolean;
  /** Why the case failed, one mismatch per entry. */
  mismatches: string[];
  outcome: AdmissionOutcome;
  /** The request as it was admitted (what a replay against an API server sends). */
  attributes: AdmissionAttributes;
}

export interface RunSuiteOptions {
  /** Admit every case as a dry run, whatever the case says (a replay with dryRun=All sees that). */
  forceDryRun?: boolean;
}

export interface SuiteResult {
  suite: Suite;
  cases: CaseResult[];
  /** Things worth knowing that fail nothing: expressions that do not compile, policies without bindings. */
  notes: string[];
}

/** A suite file is YAML written by hand; anything this large is a mistake. */
const MAX_SUITE_SIZE = 5 * 1024 * 1024;

/**
 * Runs one suite: loads its policies and objects, admits each case's request offline, and
 * compares the answer with the expectation. A suite that cannot be read, or refers to objects it
 * does not provide, is an error (every problem listed), not a failed case.
 */
export async function runSuite(
  file: string,
  options: RunSuiteOptions = {},
): Promise<{ result: SuiteResult } | { errors: string[] }> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_SUITE_SIZE)
      return { errors: [`${file}: is ${info.size} bytes, above the ${MAX_SUITE_SIZE} bytes a suite may have`] };
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      errors: [`${file}: cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`],
    };
  }
  const read = readSuite(text, file);
  if ('errors' in read) return read;
  const { suite } = read;
  const dir = path.dirname(file);
  const errors: string[] = [];
  const load = async (paths: readonly string[]): Promise<Resource[]> => {
    if (paths.length === 0) return [];
    const loaded = await loadInputs(paths.map((p) => path.resolve(dir, p)));
    for (const problem of loaded.problems) {
      if (problem.verdict !== 'error') continue;
      const where = problem.location
        ? `${problem.location.file}:${problem.location.line}:${problem.location.column}: `
        : '';
      errors.push(`${where}${problem.message}`);
    }
    return loaded.resources;
  };
  const policyResources = await load(suite.policies);
  const objects = [...(await load(suite.params)), ...(await load(suite.resources))];
  const policyLoad = readPolicySet(policyResources);
  errors.push(...policyLoad.problems.map(problemText));
  if (policyLoad.set.validating.length + policyLoad.set.mutating.length === 0 && errors.length === 0)
    errors.push(`${file}: the policies files hold no ValidatingAdmissionPolicy or MutatingAdmissionPolicy`);
  const resolved = new Map<
    SuiteCase,
    { object: KubeObject; old: KubeObject | undefined; mutated: KubeObject | undefined }
  >();
  const referenced = objects.map((r) => r.object);
  for (const testCase of suite.cases) {
    const where = `${file}:${testCase.line}: case "${testCase.name}"`;
    const object = await resolve(testCase.resource, referenced, dir, `${where}: resource`, errors);
    const old = testCase.oldResource
      ? await resolve(testCase.oldResource, referenced, dir, `${where}: oldResource`, errors)
      : undefined;
    const mutated = testCase.expect.mutated
      ? await resolve(testCase.expect.mutated, referenced, dir, `${where}: expect.mutated`, errors)
      : undefined;
    if (object) resolved.set(testCase, { object, old, mutated });
  }
  if (errors.length) return { errors };

  const evaluator = new AdmissionEvaluator(policyLoad.set, {
    objects: referenced,
    authorizer: grantsAuthorizer(suite),
    ...(suite.kubernetesVersion ? { kubernetesVersion: suite.kubernetesVersion } : {}),
  });
  const notes = [
    ...policyLoad.warnings.map(problemText),
    ...evaluator.compileProblems.map(
      (p) =>
        `${p.policy}: ${p.expression.field} does not compile (${p.message}, at ${p.line}:${p.column}); it fails when evaluated`,
    ),
  ];
  const cases = suite.cases.map((testCase): CaseResult => {
    const { object, old, mutated } = resolved.get(testCase) as {
      object: KubeObject;
      old: KubeObject | undefined;
      mutated: KubeObject | undefined;
    };
    const deleting = testCase.operation === 'DELETE';
    const attributes = evaluator.attributes(deleting ? null : object, {
      operation: testCase.operation,
      oldObject: deleting ? object : (old ?? null),
      ...(testCase.namespace !== undefined ? { namespace: testCase.namespace } : {}),
      ...(testCase.subResource !== undefined ? { subResource: testCase.subResource } : {}),
      ...(testCase.userInfo ? { userInfo: testCase.userInfo } : {}),
      dryRun: options.forceDryRun === true || testCase.dryRun,
    });
    const outcome = evaluator.admit(attributes);
    const found = mismatches(testCase.expect, outcome, mutated);
    return {
      name: testCase.name,
      line: testCase.line,
      passed: found.length === 0,
      mismatches: found,
      outcome,
      attributes,
    };
  });
  return { result: { suite, cases, notes } };
}

async function resolve(
  spec: ObjectSpec,
  objects: readonly KubeObject[],
  dir: string,
  where: string,
  errors: string[],
): Promise<KubeObject | undefined> {
  if ('inline' in spec) return spec.inline;
  if ('ref' in spec) {
    const [kind, ...rest] = spec.ref.split('/');
    const name = rest[rest.length - 1];
    const namespace = rest.length === 2 ? rest[0] : undefined;
    const found = objects.find(
      (o) =>
        o.kind === kind &&
        o.metadata?.name === name &&
        (namespace === undefined || (o.metadata?.namespace ?? 'default') === namespace),
    );
    if (!found) errors.push(`${where} "${spec.ref}" is not among the suite's resources`);
    return found;
  }
  const loaded = await loadInputs([path.resolve(dir, spec.file)]);
  const first = loaded.resources[0];
  if (loaded.problems.some((p) => p.verdict === 'error') || !first) {
    errors.push(
      `${where} file ${spec.file} holds no Kubernetes object${loaded.problems[0] ? ` (${loaded.problems[0].message})` : ''}`,
    );
    return undefined;
  }
  if (loaded.resources.length > 1)
    errors.push(`${where} file ${spec.file} holds ${loaded.resources.length} objects; give it one`);
  return first.object;
}

function problemText(problem: PolicyProblem): string {
  const { origin, object } = problem.resource;
  const name = typeof object.metadata?.name === 'string' ? ` "${object.metadata.name}"` : '';
  if (origin.kind !== 'file') return `${object.kind}${name}: ${problem.message}`;
  const { line, column } = origin.locate(problem.path);
  return `${origin.file}:${line}:${column}: ${object.kind}${name}: ${problem.message}`;
}

/** The suite's grants as an authorizer: allow what a grant matches, no opinion otherwise. */
function grantsAuthorizer(suite: Suite): Authorizer {
  return {
    authorize(check) {
      const asked: Record<string, string | undefined> = { ...check };
      const grant = suite.grants.find((g) =>
        GRANT_FIELDS.every((field) => g[field] === undefined || g[field] === '*' || g[field] === asked[field]),
      );
      return grant
        ? { decision: 'allow', reason: "granted by the suite's authorizer" }
        : { decision: 'no-opinion', reason: 'the suite grants no such permission' };
    },
  };
}
