/**
 * Generators for the hostile inputs of issue 16: each returns the text of a file (or files) that
 * once hung Rampart, blew up its memory, leaked a secret or reached an internal error. They are
 * shared by the regression tests, the scaling tests and `test/hostile/measure.ts`, which times
 * them against the built CLI. Sizes are parameters so tests can use small ones.
 */

/** A credential-shaped marker: no output, message or stderr may ever contain it. */
export const MARKER = 'Passw0rdMARKER';

/** A pod whose every container breaks several rules, so every container has findings to locate. */
export function podWithContainers(count: number): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: many',
    '  namespace: shop',
    'spec:',
    '  containers:',
  ];
  for (let i = 0; i < count; i++) {
    lines.push(`  - name: c${i}`, '    image: nginx', '    securityContext:', '      privileged: true');
  }
  return `${lines.join('\n')}\n`;
}

/** The same pod as a single-line JSON document (the admission and `kubectl -o json` shape). */
export function podWithContainersJson(count: number): string {
  const containers = Array.from({ length: count }, (_, i) => ({
    name: `c${i}`,
    image: 'nginx',
    securityContext: { privileged: true },
  }));
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'many', namespace: 'shop' },
    spec: { containers },
  });
}

/** A ConfigMap with one key of `size` upper-case letters: quadratic for `/([A-Z]+)([A-Z][a-z])/`. */
export function configMapLongKey(size: number, letter = 'A'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  ${letter.repeat(size)}: value\n`;
}

/** A ConfigMap whose one value is `size` characters built to make an unanchored regex rescan. */
export function configMapLongValue(size: number, unit: string): string {
  const value = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: ${JSON.stringify(value)}\n`;
}

/** `count` Deployments and no NetworkPolicy: every pair of them is connected. */
export function deploymentsWithoutPolicies(count: number, namespaces = 1): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: app-${i}`,
        `  namespace: ns-${i % namespaces}`,
        'spec:',
        '  selector:',
        `    matchLabels: {app: app-${i}}`,
        '  template:',
        '    metadata:',
        `      labels: {app: app-${i}, tier: t${i % 7}}`,
        '    spec:',
        '      containers:',
        `      - name: app`,
        `        image: registry.example/app-${i}:1.0`,
        '        ports:',
        '        - containerPort: 8080',
      ].join('\n'),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

/**
 * Deployments whose connections are all different: each one admits ingress only from pods
 * carrying one of a few labels, so the list is large even after grouping. Used to reach the
 * output bound.
 */
export function deploymentsWithDistinctPolicies(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}, l${i % 11}: "y", m${i % 13}: "y"}}\n    spec: {containers: [{name: app, image: app}]}`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: in-${i}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: app-${i}}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {l${i % 11}: "y"}}}, {podSelector: {matchLabels: {m${(i * 7) % 13}: "y"}}}]\n    ports: [{port: ${1000 + i}}]`,
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

/** A stream of ConfigMaps and Deployments of about `bytes` bytes: an ordinary but large input. */
export function largeStream(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const doc =
      i % 2 === 0
        ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ns-${i % 17}\n  labels: {app: a${i % 5}}\ndata:\n  config.yaml: |\n    server:\n      port: 8080\n      host: 0.0.0.0\n    features: [a, b, c]\n  level: info\n`
        : deploymentsWithoutPolicies(1).replaceAll('app-0', `app-${i}`);
    parts.push(doc);
    size += doc.length + 4;
  }
  return parts.join('---\n');
}

