import { type Compliance, compliance, controlsOf, type FrameworkName } from '../core/compliance.js';
import { type Evaluation, evaluate } from '../core/engine.js';
import { Inventory } from '../core/inventory.js';
import { didYouMean } from '../core/nearest.js';
import type { Resource } from '../core/resource.js';
import { type Result, type Summary, summarize } from '../core/result.js';
import type { Rule, RuleMeta } from '../core/rule.js';
import type { ScanSettings } from '../core/settings.js';
import type { RampartConfig } from '../load/config.js';
import { RULES } from '../rules/index.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { type ConfigFile, readConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import { type ExitCode, exitCodeOf, type FailOn } from './exit-code.js';
import { compileCustomRules, policyFileRules } from './policies.js';
import { resolveSettings, type SettingOverrides } from './settings.js';
import type { ResourceSource } from './source.js';

/**
 * Findings of one rule listed per resource. No real manifest comes near it (it takes a hundred
 * containers failing one check); a hostile one — a pod with 20,000 containers — would otherwise make
 * every output and the webhook's answer as large as its findings.
 */
export const FINDINGS_PER_RULE = 100;

/** Everything a scan depends on besides its resources. Front-ends build it from their flags. */
export interface ScanRequest {
  /** The rule catalogue; the built-in rules by default (tests bring their own). */
  catalogue?: readonly Rule[];
  /** rampart.yaml already read and validated (`readConfigFile`), for front-ends that scan many times. */
  config?: ConfigFile;
  /** Or where to find it: the explicit --config file, else rampart.yaml in `cwd`; validated against the catalogue. */
  configFile?: { path?: string; cwd: string };
  overrides?: SettingOverrides;
  /** The command's fail-on when neither the override nor rampart.yaml sets one. */
  defaultFailOn?: FailOn;
  /** The rules the command runs (`netpol gaps`, `pss`, `fix --rule`), opt-in ones included; absent: every enabled rule. */
  only?: readonly string[];
  /** Score these frameworks, and run only the rules mapped to them. */
  frameworks?: readonly FrameworkName[];
  /** Admission policy files whose policies join the catalogue for each scan. */
  policies?: readonly string[];
  /** The admission policies among the scanned resources join it too: a cluster enforces its own. */
  policiesFromSource?: boolean;
  maxFileSize?: number;
  /** Keep a result per pass (JUnit, --show-passed); otherwise passes are only counted. */
  keepPasses?: boolean;
  /** Findings listed per rule and resource (default FINDINGS_PER_RULE); `fix` wants them all. */
  findingsPerRule?: number;
  /** Report only findings the baseline does not have. */
  baseline?: Baseline;
  /** Why there was nothing to judge when the selected rules judged nothing, worded for the command. */
  nothingReason?: string;
  /** Told when each phase of a scan ends (`load`, `evaluate`): RAMPART_TIMINGS prints them. */
  timer?: (phase: string) => void;
}

/** One scan's verdicts and everything an output needs besides them. */
export interface ScanOutcome {
  /** Input problems, then the engine's results, in its deterministic order; baseline findings left out. */
  results: Result[];
  /** Results that stop the run from being trusted: unreadable input, policies that do not load, rules that failed. */
  errors: Result[];
  resources: readonly Resource[];
  inventory: Inventory;
  evaluation: Evaluation;
  settings: ScanSettings;
  failOn: FailOn;
  summary: Summary;
  /** Meta of every rule that ran. */
  rules: readonly RuleMeta[];
  rulesSkipped: readonly { id: string; reason: string }[];
  compliance?: Compliance[];
  /** With a baseline: its file, and how many findings were left out because it has them. */
  baseline?: { file: string; known: number };
  exitCode: ExitCode;
  /** Set when the exit code is 3: why there was nothing to scan. */
  nothingScanned?: string;
}

export interface Scanner {
  readonly settings: ScanSettings;
  readonly failOn: FailOn;
  readonly config: RampartConfig;
  /** The configuration file the scanner read, as the user named it. */
  readonly configFile?: string;
  scan(source: ResourceSource): Promise<ScanOutcome>;
}

/**
 * The one path to a verdict. Every front-end — `scan`, `pss`, `fix`, `netpol gaps`, and the cluster
 * scan, admission webhook and audit receiver to come — builds a scanner from its settings once and
 * hands it sources of resources: settings, rampart.yaml (already validated), exceptions, custom
 * rules, admission policies, the baseline, fail-on and the exit code are all decided here, so a
 * verdict never depends on the front-end that asked for it.
 */
