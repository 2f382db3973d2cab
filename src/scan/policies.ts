import type { Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import type { Rule } from '../core/rule.js';
import type { CustomRuleConfig } from '../load/custom-rules.js';
import { loadInputs } from '../load/index.js';
import { UsageError } from './errors.js';

/**
 * rampart.yaml's custom CEL rules, compiled once per scanner. Expressions that do not compile are
 * configuration errors, located in rampart.yaml. The CEL engine loads only for configurations that
 * use it: most do not, and their scans start faster.
 */
export async function compileCustomRules(
  custom: readonly CustomRuleConfig[] | undefined,
  options: { reservedIds: ReadonlySet<string>; kubernetesVersion?: string },
): Promise<Rule[]> {
  if (!custom?.length) return [];
  const { customRules } = await import('../policy/rules/index.js');
  const compiled = customRules(custom, options);
  if ('errors' in compiled) throw new UsageError(`invalid config:\n  ${compiled.errors.join('\n  ')}`);
  return compiled.rules;
}

export interface PolicyScanOptions {
  /** The scanned resources: params, Namespaces and CRDs among them serve the policies too. */
  resources: readonly Resource[];
  reservedIds: ReadonlySet<string>;
  kubernetesVersion?: string;
  maxFileSize?: number;
  /** Judge with the admission policies among the scanned resources too: a cluster's own policies. */
  fromSource?: boolean;
}

const POLICY_KINDS = new Set([
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

/** Cheap enough to ask of every resource before the policy engine is loaded. */
function isAdmissionPolicy(resource: Resource): boolean {
  const { kind, apiVersion } = resource.object;
  return POLICY_KINDS.has(kind) && apiVersion.startsWith('admissionregistration.k8s.io/');
}

/**
 * The admission policies of `--policy` files (and, for a cluster, those in it), as rules that join the catalogue for one scan. Their
 * problems (files that do not parse, policies the API server would refuse, expressions that do not
 * compile) come back as results, located in those files.
 */
export async function policyFileRules(
  policyPaths: readonly string[],
  options: PolicyScanOptions,
): Promise<{ rules: Rule[]; problems: Result[] }> {
  const inSource = options.fromSource ? options.resources.filter(isAdmissionPolicy) : [];
  if (policyPaths.length === 0 && inSource.length === 0) return { rules: [], problems: [] };
  const { policyRules } = await import('../policy/rules/index.js');
  const { readPolicySet } = await import('../policy/admission-policy/index.js');
  const loaded = policyPaths.length
    ? await loadInputs(policyPaths, options.maxFileSize ? { maxFileSize: options.maxFileSize } : {})
    : { resources: [], problems: [] };
  const fromFiles = readPolicySet(loaded.resources);
  const { set } = fromFiles;
  if (
    policyPaths.length > 0 &&
    set.validating.length + set.mutating.length + set.bindings.length + fromFiles.problems.length === 0 &&
    loaded.problems.length === 0
  ) {
    throw new UsageError(
      `--policy ${policyPaths.join(', ')}: no ValidatingAdmissionPolicy or MutatingAdmissionPolicy found (admissionregistration.k8s.io)`,
    );
  }
  const load = inSource.length ? readPolicySet([...loaded.resources, ...inSource]) : fromFiles;
  const policies = policyRules(load, {
    objects: options.resources.map((resource) => resource.object),
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
  });
  for (const rule of policies.rules) {
    if (options.reservedIds.has(rule.meta.id))
      throw new UsageError(`--policy: the rule id ${rule.meta.id} is already taken`);
  }
  return { rules: policies.rules, problems: [...loaded.problems, ...policies.problems] };
}
