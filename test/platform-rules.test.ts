import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import { summarize } from '../src/core/result.js';
import { formatMessage } from '../src/core/rule.js';
import { FORMATS } from '../src/report/index.js';
import { RULES } from '../src/rules/index.js';
import { PLATFORM_RULES } from '../src/rules/platform-rules.js';
import { type Fixture, readFixtures, runFixture } from './support/rule-tester.js';
import { runCli } from './support/run-cli.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../src/rules');

// The fixtures of these rules run in test/rules.test.ts with the rest of the catalogue.

/**
 * Fail fixtures that hold credentials or private keys name them in `# secret: <text>` lines.
 * No message, no report data and no output format may contain one of them, or any 8-character
 * piece of one (a message quoting "the first characters" would leak as surely as the whole).
 */
const SECRET_LINE = /^#\s*secret:\s*(\S.*?)\s*$/;

interface SecretFixture {
  fixture: Fixture;
  secrets: string[];
}

function secretFixtures(): SecretFixture[] {
  const out: SecretFixture[] = [];
  for (const rule of PLATFORM_RULES) {
    for (const fixture of readFixtures(path.join(RULES_DIR, rule.meta.id, 'fixtures'))) {
      const secrets = fixture.text
        .split('\n')
        .map((line) => SECRET_LINE.exec(line.trim())?.[1])
        .filter((secret): secret is string => secret !== undefined);
      if (secrets.length > 0) out.push({ fixture, secrets });
    }
  }
  return out;
}

function pieces(secret: string): string[] {
  if (secret.length <= 8) return [secret];
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8));
  return out;
}

function assertNoLeak(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) {
    for (const piece of pieces(secret)) {
      assert.ok(!text.includes(piece), `${where} contains "${piece}", part of a secret value`);
    }
  }
}

/** The body of the fixture with its comment lines removed, where the secrets must really occur. */
function body(fixture: Fixture): string {
  return fixture.text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
}

describe('secret values never leave the scan', () => {
  const fixtures = secretFixtures();

  test('the fixtures declare their secrets, and every declared secret is in the fixture', () => {
    assert.ok(fixtures.length >= 3, 'the credential and TLS fixtures declare secrets');
    for (const { fixture, secrets } of fixtures) {
      for (const secret of secrets)
        assert.ok(body(fixture).includes(secret), `${fixture.file}: "${secret}" is not in it`);
    }
  });

  test('rule messages and report data carry no secret', () => {
    for (const { fixture, secrets } of fixtures) {
      const rule = PLATFORM_RULES.find((r) => fixture.file.includes(`${path.sep}${r.meta.id}${path.sep}`));
      assert.ok(rule);
      const outcome = runFixture(rule, fixture);
      assert.ok(outcome.findings.length > 0, `${fixture.file} produces findings`);
      for (const finding of outcome.findings) {
        const message = formatMessage(rule.meta.messages[finding.messageId] as string, finding.report.data);
        assertNoLeak(`${message}\n${JSON.stringify(finding.report)}`, secrets, `${fixture.file} (${finding.path})`);
      }
    }
  });

  test('no output format carries a secret (engine and formatters, with the platform rules)', () => {
    for (const { fixture, secrets } of fixtures) {
      const rule = PLATFORM_RULES.find((r) => fixture.file.includes(`${path.sep}${r.meta.id}${path.sep}`));
      const resources = runFixture(rule as (typeof PLATFORM_RULES)[number], fixture).resources;
      const inventory = new Inventory(resources);
      const evaluation = evaluate(inventory, {
        rules: PLATFORM_RULES,
        settings: fixture.settings,
        ruleSettings: { [rule?.meta.id ?? '']: { options: fixture.options } },
      });
      const results = evaluation.results;
      assert.ok(results.some((r) => r.verdict === 'fail'));
      const context = {
        tool: { name: 'rampart', version: 'test' },
        summary: summarize(results, inventory.size),
        rules: evaluation.rules.map((r) => r.meta),
        rulesSkipped: evaluation.rulesSkipped,
        settings: { pssLevel: 'restricted', pssVersion: 'latest', failOn: 'high' },
        cwd: process.cwd(),
        color: false,
        groupBy: 'resource' as const,
        showPassed: true,
      };
      for (const [name, format] of Object.entries(FORMATS)) {
        assertNoLeak(format(results, context), secrets, `${fixture.file} -o ${name}`);
      }
    }
  });

  const registered = PLATFORM_RULES.every((rule) => RULES.includes(rule));
  test('`rampart scan -o json|sarif|table|junit|yaml` on the fixtures prints no secret', {
    skip: registered ? false : 'PLATFORM_RULES is not yet spread into src/rules/index.ts',
  }, async () => {
    for (const { fixture, secrets } of fixtures) {
      const args = ['scan', fixture.file, '--fail-on', 'none'];
      if (fixture.settings.kubernetesVersion) args.push('--kubernetes-version', fixture.settings.kubernetesVersion);
      const json = await runCli([...args, '-o', 'json']);
      assert.equal(json.code, 0, json.stderr);
      const ruleIds = new Set(
        (JSON.parse(json.stdout).results as { ruleId: string; verdict: string }[])
          .filter((r) => r.verdict === 'fail')
          .map((r) => r.ruleId),
      );
      assert.ok(
        ruleIds.has('hardcoded-credentials') || ruleIds.has('tls-secret-certificate'),
        `${fixture.file}: the scan reports the finding`,
      );
      for (const format of ['json', 'sarif', 'table', 'junit', 'yaml']) {
        const run = await runCli([...args, '-o', format]);
        assertNoLeak(run.stdout + run.stderr, secrets, `${fixture.file} -o ${format}`);
      }
    }
  });
});
