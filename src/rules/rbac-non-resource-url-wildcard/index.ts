import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { isPlatformRole, roleOf } from '../rbac-support.js';

/** A non-resource URL that matches every path: `*` alone, or the prefix wildcard `/*`. */
function matchesEverything(url: string): boolean {
  return url === '*' || url === '/*';
}

/** Flags ClusterRole rules that grant every non-resource URL of the API server. */
export const rbacNonResourceUrlWildcard = defineRule<'everyUrl'>({
  meta: {
    id: 'rbac-non-resource-url-wildcard',
    title: 'ClusterRoles name the non-resource URLs they grant',
    description:
      "Reports ClusterRole rules whose nonResourceURLs hold `*` or `/*`, which match every path the API server serves outside the resource API. Named paths and path prefixes such as `/metrics` or `/healthz/*` pass. The platform's bootstrap roles (cluster-admin) and aggregated ClusterRoles are not judged; Roles cannot grant non-resource URLs at all.",
    rationale:
      "Outside the resource API the API server serves /metrics (request rates by user and resource), /debug/pprof (profiles of the server's memory, and an easy way to load it), /logs where the logs handler is enabled (the control-plane host's /var/log), /debug/flags/v (which changes the server's log verbosity on a PUT), and whatever paths future versions add. A monitoring agent needs /metrics; a wildcard hands it the rest, and write verbs turn it into a lever on the control plane.",
    remediation:
      'List the paths the client needs:\n\n```yaml\nrules:\n- nonResourceURLs: ["/metrics", "/healthz", "/readyz", "/livez"]\n  verbs: ["get"]\n```',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.3'],
    },
    kinds: ['ClusterRole'],
    messages: {
      everyUrl:
        'grants {{verbs}} on every non-resource URL of the API server ({{url}}): /metrics, /debug/pprof, /logs and any path added later',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      'https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb',
    ],
  },
  check(ctx) {
    const { role } = roleOf(ctx);
    if (!role || role.aggregation || isPlatformRole(role)) return NOT_APPLICABLE;
    const reports: Report<'everyUrl'>[] = [];
    for (const { rule, index } of role.rules) {
      const url = rule.nonResourceURLs.find(matchesEverything);
      if (url === undefined) continue;
      const writes = rule.verbs.some((verb) => verb !== 'get' && verb !== 'head');
      reports.push({
        path: ['rules', index, 'nonResourceURLs'],
        messageId: 'everyUrl',
        severity: writes ? 'high' : 'medium',
        data: { verbs: rule.verbs.join(', '), url },
      });
    }
    return reports;
  },
});
