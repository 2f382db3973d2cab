/**
 * What a binding hands out, in the only terms that matter when its subject is everyone (the
 * anonymous user, every authenticated identity) or a namespace's default ServiceAccount: nothing
 * beyond what upstream already gives everybody, API discovery, or real access.
 */
import { type BindingInfo, formatRule, type PolicyRule, type RoleInfo } from '../analyze/rbac/index.js';
import { namespacedName } from '../core/applied-namespace.js';
import { own } from '../core/lookup.js';

/**
 * `public`: health, version and ServiceAccount issuer discovery (upstream grants it to anonymous
 * users), and reviews of one's own access; `discovery`: the API's groups, resources and OpenAPI
 * (upstream grants it to authenticated users only, since v1.14); `access`: anything else.
 */
export type Exposure = 'public' | 'discovery' | 'access';

const PUBLIC_URLS = new Set([
  '/healthz',
  '/healthz/*',
  '/livez',
  '/livez/*',
  '/readyz',
  '/readyz/*',
  '/version',
  '/version/',
  '/.well-known/openid-configuration',
  '/openid/v1/jwks',
]);
const DISCOVERY_URLS = new Set(['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*']);
const SELF_REVIEW_GROUPS = new Set(['authorization.k8s.io', 'authentication.k8s.io']);
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/** Upstream's ClusterRoles for everyone, by what they grant: judged by name when the input lacks them. */
const KNOWN_ROLES: Readonly<Record<string, Exposure>> = {
  'system:public-info-viewer': 'public',
  'system:service-account-issuer-discovery': 'public',
  'system:basic-user': 'public',
  'system:discovery': 'discovery',
};

export interface Judged {
  exposure: Exposure;
  /** The first rule beyond public information, quoted; absent for `public`. */
  evidence?: string;
  /** The role is not in the input, and not one of upstream's roles for everyone. */
  missing?: boolean;
}

export function exposureOfRule(rule: PolicyRule): Exposure {
  if (rule.resources.length === 0) {
    if (rule.nonResourceURLs.length === 0 || !rule.verbs.every((verb) => verb === 'get')) return 'access';
    let exposure: Exposure = 'public';
    for (const url of rule.nonResourceURLs) {
      if (PUBLIC_URLS.has(url)) continue;
      if (!DISCOVERY_URLS.has(url)) return 'access';
      exposure = 'discovery';
    }
    return exposure;
  }
  const self =
    rule.nonResourceURLs.length === 0 &&
    rule.resourceNames.length === 0 &&
    rule.verbs.every((verb) => verb === 'create') &&
    rule.apiGroups.every((group) => SELF_REVIEW_GROUPS.has(group)) &&
    rule.resources.every((resource) => SELF_REVIEWS.has(resource));
  return self ? 'public' : 'access';
}

/** What the binding's role grants: by its rules (aggregated ones included), or by name for upstream's public roles. */
export function bindingExposure(binding: BindingInfo): Judged {
  const role: RoleInfo | undefined = binding.role;
  if (!role) {
    const known = binding.roleRef.kind === 'ClusterRole' ? own(KNOWN_ROLES, binding.roleRef.name) : undefined;
    return known ? { exposure: known } : { exposure: 'access', missing: true };
  }
  let judged: Judged = { exposure: 'public' };
  for (const source of role.rules) {
    const exposure = exposureOfRule(source.rule);
    if (exposure === 'public') continue;
    const evidence = `rules[${source.index}] ${formatRule(source.rule)}${source.aggregatedFrom ? ` (aggregated from ClusterRole ${source.aggregatedFrom})` : ''}`;
    if (exposure === 'access') return { exposure, evidence };
    if (judged.exposure === 'public') judged = { exposure, evidence };
  }
  return judged;
}

/** `ClusterRole view`, `Role team/deployer`: the role a binding names, as messages print it. */
export function roleRefText(binding: BindingInfo): string {
  const { kind, name } = binding.roleRef;
  return kind === 'Role' ? `Role ${namespacedName(binding.namespace, name)}` : `${kind} ${name}`;
}
