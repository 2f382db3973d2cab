import { type Capability, firstOf, found, named, WRITE } from './capability.js';

const CERTS = 'certificates.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';

/** The ConfigMaps of kube-system whose content configures the cluster (DNS, EKS identities, kube-proxy, kubeadm). */
const CLUSTER_CONFIGMAPS: ReadonlySet<string> = new Set([
  'coredns',
  'kube-dns',
  'aws-auth',
  'kube-proxy',
  'kubeadm-config',
  'kubelet-config',
  'cluster-info',
]);

/** Capabilities over nodes, certificates, admission, the API itself and the namespace's surroundings. */
export const PLATFORM_CAPABILITIES: readonly Capability[] = [
  {
    id: 'approve-csrs',
    title: 'approve certificate signing requests',
    severity: 'critical',
    scope: 'cluster',
    risk: 'an approved kube-apiserver-client CSR becomes a client certificate for any user and group, system:masters included',
    mitre: ['T1649'],
    find: (q) =>
      found(
        firstOf(
          q.some('update', CERTS, 'certificatesigningrequests/approval'),
          q.some('patch', CERTS, 'certificatesigningrequests/approval'),
        ),
        q.some('approve', CERTS, 'signers'),
      ),
  },
  {
    id: 'sign-csrs',
    title: 'sign certificate signing requests',
    severity: 'high',
    scope: 'cluster',
    risk: 'writing status.certificate of CSRs: whoever also holds a trusted CA key issues credentials',
    mitre: ['T1649'],
    find: (q) =>
      found(
        firstOf(
          q.some('update', CERTS, 'certificatesigningrequests/status'),
          q.some('patch', CERTS, 'certificatesigningrequests/status'),
        ),
        q.some('sign', CERTS, 'signers'),
      ),
  },
  {
    id: 'nodes-proxy',
    title: 'reach the kubelet API through nodes/proxy',
    severity: 'critical',
    scope: 'cluster',
    risk: 'the kubelet API runs commands in every pod of the node, bypassing admission and audit of exec',
    mitre: ['T1609'],
    find: (q) => named(firstOf(q.some('get', '', 'nodes/proxy'), q.some('create', '', 'nodes/proxy'))),
  },
  {
    id: 'write-nodes',
    title: 'change or delete nodes',
    severity: 'high',
    scope: 'cluster',
    risk: "labels and taints steer pods (and the Secrets they mount) onto a node of the holder's choosing",
    find: (q) =>
      named(firstOf(q.some('patch', '', 'nodes'), q.some('update', '', 'nodes'), q.some('delete', '', 'nodes'))),
  },
  {
    id: 'node-status',
    title: 'change node status',
    severity: 'medium',
    scope: 'cluster',
    risk: 'a node can be made to report false addresses, capacity or conditions',
    find: (q) => named(firstOf(q.some('patch', '', 'nodes/status'), q.some('update', '', 'nodes/status'))),
  },
  {
    id: 'pod-status',
    title: 'change pod status',
    severity: 'low',
    scope: 'namespace',
    risk: 'a pod can be made to report false IPs or readiness, steering Service traffic',
    find: (q) => named(firstOf(q.some('patch', '', 'pods/status'), q.some('update', '', 'pods/status'))),
  },
  {
    id: 'mutating-webhooks',
    title: 'write mutating webhook configurations',
    severity: 'critical',
    scope: 'cluster',
    risk: 'a webhook receives and may rewrite every object written to the API, Secrets and pods included',
    mitre: ['T1546'],
    find: (q) => named(firstOf(...WRITE.map((verb) => q.some(verb, ADMISSION, 'mutatingwebhookconfigurations')))),
  },
  {
    id: 'validating-webhooks',
    title: 'write validating webhook configurations',
    severity: 'high',
    scope: 'cluster',
    risk: 'a webhook receives every object written to the API, Secrets included, and can be removed to switch policy off',
    find: (q) =>
      named(firstOf(...[...WRITE, 'delete'].map((verb) => q.some(verb, ADMISSION, 'validatingwebhookconfigurations')))),
  },
  {
    id: 'admission-policies',
    title: 'write validating admission policies',
    severity: 'high',
    scope: 'cluster',
    risk: 'admission policies and their bindings can be weakened or removed, switching policy enforcement off',
    find: (q) =>
      named(
        firstOf(
          ...[...WRITE, 'delete'].flatMap((verb) => [
            q.some(verb, ADMISSION, 'validatingadmissionpolicies'),
            q.some(verb, ADMISSION, 'validatingadmissionpolicybindings'),
          ]),
        ),
      ),
  },
  {
    id: 'create-persistent-volumes',
    title: 'create PersistentVolumes',
    severity: 'high',
    scope: 'cluster',
    risk: "a hostPath PersistentVolume mounts a node's file system into any pod that claims it",
    mitre: ['T1611'],
    find: (q) => found(q.all('create', '', 'persistentvolumes')),
  },
  {
    id: 'write-namespaces',
    title: 'change namespaces',
    severity: 'medium',
    scope: 'cluster',
    risk: 'removing pod-security.kubernetes.io labels lets privileged pods into a namespace',
    find: (q) => named(firstOf(q.some('patch', '', 'namespaces'), q.some('update', '', 'namespaces'))),
  },
  {
    id: 'write-crds',
    title: 'write CustomResourceDefinitions',
    severity: 'medium',
    scope: 'cluster',
    risk: 'an API type can be replaced or removed, with the objects of operators that rely on it',
    find: (q) =>
      named(firstOf(...WRITE.map((verb) => q.some(verb, 'apiextensions.k8s.io', 'customresourcedefinitions')))),
  },
  {
    id: 'write-apiservices',
    title: 'write APIServices',
    severity: 'high',
    scope: 'cluster',
    risk: "an API group can be served by a server of the holder's choosing, which then sees its requests and credentials",
    find: (q) => named(firstOf(...WRITE.map((verb) => q.some(verb, 'apiregistration.k8s.io', 'apiservices')))),
  },
  {
    id: 'kube-system-configmaps',
    title: 'change the ConfigMaps of kube-system',
    severity: 'high',
    scope: 'namespace',
    risk: 'kube-system ConfigMaps configure the cluster itself: coredns answers every DNS query of every pod, and on EKS aws-auth maps cloud identities to groups, system:masters included',
    mitre: ['T1565', 'T1098'],
    find: (q) => {
      if (q.namespace !== 'kube-system' && q.namespace !== '*') return undefined;
      const hit = firstOf(...['update', 'patch', 'delete', 'create'].map((verb) => q.some(verb, '', 'configmaps')));
      if (!hit || (hit.names !== 'all' && ![...hit.names].some((name) => CLUSTER_CONFIGMAPS.has(name))))
        return undefined;
      return named(hit);
    },
  },
  {
    id: 'port-forward',
    title: 'port-forward to pods',
    severity: 'medium',
    scope: 'namespace',
    risk: 'a tunnel to any port of the pods, past NetworkPolicies, Services and their authentication',
    find: (q) => named(q.some('create', '', 'pods/portforward')),
  },
  {
    id: 'delete-secrets',
    title: 'delete Secrets',
    severity: 'medium',
    scope: 'namespace',
    risk: 'deleting Secrets stops the workloads that mount them and destroys keys and credentials that may exist nowhere else',
    mitre: ['T1485'],
    find: (q) => named(firstOf(q.some('delete', '', 'secrets'), q.some('deletecollection', '', 'secrets'))),
  },
  {
    id: 'delete-events',
    title: 'delete events',
    severity: 'low',
    scope: 'namespace',
    risk: 'events record what happened in a namespace (pods created, images pulled, probes failed); deleting them removes the traces of an intrusion',
    mitre: ['T1070'],
    find: (q) =>
      named(
        firstOf(
          ...['delete', 'deletecollection'].flatMap((verb) => [
            q.some(verb, '', 'events'),
            q.some(verb, 'events.k8s.io', 'events'),
          ]),
        ),
      ),
  },
  {
    id: 'write-network-policies',
    title: 'change NetworkPolicies',
    severity: 'medium',
    scope: 'namespace',
    risk: 'a NetworkPolicy deleted, widened or added opens the pods it isolates to the rest of the cluster network',
    find: (q) =>
      named(
        firstOf(
          ...['create', 'update', 'patch', 'delete', 'deletecollection'].map((verb) =>
            q.some(verb, 'networking.k8s.io', 'networkpolicies'),
          ),
        ),
      ),
  },
];
