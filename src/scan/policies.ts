import type { Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import type { Rule } from '../core/rule.js';
import type { CustomRuleConfig } from '../load/custom-rules.js';
import { loadInputs } from '../load/index.js';
import { UsageError } from './io.js';

export interface PolicyScanOptions {
  /** The scanned resources: params, Namespaces and CRDs among them serve the policies too. */
  resources: readonly Resource[];
  reservedIds: ReadonlySet<string>;
  kubernetesVersion?: string;
  maxFileSize?: number;
}

/**
 * The rules a scan adds to the catalogue: rampart.yaml's custom CEL rules, and the admission
 * policies of `--policy` files. Their problems (files that do not parse, policies the API server
 * would refuse, expressions that do not compile) come back as results, located in those files.
 */
export async function scanPolicies(
  policyPaths: readonly string[],
  custom: readonly CustomRuleConfig[] | undefined,
  options: PolicyScanOptions,
): Promise<{ rules: Rule[]; problems: Result[] }> {
  const rules: Rule[] = [];
  const problems: Result[] = [];
  if (!custom?.length && policyPaths.length === 0) return { rules, problems };
  // The CEL engine loads only for scans that use it: most scans do not, and they start faster.
  const { customRules, policyRules } = await import('../policy/rules/index.js');
  const { readPolicySet } = await import('../policy/admission-policy/index.js');
  if (custom?.length) {
    const compiled = customRules(custom, {
      reservedIds: options.reservedIds,
      ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
    });
    if ('errors' in compiled) throw new UsageError(`invalid config:\n  ${compiled.errors.join('\n  ')}`);
    rules.push(...compiled.rules);
  }
  if (policyPaths.length === 0) return { rules, problems };
  const loaded = await loadInputs(policyPaths, options.maxFileSize ? { maxFileSize: options.maxFileSize } : {});
  problems.push(...loaded.problems);
  const load = readPolicySet(loaded.resources);
  const { set } = load;
  if (
    set.validating.length + set.mutating.length + set.bindings.length + load.problems.length === 0 &&
    loaded.problems.length === 0
  ) {
    throw new UsageError(
      `--policy ${policyPaths.join(', ')}: no ValidatingAdmissionPolicy or MutatingAdmissionPolicy found (admissionregistration.k8s.io)`,
    );
  }
  const policies = policyRules(load, {
    objects: options.resources.map((resource) => resource.object),
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
  });
  for (const rule of policies.rules) {
    if (options.reservedIds.has(rule.meta.id) || rules.some((r) => r.meta.id === rule.meta.id))
      throw new UsageError(`--policy: the rule id ${rule.meta.id} is already taken`);
  }
  rules.push(...policies.rules);
  problems.push(...policies.problems);
  return { rules, problems };
}
