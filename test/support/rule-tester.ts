import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../../src/core/engine.js';
import { applyFix } from '../../src/core/fix.js';
import { Inventory } from '../../src/core/inventory.js';
import { formatPath } from '../../src/core/path.js';
import type { Resource } from '../../src/core/resource.js';
import type { Result } from '../../src/core/result.js';
import { type CheckContext, isNotApplicable, isSkip, type Report, type Rule } from '../../src/core/rule.js';
import { checkOptions } from '../../src/core/rule-options.js';
import { DEFAULT_SETTINGS, type ScanSettings } from '../../src/core/settings.js';
import { loadText } from '../../src/load/index.js';

/**
 * The rule tester. Fixtures sit beside each rule in `fixtures/`:
 *   fail.<scenario>.yaml   must produce exactly the findings its `# expect:` lines state
 *   pass.<scenario>.yaml   must produce no finding
 *   skip.<scenario>.yaml   must make the rule decline, with a reason
 *   fixed.<scenario>.yaml  what applying the fixes of fail.<scenario>.yaml must give; it must pass
 * Header comments:
 *   # expect: <messageId> at <path> [on <Kind>/<name>]
 *   # settings: <JSON ScanSettings, merged over the defaults>
 *   # options: <JSON rule options>, checked against the rule's options schema
 * All documents of a fixture form its inventory; every resource of a targeted kind is checked.
 * Every finding is also rendered through the engine, as a scan would print it: a message that
 * leaves a placeholder unfilled (`{{name}}` without data for it) fails the rule's cases.
 */

export type FixtureKind = 'pass' | 'fail' | 'skip' | 'fixed';

export interface Expectation {
  messageId: string;
  path: string;
  on?: string;
}

export interface Fixture {
  file: string;
  kind: FixtureKind;
  scenario: string;
  text: string;
  expectations: Expectation[];
  settings: ScanSettings;
  options: Record<string, unknown>;
}

export interface Finding {
  messageId: string;
  path: string;
  on: string;
  report: Report;
  resource: Resource;
}

const NAME = /^(pass|fail|skip|fixed)\.([a-z0-9][a-z0-9-]*)\.ya?ml$/;
const EXPECT = /^#\s*expect:\s*(\S+)\s+at\s+(\S+)(?:\s+on\s+(\S+))?\s*$/;

