import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { createSecureContext } from 'node:tls';
import { createCertificateAuthority, issueServingCertificate } from './certificates.js';

describe('certificates', () => {
  test('a CA signs a serving certificate for DNS names and IP addresses', () => {
    const ca = createCertificateAuthority('rampart-ca');
    const leaf = issueServingCertificate({
      commonName: 'rampart-webhook',
      sans: ['rampart.rampart.svc', '127.0.0.1', '::1'],
      issuer: ca,
      days: 30,
    });
    const caCert = new X509Certificate(ca.cert);
    const cert = new X509Certificate(leaf.cert);
    assert.ok(caCert.ca);
    assert.ok(caCert.verify(caCert.publicKey), 'self-signed');
    assert.ok(!cert.ca);
    assert.ok(cert.verify(caCert.publicKey), 'signed by the CA');
    assert.ok(cert.checkIssued(caCert));
    assert.equal(cert.subjectAltName, 'DNS:rampart.rampart.svc, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.ok(cert.checkHost('rampart.rampart.svc'));
    assert.ok(cert.checkIP('127.0.0.1'));
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `valid for 30 days, not ${days}`);
    // the key is the certificate's
    assert.equal(
      createPublicKey(createPrivateKey(leaf.key)).export({ type: 'spki', format: 'pem' }),
      cert.publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });

  test('every serial is minimal DER: six hundred serving certificates all load into TLS', () => {
    // a random serial starting with a zero byte is non-minimal unless trimmed, and OpenSSL refuses
    // such a certificate to serve with (illegal padding): one in 256 would not load (600 find it nine times in ten)
    const ca = createCertificateAuthority('serials');
    for (let i = 0; i < 600; i++) {
      const leaf = issueServingCertificate({ commonName: 'x', sans: ['x'], issuer: ca });
      assert.doesNotThrow(() => createSecureContext({ cert: leaf.cert, key: leaf.key }), `certificate ${i}`);
    }
  });

  test('another CA does not verify it', () => {
    const leaf = issueServingCertificate({ commonName: 'x', sans: ['x'], issuer: createCertificateAuthority('a') });
    const other = new X509Certificate(createCertificateAuthority('a').cert);
    assert.ok(!new X509Certificate(leaf.cert).verify(other.publicKey));
  });
});