/** YAML that fails to parse on a tag or an alias named like a password. */
export const SECRET_YAML_ERRORS: Readonly<Record<string, string>> = {
  // kubectl reads an unknown tag (`!Tag… x`) as the string x, and so does Rampart: the error is an undeclared handle
  tag: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: !Tag${MARKER}!x y\n`,
  alias: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: *Alias${MARKER}\n`,
  anchor: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: &Anchor${MARKER} [a\n`,
  directive: `%TAG !${MARKER}! tag:example.com,2000:\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: !${MARKER}!x y}\n`,
  // a repeated key loads as kubectl loads it (with a warning that quotes nothing); a key over two lines does not
  key: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  "${MARKER}\n   x": a\n`,
  flow: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: "${MARKER}\n`,
  scalar: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: ${MARKER}\n   bad: indentation\n`,
};

/** Audit-log lines that are not JSON, or not events, and carry the marker in what they hold. */
export const SECRET_AUDIT_LINES: readonly string[] = [
  `password=${MARKER} this is not json`,
  `{"kind":"Event","verb":"get","user":{"username":"u"},"requestObject":{"password":"${MARKER}"`,
  `{"apiVersion":"${MARKER}","kind":"Event","verb":"get","user":{"username":"u"}}`,
  `{"apiVersion":"audit.k8s.io/v1","kind":"${MARKER}","verb":"get","user":{"username":"u"}}`,
  `["${MARKER}"]`,
  `"${MARKER}"`,
];

/** Names JavaScript gives meaning to on every plain object. */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

/** Objects whose kind, name, namespace, keys and labels are prototype names. */
export function prototypeNamedObjects(name: string): string {
  return [
    `apiVersion: v1\nkind: ${name}\nmetadata: {name: ${name}, namespace: ${name}}`,
    `apiVersion: ${name}\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${name}\n  labels: {${name}: ${name}}\n  annotations: {${name}: ${name}}\nspec:\n  ${name}: ${name}\n  serviceAccountName: ${name}\n  nodeSelector: {${name}: ${name}}\n  containers:\n  - name: ${name}\n    image: ${name}\n    env: [{name: ${name}, value: ${name}}]\n    securityContext: {${name}: true}\n    resources: {limits: {${name}: "1"}, requests: {${name}: "1"}}`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: ${name}}\nspec:\n  selector: {matchLabels: {${name}: x}}\n  template:\n    metadata: {labels: {${name}: x}}\n    spec: {containers: [{name: c, image: nginx, ports: [{name: ${name}, containerPort: 80}]}]}`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {${name}: ${name}}`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: [{apiGroups: ["${name}"], resources: [${name}], verbs: [${name}]}]`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${name}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${name}, name: ${name}}\nsubjects: [{kind: ${name}, name: ${name}}]`,
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${name}}\nspec:\n  podSelector: {matchLabels: {${name}: x}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {${name}: x}}}], ports: [{port: ${name}}]}]`,
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${name}}\nspec: {type: ${name}, selector: {${name}: x}}`,
    `apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: ${name}, metadata: {name: ${name}}}]`,
    `apiVersion: v1\nkind: ${name}List\nitems: [{metadata: {name: ${name}}}]`,
  ].join('\n---\n');
}

/** Fields of the wrong type where rules expect lists, mappings, booleans and numbers. */
export const WRONG_TYPES: Readonly<Record<string, string>> = {
  containersString: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: "x"}\n',
  containersMapping: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: {name: c, image: nginx}}\n',
  containerString: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: ["x", 1, null]}\n',
  privilegedString:
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, securityContext: {privileged: "true"}}]}\n',
  specString: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: "x"\n',
  templateList: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: [1, 2]}\n',
  metadataString: 'apiVersion: v1\nkind: Pod\nmetadata: "x"\nspec: {containers: [{name: c, image: nginx}]}\n',
  nameMapping:
    'apiVersion: v1\nkind: Pod\nmetadata: {name: {a: 1}, namespace: [x]}\nspec: {containers: [{name: {b: 2}, image: [nginx]}]}\n',
  labelsList:
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: [a, b], annotations: "x"}\nspec: {containers: [{name: c, image: nginx}]}\n',
  hugeNumbers:
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {terminationGracePeriodSeconds: 1e400, containers: [{name: c, image: nginx, ports: [{containerPort: 1e400, hostPort: -1e400}], resources: {limits: {cpu: 1e400, memory: "1e400"}}, securityContext: {runAsUser: 1e400}}]}\n',
  envMapping:
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, env: {A: b}, envFrom: "x", volumeMounts: 3}]}\n',
  rulesString: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: "x"\n',
  verbsNumber:
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules: [{apiGroups: 1, resources: {a: b}, verbs: 7}]\n',
  subjectsString:
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: "x"\nsubjects: "y"\n',
  policyIngressString:
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec: {podSelector: "x", ingress: "y", policyTypes: 3}\n',
  webhookString:
    'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: w}\nwebhooks: "x"\n',
  configMapData: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [a, b]\nbinaryData: "x"\n',
  serviceSpec:
    'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: [LoadBalancer], externalIPs: "1.2.3.4", ports: "x"}\n',
  ingressTls:
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {tls: "x", rules: {host: a}}\n',
  namespaceLabels: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ns, labels: "x"}\n',
  secretData:
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/tls\ndata: {tls.crt: 5, tls.key: [x]}\n',
};