export function readFixtures(dir: string): Fixture[] {
  const names = readdirSync(dir).sort();
  return names.map((name) => {
    const match = NAME.exec(name);
    if (!match) throw new Error(`${path.join(dir, name)}: fixture names are <pass|fail|skip|fixed>.<scenario>.yaml`);
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const fixture: Fixture = {
      file,
      kind: match[1] as FixtureKind,
      scenario: match[2] as string,
      text,
      expectations: [],
      settings: DEFAULT_SETTINGS,
      options: {},
    };
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (/^#\s*expect:/.test(trimmed)) {
        const parts = EXPECT.exec(trimmed);
        if (!parts)
          throw new Error(
            `${file}: cannot read "${trimmed}"; write "# expect: <messageId> at <path> [on <Kind>/<name>]"`,
          );
        fixture.expectations.push({
          messageId: parts[1] as string,
          path: parts[2] as string,
          ...(parts[3] ? { on: parts[3] } : {}),
        });
      } else if (/^#\s*settings:/.test(trimmed)) {
        const given = JSON.parse(trimmed.replace(/^#\s*settings:/, '')) as Partial<ScanSettings>;
        fixture.settings = { ...DEFAULT_SETTINGS, ...given, pss: { ...DEFAULT_SETTINGS.pss, ...given.pss } };
      } else if (/^#\s*options:/.test(trimmed)) {
        fixture.options = JSON.parse(trimmed.replace(/^#\s*options:/, '')) as Record<string, unknown>;
      }
    }
    return fixture;
  });
}

function resourcesOf(fixture: Fixture): Resource[] {
  const loaded = loadText({ text: fixture.text }, fixture.file);
  const errors = loaded.problems.filter((problem) => problem.verdict === 'error');
  if (errors.length > 0) throw new Error(`${fixture.file}: ${errors[0]?.message}`);
  for (const resource of loaded.resources) deepFreeze(resource.object);
  return loaded.resources;
}

export type Outcome = { resources: Resource[]; skipped: string[]; findings: Finding[] };

/** Runs one rule over a fixture's resources the way the engine does, on frozen input. */
export function runFixture(rule: Rule, fixture: Fixture): Outcome {
  const resources = resourcesOf(fixture);
  const inventory = new Inventory(resources);
  const outcome: Outcome = { resources, skipped: [], findings: [] };
  const applies = rule.appliesTo?.(fixture.settings, fixture.options) ?? true;
  if (applies !== true) {
    outcome.skipped.push(applies);
    return outcome;
  }
  for (const resource of resources) {
    const { kinds } = rule.meta;
    if (!kinds.includes(resource.object.kind) && !kinds.includes('*')) continue;
    const context: CheckContext = {
      resource,
      object: resource.object,
      inventory,
      settings: fixture.settings,
      options: fixture.options,
      now: new Date(),
    };
    const result = rule.check(context);
    if (isNotApplicable(result)) continue;
    if (isSkip(result)) {
      if (!result.skip.trim()) throw new Error(`${fixture.file}: rule ${rule.meta.id} skipped without a reason`);
      outcome.skipped.push(result.skip);
      continue;
    }
    for (const report of result) {
      if (!(report.messageId in rule.meta.messages)) {
        throw new Error(`${fixture.file}: rule ${rule.meta.id} reported unknown messageId "${report.messageId}"`);
      }
      const on = `${resource.object.kind}/${resource.object.metadata?.name ?? ''}`;
      outcome.findings.push({ messageId: report.messageId, path: formatPath(report.path), on, report, resource });
    }
  }
  return outcome;
}

/** Every problem with a rule's fixtures; an empty list means the rule and its cases agree. */
export function verifyRule(rule: Rule, fixtures: readonly Fixture[]): string[] {
  const problems: string[] = [];
  const { id, messages } = rule.meta;
  const kinds = new Set(fixtures.map((f) => f.kind));
  if (!kinds.has('fail')) problems.push(`rule ${id} has no fail.<scenario>.yaml fixture`);
  if (!kinds.has('pass')) problems.push(`rule ${id} has no pass.<scenario>.yaml fixture`);
  const seen = new Map<string, string>();
  for (const fixture of fixtures) {
    if (fixture.kind === 'fixed') continue; // a fix's output may well equal a pass case
    const key = `${JSON.stringify(fixture.settings)} ${JSON.stringify(fixture.options)}\n${normalize(fixture.text)}`;
    const twin = seen.get(key);
    if (twin) problems.push(`${fixture.file} duplicates ${twin}`);
    else seen.set(key, fixture.file);
  }
  for (const fixture of fixtures) {
    for (const problem of checkOptions(rule.meta.options, fixture.options))
      problems.push(`${fixture.file}: option ${problem.key} ${problem.message}`);
    for (const e of fixture.expectations) {
      if (!(e.messageId in messages)) problems.push(`${fixture.file}: expects unknown messageId "${e.messageId}"`);
    }
    if (fixture.kind !== 'fail' && fixture.expectations.length > 0)
      problems.push(`${fixture.file}: only fail fixtures may expect findings`);
  }
  for (const fixture of fixtures) {
    try {
      problems.push(...verifyFixture(rule, fixture, fixtures));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

function verifyFixture(rule: Rule, fixture: Fixture, all: readonly Fixture[]): string[] {
  const outcome = runFixture(rule, fixture);
  const got = outcome.findings.map((f) => describe(f, fixture));
  switch (fixture.kind) {
    case 'pass':
    case 'fixed': {
      const problems = outcome.findings.length ? [`${fixture.file}: expected no finding, got ${got.join('; ')}`] : [];
      if (outcome.skipped.length && outcome.findings.length === 0 && !anyChecked(rule, fixture)) {
        problems.push(
          `${fixture.file}: the rule declined every resource (${outcome.skipped[0]}), so this pass proves nothing`,
        );
      }
      if (fixture.kind === 'fixed' && !all.some((f) => f.kind === 'fail' && f.scenario === fixture.scenario)) {
        problems.push(`${fixture.file}: no fail.${fixture.scenario}.yaml to fix`);
      }
      return problems;
    }
    case 'skip':
      return outcome.skipped.length
        ? []
        : [`${fixture.file}: expected the rule to decline, but it judged every resource`];
    case 'fail': {
      if (fixture.expectations.length === 0)
        return [`${fixture.file}: a fail fixture must state its findings with "# expect:" lines`];
      const want = fixture.expectations.map((e) => `${e.messageId} at ${e.path}${e.on ? ` on ${e.on}` : ''}`).sort();
      const have = got.sort();
      const problems =
        JSON.stringify(want) === JSON.stringify(have)
          ? []
          : [`${fixture.file}: expected [${want.join('; ')}], got [${have.join('; ')}]`];
      return [...problems, ...verifyMessages(rule, fixture, outcome), ...verifyFix(rule, fixture, outcome, all)];
    }
  }
}

const UNFILLED = /\{\{\s*\w+\s*\}\}/;

/**
 * The fixture's findings as the engine reports them (what `rampart scan` prints and docs/rules
 * quotes): the same rule, settings and options, through `evaluate`.
 */
export function renderFixture(rule: Rule, fixture: Fixture): Result[] {
  const { id } = rule.meta;
  return evaluate(new Inventory(resourcesOf(fixture)), {
    rules: [rule],
    only: new Set([id]),
    settings: fixture.settings,
    ruleSettings: { [id]: { options: fixture.options } },
    keepPasses: false,
    now: new Date(),
  }).results;
}

/** The engine reports what the rule reported, each message filled in. */
function verifyMessages(rule: Rule, fixture: Fixture, outcome: Outcome): string[] {
  const rendered = renderFixture(rule, fixture);
  const problems: string[] = [];
  for (const result of rendered) {
    if (result.verdict === 'error') problems.push(`${fixture.file}: the engine reports ${result.message}`);
    const unfilled = UNFILLED.exec(result.message);
    if (unfilled)
      problems.push(`${fixture.file}: the message "${result.message}" leaves ${unfilled[0]} unfilled: give it in data`);
  }
  const findings = rendered.filter((r) => r.verdict === 'fail' || r.verdict === 'warn').length;
  if (findings !== outcome.findings.length)
    problems.push(`${fixture.file}: the engine reports ${findings} finding(s), the rule ${outcome.findings.length}`);
  return problems;
}

function verifyFix(rule: Rule, fixture: Fixture, outcome: Outcome, all: readonly Fixture[]): string[] {
  const fixable = outcome.findings.filter((f) => f.report.fix);
  if (fixable.length && !rule.meta.fixable)
    return [`${fixture.file}: rule ${rule.meta.id} attaches fixes but its meta does not say fixable`];
  if (!rule.meta.fixable) return [];
  const fixed = all.find((f) => f.kind === 'fixed' && f.scenario === fixture.scenario);
  if (fixable.length === 0)
    return fixed ? [`${fixed.file}: fail.${fixture.scenario}.yaml produces no fix to compare with`] : [];
  if (!fixed) return [`${fixture.file}: rule ${rule.meta.id} is fixable but fixed.${fixture.scenario}.yaml is missing`];
  const byResource = new Map<Resource, Finding[]>();
  for (const finding of fixable)
    byResource.set(finding.resource, [...(byResource.get(finding.resource) ?? []), finding]);
  const actual = outcome.resources.map((resource) => {
    const operations = (byResource.get(resource) ?? []).flatMap((f) => f.report.fix?.operations ?? []);
    return applyFix(resource.object, operations);
  });
  const expected = resourcesOf(fixed).map((r) => r.object);
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? []
    : [`${fixed.file}: applying the fixes of ${fixture.file} gives something else`];
}

function anyChecked(rule: Rule, fixture: Fixture): boolean {
  const resources = resourcesOf(fixture);
  const inventory = new Inventory(resources);
  return resources.some((resource) => {
    if (!rule.meta.kinds.includes(resource.object.kind) && !rule.meta.kinds.includes('*')) return false;
    const context = {
      resource,
      object: resource.object,
      inventory,
      settings: fixture.settings,
      options: fixture.options,
      now: new Date(),
    };
    const outcome = rule.check(context);
    return !isSkip(outcome) && !isNotApplicable(outcome);
  });
}

function describe(finding: Finding, fixture: Fixture): string {
  const multiple = fixture.expectations.some((e) => e.on);
  return `${finding.messageId} at ${finding.path}${multiple ? ` on ${finding.on}` : ''}`;
}

function normalize(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .trim();
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
