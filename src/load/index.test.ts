import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { formatRef, resourceRef } from '../core/resource.js';
import { loadInputs } from './index.js';

function workdir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-load-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function* chunks(...parts: string[]): AsyncIterable<string> {
  for (const part of parts) yield part;
}

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n';

describe('loading inputs', () => {
  test('walks directories recursively, sorted, only manifest extensions, honouring --exclude', async () => {
    const dir = workdir({
      'b.yaml': DEPLOYMENT.replace('web', 'b'),
      'a/x.yml': DEPLOYMENT.replace('web', 'x'),
      'a/skip.yaml': DEPLOYMENT.replace('web', 'skip'),
      'c.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' } }),
      'notes.txt': 'kind: nope',
      'vendor/v.yaml': DEPLOYMENT.replace('web', 'vendored'),
      'node_modules/m.yaml': DEPLOYMENT.replace('web', 'module'),
    });
    const loaded = await loadInputs([dir], { exclude: ['skip.yaml', 'vendor/**'] });
    assert.deepEqual(
      loaded.resources.map((r) => formatRef(resourceRef(r.object))),
      ['Deployment/shop/x', 'Deployment/shop/b', 'Service/svc'],
    );
    assert.equal(loaded.problems.length, 0);
  });

  test('multi-document YAML, List and typed *List kinds, with positions inside items', async () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    hostPID: true\n`;
    const typed = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'b' }, spec: {} }] });
    const dir = workdir({ 'list.yaml': `${DEPLOYMENT}---\n${list}`, 'typed.json': typed });
    const loaded = await loadInputs([dir]);
    assert.deepEqual(
      loaded.resources.map((r) => formatRef(resourceRef(r.object))),
      ['Deployment/shop/web', 'Pod/a', 'Pod/b'],
    );
    const pod = loaded.resources[1];
    assert.ok(pod?.origin.kind === 'file');
    assert.equal(pod.origin.item, 0);
    assert.deepEqual(pod.origin.locate(['spec', 'hostPID']), { line: 14, column: 5 });
  });

  test('helm template output keeps the # Source template', async () => {
    const text = `---\n# Source: chart/templates/deploy.yaml\n${DEPLOYMENT}---\n${DEPLOYMENT.replace('web', 'second')}`;
    const loaded = await loadInputs([path.join(workdir({ 'out.yaml': text }), 'out.yaml')]);
    assert.deepEqual(
      loaded.resources.map((r) => (r.origin.kind === 'file' ? r.origin.template : undefined)),
      ['chart/templates/deploy.yaml', 'chart/templates/deploy.yaml'],
    );
  });

  test('malformed YAML: an error naming file and line; the other documents still load', async () => {
    const dir = workdir({
      'bad.yaml': `${DEPLOYMENT}---\nkind: Pod\n  metadata: oops\n---\n${DEPLOYMENT.replace('web', 'after')}`,
    });
    const loaded = await loadInputs([dir]);
    assert.deepEqual(
      loaded.resources.map((r) => r.object.metadata?.name),
      ['web', 'after'],
    );
    assert.equal(loaded.problems.length, 1);
    const [problem] = loaded.problems;
    assert.equal(problem?.ruleId, 'parse-error');
    assert.equal(problem?.verdict, 'error');
    assert.equal(problem?.location?.file, path.join(dir, 'bad.yaml'));
    assert.equal(problem?.location?.line, 8);
    assert.match(problem?.message ?? '', /document 2 is not valid YAML: bad indentation/);
  });

  test('malformed JSON gives an error with its line', async () => {
    const dir = workdir({ 'bad.json': '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {\n}\n' });
    const loaded = await loadInputs([dir]);
    assert.equal(loaded.resources.length, 0);
    assert.equal(loaded.problems[0]?.ruleId, 'parse-error');
    assert.ok((loaded.problems[0]?.location?.line ?? 0) >= 5);
  });

  test('duplicate keys load as kubectl loads them (the last value wins), with a warning, not a silent choice', async () => {
    const dir = workdir({ 'dup.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: false\n  hostPID: true\n' });
    const loaded = await loadInputs([dir]);
    assert.deepEqual(loaded.resources[0]?.object.spec, { hostPID: true });
    assert.equal(loaded.problems[0]?.ruleId, 'duplicate-key');
    assert.equal(loaded.problems[0]?.verdict, 'warn');
    assert.match(loaded.problems[0]?.message ?? '', /repeats this key; kubectl keeps the last value/);
    assert.equal(loaded.problems[0]?.location?.line, 5);
  });

  test('a document without apiVersion or kind is skipped with a note', async () => {
    const dir = workdir({ 'values.yaml': 'replicaCount: 2\nimage: nginx\n---\n- a\n- b\n' });
    const loaded = await loadInputs([dir]);
    assert.equal(loaded.resources.length, 0);
    assert.deepEqual(
      loaded.problems.map((p) => [p.ruleId, p.verdict, p.location?.line]),
      [
        ['not-a-resource', 'skip', 1],
        ['not-a-resource', 'skip', 4],
      ],
    );
    assert.ok(loaded.problems.every((p) => p.skipReason));
  });

  test('YAML 1.1 scalars read as Kubernetes reads them', async () => {
    const dir = workdir({
      'p.yaml':
        'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: yes\n  priority: 0o17\n  schedule: 12:30\n  created: 2024-01-01\n',
    });
    const [pod] = (await loadInputs([dir])).resources;
    assert.deepEqual(pod?.object.spec, { hostPID: true, priority: '0o17', schedule: '12:30', created: '2024-01-01' });
  });

  test('an alias bomb is refused quickly with a clear message', { timeout: 10_000 }, async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const dir = workdir({ 'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\n${levels.join('\n')}\n` });
    const loaded = await loadInputs([dir]);
    assert.equal(loaded.resources.length, 0);
    assert.match(loaded.problems[0]?.message ?? '', /aliases expand this document to more than .* nodes/);
  });

  test('a file above the size limit is refused without being read', { timeout: 10_000 }, async () => {
    const dir = workdir({});
    const file = path.join(dir, 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024); // sparse: 100 MB on paper, nothing on disk
    closeSync(fd);
    const loaded = await loadInputs([file]);
    assert.equal(loaded.problems[0]?.ruleId, 'input-error');
    assert.match(
      loaded.problems[0]?.message ?? '',
      /is 100\.0 MiB, above the 50\.0 MiB limit; split it, or raise the limit with --max-file-size/,
    );
  });

  test('stdin above the size limit stops reading at the limit', { timeout: 10_000 }, async () => {
    let produced = 0;
    async function* endless() {
      const block = 'a'.repeat(1024 * 1024);
      while (produced < 200) {
        produced++;
        yield block;
      }
    }
    const loaded = await loadInputs(['-'], { stdin: endless(), maxFileSize: 8 * 1024 * 1024 });
    assert.match(loaded.problems[0]?.message ?? '', /<stdin> is more than 9\.0 MiB, above the 8\.0 MiB limit/);
    assert.ok(produced <= 10, `read ${produced} MiB`);
  });

  test('10,000-deep nesting ends in a clear error (flow, block and JSON)', { timeout: 10_000 }, async () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const block = `apiVersion: v1\nkind: ConfigMap\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`;
    const json = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const loaded = await loadInputs([workdir({ 'flow.yaml': flow, 'block.yaml': block, 'deep.json': json })]);
    assert.equal(loaded.resources.length, 0);
    assert.equal(loaded.problems.length, 3);
    for (const problem of loaded.problems) assert.match(problem.message, /nesting exceeded maxDepth \(256\)/);
  });

  test('binary, UTF-16 and invalid UTF-8 files are refused', async () => {
    const dir = workdir({
      'bin.yaml': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]),
      'utf16.yaml': new Uint8Array([0xff, 0xfe, 0x6b, 0]),
      'latin1.yaml': new Uint8Array([0x6b, 0x3a, 0x20, 0xe9, 0x0a]),
    });
    const messages = (await loadInputs([dir])).problems.map((p) => p.message.replace(`${dir}/`, ''));
    assert.deepEqual(messages, [
      'bin.yaml is a binary file (it contains NUL bytes), not YAML or JSON',
      'latin1.yaml is not valid UTF-8 text; manifests must be UTF-8',
      'utf16.yaml is UTF-16 encoded; Kubernetes manifests must be UTF-8 (convert it with `iconv -f UTF-16 -t UTF-8`)',
    ]);
  });

  test('missing and impossible paths are input errors; symlink loops end', { timeout: 10_000 }, async () => {
    const dir = workdir({ 'f.yaml': DEPLOYMENT });
    symlinkSync(dir, path.join(dir, 'loop'));
    const loaded = await loadInputs([path.join(dir, 'nope.yaml'), path.join(dir, 'f.yaml', 'x'), dir]);
    assert.deepEqual(
      loaded.problems.map((p) => p.message.replace(`${dir}/`, '')),
      ['nope.yaml does not exist', 'f.yaml/x does not exist (a parent is not a directory)'],
    );
    assert.equal(loaded.resources.length, 1);
  });

  test('empty input loads nothing and reports nothing', async () => {
    const dir = workdir({ 'empty.yaml': '', 'blank.yaml': '\n\n  \n', 'comments.yaml': '# nothing\n---\n# here\n' });
    const loaded = await loadInputs([dir, '-'], { stdin: chunks('') });
    assert.equal(loaded.inputs, 4);
    assert.equal(loaded.resources.length, 0);
    assert.equal(loaded.problems.length, 0);
  });

  test('stdin reads YAML and names it <stdin>', async () => {
    const loaded = await loadInputs(['-'], { stdin: chunks(DEPLOYMENT.slice(0, 20), DEPLOYMENT.slice(20)) });
    assert.equal(loaded.resources.length, 1);
    assert.equal(loaded.resources[0]?.origin.kind === 'file' && loaded.resources[0].origin.file, '<stdin>');
  });
});
