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
}

/**
 * The admission policies of `--policy` files, as rules that join the catalogue for one scan. Their
 * problems (files that do not parse, policies the API server would refuse, expressions that do not
 * compile) come back as results, located in those files.
 */
export async function policyFileRules(
  policyPaths: readonly string[],
  options: PolicyScanOptions,
): Promise<{ rules: Rule[]; problems: Result[] }> {
  if (policyPaths.length === 0) return { rules: [], problems: [] };
  const { policyRules } = await import('../policy/rules/index.js');
  const { readPolicySet } = await import('../policy/admission-policy/index.js');
  const loaded = await loadInputs(policyPaths, options.maxFileSize ? { maxFileSize: options.maxFileSize } : {});
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
    if (options.reservedIds.has(rule.meta.id))
      throw new UsageError(`--policy: the rule id ${rule.meta.id} is already taken`);
  }
  return { rules: policies.rules, problems: [...loaded.problems, ...policies.problems] };
}
