import { type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import type { Frameworks, RuleMeta } from '../core/rule.js';
import type { Severity, Verdict } from '../core/severity.js';
import { EXCEPTIONS_DOCS_URL, ruleDocsUrl } from './links.js';

export type SarifLevel = 'error' | 'warning' | 'note';

/** GitHub code scanning buckets these: >= 9.0 critical, >= 7.0 high, >= 4.0 medium, > 0 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export function severityLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'medium' ? 'warning' : 'note';
}

/** A warning never reads as an error, whatever its severity; an error verdict (could not judge) always does. */
export function resultLevel(verdict: Verdict, severity: Severity): SarifLevel {
  if (verdict === 'error') return 'error';
  const level = severityLevel(severity);
  return verdict === 'warn' && level === 'error' ? 'warning' : level;
}

type SystemMeta = Pick<RuleMeta, 'id' | 'title' | 'description' | 'rationale' | 'remediation' | 'severity'> & {
  helpUri?: string;
};

/** Driver entries for the results the loader and engine emit themselves, so every result has a rule. */
const SYSTEM_RULES: readonly SystemMeta[] = [
  {
    id: SYSTEM_RESULT_IDS.parseError,
    title: 'Manifest is not valid YAML',
    description: 'A YAML document could not be parsed.',
    rationale: 'A document that cannot be parsed cannot be checked, so its risks would go unseen.',
    remediation: 'Fix the syntax at the reported line and scan again; the other documents of the file were scanned.',
    severity: 'high',
  },
  {
    id: SYSTEM_RESULT_IDS.inputError,
    title: 'Input could not be read',
    description: 'A file or directory given to the scan could not be read or decoded.',
    rationale: 'An input that cannot be read is not scanned; a scan must never pass by skipping it silently.',
    remediation: 'Make the file readable UTF-8 YAML or JSON within the size limit, or exclude it from the scan.',
    severity: 'high',
  },
  {
    id: SYSTEM_RESULT_IDS.notAResource,
    title: 'Document is not a Kubernetes object',
    description: 'A YAML document has no apiVersion and kind.',
    rationale:
      'Only Kubernetes objects are checked; other documents are skipped and reported so nothing is dropped silently.',
    remediation: 'Add apiVersion and kind, or exclude the file if it is not a manifest.',
    severity: 'info',
  },
  {
    id: SYSTEM_RESULT_IDS.invalidObject,
    title: 'Object has a field of the wrong type',
    description: 'A field that rules read holds the wrong JSON type (a string where a list or a boolean belongs).',
    rationale:
      'The API server refuses such an object, and rules would read nothing there: it is skipped and reported rather than passed.',
    remediation: 'Give the field the type the Kubernetes API expects (for example `privileged: true`, not `"true"`).',
    severity: 'info',
  },
  {
    id: SYSTEM_RESULT_IDS.duplicateKey,
    title: 'Mapping repeats a key',
    description: 'A YAML mapping gives the same key twice; kubectl keeps the last value without a word.',
    rationale: 'A reviewer who reads the first value is misled about what the cluster receives.',
    remediation: 'Keep one of the two entries: the one you mean.',
    severity: 'medium',
  },
  {
    id: SYSTEM_RESULT_IDS.duplicateObject,
    title: 'Object is defined twice',
    description:
      'The input defines the same object (kind, namespace, name) twice; the last definition is scanned, as `kubectl apply` leaves it.',
    rationale:
      'Only one definition reaches the cluster, and which one depends on the order of files: the other one is dead code that reviewers still read.',
    remediation: 'Keep one definition, or give the objects different names or namespaces.',
    severity: 'medium',
  },
  {
    id: SYSTEM_RESULT_IDS.ruleError,
    title: 'Rule failed on a resource',
    description: 'A rule threw an error while checking a resource.',
    rationale: 'The resource was not judged by that rule, so it may hide a finding.',
    remediation: 'Report the error with the manifest that triggers it; until fixed, review the resource by hand.',
    severity: 'high',
  },
  {
    id: SYSTEM_RESULT_IDS.exceptionExpired,
    title: 'Exception expired',
    description: 'An exception in rampart.yaml is past its expiry date and no longer applies.',
    rationale: 'Accepted risks are reviewed on a schedule; an expired exception means the review is due.',
    remediation: 'Renew the exception with a new date and reason, or fix the findings it covered.',
    severity: 'medium',
    helpUri: EXCEPTIONS_DOCS_URL,
  },
  {
    id: SYSTEM_RESULT_IDS.exceptionInvalid,
    title: 'Exception is invalid',
    description: 'An exception names an unknown rule or gives no reason, so it suppresses nothing.',
    rationale: 'A mistyped exception would otherwise look like it hides a finding while hiding nothing.',
    remediation: 'Name existing rule ids (see `rampart rules`) and give a reason after ` -- `.',
    severity: 'medium',
    helpUri: EXCEPTIONS_DOCS_URL,
  },
  {
    id: SYSTEM_RESULT_IDS.kindSkipped,
    title: 'Kind of a cluster not read',
    description:
      'A cluster scan could not list a kind (the credentials may not, or it is no longer served) or discover an API group.',
    rationale:
      'Objects of that kind were not judged; the rest of the cluster was, and the gap is reported rather than hidden.',
    remediation:
      'Bind the scanning identity to the role `rampart cluster role` prints, or accept the gap for that kind.',
    severity: 'info',
  },
];

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { 'security-severity': string; tags: string[]; precision: 'high' | 'very-high' };
}

