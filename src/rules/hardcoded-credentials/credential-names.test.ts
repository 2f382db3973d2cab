import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { credentialName, looksGenerated } from './credential-names.js';

describe('credential-like names', () => {
  test('names that say credential, JWT, bearer or a secret key', () => {
    const cases: [string, string, boolean][] = [
      ['DB_CREDENTIAL', 'credential', false],
      ['awsCredential', 'credential', false],
      ['SMTPCREDENTIALS', 'credentials', false],
      ['AUTH_JWT', 'JSON Web Token', true],
      ['jwt', 'JSON Web Token', true],
      ['UPSTREAM_BEARER', 'bearer token', true],
      ['STRIPE_KEY', 'key', true],
      ['hmacKey', 'key', true],
      ['HMACKey', 'key', true],
      ['app.key', 'key', true],
      ['SESSION_KEY', 'key', true],
      ['LICENSE_KEY', 'key', true],
    ];
    for (const [name, noun, generatedOnly] of cases)
      assert.deepEqual(credentialName(name), { noun, generatedOnly }, name);
  });

  test('names that do not: other last words, a lone KEY, public halves, lookup keys, ids of keys held elsewhere', () => {
    for (const name of [
      'KEY',
      'key',
      'KEY_FILE',
      'TLS_KEY_PATH',
      'ENCRYPTION_KEY_ID',
      'JWT_POLICY',
      'JWT_ALGORITHM',
      'BEARER_HEADER_NAME',
      'CREDENTIAL_PROVIDER',
      'MONKEY',
      'HOTKEY',
      'PUBLIC_KEY',
      'jwtPublicKey',
      'RECAPTCHA_SITE_KEY',
      'STRIPE_PUBLISHABLE_KEY',
      'ALGOLIA_SEARCH_KEY',
      'APPINSIGHTS_INSTRUMENTATION_KEY',
      'CACHE_KEY',
      'SORT_KEY',
      'PARTITION_KEY',
      'ROUTING_KEY',
      'IDEMPOTENCY_KEY',
      'S3_OBJECT_KEY',
      'AWS_KMS_KEY',
      'GPG_KEY',
      'NODE_SELECTOR_KEY',
      'TOPOLOGY_KEY',
      '',
      '___',
    ])
      assert.equal(credentialName(name), undefined, name);
  });

  test('a generated value: 16 or more base64 or hex characters mixing letters and digits', () => {
    for (const value of [
      'k7Gq2Zp9XvR4tY8wN3bM6cF1',
      'a1b2c3d4e5f6a7b8c9d0e1f2',
      'base64:Qm9vdHN0cmFwS2V5Rm9yVGVzdHMxMjM0NTY3OA==',
      'sk_test_51Hx9QeT2v8Kd0PzR7mWq3LbN',
      'Zm9v+YmFy/YmF6-cXV4_MTIz',
    ])
      assert.ok(looksGenerated(value), value);
    for (const value of [
      'a1b2c3d4e5f6a7b',
      'created_at_created_at',
      '0123456789012345678',
      'cache:v2:users:1234567',
      'user.profile.v2.1234567',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq7x2',
      'change-me-in-production',
      'base64:',
    ])
      assert.ok(!looksGenerated(value), value);
  });
});
