import { defineRule, type Report } from '../../core/rule.js';

/** ingress-nginx annotations that paste raw nginx configuration into the shared controller. */
const SNIPPETS = ['configuration-snippet', 'server-snippet', 'auth-snippet', 'stream-snippet', 'modsecurity-snippet'];

/**
 * CVE-2021-25742 and its successors: a snippet runs in the ingress-nginx controller, which can
 * read every Secret it serves and its own ServiceAccount token.
 */
export const ingressNginxSnippetAnnotation = defineRule({
  meta: {
    id: 'ingress-nginx-snippet-annotation',
    title: 'Ingresses do not inject raw nginx configuration',
    description:
      'Reports Ingresses with a non-empty ingress-nginx snippet annotation (`configuration-snippet`, `server-snippet`, `auth-snippet`, `stream-snippet`, `modsecurity-snippet`). Option `annotationPrefix` (default `nginx.ingress.kubernetes.io`) follows a controller started with `--annotations-prefix`. Controllers since v1.9 ignore snippets unless `allow-snippet-annotations` is on; an Ingress that relies on one is either broken or running where they are allowed.',
    rationale:
      'A snippet is nginx configuration copied into the controller that serves every Ingress of the cluster. Whoever may create an Ingress in any namespace can use one to read files of the controller, including its ServiceAccount token and the TLS keys of all other tenants (CVE-2021-25742), and later injection flaws in ingress-nginx were reachable the same way.',
    remediation:
      'Replace the snippet with the dedicated annotation for the feature (headers, rewrites, rate limits, auth) or move the configuration into the controller ConfigMap that platform owners control; keep `allow-snippet-annotations: "false"` (the default) in that ConfigMap.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'security',
    frameworks: { nsa: ['Network separation and hardening'], mitre: ['T1552.007', 'T1528'] },
    kinds: ['Ingress'],
    messages: {
      snippet: 'annotation {{annotation}} injects raw configuration into the shared ingress-nginx controller',
    },
    options: {
      annotationPrefix: {
        type: 'string',
        nonEmpty: true,
        default: 'nginx.ingress.kubernetes.io',
        description: 'the ingress-nginx annotation prefix (`--annotations-prefix` of the controller)',
      },
    },
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
    ],
  },
  check({ object, options }) {
    const annotations = object.metadata?.annotations;
    if (!annotations) return [];
    const prefix =
      typeof options.annotationPrefix === 'string' ? options.annotationPrefix : 'nginx.ingress.kubernetes.io';
    const reports: Report[] = [];
    for (const name of SNIPPETS) {
      const key = `${prefix}/${name}`;
      const value = annotations[key];
      if (typeof value === 'string' && value.trim() !== '')
        reports.push({ path: ['metadata', 'annotations', key], messageId: 'snippet', data: { annotation: key } });
    }
    return reports;
  },
});
