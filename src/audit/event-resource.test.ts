import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../load/audit-events.js';
import { eventResource } from './event-resource.js';

const event = (text: string): AuditEvent => {
  const object = JSON.parse(text) as Record<string, unknown>;
  return { line: 7, auditID: 'a1', verb: 'get', user: { username: 'alice', groups: [] }, object } as AuditEvent;
};

test('an event becomes a resource: its fields in their order, then the name and namespace as metadata', () => {
  const { object, origin } = eventResource(
    event('{"verb":"get","kind":"Event","objectRef":{"namespace":"shop"},"apiVersion":"audit.k8s.io/v1"}'),
    'audit.log',
  );
  assert.deepEqual(Object.keys(object), ['verb', 'kind', 'objectRef', 'apiVersion', 'metadata']);
  assert.deepEqual(object.metadata, { name: 'a1' });
  assert.equal(origin.kind === 'file' && origin.locate([]).line, 7);
});

test('an item of an EventList gets the kind and apiVersion it lacks', () => {
  const { object } = eventResource(event('{"verb":"get"}'), 'webhook');
  assert.deepEqual(Object.keys(object), ['verb', 'apiVersion', 'kind', 'metadata']);
  assert.equal(object.apiVersion, 'audit.k8s.io/v1');
});

test('an event with an own __proto__ key keeps it as a field and never sets the prototype of its copy', () => {
  const { object } = eventResource(event('{"__proto__":{"polluted":true},"verb":"get","kind":"Event"}'), 'f');
  assert.equal(Object.getPrototypeOf(object), Object.prototype);
  assert.equal((object as Record<string, unknown>).polluted, undefined);
  assert.ok(Object.hasOwn(object, '__proto__'));
  assert.deepEqual(Object.keys(object), ['__proto__', 'verb', 'kind', 'apiVersion', 'metadata']);
});
