import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'chain' | 'key';

/** Each certificate verifies against the right CA, and its private key is its own. */
export const certificateChain = defineRule<MessageId>({
  meta: {
    id: 'certificate-chain',
    title: 'Certificates chain to the right CA and match their keys',
    description:
      "Reports a certificate that no CA found signed (or whose signature does not verify), one signed by another CA than kubeadm's layout assigns (an etcd certificate signed by the cluster CA), a CA below a CA with path length 0, and a private key file that is not the certificate's key, is encrypted or cannot be read.",
    rationale:
      'A certificate signed by the wrong CA is trusted by the wrong parties: an etcd certificate from the cluster CA lets every cluster client certificate into etcd. A mismatched key fails at the next restart.',
    remediation:
      'Reissue the certificate from the CA the component trusts (kubeadm: `kubeadm certs renew <name>`), and keep each key beside its certificate, unencrypted, mode 600.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: {},
    kinds: ['Certificate'],
    messages: { chain: '{{where}} {{problem}}', key: '{{problem}}' },
    references: ['https://kubernetes.io/docs/setup/best-practices/certificates/'],
  },
  check({ object }) {
    const spec = isRecord(object.spec) ? object.spec : {};
    const where = String(spec.where ?? '');
    const reports: Report<MessageId>[] = [];
    if (typeof spec.chainProblem === 'string')
      reports.push({ path: ['spec', 'issuedBy'], messageId: 'chain', data: { where, problem: spec.chainProblem } });
    if (typeof spec.keyProblem === 'string')
      reports.push({
        path: ['spec', 'keyProblem'],
        messageId: 'key',
        severity: 'medium',
        data: { problem: spec.keyProblem },
      });
    return reports;
  },
});