/**
 * The driver's rule table: every rule that ran, then every system result id, then a minimal
 * entry for any other id a result carries (so `ruleIndex` always resolves). Order is stable.
 */
export function driverRules(rules: readonly RuleMeta[], results: readonly Result[]): SarifRule[] {
  const out: SarifRule[] = [];
  const seen = new Set<string>();
  const add = (rule: SarifRule) => {
    if (seen.has(rule.id)) return;
    seen.add(rule.id);
    out.push(rule);
  };
  for (const meta of rules) add(fromMeta(meta));
  for (const meta of SYSTEM_RULES) add(fromSystem(meta));
  for (const result of results) {
    if (!seen.has(result.ruleId)) add(fromResult(result));
  }
  return out;
}

function fromMeta(meta: RuleMeta): SarifRule {
  const references = meta.references.length
    ? `\n\nReferences:\n${meta.references.map((r) => `- ${r}`).join('\n')}`
    : '';
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.rationale}\n\nRemediation: ${meta.remediation}${references}`,
      markdown: `**Why it matters.** ${meta.rationale}\n\n**How to fix it.** ${meta.remediation}${references}`,
    },
    helpUri: meta.helpUri ?? ruleDocsUrl(meta.id),
    defaultConfiguration: { level: severityLevel(meta.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[meta.severity],
      tags: ['security', meta.stage, ...frameworkTags(meta.frameworks)],
      // Rules read declared configuration, not heuristics: a finding is the manifest's literal content.
      precision: 'very-high',
    },
  };
}

function fromSystem(meta: SystemMeta): SarifRule {
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.rationale}\n\nRemediation: ${meta.remediation}`,
      markdown: `**Why it matters.** ${meta.rationale}\n\n**How to fix it.** ${meta.remediation}`,
    },
    ...(meta.helpUri !== undefined && { helpUri: meta.helpUri }),
    defaultConfiguration: { level: severityLevel(meta.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[meta.severity],
      tags: ['security', 'rampart'],
      precision: 'very-high',
    },
  };
}

/** A rule the context did not describe (a caller passed results without their meta): say what we know. */
function fromResult(result: Result): SarifRule {
  return {
    id: result.ruleId,
    name: pascalCase(result.ruleId),
    shortDescription: { text: result.ruleId },
    fullDescription: { text: result.ruleId },
    help: { text: result.remediation ?? result.ruleId, markdown: result.remediation ?? result.ruleId },
    helpUri: ruleDocsUrl(result.ruleId),
    defaultConfiguration: { level: severityLevel(result.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[result.severity],
      tags: ['security', ...(result.frameworks ? frameworkTags(result.frameworks) : [])],
      precision: 'high',
    },
  };
}

/** `pss:restricted`, `pss:run-as-non-root`, `nsa:…`, `cis:5.2.1`, `mitre:T1611`: filterable in code scanning. */
export function frameworkTags(frameworks: Frameworks): string[] {
  const tags: string[] = [];
  if (frameworks.pss) tags.push(`pss:${frameworks.pss.level}`, `pss:${frameworks.pss.check}`);
  for (const section of frameworks.nsa ?? []) tags.push(`nsa:${section}`);
  for (const control of frameworks.cis ?? []) tags.push(`cis:${control}`);
  for (const technique of frameworks.mitre ?? []) tags.push(`mitre:${technique}`);
  return tags;
}

/** SARIF's `name` is an identifier for people: `pss-run-as-non-root` becomes `PssRunAsNonRoot`. */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
