import type { Compliance } from '../core/compliance.js';
import type { Location, Result, Summary, Suppression } from '../core/result.js';
import type { Fix, Frameworks, Owner, Stage } from '../core/rule.js';
import { OWNERS } from '../core/rule.js';
import { SEVERITIES, type Severity, VERDICTS, type Verdict } from '../core/severity.js';
import type { ReportContext } from './context.js';

/**
 * The `-o json` / `-o yaml` document, version 1. Its JSON Schema is docs/schema/scan-results-v1.json
 * and docs/json-output.md explains every field. Additive changes keep `schemaVersion: 1`;
 * renaming, removing or re-typing a field bumps it.
 */
export const SCHEMA_VERSION = 1;

export interface ScanDocument {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  settings: ReportContext['settings'];
  summary: Summary;
  compliance?: Compliance[];
  rulesSkipped: { id: string; reason: string }[];
  results: DocumentResult[];
}

export interface DocumentResult {
  ruleId: string;
  verdict: Verdict;
  severity: Severity;
  resource?: { apiVersion: string; kind: string; namespace?: string; name: string };
  location?: Location;
  path?: string;
  message: string;
  remediation?: string;
  frameworks?: Frameworks;
  owner?: Owner;
  stage?: Stage;
  skipReason?: string;
  suppressed?: Suppression;
  fix?: Fix;
}

/** Whether a result is listed: passes only on request, everything else always (passes are still counted). */
export function isListed(result: Result, showPassed: boolean): boolean {
  return result.verdict !== 'pass' || showPassed;
}

/**
 * Builds the document with every object's keys in a fixed order, whatever order the
 * results were built in, so two runs over the same input print byte-identical output.
 */
export function buildDocument(results: readonly Result[], context: ReportContext): ScanDocument {
  const { settings, summary } = context;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: context.tool.name, version: context.tool.version },
    settings: { pssLevel: settings.pssLevel, pssVersion: settings.pssVersion, failOn: settings.failOn },
    summary: {
      resources: summary.resources,
      verdicts: ordered(VERDICTS, summary.verdicts),
      severities: ordered(SEVERITIES, summary.severities),
      owners: ordered(OWNERS, summary.owners),
      suppressed: summary.suppressed,
      score: summary.score,
    },
    ...(context.compliance && { compliance: context.compliance.map(complianceEntry) }),
    rulesSkipped: context.rulesSkipped.map(({ id, reason }) => ({ id, reason })),
    results: results.filter((result) => isListed(result, context.showPassed)).map(documentResult),
  };
}

function complianceEntry(entry: Compliance): Compliance {
  const { benchmark, sections, notJudged } = entry;
  return {
    framework: entry.framework,
    controls: entry.controls.map((c) => ({
      id: c.id,
      ...(c.title !== undefined && { title: c.title }),
      verdict: c.verdict,
      rules: [...c.rules],
      failures: c.failures,
    })),
    passing: entry.passing,
    evaluated: entry.evaluated,
    percent: entry.percent,
    ...(benchmark && {
      benchmark: { title: benchmark.title, version: benchmark.version, controls: benchmark.controls },
    }),
    ...(sections && {
      sections: sections.map((s) => ({
        id: s.id,
        title: s.title,
        controls: s.controls,
        judgeable: s.judgeable,
        evaluated: s.evaluated,
        passing: s.passing,
      })),
    }),
    ...(notJudged && { notJudged: notJudged.map(({ id, reason }) => ({ id, reason })) }),
  };
}

function ordered<K extends string>(keys: readonly K[], counts: Readonly<Record<K, number>>): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, counts[key] ?? 0])) as Record<K, number>;
}

export function documentResult(result: Result): DocumentResult {
  const { resource, location, suppressed, fix } = result;
  // Conditional spreads keep the schema's key order and omit absent fields instead of writing null.
  return {
    ruleId: result.ruleId,
    verdict: result.verdict,
    severity: result.severity,
    ...(resource && {
      resource: {
        apiVersion: resource.apiVersion,
        kind: resource.kind,
        ...(resource.namespace !== undefined && { namespace: resource.namespace }),
        name: resource.name,
      },
    }),
    ...(location && {
      location: {
        file: location.file,
        line: location.line,
        column: location.column,
        ...(location.template !== undefined && { template: location.template }),
      },
    }),
    ...(result.path !== undefined && { path: result.path }),
    message: result.message,
    ...(result.remediation !== undefined && { remediation: result.remediation }),
    ...(result.frameworks && { frameworks: frameworks(result.frameworks) }),
    ...(result.owner !== undefined && { owner: result.owner }),
    ...(result.stage !== undefined && { stage: result.stage }),
    ...(result.skipReason !== undefined && { skipReason: result.skipReason }),
    ...(suppressed && {
      suppressed: {
        by: suppressed.by,
        reason: suppressed.reason,
        ...(suppressed.owner !== undefined && { owner: suppressed.owner }),
        ...(suppressed.expires !== undefined && { expires: suppressed.expires }),
      },
    }),
    ...(fix && {
      fix: {
        description: fix.description,
        operations: fix.operations.map((op) =>
          op.op === 'remove' ? { op: op.op, path: [...op.path] } : { op: op.op, path: [...op.path], value: op.value },
        ),
      },
    }),
  };
}

/** Copies, so that serializers never see one object twice (YAML would write an alias for it). */
function frameworks(source: Frameworks): Frameworks {
  const out: Frameworks = {};
  if (source.pss) out.pss = { level: source.pss.level, check: source.pss.check };
  if (source.nsa) out.nsa = [...source.nsa];
  if (source.cis) out.cis = [...source.cis];
  if (source.mitre) out.mitre = [...source.mitre];
  return out;
}