export async function createScanner(request: ScanRequest = {}): Promise<Scanner> {
  const builtIn = request.catalogue ?? RULES;
  const file =
    request.config ??
    (request.configFile
      ? readConfigFile(
          request.configFile.path,
          request.configFile.cwd,
          builtIn.map((rule) => rule.meta),
        )
      : undefined);
  const config = file?.config ?? {};
  const { settings, failOn, namespace } = resolveSettings(
    request.overrides ?? {},
    config,
    request.defaultFailOn ?? 'high',
  );
  const custom = await compileCustomRules(config.customRules, {
    reservedIds: new Set(builtIn.map((rule) => rule.meta.id)),
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
  });
  const catalogue = [...builtIn, ...custom];
  const only = request.only && selection(request.only, catalogue);
  return {
    settings,
    failOn,
    config,
    ...(file?.file ? { configFile: file.file } : {}),
    scan: (source) => runScan(source, { request, config, settings, failOn, catalogue, only, namespace }),
  };
}

/** The command's rule ids, checked: a misspelt id would otherwise run nothing and pass. */
function selection(ids: readonly string[], catalogue: readonly Rule[]): Set<string> {
  const known = catalogue.map((rule) => rule.meta.id);
  for (const id of ids) {
    if (!known.includes(id))
      throw new UsageError(`unknown rule "${id}"${didYouMean(id, known) || ' (see `rampart rules`)'}`);
  }
  return new Set(ids);
}

interface Prepared {
  request: ScanRequest;
  config: RampartConfig;
  settings: ScanSettings;
  failOn: FailOn;
  catalogue: readonly Rule[];
  only: Set<string> | undefined;
  namespace: string | undefined;
}

async function runScan(source: ResourceSource, prepared: Prepared): Promise<ScanOutcome> {
  const { request, config, settings, failOn } = prepared;
  const loaded = await source.load({
    exclude: config.exclude ?? [],
    ...(prepared.namespace === undefined ? {} : { namespace: prepared.namespace }),
  });
  request.timer?.('load');
  const policies = await policyFileRules(request.policies ?? [], {
    resources: loaded.resources,
    reservedIds: new Set(prepared.catalogue.map((rule) => rule.meta.id)),
    ...(request.policiesFromSource ? { fromSource: true } : {}),
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
    ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
  });
  const catalogue = [...prepared.catalogue, ...policies.rules];
  const frameworks = request.frameworks ?? [];
  let only = prepared.only;
  if (frameworks.length) {
    const mapped = catalogue.filter((rule) => frameworks.some((f) => controlsOf(rule.meta, f).length > 0));
    only = new Set(mapped.map((rule) => rule.meta.id).filter((id) => !prepared.only || prepared.only.has(id)));
  }
  const inventory = new Inventory(loaded.resources);
  const evaluation = evaluate(inventory, {
    rules: catalogue,
    ...(only ? { only } : {}),
    settings,
    ...(config.rules ? { ruleSettings: config.rules } : {}),
    ...(config.exceptions ? { exceptions: config.exceptions } : {}),
    keepPasses: request.keepPasses ?? false,
    findingsPerRule: request.findingsPerRule ?? FINDINGS_PER_RULE,
  });
  request.timer?.('evaluate');
  const all = [...loaded.problems, ...policies.problems, ...evaluation.results];
  const { results, known } = request.baseline ? applyBaseline(all, request.baseline) : { results: all, known: 0 };
  const rules = evaluation.rules.map((rule) => rule.meta);
  const nothingScanned =
    inventory.size === 0
      ? 'the inputs hold no Kubernetes objects'
      : prepared.only && evaluation.judged === 0
        ? (request.nothingReason ?? 'the inputs hold nothing the selected rules judge')
        : undefined;
  return {
    results,
    errors: results.filter((result) => result.verdict === 'error' && !result.suppressed),
    resources: loaded.resources,
    inventory,
    evaluation,
    settings,
    failOn,
    summary: summarize(results, inventory.size, evaluation.passes),
    rules,
    rulesSkipped: evaluation.rulesSkipped,
    ...(frameworks.length
      ? { compliance: frameworks.map((f) => compliance(results, rules, f, evaluation.passes)) }
      : {}),
    ...(request.baseline ? { baseline: { file: request.baseline.file, known } } : {}),
    exitCode: exitCodeOf(results, failOn, nothingScanned !== undefined),
    ...(nothingScanned ? { nothingScanned } : {}),
  };
}
