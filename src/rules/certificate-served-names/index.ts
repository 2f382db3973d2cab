import { isRecord } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';

/** The API server's certificate names every name it is reached by. */
export const certificateServedNames = defineRule<'missing'>({
  meta: {
    id: 'certificate-served-names',
    title: 'Serving certificates cover the names their servers are reached by',
    description:
      "Reports an etcd serving certificate (etcd/server.crt) whose SANs lack a host of etcd's `--advertise-client-urls`, and an API server certificate (kubeadm's apiserver.crt) whose SANs lack kubernetes, kubernetes.default, kubernetes.default.svc, a host the kubeconfigs found dial, the `--advertise-address` of an API server static pod found, or a name given with `rampart certs --san`.",
    rationale:
      'Clients that cannot verify the name turn verification off (`insecure-skip-tls-verify`), which opens them to interception; pods that reach the API server as kubernetes.default fail outright.',
    remediation:
      'Add the names to `apiServer.certSANs` in the kubeadm ClusterConfiguration, delete apiserver.crt and apiserver.key and run `kubeadm init phase certs apiserver`, then restart the API server.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {},
    kinds: ['Certificate'],
    messages: { missing: '{{where}} does not name {{names}}' },
    references: ['https://kubernetes.io/docs/setup/best-practices/certificates/#all-certificates'],
  },
  check({ object }) {
    const spec = isRecord(object.spec) ? object.spec : {};
    const missing = Array.isArray(spec.missingNames) ? spec.missingNames.map(String) : [];
    return missing.length
      ? [
          {
            path: ['spec', 'sans'],
            messageId: 'missing',
            data: { where: String(spec.where ?? ''), names: missing.join(', ') },
          },
        ]
      : [];
  },
});
