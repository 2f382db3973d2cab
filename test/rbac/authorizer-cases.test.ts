import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { authorize, identityOf, PolicyIndex, parseSubject, type Request } from '../../src/analyze/rbac/index.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/resource.js';
import { objectsAsResources, read } from './support.js';

/**
 * Authorizer semantics transcribed from the Kubernetes RBAC documentation and the authorizer's own
 * cases: each file holds RBAC objects and the verdicts expected for requests against them.
 */
interface Case {
  subject: string;
  groups?: string[];
  verb: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  url?: string;
  allowed: boolean;
}

const DIR = path.join(import.meta.dirname, 'cases');

function requestOf(c: Case): Request {
  if (c.url !== undefined) return { kind: 'nonResource', verb: c.verb, path: c.url };
  return {
    kind: 'resource',
    verb: c.verb,
    apiGroup: c.group ?? '',
    resource: c.resource ?? '',
    subresource: c.subresource ?? '',
    name: c.name ?? '',
    namespace: c.namespace ?? '',
  };
}

describe('authorizer semantics (declarative cases)', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  test('every case file is here', () => assert.ok(files.length >= 7, files.join(', ')));
  for (const file of files) {
    test(file, () => {
      const doc = parse(read(path.join(DIR, file))) as { objects: KubeObject[]; expect: Case[] };
      assert.ok(doc.expect.length > 0, `${file} expects nothing`);
      // transcribed from upstream's authorizer tests, which hold only their own objects
      const index = new PolicyIndex(new Inventory(objectsAsResources(doc.objects)), { builtIns: false });
      const wrong: string[] = [];
      for (const c of doc.expect) {
        const subject = parseSubject(c.subject);
        assert.ok(!('error' in subject), `${file}: ${c.subject}`);
        const decision = authorize(index, identityOf(subject, c.groups ?? []), requestOf(c));
        if (decision.allowed !== c.allowed)
          wrong.push(`${JSON.stringify(c)} → ${decision.allowed} (${decision.reason})`);
        if (decision.allowed && !decision.privileged) assert.ok(decision.grants.length > 0, 'an allow names its grant');
      }
      assert.deepEqual(wrong, []);
    });
  }
});
