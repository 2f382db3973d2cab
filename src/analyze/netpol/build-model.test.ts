import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deployment, docs, modelOf } from '../../../test/netpol/support/model.js';

const pod = (ns: string, name: string, owner?: { kind: string; name: string }, ip?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: web, pod-template-hash: 7d9f}
${owner ? `  ownerReferences:\n  - {apiVersion: apps/v1, kind: ${owner.kind}, name: ${owner.name}, controller: true, uid: u1}\n` : ''}spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 8080, name: http}]
${ip ? `status:\n  podIP: ${ip}\n  podIPs: [{ip: ${ip}}]\n` : ''}`;

describe('workloads', () => {
  test('every pod-owning kind of the right API group is a workload; look-alikes and templates are not', () => {
    const model = modelOf(
      `${docs(
        deployment('a', 'd', { app: 'd' }),
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, namespace: a}\nspec: {serviceName: s, selector: {}, template: {metadata: {labels: {app: s}}, spec: {containers: [{name: c, image: x}]}}}',
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: a}\nspec: {selector: {}, template: {spec: {containers: [{name: c, image: x}]}}}',
        'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj, namespace: a}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: x}]}}}}}',
        'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: a}\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}',
        'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc, namespace: a}\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}',
        'apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: {name: volcano, namespace: a}\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}',
        'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: tpl, namespace: a}\ntemplate: {spec: {containers: [{name: c, image: x}]}}',
      )}`,
    );
    assert.deepEqual(
      model.workloads.map((w) => w.id),
      [
        'a/cj[CronJob]',
        'a/d[Deployment]',
        'a/ds[DaemonSet]',
        'a/j[Job]',
        'a/rc[ReplicationController]',
        'a/s[StatefulSet]',
      ],
    );
  });

  test('objects without a namespace are in default; labels come from the pod template', () => {
    const model = modelOf(deployment('default', 'web', { app: 'web' }).replace('  namespace: default\n', ''));
    assert.equal(model.workloads[0]?.id, 'default/web[Deployment]');
    assert.deepEqual(model.workloads[0]?.labels, { app: 'web' });
    assert.deepEqual(model.namespaces.get('default')?.labels, { 'kubernetes.io/metadata.name': 'default' });
  });

  test('snapshot pods fold into the controller chain present in the input', () => {
    const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9f
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u0}]
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}`;
    const model = modelOf(
      docs(
        pod('shop', 'web-7d9f-a', { kind: 'ReplicaSet', name: 'web-7d9f' }, '10.0.0.1'),
        rs,
        deployment('shop', 'web', { app: 'web' }),
        pod('shop', 'web-7d9f-b', { kind: 'ReplicaSet', name: 'web-7d9f' }, '10.0.0.2'),
      ),
    );
    assert.deepEqual(
      model.workloads.map((w) => w.id),
      ['shop/web[Deployment]'],
    );
    assert.equal(model.workloads[0]?.ips?.toRanges(), '10.0.0.1-10.0.0.2');
  });

  test('pods whose owner is not in the input are named by their owner reference, as the netpol-analyzer does', () => {
    const model = modelOf(
      docs(
        pod('shop', 'web-7d9f-a', { kind: 'ReplicaSet', name: 'web-7d9f' }),
        pod('shop', 'web-7d9f-b', { kind: 'ReplicaSet', name: 'web-7d9f' }),
        pod('shop', 'tool'),
      ),
    );
    assert.deepEqual(
      model.workloads.map((w) => w.id),
      ['shop/tool[Pod]', 'shop/web-7d9f[ReplicaSet]'],
    );
    assert.deepEqual([...(model.workloads[1]?.namedPorts.keys() ?? [])], ['http']);
  });

  test('only the controller reference groups pods; a Node (mirror pods) or a non-controller owner does not', () => {
    const ref = (kind: string, name: string, controller: boolean) =>
      `  ownerReferences: [{apiVersion: v1, kind: ${kind}, name: ${name}, uid: u, controller: ${controller}}]\n`;
    const bare = (name: string, refs: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: kube-system\n${refs}spec: {containers: [{name: c, image: x}]}`;
    const model = modelOf(
      docs(
        bare('etcd-node-1', ref('Node', 'node-1', true)),
        bare('kube-apiserver-node-1', ref('Node', 'node-1', true)),
        bare('worker-a', ref('ConfigMap', 'lease', false)),
        bare('worker-b', ref('ConfigMap', 'lease', false)),
      ),
    );
    assert.deepEqual(
      model.workloads.map((w) => w.id),
      [
        'kube-system/etcd-node-1[Pod]',
        'kube-system/kube-apiserver-node-1[Pod]',
        'kube-system/worker-a[Pod]',
        'kube-system/worker-b[Pod]',
      ],
    );
  });

  test('pods of one owner fold only where their labels agree on what pod selectors read', () => {
    const labelled = (name: string, track: string, ip: string) =>
      pod('shop', name, { kind: 'ReplicaSet', name: 'web-7d9f' }, ip).replace(
        'labels: {app: web, pod-template-hash: 7d9f}',
        `labels: {app: web, pod-template-hash: 7d9f, track: ${track}}`,
      );
    const pods = docs(labelled('web-7d9f-a', 'stable', '10.0.0.1'), labelled('web-7d9f-b', 'canary', '10.0.0.2'));
    const selecting = (key: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: {podSelector: {matchLabels: {${key}: canary}}}`;
    // no selector reads `track`: one workload, with both pods' addresses
    const folded = modelOf(docs(pods, selecting('lane')));
    assert.deepEqual(
      folded.workloads.map((w) => w.id),
      ['shop/web-7d9f[ReplicaSet]'],
    );
    assert.equal(folded.workloads[0]?.ips?.toRanges(), '10.0.0.1-10.0.0.2');
    // a policy selects on `track`: each pod is matched by its own labels, so each is its own workload
    const split = modelOf(docs(pods, selecting('track')));
    assert.deepEqual(
      split.workloads.map((w) => `${w.id} ${w.labels.track} ${w.ips?.toRanges()}`),
      ['shop/web-7d9f-a[Pod] stable 10.0.0.1-10.0.0.1', 'shop/web-7d9f-b[Pod] canary 10.0.0.2-10.0.0.2'],
    );
    assert.match(
      split.problems[0]?.message ?? '',
      /Pods of ReplicaSet shop\/web-7d9f differ in labels that policies select on/,
    );
  });

  test("a pod relabelled away from its controller's template stands alone; its siblings stay folded", () => {
    const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-7d9f, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web, pod-template-hash: 7d9f}}, spec: {containers: [{name: web, image: nginx}]}}`;
    const quarantined = pod('shop', 'web-7d9f-b', { kind: 'ReplicaSet', name: 'web-7d9f' }).replace(
      'labels: {app: web, pod-template-hash: 7d9f}',
      'labels: {app: web, pod-template-hash: 7d9f, quarantine: "true"}',
    );
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: q, namespace: shop}\nspec: {podSelector: {matchLabels: {quarantine: "true"}}, policyTypes: [Ingress, Egress]}';
    const model = modelOf(
      docs(rs, pod('shop', 'web-7d9f-a', { kind: 'ReplicaSet', name: 'web-7d9f' }), quarantined, policy),
    );
    assert.deepEqual(
      model.workloads.map((w) => w.id),
      ['shop/web-7d9f-b[Pod]', 'shop/web-7d9f[ReplicaSet]'],
    );
    assert.match(
      model.problems[0]?.message ?? '',
      /Pod shop\/web-7d9f-b has labels that policies select on other than its ReplicaSet shop\/web-7d9f template's/,
    );
  });

  test('a workload defined twice is analysed once, with a warning', () => {
    const model = modelOf(docs(deployment('a', 'd', { app: 'one' }), deployment('a', 'd', { app: 'two' })));
    assert.equal(model.workloads.length, 1);
    assert.deepEqual(model.workloads[0]?.labels, { app: 'one' });
    assert.match(model.problems[0]?.message ?? '', /defined more than once/);
    // a bare Pod defined twice is one Pod, not two pods of one owner
    const twice = modelOf(docs(pod('shop', 'tool'), pod('shop', 'tool').replace('app: web', 'app: tool')));
    assert.deepEqual(
      twice.workloads.map((w) => `${w.id} ${w.labels.app}`),
      ['shop/tool[Pod] web'],
    );
    assert.match(
      twice.problems[0]?.message ?? '',
      /Pod shop\/tool is defined more than once; the first definition is analysed/,
    );
  });
});

describe('policies', () => {
  const policy = (spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n${spec}`;

  test('policies the API server would reject are left out, each reason located', () => {
    for (const [spec, reason] of [
      ['  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0}}]}]', /not a CIDR/],
      [
        '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}]}]',
        /not a strict subset/,
      ],
      [
        '  podSelector: {}\n  ingress: [{ports: [{port: http, endPort: 90}]}]',
        /endPort cannot be used with the named port/,
      ],
      ['  podSelector: {}\n  ingress: [{ports: [{port: 90, endPort: 80}]}]', /endPort 80 must be at least port 90/],
      ['  podSelector: {}\n  ingress: [{ports: [{protocol: ICMP}]}]', /not TCP, UDP or SCTP/],
      ['  podSelector: {matchExpressions: [{key: app, operator: In}]}', /needs values/],
      ['  podSelector: {}\n  policyTypes: [Inbound]', /not Ingress or Egress/],
      [
        '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]',
        /may not also select/,
      ],
      ['  podSelector: {matchLabels: {app: $backend}}', /a label value must be 63 characters at most/],
      [`  podSelector: {matchLabels: {app: ${'a'.repeat(64)}}}`, /a label value must be/],
      ['  podSelector: {matchLabels: {-app: web}}', /a label key is not a valid label name/],
      ['  podSelector: {matchLabels: {Example.com/app: web}}', /a label key is not a valid label name/],
      [
        '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a, "b c"]}]}}]}]',
        /a label value must be/,
      ],
    ] as const) {
      const model = modelOf(policy(spec));
      assert.equal(model.policies.length, 0, spec);
      assert.match(model.problems[0]?.message ?? '', reason, spec);
      assert.match(model.problems[0]?.message ?? '', /left out of the analysis/);
      assert.ok(model.problems[0]?.path, 'the problem points into the policy');
    }
  });

  test('valid label keys and values are read: prefixes, dots, dashes, underscores, the empty value', () => {
    const model = modelOf(
      policy(
        '  podSelector: {matchLabels: {app.kubernetes.io/name: web, k8s-app: kube_dns.v1, empty: ""}, matchExpressions: [{key: example.com/tier, operator: NotIn, values: [a-1, B.2]}]}',
      ),
    );
    assert.deepEqual(model.problems, []);
    assert.equal(model.policies.length, 1);
  });

  test("a CNI's own NetworkPolicy kind is not read as a Kubernetes one", () => {
    const model = modelOf(
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: {selector: all(), types: [Ingress]}',
    );
    assert.equal(model.policies.length, 0);
    assert.deepEqual(
      model.cniPolicies.map((c) => [c.kind, c.defaultDeny]),
      [['NetworkPolicy', { ingress: true, egress: false }]],
    );
  });

  test('namespaceSelectors on labels the input cannot know are warned about', () => {
    const model = modelOf(
      docs(
        deployment('shop', 'web', { app: 'web' }),
        policy('  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}]}]'),
      ),
    );
    assert.match(model.problems[0]?.message ?? '', /label\(s\) team, but the input has no Namespace object for shop/);
    const known = modelOf(
      docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
        deployment('shop', 'web', { app: 'web' }),
        policy('  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}]}]'),
      ),
    );
    assert.deepEqual(known.problems, []);
  });
});
