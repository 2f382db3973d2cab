/*
 * The rule fixtures through the admission entry point (STYLE.md 10): every object of every
 * fixture, sent to the webhook's judge as the API server would send it, is answered from the
 * scan's own verdicts on that object — denied exactly when rampart scan fails it at or above
 * fail-on (or Pod Security Admission refuses it), with each such finding's message, and every
 * other finding a warning.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { AdmissionRequest } from '../src/admission/index.js';
import { podSecurity, staticNamespaces } from '../src/admission/index.js';
import { webhookJudge } from '../src/admission/webhook.js';
import { atOrAbove } from '../src/core/severity.js';
import { loadInputs } from '../src/load/index.js';
import { RULES } from '../src/rules/index.js';
import { resourceSource } from '../src/scan/index.js';
import { reviewFor } from './support/webhook.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../src/rules');

describe('rule fixtures through the admission webhook', () => {
  test('every fixture object: denied exactly when the scan fails it at fail-on, with the scan messages', async () => {
    const files = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => {
        const dir = path.join(RULES_DIR, entry.name, 'fixtures');
        try {
          return readdirSync(dir)
            .filter((name) => name.endsWith('.yaml') && !name.startsWith('fixed.'))
            .map((name) => path.join(dir, name));
        } catch {
          return [];
        }
      });
    // file by file: the same object name in two fixtures is two objects here, not a duplicate
    const resources = [];
    for (const file of files) resources.push(...(await loadInputs([file])).resources);
    const { judge, scanner } = await webhookJudge({
      file: { config: {} },
      config: {},
      catalogue: RULES,
      namespaces: staticNamespaces(),
    });
    let judged = 0;
    let denied = 0;
    for (const [i, resource] of resources.entries()) {
      const object = resource.object;
      const single = { object, origin: { kind: 'admission' as const, uid: `c-${i}`, operation: 'CREATE' } };
      const findings = (await scanner.scan(resourceSource([single]))).results.filter(
        (r) => r.subject && !r.suppressed && (r.verdict === 'fail' || r.verdict === 'warn'),
      );
      const request = (reviewFor(object, { uid: `c-${i}` }) as { request: AdmissionRequest }).request;
      const response = await judge({ path: 'validate', request });
      const enforced = findings.filter((r) => r.verdict === 'fail' && atOrAbove(r.severity, scanner.failOn));
      const where = `${resource.origin.kind === 'file' ? resource.origin.file : ''} ${object.kind}`;
      // Pod Security Admission adds its own answers (a Namespace whose labels do not parse is refused)
      const labels = object.kind === 'Namespace' ? (object.metadata?.labels as Record<string, string>) : undefined;
      const psa = podSecurity(request, labels, {});
      assert.equal(response.allowed, enforced.length === 0 && psa?.allowed !== false, where);
      const message = response.status?.message ?? '';
      for (const r of enforced.slice(0, 20))
        assert.ok(message.includes(`[${r.ruleId}] ${r.message}`), `${where}: ${r.ruleId}`);
      const warned = findings.filter((r) => !enforced.includes(r)).slice(0, 20);
      for (const r of warned)
        assert.ok(response.warnings?.includes(`[${r.ruleId}] ${r.message}`), `${where}: ${r.ruleId}`);
      judged++;
      if (!response.allowed) denied++;
    }
    assert.ok(judged > 500 && denied > 100, `${judged} judged, ${denied} denied`);
  });
});
