import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Path } from '../core/path.js';
import { parseYaml } from './parse-yaml.js';

/** line:column of `path` in the first document of `text`. */
function at(text: string, path: Path, document = 0): string {
  const parsed = parseYaml(text);
  const doc = parsed.documents[document];
  assert.ok(doc, 'document parsed');
  const { line, column } = parsed.lines.position(doc.events.locate(doc.root, path));
  return `${line}:${column}`;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    "container.apparmor.security.beta.kubernetes.io/app": unconfined
spec:
  containers:
  - name: app
    image: nginx
    securityContext: {privileged: true, capabilities: {add: [NET_ADMIN, SYS_ADMIN]}}
  - name: side
    image: envoy
    securityContext:
      runAsUser: 0
`;

describe('locating a path in the source', () => {
  test('block mappings and sequences point at the key', () => {
    assert.equal(at(POD, ['spec', 'containers', 1, 'securityContext', 'runAsUser']), '15:7');
    assert.equal(at(POD, ['spec', 'containers', 1]), '12:5');
    assert.equal(at(POD, ['kind']), '2:1');
  });
  test('flow collections inside block ones', () => {
    assert.equal(at(POD, ['spec', 'containers', 0, 'securityContext', 'privileged']), '11:23');
    assert.equal(at(POD, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 1]), '11:73');
  });
  test('quoted keys with dots and slashes', () => {
    assert.equal(at(POD, ['metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/app']), '6:5');
  });
  test('a missing field points at its nearest existing ancestor', () => {
    assert.equal(at(POD, ['spec', 'containers', 1, 'securityContext', 'runAsNonRoot']), '14:5');
    assert.equal(at(POD, ['spec', 'securityContext', 'seccompProfile']), '7:1');
    assert.equal(at(POD, ['spec', 'containers', 7, 'image']), '8:3');
  });
  test('the root path points at the first key', () => {
    assert.equal(at(`# comment\n---\nkind: Pod\napiVersion: v1\n`, []), '3:1');
  });
  test('later documents, CRLF line endings and a byte-order mark', () => {
    const text = 'a: 1\r\n---\r\nkind: Pod\r\nspec:\r\n  hostPID: true\r\n';
    assert.equal(at(text, ['spec', 'hostPID'], 1), '5:3');
  });
  test('an alias stops the walk at the alias', () => {
    const text = 'base: &b\n  x: 1\nuse: *b\n';
    assert.equal(at(text, ['use', 'x']), '3:1');
  });
  test('JSON documents', () => {
    const text = '{\n  "kind": "Pod",\n  "spec": {\n    "hostNetwork": true\n  }\n}\n';
    assert.equal(at(text, ['spec', 'hostNetwork']), '4:5');
  });
  test('block scalars and multi-line values do not confuse the walk', () => {
    const text = 'data:\n  script: |\n    spec:\n      hostPID: true\n  other: x\nspec:\n  hostPID: true\n';
    assert.equal(at(text, ['spec', 'hostPID']), '7:3');
    assert.equal(at(text, ['data', 'other']), '5:3');
  });
  test('long lists and large mappings are indexed, and still point at the right item and key', () => {
    const items = Array.from({ length: 40 }, (_, i) => `  - name: c${i}\n    image: x`).join('\n');
    const text = `spec:\n  containers:\n${items}\n`;
    for (const i of [0, 15, 16, 17, 39]) {
      assert.equal(at(text, ['spec', 'containers', i, 'image']), `${4 + 2 * i}:5`, `item ${i}`);
    }
    assert.equal(at(text, ['spec', 'containers', 40, 'image']), '2:3', 'past the end: the list itself');
    assert.equal(at(text, ['spec', 'containers', -1]), '2:3', 'a negative index: the list itself');
    const keys = Array.from({ length: 40 }, (_, i) => `  k${i}: v`).join('\n');
    const map = `data:\n${keys}\n  'quoted key': v\n`;
    for (const i of [0, 16, 39]) assert.equal(at(map, ['data', `k${i}`]), `${2 + i}:3`, `key ${i}`);
    assert.equal(at(map, ['data', 'quoted key']), '42:3');
    assert.equal(at(map, ['data', 'absent']), '1:1');
  });
});
