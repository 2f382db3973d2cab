import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix } from '../../src/core/fix.js';
import type { FixOperation } from '../../src/core/rule.js';
import { type DocumentRequest, fixText } from '../../src/fix/index.js';
import { parseYaml } from '../../src/load/index.js';

/** Applies operations to one document (or List item) and returns the new text, failing on any problem. */
function edit(text: string, operations: FixOperation[], where: Partial<DocumentRequest> = {}): string {
  const result = fixText(text, [{ document: 0, ...where, fixes: [{ operations }] }]);
  assert.ok(!('error' in result), 'error' in result ? result.error : '');
  assert.deepEqual(
    result.statuses.flat().filter((s) => s.status === 'failed'),
    [],
  );
  return result.text;
}

const set = (path: (string | number)[], value: unknown): FixOperation => ({ op: 'set', path, value });
const remove = (path: (string | number)[]): FixOperation => ({ op: 'remove', path });
const include = (path: (string | number)[], value: unknown): FixOperation => ({ op: 'include', path, value });

describe('fix: text edits keep everything they do not change', () => {
  const POD = `# leading comment
apiVersion: v1
kind: Pod
metadata:
  name: web # trailing comment
  labels: {app: web, tier: "front"}
spec:
  hostNetwork: true   # goes with its line
  containers:
  - name: app
    image: 'nginx:1.27'
    securityContext:
      privileged: true
`;

  test('set of an existing scalar replaces only its characters', () => {
    assert.equal(
      edit(POD, [set(['spec', 'hostNetwork'], false)]),
      POD.replace('hostNetwork: true', 'hostNetwork: false'),
    );
  });

  test('quoted scalars keep their quotes; new strings are quoted only when they must be', () => {
    const out = edit(POD, [
      set(['spec', 'containers', 0, 'image'], 'nginx:1.28'),
      set(['metadata', 'labels', 'tier'], 'back'),
      set(['metadata', 'labels', 'version'], '1.0'),
      set(['metadata', 'labels', 'enabled'], 'yes'),
      set(['metadata', 'labels', 'plain'], 'value'),
    ]);
    assert.match(out, /image: 'nginx:1\.28'\n/);
    assert.match(out, /labels: \{app: web, tier: "back", version: "1\.0", enabled: "yes", plain: value\}/);
  });

  test('a missing key is added at the end of its mapping, at its indentation; key order stays', () => {
    const out = edit(POD, [set(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true)]);
    assert.equal(out, POD.replace('      privileged: true\n', '      privileged: true\n      runAsNonRoot: true\n'));
  });

  test('missing parents become nested block lines', () => {
    const out = edit(POD, [set(['spec', 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault')]);
    assert.equal(out, `${POD}  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n`);
  });

  test('remove takes the key line, its nested block and its trailing comment; other comments stay', () => {
    const out = edit(POD, [remove(['spec', 'hostNetwork']), remove(['spec', 'containers', 0, 'securityContext'])]);
    assert.equal(
      out,
      `# leading comment
apiVersion: v1
kind: Pod
metadata:
  name: web # trailing comment
  labels: {app: web, tier: "front"}
spec:
  containers:
  - name: app
    image: 'nginx:1.27'
`,
    );
  });

  test('flow collections stay flow: entries are added and removed inside them', () => {
    const text = 'a: {x: 1, w: [1, 2]}\nb: [p, q]\n';
    assert.equal(edit(text, [set(['a', 'z'], { k: 'v' })]), 'a: {x: 1, w: [1, 2], z: {k: v}}\nb: [p, q]\n');
    assert.equal(edit(text, [set(['a', 'w', 2], 3)]), 'a: {x: 1, w: [1, 2, 3]}\nb: [p, q]\n');
    assert.equal(edit(text, [remove(['a', 'x'])]), 'a: {w: [1, 2]}\nb: [p, q]\n');
    assert.equal(edit(text, [remove(['b', 1])]), 'a: {x: 1, w: [1, 2]}\nb: [p]\n');
    assert.equal(edit(text, [remove(['b', 0]), remove(['b', 0])]), 'a: {x: 1, w: [1, 2]}\nb: []\n');
  });

  test('block sequences: items are appended and removed in the style of their siblings', () => {
    const kubectl = 'args:\n- one\n- two # second\nnext: 1\n';
    assert.equal(edit(kubectl, [set(['args', 2], 'three')]), 'args:\n- one\n- two # second\n- three\nnext: 1\n');
    assert.equal(edit(kubectl, [remove(['args', 1])]), 'args:\n- one\nnext: 1\n');
    const indented = 'list:\n  - name: a\n    image: x\n  - name: b\n';
    assert.equal(
      edit(indented, [set(['list', 2], { name: 'c', ports: [80] })]),
      `${indented}  - name: c\n    ports:\n      - 80\n`,
    );
    assert.equal(edit(indented, [remove(['list', 0, 'name'])]), 'list:\n  - image: x\n  - name: b\n');
    assert.equal(edit(indented, [remove(['list', 1, 'name'])]), 'list:\n  - name: a\n    image: x\n  - {}\n');
  });

  test('a key emptied of its last entry becomes {}; an empty or null value gains a block', () => {
    assert.equal(edit('a:\n  b: 1\nc: 2\n', [remove(['a', 'b'])]), 'a: {}\nc: 2\n');
    assert.equal(edit('a:   # why\nc: 2\n', [set(['a', 'b'], 1)]), 'a:   # why\n  b: 1\nc: 2\n');
    assert.equal(edit('a: null\nc: 2\n', [set(['a', 'b'], 1)]), 'a:\n  b: 1\nc: 2\n');
    assert.equal(edit('a: {}\nc: 2\n', [set(['a', 'b'], 1)]), 'a:\n  b: 1\nc: 2\n');
    assert.equal(edit('a: 1\nl:\n- x\n-\n', [set(['l', 1], 'z')]), 'a: 1\nl:\n- x\n- z\n');
  });

  test('CRLF files get CRLF lines', () => {
    const text = 'a: 1\r\nb:\r\n  c: 2 # c\r\n';
    const out = edit(text, [set(['b', 'd'], { e: [1] }), remove(['a'])]);
    assert.equal(out, 'b:\r\n  c: 2 # c\r\n  d:\r\n    e:\r\n      - 1\r\n');
  });

  test('a file without a final line break keeps it that way', () => {
    assert.equal(edit('a: 1\nb: 2', [set(['c'], 3)]), 'a: 1\nb: 2\nc: 3');
    assert.equal(edit('a: 1\nb: 2', [remove(['b'])]), 'a: 1');
    assert.equal(edit('a: 1\nb:\n  x: 1', [set(['b'], 'z')]), 'a: 1\nb: z');
  });

  test('the indentation step of the document is kept', () => {
    const text = 'spec:\n    template:\n        spec: {}\n';
    assert.equal(
      edit(text, [set(['spec', 'template', 'metadata', 'labels', 'a'], 'b')]),
      'spec:\n    template:\n        spec: {}\n        metadata:\n            labels:\n                a: b\n',
    );
  });

  test('multi-document files: only the fixed document changes, the others stay byte-identical', () => {
    const docs = [
      'kind: A\napiVersion: v1\nx: 1 # one\n',
      '---\n# two\nkind: B\napiVersion: v1\nx: 2\n',
      '---\nkind: C\napiVersion: v1\nx: "3"\n',
    ];
    const text = docs.join('');
    const result = fixText(text, [{ document: 1, fixes: [{ operations: [set(['x'], 20)] }] }]);
    assert.ok(!('error' in result));
    assert.equal(result.text, docs[0] + (docs[1] as string).replace('x: 2', 'x: 20') + docs[2]);
  });

  test('List items are edited in place', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    hostNetwork: true
`;
    assert.equal(
      edit(text, [remove(['spec', 'hostNetwork'])], { item: 1 }),
      text.replace('  spec:\n    hostNetwork: true\n', '  spec: {}\n'),
    );
    assert.equal(
      edit(text, [set(['spec', 'x'], 1)], { item: 0 }),
      text.replace('  metadata: {name: a}\n', '  metadata: {name: a}\n  spec:\n    x: 1\n'),
    );
  });

  test('JSON is edited as JSON, in its indentation', () => {
    const pretty = '{\n  "kind": "Pod",\n  "spec": {\n    "hostNetwork": true\n  }\n}\n';
    assert.equal(
      edit(pretty, [set(['spec', 'securityContext'], { runAsNonRoot: true }), remove(['spec', 'hostNetwork'])]),
      '{\n  "kind": "Pod",\n  "spec": {\n    "securityContext": {\n      "runAsNonRoot": true\n    }\n  }\n}\n',
    );
    const compact = '{"kind":"Pod","spec":{"containers":[{"name":"a"}]}}';
    assert.equal(
      edit(compact, [set(['spec', 'containers', 0, 'image'], 'x')]),
      '{"kind":"Pod","spec":{"containers":[{"name":"a","image":"x"}]}}',
    );
    const out = edit(pretty, [set(['metadata', 'name'], 'y')]);
    assert.deepEqual(JSON.parse(out), { kind: 'Pod', spec: { hostNetwork: true }, metadata: { name: 'y' } });
  });

  test('every edit reads back exactly as applyFix says', () => {
    const text = POD;
    const operations = [
      set(['spec', 'containers', 0, 'ports', 0, 'containerPort'], 8080),
      set(['spec', 'containers', 1], { name: 'side', args: ['a b', 'on', '-x'] }),
      set(['metadata', 'annotations', 'note'], 'multi\nline: yes # not a comment'),
      remove(['metadata', 'labels', 'app']),
    ];
    const out = edit(text, operations);
    assert.deepEqual(parseYaml(out).documents[0]?.value, applyFix(parseYaml(text).documents[0]?.value, operations));
  });

  test('setting a value that is already there changes nothing', () => {
    const text = 'a: yes # YAML 1.1 true\nb: "1"\n';
    const result = fixText(text, [{ document: 0, fixes: [{ operations: [set(['a'], true), set(['b'], '1')] }] }]);
    assert.ok(!('error' in result));
    assert.equal(result.text, text);
    assert.deepEqual(result.statuses, [[{ status: 'unchanged' }]]);
  });
});

describe('fix: include', () => {
  const DROP =
    'spec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        drop: [NET_RAW]\n  - name: b\n';
  const drop = (i: number) => ['spec', 'containers', i, 'securityContext', 'capabilities', 'drop'];

  test('appends to an existing list in its style, and creates a missing one', () => {
    const out = edit(DROP, [include(drop(0), 'ALL'), include(drop(1), 'ALL')]);
    assert.equal(
      out,
      'spec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        drop: [NET_RAW, ALL]\n  - name: b\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n',
    );
  });

  test('an entry already there is not added again, so two rules needing one list compose in one run', () => {
    // what container-net-raw-not-dropped and pss-capabilities-restricted each ask of a container without drop
    const fixes = [{ operations: [include(drop(1), 'NET_RAW')] }, { operations: [include(drop(1), 'ALL')] }];
    const result = fixText(DROP, [{ document: 0, fixes }]);
    assert.ok(!('error' in result));
    assert.deepEqual(result.statuses, [[{ status: 'applied' }, { status: 'applied' }]]);
    const value = parseYaml(result.text).documents[0]?.value;
    assert.deepEqual(applyFix(value, [include(drop(1), 'ALL')]), value, 'ALL is there once');
    assert.deepEqual(
      (value as { spec: { containers: { securityContext: { capabilities: { drop: string[] } } }[] } }).spec
        .containers[1]?.securityContext.capabilities.drop,
      ['NET_RAW', 'ALL'],
    );
    const again = fixText(result.text, [{ document: 0, fixes }]);
    assert.ok(!('error' in again));
    assert.equal(again.text, result.text);
    assert.deepEqual(again.statuses, [[{ status: 'unchanged' }, { status: 'unchanged' }]]);
  });

  test('a new entry takes the quotes of the one before it', () => {
    assert.equal(edit('drop: ["NET_RAW"]\n', [include(['drop'], 'ALL')]), 'drop: ["NET_RAW", "ALL"]\n');
    assert.equal(edit("drop:\n- 'NET_RAW'\n", [include(['drop'], 'ALL')]), "drop:\n- 'NET_RAW'\n- 'ALL'\n");
    assert.equal(edit('drop: [NET_RAW]\n', [include(['drop'], 'ALL')]), 'drop: [NET_RAW, ALL]\n');
    assert.equal(edit('v: ["1.0"]\n', [include(['v'], '2.0')]), 'v: ["1.0", "2.0"]\n');
    assert.equal(edit("v: ['a']\n", [include(['v'], "it's")]), "v: ['a', 'it''s']\n");
  });

  test('a value that is not a list becomes a one-entry list, as applyFix says', () => {
    const text = 'a:\n  drop: ALL\n';
    const out = edit(text, [include(['a', 'drop'], 'ALL')]);
    assert.deepEqual(parseYaml(out).documents[0]?.value, { a: { drop: ['ALL'] } });
    assert.deepEqual(applyFix({ a: { drop: 'ALL' } }, [include(['a', 'drop'], 'ALL')]), { a: { drop: ['ALL'] } });
  });
});

describe('fix: what is refused, and said', () => {
  test('a file that does not parse is an error and is not edited', () => {
    const result = fixText('a: [1\nb: 2\n', [{ document: 0, fixes: [{ operations: [set(['b'], 3)] }] }]);
    assert.deepEqual(result, { error: 'it does not parse; fix its syntax first' });
  });

  test('paths through aliases and values with anchors fail alone; other fixes still apply', () => {
    const text = 'base: &b {x: 1}\nuse: *b\nother: 1\n';
    const result = fixText(text, [
      {
        document: 0,
        fixes: [
          { operations: [set(['use', 'y'], 2)] },
          { operations: [set(['base'], 'z')] },
          { operations: [set(['other'], 2)] },
        ],
      },
    ]);
    assert.ok(!('error' in result));
    assert.equal(result.text, 'base: &b {x: 1}\nuse: *b\nother: 2\n');
    const [alias, anchor, fine] = result.statuses[0] ?? [];
    assert.match(alias?.status === 'failed' ? alias.reason : '', /alias/);
    assert.match(anchor?.status === 'failed' ? anchor.reason : '', /anchor/);
    assert.deepEqual(fine, { status: 'applied' });
  });

  test('a gap in a list is refused', () => {
    const result = fixText('l: [a]\n', [{ document: 0, fixes: [{ operations: [set(['l', 3], 'x')] }] }]);
    assert.ok(!('error' in result));
    assert.match(result.statuses[0]?.[0]?.status === 'failed' ? result.statuses[0][0].reason : '', /gap/);
  });

  test('a fix whose text would read back differently is left out (merge keys hide where a value lives)', () => {
    const text = 'base: &b {x: 1}\nobj:\n  <<: *b\n  y: 2\n';
    const result = fixText(text, [{ document: 0, fixes: [{ operations: [remove(['obj', 'x'])] }] }]);
    assert.ok(!('error' in result));
    assert.equal(result.text, text);
    assert.match(result.statuses[0]?.[0]?.status === 'failed' ? result.statuses[0][0].reason : '', /read back/);
  });
});
