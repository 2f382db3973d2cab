import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Inventory } from '../../core/inventory.js';
import { loadText } from '../../load/index.js';
import { CATALOGUE, capabilitiesOf } from './catalogue.js';
import { identityOf } from './identity.js';
import { PolicyIndex } from './policy-index.js';
import { identityProfile } from './profile.js';

const policy = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: mixed}
rules:
  - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
  - {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [tls]}
  - {apiGroups: [""], resources: [users, groups], verbs: [impersonate]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: mixed, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mixed}
subjects: [{kind: User, name: alice}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: csr}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr}
subjects: [{kind: User, name: alice}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: csr}
rules:
  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
  - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: ["kubernetes.io/*"]}
`;

describe('risky-capability catalogue', () => {
  test('at least 20 entries, unique ids, each with a risk and a severity', () => {
    assert.ok(CATALOGUE.length >= 20, `${CATALOGUE.length}`);
    assert.equal(new Set(CATALOGUE.map((c) => c.id)).size, CATALOGUE.length);
    for (const c of CATALOGUE) assert.ok(c.risk.length > 20 && c.title && c.severity, c.id);
  });

  test('hits carry scope, names and evidence; impersonation through a RoleBinding is cluster-scoped and so absent', () => {
    const index = new PolicyIndex(new Inventory(loadText({ text: policy }, 'p.yaml').resources));
    const hits = capabilitiesOf(identityProfile(index, identityOf({ kind: 'User', name: 'alice' })));
    const seen = hits.map((h) => `${h.capability.id}@${h.namespace}${h.names ? `[${h.names.join(',')}]` : ''}`);
    assert.deepEqual(seen, ['read-secrets@team[tls]', 'exec-pods@team', 'approve-csrs@*']);
    const exec = hits.find((h) => h.capability.id === 'exec-pods');
    assert.equal(exec?.grants[0]?.binding.name, 'mixed');
    assert.equal(exec?.grants[0]?.rule.index, 0);
  });
});
