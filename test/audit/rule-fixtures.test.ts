import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Inventory } from '../../src/core/inventory.js';
import { isNotApplicable, isSkip } from '../../src/core/rule.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { loadText } from '../../src/load/index.js';
import { AUDIT_RULES } from '../../src/rules/audit-rules.js';
import { readFixtures } from '../support/rule-tester.js';

/*
 * An audit rule declines most events (not its resource, not a final stage) without a verdict, so a
 * pass fixture could pass by being about nothing. Each one must hold an event the rule judges and
 * finds acceptable: an allow-list, a system component, a refusal, a safe request body.
 */
describe('audit rule pass fixtures judge something', () => {
  for (const rule of AUDIT_RULES) {
    test(rule.meta.id, () => {
      const dir = path.resolve(import.meta.dirname, '../../src/rules', rule.meta.id, 'fixtures');
      for (const fixture of readFixtures(dir).filter((f) => f.kind === 'pass')) {
        const { resources } = loadText({ text: fixture.text }, fixture.file);
        const inventory = new Inventory(resources);
        const judged = resources.filter((resource) => {
          const outcome = rule.check({
            resource,
            object: resource.object,
            inventory,
            settings: DEFAULT_SETTINGS,
            options: fixture.options,
            now: new Date(),
          });
          return !isNotApplicable(outcome) && !isSkip(outcome);
        });
        assert.ok(judged.length > 0, `${fixture.file}: every event is outside the rule, so the pass proves nothing`);
      }
    });
  }
});
