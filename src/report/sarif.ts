import { createHash } from 'node:crypto';
import { formatRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import type { ReportContext } from './context.js';
import { directoryUri, type FilePlace, fileUri, placeFile, relativeUri } from './files.js';
import { REPOSITORY_URL } from './links.js';
import { driverRules, resultLevel, type SarifLevel } from './sarif-rules.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * Relative artifact URIs resolve against this id; `originalUriBaseIds` maps it to the source root
 * (the repository root, or --sarif-root), so code scanning finds the files whatever directory the
 * scan ran in.
 */
export const SRCROOT = '%SRCROOT%';

/** Key of our fingerprint in `partialFingerprints`; bump the suffix if what is hashed ever changes. */
export const FINGERPRINT_KEY = 'rampartFinding/v1';

/** Verdicts that become SARIF results: findings and failures to judge. Passes and skips are not alerts. */
const LISTED = new Set(['fail', 'warn', 'error']);

interface SarifLocation {
  id?: number;
  message?: { text: string };
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region?: { startLine: number; startColumn: number };
  };
  logicalLocations?: { name?: string; fullyQualifiedName: string; kind: string }[];
}

/**
 * `-o sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, one run.
 * Suppressed findings stay in, marked with `suppressions`, so viewers show them as dismissed
 * with the reason instead of silently dropping them.
 */
export function formatSarif(results: readonly Result[], context: ReportContext): string {
  const listed = results.filter((result) => LISTED.has(result.verdict));
  const rules = driverRules(context.rules, listed);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const place: Placer = (file) => placeFile(file, context.cwd, context.sourceRoot ?? context.cwd);
  const fingerprints = new Fingerprints(place);
  // Input that could not be read makes the run unsuccessful: an upload must not look like a clean scan.
  const failures = results.filter((result) => result.verdict === 'error' && !result.suppressed);
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'rampart', version: context.tool.version, informationUri: REPOSITORY_URL, rules },
        },
        invocations: [
          {
            executionSuccessful: failures.length === 0,
            ...(failures.length > 0 && {
              toolExecutionNotifications: failures.map((failure) => notification(failure, place)),
            }),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.sourceRoot ?? context.cwd) } },
        // The loader counts columns in JavaScript string units.
        columnKind: 'utf16CodeUnits',
        results: listed.map((result) => sarifResult(result, index.get(result.ruleId) ?? -1, place, fingerprints)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

type Placer = (file: string) => FilePlace;

/** A problem that stopped part of the scan, as SARIF's tool execution notifications carry it. */
function notification(result: Result, place: Placer) {
  const location = primaryLocation(result, place, result.resource ? formatRef(result.resource) : undefined);
  return {
    level: 'error',
    message: { text: result.message },
    descriptor: { id: result.ruleId },
    ...(location && { locations: [location] }),
  };
}

function sarifResult(result: Result, ruleIndex: number, place: Placer, fingerprints: Fingerprints) {
  const level: SarifLevel = resultLevel(result.verdict, result.severity);
  const ref = result.resource ? formatRef(result.resource) : undefined;
  const location = primaryLocation(result, place, ref);
  const template = result.location?.template;
  const { suppressed } = result;
  return {
    ruleId: result.ruleId,
    ruleIndex,
    level,
    // Code scanning shows the message but not logical locations, so the message names the resource.
    message: { text: ref ? `${ref}: ${result.message}` : result.message },
    ...(location && { locations: [location] }),
    ...(template !== undefined && { relatedLocations: [helmTemplate(template, location)] }),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.next(result) },
    ...(suppressed && {
      suppressions: [
        {
          kind: suppressed.by === 'annotation' ? 'inSource' : 'external',
          status: 'accepted',
          justification: suppressed.reason,
          ...((suppressed.owner !== undefined || suppressed.expires !== undefined) && {
            properties: {
              ...(suppressed.owner !== undefined && { owner: suppressed.owner }),
              ...(suppressed.expires !== undefined && { expires: suppressed.expires }),
            },
          }),
        },
      ],
    }),
    properties: {
      verdict: result.verdict,
      severity: result.severity,
      ...(result.path !== undefined && { path: result.path }),
      ...(result.owner !== undefined && { owner: result.owner }),
      ...(result.stage !== undefined && { stage: result.stage }),
      ...(result.frameworks && { frameworks: result.frameworks }),
      ...(result.remediation !== undefined && { remediation: result.remediation }),
      ...(template !== undefined && { template }),
    },
  };
}

/** A file position when there is a real file, and the resource as a logical location when there is one. */
function primaryLocation(result: Result, placer: Placer, ref: string | undefined): SarifLocation | undefined {
  const out: SarifLocation = {};
  const { location } = result;
  if (location) {
    const place = placer(location.file);
    const region = { startLine: location.line, startColumn: location.column };
    if (place.kind === 'inside') {
      out.physicalLocation = { artifactLocation: { uri: relativeUri(place.relative), uriBaseId: SRCROOT }, region };
    } else if (place.kind === 'outside') {
      out.physicalLocation = { artifactLocation: { uri: fileUri(place.absolute) }, region };
    }
  }
  if (ref) out.logicalLocations = [{ name: result.resource?.name ?? '', fullyQualifiedName: ref, kind: 'resource' }];
  return out.physicalLocation || out.logicalLocations ? out : undefined;
}

/**
 * Names the helm template that rendered the document. The template's own path is relative to a
 * chart directory the scan cannot know, so the entry points at the rendered position instead
 * (code scanning rejects a whole upload when a location has no file) and names the template in
 * its message and as a logical location.
 */
function helmTemplate(template: string, primary: SarifLocation | undefined): SarifLocation {
  return {
    id: 1,
    message: { text: `rendered by helm from the template ${template}` },
    ...(primary?.physicalLocation && { physicalLocation: primary.physicalLocation }),
    logicalLocations: [{ fullyQualifiedName: template, kind: 'module' }],
  };
}

/**
 * A hash of what identifies a finding across runs: rule, resource (kind, namespace, name — not
 * apiVersion, so moving to a newer API version keeps the alert) and field path. Lines are left out:
 * editing the file above a finding must not turn it into a new alert. Results with no resource
 * (input errors) hash their file and message instead. Identical keys within one run get an
 * occurrence number, in the engine's deterministic order, so distinct findings never merge.
 */
class Fingerprints {
  private readonly seen = new Map<string, number>();

  constructor(private readonly place: Placer) {}

  next(result: Result): string {
    const { resource } = result;
    const identity = resource
      ? [result.ruleId, resource.kind, resource.namespace ?? '', resource.name, result.path ?? '']
      : [result.ruleId, result.location ? this.file(result.location.file) : '', result.message];
    const key = identity.join('\u0000');
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    const hash = createHash('sha256').update(key).digest('hex');
    return occurrence === 1 ? hash : `${hash}:${occurrence}`;
  }

  /** The same file named `./k8s/a.yaml` or by its absolute path must hash the same. */
  private file(file: string): string {
    const place = this.place(file);
    return place.kind === 'inside' ? place.relative : place.kind === 'outside' ? place.absolute : file;
  }
}
